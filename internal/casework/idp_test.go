package casework

import (
	"encoding/base64"
	"slices"
	"testing"
)

func TestParsePrivilegesReadsOnlyTheMunicipalitysScope(t *testing.T) {
	xml := `<?xml version="1.0" encoding="UTF-8"?>
<bpp:PrivilegeList xmlns:bpp="http://digst.dk/oiosaml/basic_privilege_profile">
  <PrivilegeGroup Scope="urn:dk:gov:saml:cvrNumberIdentifier:29189609">
    <Privilege>http://kui.example/roles/sagsbehandler</Privilege>
    <Privilege> http://kui.example/roles/tovholder </Privilege>
  </PrivilegeGroup>
  <PrivilegeGroup Scope="urn:dk:gov:saml:cvrNumberIdentifier:11111111">
    <Privilege>http://kui.example/roles/koordinator</Privilege>
  </PrivilegeGroup>
</bpp:PrivilegeList>`
	got, err := ParsePrivileges(base64.StdEncoding.EncodeToString([]byte(xml)), "29189609")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"http://kui.example/roles/sagsbehandler", "http://kui.example/roles/tovholder"}
	if !slices.Equal(got, want) {
		t.Errorf("privileges %q, want %q", got, want)
	}
	if got, _ := ParsePrivileges(base64.StdEncoding.EncodeToString([]byte(xml)), "22222222"); len(got) != 0 {
		t.Errorf("another CVR's privileges: %q", got)
	}
	for _, bad := range []string{"not base64!", base64.StdEncoding.EncodeToString([]byte("<unclosed"))} {
		if _, err := ParsePrivileges(bad, "29189609"); err == nil {
			t.Errorf("ParsePrivileges(%q) accepted", bad)
		}
	}
}

func TestMapRoleFirstByPositionWins(t *testing.T) {
	p := IdP{Roles: []RoleMapping{
		{Value: "koordinator", Role: RoleCoordinator, Position: 1},
		{Value: "sagsbehandler", Role: RoleCaseworker, Position: 2},
	}}
	if m, ok := p.MapRole([]string{"sagsbehandler", "koordinator"}); !ok || m.Role != RoleCoordinator {
		t.Errorf("both held: %v %v", m, ok)
	}
	if m, ok := p.MapRole([]string{"sagsbehandler", "andet"}); !ok || m.Role != RoleCaseworker {
		t.Errorf("one held: %v %v", m, ok)
	}
	if _, ok := p.MapRole([]string{"andet"}); ok {
		t.Error("a value with no mapping gave a role")
	}
}

func TestLoAAtLeast(t *testing.T) {
	for _, c := range []struct {
		got, min string
		ok       bool
	}{
		{"High", "Substantial", true}, {"Substantial", "Substantial", true}, {"Low", "Substantial", false},
		{"Substantial", "High", false}, {"", "Substantial", false}, {"substantial", "Substantial", false},
	} {
		if LoAAtLeast(c.got, c.min) != c.ok {
			t.Errorf("LoAAtLeast(%q, %q) = %v", c.got, c.min, !c.ok)
		}
	}
}

func TestIdPFormValidate(t *testing.T) {
	p, err := IdPForm{Slug: "aarhus", DisplayName: " Aarhus Kommunes login ", Protocol: "oidc",
		OIDCIssuer: "https://login.microsoftonline.com/tenant/v2.0/", OIDCClientID: "c", OIDCScopes: "email, profile",
		Domains: "Aarhus.dk, @aarhus.dk\nbuf.aarhus.dk", Enabled: true}.Validate()
	if err != nil {
		t.Fatal(err)
	}
	if p.OIDCIssuer != "https://login.microsoftonline.com/tenant/v2.0" || !slices.Equal(p.OIDCScopes, []string{"openid", "email", "profile"}) ||
		!slices.Equal(p.Domains, []string{"aarhus.dk", "buf.aarhus.dk"}) || p.OIDCRoleClaim != "roles" || p.DisplayName != "Aarhus Kommunes login" {
		t.Errorf("validated %+v", p)
	}
	for name, c := range map[string]struct {
		f     IdPForm
		field string
		want  Problem
	}{
		"slug":            {IdPForm{Slug: "Aarhus!", DisplayName: "x", Protocol: "oidc", OIDCIssuer: "https://i", OIDCClientID: "c"}, "slug", ProblemSlugFormat},
		"http issuer":     {IdPForm{Slug: "ab", DisplayName: "x", Protocol: "oidc", OIDCIssuer: "http://idp.example", OIDCClientID: "c"}, "oidc_issuer", ProblemIssuerURL},
		"secret as value": {IdPForm{Slug: "ab", DisplayName: "x", Protocol: "oidc", OIDCIssuer: "https://i", OIDCClientID: "c", OIDCSecretEnv: "s3cr3t-value"}, "oidc_secret_env", ProblemSecretEnvName},
		"no metadata":     {IdPForm{Slug: "ab", DisplayName: "x", Protocol: "saml", SAMLOIOSAML: true, SAMLCVR: "12345678"}, "saml_metadata", ProblemRequired},
		"cvr":             {IdPForm{Slug: "ab", DisplayName: "x", Protocol: "saml", SAMLOIOSAML: true, SAMLCVR: "1234", SAMLMetadata: "<x/>"}, "saml_cvr", ProblemCVRFormat},
		"role attribute":  {IdPForm{Slug: "ab", DisplayName: "x", Protocol: "saml", SAMLMetadata: "<x/>"}, "saml_role_attr", ProblemRequired},
		"domain":          {IdPForm{Slug: "ab", DisplayName: "x", Protocol: "oidc", OIDCIssuer: "https://i", OIDCClientID: "c", Domains: "not a domain"}, "domains", ProblemDomainFormat},
		"protocol":        {IdPForm{Slug: "ab", DisplayName: "x", Protocol: "ldap"}, "protocol", ProblemUnknownChoice},
	} {
		_, err := c.f.Validate()
		if got := FieldProblems(err)[c.field]; got != c.want {
			t.Errorf("%s: %s = %q, want %q (%v)", name, c.field, got, c.want, err)
		}
	}
	// The loopback address may be served over http (the demo provider).
	if _, err := (IdPForm{Slug: "demo", DisplayName: "x", Protocol: "oidc", OIDCIssuer: "http://127.0.0.1:8091", OIDCClientID: "kui"}).Validate(); err != nil {
		t.Errorf("loopback issuer: %v", err)
	}
}

func TestIdentityValidateAndDisplayName(t *testing.T) {
	if err := (Identity{Subject: "s", Email: "ida@aarhus.dk"}).Validate(); err != nil {
		t.Error(err)
	}
	for _, bad := range []Identity{{Email: "ida@aarhus.dk"}, {Subject: "s"}, {Subject: "s", Email: "ida"}, {Subject: "s\x00", Email: "ida@aarhus.dk"}} {
		if bad.Validate() == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	if n := (Identity{Email: "ida.holm@aarhus.dk"}).DisplayName(); n != "ida.holm" {
		t.Errorf("name from e-mail: %q", n)
	}
}
