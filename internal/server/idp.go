package server

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"strconv"

	"github.com/crewjam/saml/samlsp"

	"kui/internal/casework"
	"kui/web"
)

// The administrator's sign-in settings: the municipality's identity
// providers (OpenID Connect or SAML), their role mappings, and whether the
// municipality's professionals may sign in with a password. Every store
// call is scoped to the administrator's municipality: another
// municipality's provider is not found.

// giveURL is the address an administrator gives the provider: kui's SP
// metadata for SAML, the redirect URI for OpenID Connect.
func (s *Server) giveURL(r *http.Request, protocol, slug string) string {
	if protocol == casework.MethodSAML {
		return s.absoluteURL(r, "/saml/"+slug+"/metadata")
	}
	return s.absoluteURL(r, "/login/idp/"+slug+"/callback")
}

func (s *Server) idpList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	actor := *userFrom(ctx)
	idps, err := s.db.IdPsOf(ctx, actor)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	allowed, err := s.db.PasswordLoginAllowed(ctx, actor.MunicipalityID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.IdPListView{Page: s.page(r, web.T(ctx).IdPT.ListTitle, web.NavAdmin), PasswordLogin: allowed}
	for _, p := range idps {
		v.IdPs = append(v.IdPs, web.IdPRow{IdP: p, GiveURL: s.giveURL(r, p.Protocol, p.Slug),
			EditURL: idPath(p.ID), RoleCount: len(p.Roles), SecretMissing: s.secretMissing(p) != ""})
	}
	s.render(w, r, http.StatusOK, web.IdPListPage(v))
}

func (s *Server) passwordLoginSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !s.posted(w, r) {
		return
	}
	err := s.db.SetPasswordLogin(ctx, *userFrom(ctx), r.PostForm.Get("password_login") != "")
	s.endForm(w, r, err, formEnd{To: "/admin/sign-in#password-login", Flash: web.T(ctx).IdPT.PasswordSaved})
}

// idpFormOf reads a posted provider form.
func idpFormOf(r *http.Request) casework.IdPForm {
	f := r.PostForm
	return casework.IdPForm{
		Slug: f.Get("slug"), DisplayName: f.Get("display_name"), Protocol: f.Get("protocol"), Enabled: f.Get("enabled") != "",
		OIDCIssuer: f.Get("oidc_issuer"), OIDCClientID: f.Get("oidc_client_id"), OIDCScopes: f.Get("oidc_scopes"),
		OIDCSecretEnv: f.Get("oidc_secret_env"), OIDCRoleClaim: f.Get("oidc_role_claim"),
		SAMLMetadata: f.Get("saml_metadata"), SAMLOIOSAML: f.Get("saml_oiosaml") != "", SAMLCVR: f.Get("saml_cvr"),
		SAMLMinLoA: f.Get("saml_min_loa"), SAMLRoleAttr: f.Get("saml_role_attr"), Domains: f.Get("domains"),
		Audience: f.Get("audience"), OIDCCPRClaim: f.Get("oidc_cpr_claim"),
	}
}

// ValidateIdP checks a provider's configuration as casework does, and for
// SAML also that its metadata is an identity provider's metadata.
func ValidateIdP(f casework.IdPForm) (casework.IdP, error) {
	p, err := f.Validate()
	problems := maps.Clone(casework.FieldProblems(err))
	if err != nil && problems == nil {
		return p, err
	}
	if p.Protocol == casework.MethodSAML && p.SAMLMetadata != "" && problems["saml_metadata"] == "" {
		if _, err := IdPEntityID(p.SAMLMetadata); err != nil {
			if problems == nil {
				problems = map[string]casework.Problem{}
			}
			problems["saml_metadata"] = casework.ProblemSAMLMetadata
		}
	}
	return p, casework.Invalid(problems)
}

// IdPEntityID reads the entity ID of a SAML identity provider's metadata.
func IdPEntityID(metadata string) (string, error) {
	ed, err := samlsp.ParseMetadata([]byte(metadata))
	if err != nil {
		return "", err
	}
	if len(ed.IDPSSODescriptors) == 0 || ed.EntityID == "" {
		return "", errors.New("saml metadata: no identity provider")
	}
	return ed.EntityID, nil
}

func (s *Server) idpNew(w http.ResponseWriter, r *http.Request) {
	protocol := r.URL.Query().Get("protocol")
	if protocol != casework.MethodSAML {
		protocol = casework.MethodOIDC
	}
	form := casework.IdPForm{Protocol: protocol, Enabled: true, SAMLOIOSAML: true, SAMLMinLoA: "Substantial",
		OIDCScopes: "openid email profile", OIDCRoleClaim: "roles", Audience: string(casework.AudienceStaff)}
	if r.URL.Query().Get("audience") == string(casework.AudienceCitizen) {
		// A broker's MitID: the CPR claim (and its scope) is the broker's.
		form.Audience, form.OIDCScopes = string(casework.AudienceCitizen), "openid"
	}
	s.showIdPForm(w, r, http.StatusOK, 0, form, nil)
}

