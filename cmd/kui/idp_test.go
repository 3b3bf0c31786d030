package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kui/internal/casework"
	"kui/internal/pgtest"
	"kui/internal/postgres"
)

// An identity provider's metadata, as a municipality's IdP publishes it.
const testIdPMetadata = `<?xml version="1.0" encoding="UTF-8"?>
<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.aarhus.example/saml">
  <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.aarhus.example/sso"/>
  </IDPSSODescriptor>
</EntityDescriptor>`

type idpCLI struct {
	t     *testing.T
	dbURL string
}

func (c idpCLI) run(args ...string) (string, error) {
	c.t.Helper()
	var stdout, stderr bytes.Buffer
	getenv := func(k string) string { return map[string]string{"DATABASE_URL": c.dbURL}[k] }
	err := run(context.Background(), args, getenv, &stdout, &stderr)
	return stdout.String(), err
}

func (c idpCLI) ok(args ...string) string {
	c.t.Helper()
	out, err := c.run(args...)
	if err != nil {
		c.t.Fatalf("kui %s: %v", strings.Join(args, " "), err)
	}
	return out
}

func (c idpCLI) refused(want string, args ...string) {
	c.t.Helper()
	out, err := c.run(args...)
	if err == nil {
		c.t.Fatalf("kui %s: accepted (%q), want an error about %q", strings.Join(args, " "), out, want)
	}
	if !strings.Contains(err.Error(), want) {
		c.t.Errorf("kui %s: %v, want it to say %q", strings.Join(args, " "), err, want)
	}
}

