package web

import (
	"strings"

	"kui/internal/casework"
)

// IdPRow is one of the municipality's identity providers as the list shows
// it, with the address to give the provider: the OIDC redirect URI or the
// SAML SP metadata URL.
type IdPRow struct {
	IdP       casework.IdP
	GiveURL   string
	EditURL   string
	RoleCount int
	// SecretMissing: the provider names a secret's variable that is not
	// set on this server.
	SecretMissing bool
}

// IdPListView is the administrator's page of the municipality's sign-in:
// its providers and whether professionals may use a password.
type IdPListView struct {
	Page          Page
	IdPs          []IdPRow
	PasswordLogin bool
}

// IdPFormView is the form of a new or an existing provider, and for an
// existing one its role mappings.
type IdPFormView struct {
	Page     Page
	ID       int64 // 0: a new provider
	Form     casework.IdPForm
	Problems map[string]casework.Problem
	GiveURL  string // the redirect URI or SP metadata URL, "" while the slug is not valid
	// SecretMissing names the stored provider's secret variable when it is
	// not set on this server ("" when it is, or none is named).
	SecretMissing string

	Roles        []casework.RoleMapping
	Units        []casework.Unit
	Mapping      casework.RoleMappingForm
	RoleProblems map[string]casework.Problem
}

func (v IdPFormView) action() string {
	if v.ID == 0 {
		return "/admin/sign-in"
	}
	return "/admin/sign-in/" + idString(v.ID)
}

func (v IdPFormView) saml() bool { return v.Form.Protocol == casework.MethodSAML }

// citizen: the provider signs young people in (no roles, no domains, the
// CPR claim). A staff-only field stays on the page while it has a problem,
// so an administrator who chose "for unge" sees what to clear.
func (v IdPFormView) citizen() bool { return v.Form.Audience == string(casework.AudienceCitizen) }

func (v IdPFormView) staffField(name string) bool { return !v.citizen() || v.Problems[name] != "" }

// audienceChoices are the audience radio buttons of a new provider.
func audienceChoices(t *Catalogue, chosen string) []Choice {
	if chosen == "" {
		chosen = string(casework.AudienceStaff)
	}
	var cs []Choice
	for _, a := range []casework.Audience{casework.AudienceStaff, casework.AudienceCitizen} {
		cs = append(cs, Choice{ID: "f-audience-" + string(a), Name: "audience", Value: string(a), Label: t.IdPT.Audiences[a],
			Hint: t.IdPT.AudienceHints[a], Checked: chosen == string(a)})
	}
	return cs
}

// IdPDeleteView asks before a provider is deleted.
type IdPDeleteView struct {
	Page Page
	IdP  casework.IdP
}

func loaOptions(t *Catalogue) []Option {
	return []Option{
		{Value: "Substantial", Label: t.IdPT.LoAs["Substantial"]},
		{Value: "High", Label: t.IdPT.LoAs["High"]},
	}
}

func roleOptions(t *Catalogue) []Option {
	var opts []Option
	for _, r := range []casework.Role{casework.RoleCaseworker, casework.RoleFacilitator, casework.RoleCoordinator, casework.RoleAdmin} {
		opts = append(opts, Option{Value: string(r), Label: t.Roles[r]})
	}
	return opts
}

func unitChoices(units []casework.Unit) []Option {
	opts := make([]Option, 0, len(units))
	for _, u := range units {
		opts = append(opts, Option{Value: idString(u.ID), Label: u.Name})
	}
	return opts
}

func domainList(t *Catalogue, domains []string) string {
	if len(domains) == 0 {
		return t.IdPT.NoDomains
	}
	return strings.Join(domains, ", ")
}

// IdPFormOf is a stored provider as its form shows it.
func IdPFormOf(p casework.IdP) casework.IdPForm {
	return casework.IdPForm{
		Slug: p.Slug, DisplayName: p.DisplayName, Protocol: p.Protocol, Enabled: p.Enabled,
		OIDCIssuer: p.OIDCIssuer, OIDCClientID: p.OIDCClientID, OIDCScopes: strings.Join(p.OIDCScopes, " "),
		OIDCSecretEnv: p.OIDCSecretEnv, OIDCRoleClaim: p.OIDCRoleClaim,
		SAMLMetadata: p.SAMLMetadata, SAMLOIOSAML: p.SAMLOIOSAML, SAMLCVR: p.SAMLCVR, SAMLMinLoA: p.SAMLMinLoA,
		SAMLRoleAttr: p.SAMLRoleAttr, Domains: strings.Join(p.Domains, " "),
		Audience: string(p.Audience), OIDCCPRClaim: p.OIDCCPRClaim,
	}
}