// showIdPForm shows a provider's form: a new one (id 0), or an existing one
// with its role mappings.
func (s *Server) showIdPForm(w http.ResponseWriter, r *http.Request, status int, id int64, form casework.IdPForm,
	problems map[string]casework.Problem, adjust ...func(*web.IdPFormView)) {
	ctx := r.Context()
	t := web.T(ctx)
	title := t.IdPT.NewOIDCTitle
	switch {
	case form.Audience == string(casework.AudienceCitizen) && form.Protocol == casework.MethodSAML:
		title = t.IdPT.AddCitizenSAML
	case form.Audience == string(casework.AudienceCitizen):
		title = t.IdPT.AddCitizenOIDC
	case form.Protocol == casework.MethodSAML:
		title = t.IdPT.NewSAMLTitle
	}
	v := web.IdPFormView{ID: id, Form: form, Problems: problems}
	giveSlug := form.Slug
	if problems["slug"] != "" {
		giveSlug = ""
	}
	if id != 0 {
		actor := *userFrom(ctx)
		p, err := s.db.IdPOf(ctx, actor, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		units, err := s.db.ListUnits(ctx, actor)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		title = fmt.Sprintf(t.IdPT.EditTitle, p.DisplayName)
		v.SecretMissing = s.secretMissing(p)
		v.Roles, v.Units = p.Roles, units
		v.Form.Protocol, v.Form.Audience = p.Protocol, string(p.Audience)
		if problems["slug"] != "" {
			giveSlug = p.Slug // the addresses the provider has now
		}
	}
	if giveSlug != "" {
		v.GiveURL = s.giveURL(r, v.Form.Protocol, giveSlug)
	}
	v.Page = s.page(r, title, web.NavAdmin)
	for _, f := range adjust {
		f(&v)
	}
	s.render(w, r, status, web.IdPFormPage(v))
}

func (s *Server) idpCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !s.posted(w, r) {
		return
	}
	form := idpFormOf(r)
	if form.Protocol != casework.MethodSAML {
		form.Protocol = casework.MethodOIDC
	}
	p, err := ValidateIdP(form)
	var id int64
	if err == nil {
		id, err = s.db.CreateIdP(ctx, *userFrom(ctx), p)
	}
	s.endForm(w, r, err, formEnd{To: idPath(id) + "#roles", Flash: web.T(ctx).IdPT.Created,
		Invalid: func(status int, problems map[string]casework.Problem) {
			s.showIdPForm(w, r, status, 0, form, problems)
		}})
}

func (s *Server) idpEdit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, ok := s.id(w, r, "idp")
	if !ok {
		return
	}
	p, err := s.db.IdPOf(ctx, *userFrom(ctx), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showIdPForm(w, r, http.StatusOK, id, web.IdPFormOf(p), nil)
}

func (s *Server) idpUpdate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, ok := s.id(w, r, "idp")
	if !ok || !s.posted(w, r) {
		return
	}
	actor := *userFrom(ctx)
	stored, err := s.db.IdPOf(ctx, actor, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	form := idpFormOf(r)
	// A provider keeps its protocol, and whom it signs in: a staff
	// provider's users and mappings never become young people's, nor the
	// other way round.
	form.Protocol, form.Audience = stored.Protocol, string(stored.Audience)
	p, err := ValidateIdP(form)
	if err == nil {
		err = s.db.UpdateIdP(ctx, actor, id, p)
	}
	s.endForm(w, r, err, formEnd{To: idPath(id), Flash: web.T(ctx).IdPT.Saved,
		Invalid: func(status int, problems map[string]casework.Problem) {
			s.showIdPForm(w, r, status, id, form, problems)
		}})
}

func (s *Server) idpDeleteConfirm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, ok := s.id(w, r, "idp")
	if !ok {
		return
	}
	p, err := s.db.IdPOf(ctx, *userFrom(ctx), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.IdPDeleteView{Page: s.page(r, fmt.Sprintf(web.T(ctx).IdPT.DeleteTitle, p.DisplayName), web.NavAdmin), IdP: p}
	s.render(w, r, http.StatusOK, web.IdPDeletePage(v))
}

func (s *Server) idpDelete(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, ok := s.id(w, r, "idp")
	if !ok || !s.posted(w, r) {
		return
	}
	err := s.db.DeleteIdP(ctx, *userFrom(ctx), id)
	s.endForm(w, r, err, formEnd{To: "/admin/sign-in", Flash: web.T(ctx).IdPT.Deleted})
}

func (s *Server) idpRoleAdd(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, ok := s.id(w, r, "idp")
	if !ok || !s.posted(w, r) {
		return
	}
	actor := *userFrom(ctx)
	f := r.PostForm
	form := casework.RoleMappingForm{Value: f.Get("value"), Role: f.Get("role"), UnitID: f.Get("unit_id")}
	m, err := form.Validate()
	if err == nil {
		err = s.db.AddRoleMapping(ctx, actor, id, m)
	}
	s.endForm(w, r, err, formEnd{To: idPath(id) + "#roles", Flash: web.T(ctx).IdPT.MappingAdded,
		Invalid: func(status int, problems map[string]casework.Problem) {
			p, err := s.db.IdPOf(ctx, actor, id)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			s.showIdPForm(w, r, status, id, web.IdPFormOf(p), nil, func(v *web.IdPFormView) {
				v.Mapping, v.RoleProblems = form, problems
			})
		}})
}

func (s *Server) idpRoleDelete(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ids, ok := s.ids(w, r, "idp", "mapping")
	if !ok || !s.posted(w, r) {
		return
	}
	err := s.db.DeleteRoleMapping(ctx, *userFrom(ctx), ids[0], ids[1])
	s.endForm(w, r, err, formEnd{To: idPath(ids[0]) + "#roles", Flash: web.T(ctx).IdPT.MappingRemoved})
}

// idPath is a provider's page.
func idPath(id int64) string { return "/admin/sign-in/" + strconv.FormatInt(id, 10) }

// secretMissing is the name of the provider's client secret variable when
// this server has no value for it; "" when it has, or none is named. The
// value itself is never shown.
func (s *Server) secretMissing(p casework.IdP) string {
	if p.Protocol != casework.MethodOIDC || p.OIDCSecretEnv == "" || s.secret(p.OIDCSecretEnv) != "" {
		return ""
	}
	return p.OIDCSecretEnv
}