func TestIdPAddListRemove(t *testing.T) {
	c := idpCLI{t: t, dbURL: pgtest.NewDatabase(t)}
	md := filepath.Join(t.TempDir(), "idp.xml")
	if err := os.WriteFile(md, []byte(testIdPMetadata), 0o600); err != nil {
		t.Fatal(err)
	}

	out := c.ok("idp", "add", "--municipality", "Aarhus Kommune", "--slug", "aarhus", "--name", "Aarhus Kommunes login",
		"--oidc-issuer", "https://login.microsoftonline.com/tenant-1/v2.0", "--client-id", "kui-app",
		"--client-secret-env", "KUI_IDP_AARHUS_SECRET", "--domain", "aarhus.example", "--domain", "@AARHUS2.example",
		"--role", "kui.admin=admin", "--role", "kui.uu=caseworker:UU Aarhus")
	if want := "aarhus\toidc\tAarhus Kommune\thttps://login.microsoftonline.com/tenant-1/v2.0\t/login/idp/aarhus/callback\n"; out != want {
		t.Errorf("add printed %q, want %q", out, want)
	}
	c.ok("idp", "add", "--municipality", "Odense Kommune", "--slug", "odense", "--name", "Odense via Context Handler",
		"--saml-metadata", md, "--cvr", "35209115", "--min-loa", "High", "--role", "http://kui.dk/roles/k=coordinator")

	db, err := postgres.Open(context.Background(), c.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, err := db.IdPBySlug(context.Background(), "aarhus")
	if err != nil {
		t.Fatal(err)
	}
	if p.OIDCSecretEnv != "KUI_IDP_AARHUS_SECRET" || strings.Join(p.Domains, ",") != "aarhus.example,aarhus2.example" || !p.Enabled ||
		strings.Join(p.OIDCScopes, " ") != "openid email profile" || p.OIDCRoleClaim != "roles" {
		t.Errorf("stored provider: %+v", p)
	}
	if len(p.Roles) != 2 || p.Roles[0].Value != "kui.admin" || p.Roles[0].Role != casework.RoleAdmin ||
		p.Roles[1].Role != casework.RoleCaseworker || p.Roles[1].UnitName != "UU Aarhus" {
		t.Errorf("stored mappings: %+v", p.Roles)
	}
	s, err := db.IdPBySlug(context.Background(), "odense")
	if err != nil {
		t.Fatal(err)
	}
	if s.Protocol != "saml" || !s.SAMLOIOSAML || s.SAMLCVR != "35209115" || s.SAMLMinLoA != "High" || len(s.Roles) != 1 {
		t.Errorf("stored SAML provider: %+v", s)
	}

	list := c.ok("idp", "list")
	for _, want := range []string{
		"aarhus\toidc\tAarhus Kommune\thttps://login.microsoftonline.com/tenant-1/v2.0\t/login/idp/aarhus/callback\n",
		"odense\tsaml\tOdense Kommune\thttps://idp.aarhus.example/saml\t/saml/odense/metadata\n",
	} {
		if !strings.Contains(list, want) {
			t.Errorf("list:\n%s\nwant the line %q", list, want)
		}
	}

	// Adding the same slug again replaces the provider and its mappings.
	c.ok("idp", "add", "--municipality", "Aarhus Kommune", "--slug", "aarhus", "--name", "Aarhus (nyt)",
		"--oidc-issuer", "https://login.microsoftonline.com/tenant-2/v2.0", "--client-id", "kui-app", "--disabled")
	if p, _ = db.IdPBySlug(context.Background(), "aarhus"); p.DisplayName != "Aarhus (nyt)" || p.Enabled || len(p.Roles) != 0 || len(p.Domains) != 0 {
		t.Errorf("replaced provider: %+v", p)
	}
	// Another municipality cannot take the slug.
	c.refused("slug: slug_taken", "idp", "add", "--municipality", "Odense Kommune", "--slug", "aarhus", "--name", "X",
		"--oidc-issuer", "https://idp.example", "--client-id", "c")

	c.ok("idp", "remove", "--slug", "aarhus")
	if list := c.ok("idp", "list"); strings.Contains(list, "aarhus\t") || !strings.Contains(list, "odense\t") {
		t.Errorf("after remove:\n%s", list)
	}
	c.refused("no provider", "idp", "remove", "--slug", "aarhus")
}

func TestIdPAddRefusesSecretsAndBadInput(t *testing.T) {
	c := idpCLI{t: t, dbURL: pgtest.NewDatabase(t)}
	oidc := []string{"idp", "add", "--municipality", "Aarhus Kommune", "--slug", "aarhus", "--name", "Aarhus",
		"--oidc-issuer", "https://idp.example", "--client-id", "kui"}
	bad := filepath.Join(t.TempDir(), "bad.xml")
	if err := os.WriteFile(bad, []byte(`<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"><SPSSODescriptor/></EntityDescriptor>`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		want string
		args []string
	}{
		{"--client-secret is refused", append(oidc, "--client-secret", "s3cr3t-value")},
		{"NAME of an environment variable", append(oidc, "--client-secret-env", "s3cr3t-value")},
		{"NAME of an environment variable", append(oidc, "--client-secret-env", "DATABASE_URL")},
		{"oidc_issuer: issuer_url", []string{"idp", "add", "--municipality", "M", "--slug", "m1", "--name", "M",
			"--oidc-issuer", "http://idp.example", "--client-id", "kui"}},
		{"slug: slug_format", []string{"idp", "add", "--municipality", "M", "--slug", "Ikke Gyldig", "--name", "M",
			"--oidc-issuer", "https://idp.example", "--client-id", "kui"}},
		{"saml_metadata: saml_metadata", []string{"idp", "add", "--municipality", "M", "--slug", "m2", "--name", "M",
			"--saml-metadata", bad, "--cvr", "12345678"}},
		{"saml_cvr", []string{"idp", "add", "--municipality", "M", "--slug", "m3", "--name", "M",
			"--saml-metadata", bad, "--cvr", "123"}},
		{"give --oidc-issuer and --client-id", []string{"idp", "add", "--municipality", "M", "--slug", "m4", "--name", "M"}},
		{"VALUE=ROLE", append(oidc, "--role", "ingen-rolle")},
		{"--role", append(oidc, "--role", "v=chef")},
		{"--municipality is required", []string{"idp", "add", "--slug", "m5", "--name", "M", "--oidc-issuer", "https://idp.example", "--client-id", "kui"}},
	} {
		c.refused(tc.want, tc.args...)
	}
	if list := c.ok("idp", "list"); list != "" {
		t.Errorf("refused adds stored something:\n%s", list)
	}
}

func TestUserTOTPReset(t *testing.T) {
	c := idpCLI{t: t, dbURL: pgtest.NewDatabase(t)}
	db, err := postgres.Open(context.Background(), c.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	u, err := db.CreateUser(ctx, casework.NewUser{Email: "uu@a.example", Name: "Ulla", Role: casework.RoleCaseworker,
		Municipality: "A Kommune", Password: "test-password-1234"})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.EnrolTOTP(ctx, u, "JBSWY3DPEHPK3PXP", 1); err != nil {
		t.Fatal(err)
	}
	c.ok("user", "totp-reset", "--email", "UU@a.example")
	if secret, err := db.TOTPSecret(ctx, u.ID); err != nil || secret != "" {
		t.Errorf("after totp-reset the secret is %q (%v)", secret, err)
	}
	c.refused("no user", "user", "totp-reset", "--email", "ingen@a.example")
}

// A citizen provider (the young people's MitID) through the command line:
// the CPR claim for OpenID Connect, no roles, no domains.
func TestIdPAddCitizen(t *testing.T) {
	c := idpCLI{t: t, dbURL: pgtest.NewDatabase(t)}
	citizen := []string{"idp", "add", "--municipality", "Aarhus Kommune", "--slug", "aarhus-mitid", "--name", "MitID",
		"--oidc-issuer", "https://aarhus.signicat.example/auth/open", "--client-id", "kui", "--audience", "citizen"}
	c.refused("oidc_cpr_claim: required", citizen...)
	c.refused("domains: citizen_no_domains", append(citizen, "--cpr-claim", "nin", "--domain", "aarhus.example")...)
	c.refused("roles: citizen_no_roles", append(citizen, "--cpr-claim", "nin", "--role", "x=caseworker")...)
	c.refused("audience: unknown_choice", append(citizen, "--cpr-claim", "nin", "--audience", "parent")...)
	out := c.ok(append(citizen, "--cpr-claim", "nin", "--scopes", "openid nin")...)
	if want := "aarhus-mitid\toidc\tAarhus Kommune\thttps://aarhus.signicat.example/auth/open\t/login/idp/aarhus-mitid/callback\tcitizen\n"; out != want {
		t.Errorf("add printed %q, want %q", out, want)
	}
	db, err := postgres.Open(context.Background(), c.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, err := db.IdPBySlug(context.Background(), "aarhus-mitid")
	if err != nil || p.Audience != casework.AudienceCitizen || p.OIDCCPRClaim != "nin" {
		t.Errorf("stored: %+v %v", p, err)
	}
}
