package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"

	"kui/internal/casework"
	"kui/internal/postgres"
	"kui/internal/server"
)

// kui idp add|list|remove: an operator connects a municipality's identity
// provider from the command line. A provider's client secret never passes
// through kui's database or command line: only the name of the environment
// variable that holds it (KUI_IDP_…).

// listFlag is a flag that may be given many times.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

var secretEnvName = regexp.MustCompile(`^KUI_IDP_[A-Z0-9_]+$`)

func idpCommand(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: kui idp add|list|remove")
	}
	switch args[0] {
	case "add", "list", "remove":
	default:
		return fmt.Errorf("unknown idp command %q (add, list or remove)", args[0])
	}
	db, err := openDB(ctx, getenv)
	if err != nil {
		return err
	}
	defer db.Close()
	switch args[0] {
	case "add":
		return idpAdd(ctx, db, args[1:], stdout)
	case "list":
		idps, err := db.ListIdPs(ctx)
		if err != nil {
			return err
		}
		for _, p := range idps {
			printIdP(stdout, p)
		}
		return nil
	default:
		fs := flag.NewFlagSet("idp remove", flag.ContinueOnError)
		slug := fs.String("slug", "", "the provider's slug")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *slug == "" {
			return errors.New("kui idp remove: --slug is required")
		}
		err := db.DeleteIdPBySlug(ctx, *slug)
		if casework.Code(err) == casework.ENotFound {
			return fmt.Errorf("kui idp remove: no provider has the slug %q", *slug)
		}
		return err
	}
}

// printIdP writes one provider a line: slug, protocol, municipality, the
// issuer or the IdP's entity ID, and the path to give the provider.
func printIdP(w io.Writer, p casework.IdP) {
	who, path := p.OIDCIssuer, "/login/idp/"+p.Slug+"/callback"
	if p.Protocol == casework.MethodSAML {
		path = "/saml/" + p.Slug + "/metadata"
		var err error
		if who, err = server.IdPEntityID(p.SAMLMetadata); err != nil {
			who = "-"
		}
	}
	// A citizen provider's line says so at its end (a staff line is as it
	// always was).
	audience := ""
	if p.Citizen() {
		audience = "\tcitizen"
	}
	fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s%s\n", p.Slug, p.Protocol, p.MunicipalityName, who, path, audience)
}

func idpAdd(ctx context.Context, db *postgres.DB, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("idp add", flag.ContinueOnError)
	var f casework.IdPForm
	var municipality, metadataFile, secret string
	var noOIOSAML, disabled bool
	var domains, roles listFlag
	fs.StringVar(&municipality, "municipality", "", "municipality name (created when new)")
	fs.StringVar(&f.Slug, "slug", "", "short name in URLs: /login/idp/{slug}, /saml/{slug}/metadata")
	fs.StringVar(&f.DisplayName, "name", "", "the button's name on the login page, e.g. \"Aarhus Kommunes login\"")
	fs.StringVar(&f.OIDCIssuer, "oidc-issuer", "", "OpenID Connect: the issuer URL (Entra ID: the tenant's, never common)")
	fs.StringVar(&f.OIDCClientID, "client-id", "", "OpenID Connect: kui's client id at the provider")
	fs.StringVar(&f.OIDCSecretEnv, "client-secret-env", "", "OpenID Connect: the NAME of the environment variable holding the client secret (KUI_IDP_…)")
	fs.StringVar(&secret, "client-secret", "", "refused: secrets are given by environment variable name (--client-secret-env)")
	fs.StringVar(&f.OIDCScopes, "scopes", "", "OpenID Connect: scopes, space or comma separated (default openid email profile)")
	fs.StringVar(&f.OIDCRoleClaim, "role-claim", "", "OpenID Connect: the claim whose values map to roles (default roles)")
	fs.StringVar(&metadataFile, "saml-metadata", "", "SAML: a file with the IdP's metadata XML")
	fs.StringVar(&f.SAMLCVR, "cvr", "", "SAML (OIOSAML 3): the municipality's CVR number, whose OIO-BPP privileges count")
	fs.StringVar(&f.SAMLMinLoA, "min-loa", "", "SAML (OIOSAML 3): the lowest NSIS level accepted, Substantial (default) or High")
	fs.BoolVar(&noOIOSAML, "no-oiosaml", false, "SAML: not OIOSAML 3 (e.g. AD FS): roles from --role-attribute, no NSIS check")
	fs.StringVar(&f.SAMLRoleAttr, "role-attribute", "", "SAML without OIOSAML 3: the attribute whose values map to roles")
	fs.StringVar(&f.Audience, "audience", "staff", "who signs in: staff (professionals) or citizen (young people with MitID, for /ung; no roles, no domains)")
	fs.StringVar(&f.OIDCCPRClaim, "cpr-claim", "", "OpenID Connect, --audience citizen: the claim with the CPR number (Signicat nin, Criipto/Idura cprNumberIdentifier)")
	fs.Var(&domains, "domain", "an e-mail domain that finds this provider from /login (repeatable)")
	fs.Var(&roles, "role", "VALUE=ROLE[:UNIT]: a claim value or privilege giving a kui role and unit (repeatable, first held wins)")
	fs.BoolVar(&disabled, "disabled", false, "add it switched off")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("kui idp add: unexpected argument %q", fs.Arg(0))
	}
	if secret != "" {
		return errors.New("kui idp add: --client-secret is refused: a secret must not go on a command line or into the database. " +
			"Put it in an environment variable of the server named KUI_IDP_… and give that name with --client-secret-env")
	}
	if f.OIDCSecretEnv != "" && !secretEnvName.MatchString(f.OIDCSecretEnv) {
		return errors.New("kui idp add: --client-secret-env takes the NAME of an environment variable, KUI_IDP_ followed by capital letters, digits " +
			"or _ (e.g. KUI_IDP_AARHUS_SECRET), never the secret itself")
	}
	if strings.TrimSpace(municipality) == "" || !casework.Storable(municipality) || len(municipality) > 200 {
		return errors.New("kui idp add: --municipality is required")
	}
	switch {
	case f.OIDCIssuer != "" && metadataFile != "":
		return errors.New("kui idp add: give either --oidc-issuer (OpenID Connect) or --saml-metadata (SAML), not both")
	case f.OIDCIssuer != "" || f.OIDCClientID != "":
		f.Protocol = casework.MethodOIDC
	case metadataFile != "":
		f.Protocol = casework.MethodSAML
		md, err := readMetadata(metadataFile)
		if err != nil {
			return fmt.Errorf("kui idp add: --saml-metadata: %w", err)
		}
		f.SAMLMetadata = md
	default:
		return errors.New("kui idp add: give --oidc-issuer and --client-id (OpenID Connect) or --saml-metadata and --cvr (SAML)")
	}
	f.SAMLOIOSAML = !noOIOSAML
	f.Enabled = !disabled
	f.Domains = strings.Join(domains, " ")
	p, err := server.ValidateIdP(f)
	if err != nil {
		return invalid("provider", err)
	}
	for _, r := range roles {
		m, err := roleFlag(r)
		if err != nil {
			return err
		}
		p.Roles = append(p.Roles, m)
	}
	p, err = db.UpsertIdP(ctx, strings.TrimSpace(municipality), p)
	if err != nil {
		return invalid("provider", err)
	}
	printIdP(stdout, p)
	return nil
}

// roleFlag reads --role VALUE=ROLE[:UNIT]; the value may hold "=" itself
// (the last one separates).
func roleFlag(s string) (casework.RoleMapping, error) {
	i := strings.LastIndexByte(s, '=')
	if i <= 0 {
		return casework.RoleMapping{}, fmt.Errorf("kui idp add: --role %q: write VALUE=ROLE or VALUE=ROLE:UNIT", s)
	}
	role, unit, _ := strings.Cut(s[i+1:], ":")
	m, err := casework.RoleMappingForm{Value: s[:i], Role: role}.Validate()
	if err != nil {
		return m, fmt.Errorf("kui idp add: --role %q: %w (roles: caseworker, facilitator, coordinator, admin)", s, invalid("role", err))
	}
	unit = strings.TrimSpace(unit)
	if len(unit) > 200 || !casework.Storable(unit) {
		return m, fmt.Errorf("kui idp add: --role %q: unusable unit name", s)
	}
	m.UnitName = unit
	return m, nil
}

func readMetadata(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 1000001))
	if err != nil {
		return "", err
	}
	if len(b) > 1000000 {
		return "", errors.New("larger than 1 MB")
	}
	return string(b), nil
}

// invalid writes a validation error's problems as "field: problem" in a
// stable order; other errors pass through.
func invalid(what string, err error) error {
	problems := casework.FieldProblems(err)
	if problems == nil {
		return err
	}
	var parts []string
	for field, p := range problems {
		parts = append(parts, field+": "+string(p))
	}
	sort.Strings(parts)
	return fmt.Errorf("invalid %s: %s", what, strings.Join(parts, ", "))
}
