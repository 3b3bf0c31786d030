package server_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kui/internal/casework"
	"kui/internal/demoidp"
	"kui/web"
)

// An administrator connects the young people's MitID: a citizen provider,
// which takes no role mappings and no e-mail domains, and for OpenID
// Connect names the claim with the CPR number.

func citizenOIDCForm(slug, name string) url.Values {
	return url.Values{"protocol": {"oidc"}, "audience": {"citizen"}, "slug": {slug}, "display_name": {name}, "enabled": {"1"},
		"oidc_issuer": {"https://a.signicat.example/auth/open"}, "oidc_client_id": {"kui-a-mitid"},
		"oidc_secret_env": {"KUI_IDP_A_MITID_SECRET"}, "oidc_scopes": {"openid nin"}, "oidc_cpr_claim": {"nin"}}
}

func TestCitizenIdPAdministration(t *testing.T) {
	app := newTestApp(t)
	admin := app.as("admin@a.example")
	it := web.Danish.IdPT
	p := web.Danish.Problems

	resp := admin.get("/admin/sign-in")
	wantIn(t, "list", resp.body, `href="/admin/sign-in/new?protocol=oidc&audience=citizen"`,
		`href="/admin/sign-in/new?protocol=saml&audience=citizen"`)
	resp = admin.get("/admin/sign-in/new?protocol=oidc&audience=citizen")
	if resp.status != http.StatusOK {
		t.Fatalf("new citizen provider: %d", resp.status)
	}
	wantIn(t, "new citizen form", resp.body, it.AddCitizenOIDC, it.FieldCPRClaim, it.CitizenIntro,
		`name="audience" value="citizen" class="form-radio" checked`)
	if strings.Contains(resp.body, `name="domains"`) || strings.Contains(resp.body, `name="oidc_role_claim"`) {
		t.Error("the citizen form asks for domains or a role claim")
	}

	// Without the CPR claim, or with domains: refused with the Danish texts.
	noClaim := citizenOIDCForm("a-mitid", "MitID")
	noClaim.Del("oidc_cpr_claim")
	if resp = admin.post("/admin/sign-in", noClaim); resp.status != http.StatusUnprocessableEntity ||
		!strings.Contains(resp.body, `name="oidc_cpr_claim"`) || !strings.Contains(html.UnescapeString(resp.body), p[casework.ProblemRequired]) {
		t.Errorf("no CPR claim: %d\n%s", resp.status, formErrors(resp.body))
	}
	withDomains := citizenOIDCForm("a-mitid", "MitID")
	withDomains.Set("domains", "a.example")
	if resp = admin.post("/admin/sign-in", withDomains); resp.status != http.StatusUnprocessableEntity ||
		!strings.Contains(html.UnescapeString(resp.body), p[casework.ProblemCitizenNoDomains]) {
		t.Errorf("citizen provider with domains: %d\n%s", resp.status, formErrors(resp.body))
	}

	page := createIdP(t, admin, citizenOIDCForm("a-mitid", "MitID"))
	stored, err := app.DB.IdPBySlug(context.Background(), "a-mitid")
	if err != nil {
		t.Fatal(err)
	}
	if stored.Audience != casework.AudienceCitizen || stored.OIDCCPRClaim != "nin" || len(stored.Domains) != 0 {
		t.Errorf("stored citizen provider: %+v", stored)
	}
	resp = admin.get(page)
	wantIn(t, "citizen provider's page", resp.body, it.CitizenNoRoles, it.Audiences[casework.AudienceCitizen], `value="nin"`)
	if strings.Contains(resp.body, `data-testid="mapping-form"`) {
		t.Error("the citizen provider's page offers role mappings")
	}

	// No role mapping, through the form or the store.
	resp = admin.post(page+"/roles", url.Values{"value": {"x"}, "role": {"caseworker"}})
	if resp.status != http.StatusUnprocessableEntity || !strings.Contains(html.UnescapeString(resp.body), p[casework.ProblemCitizenNoRoles]) {
		t.Errorf("role mapping on a citizen provider: %d", resp.status)
	}
	err = app.DB.AddRoleMapping(context.Background(), app.Users["admin@a.example"], stored.ID,
		casework.RoleMapping{Value: "x", Role: casework.RoleCaseworker})
	if casework.FieldProblems(err)["value"] != casework.ProblemCitizenNoRoles {
		t.Errorf("store: role mapping on a citizen provider: %v", err)
	}
	if _, err := app.DB.UpsertIdP(context.Background(), "A Kommune", casework.IdP{Slug: "a-mitid", DisplayName: "MitID",
		Protocol: casework.MethodOIDC, Enabled: true, Audience: casework.AudienceCitizen, OIDCIssuer: stored.OIDCIssuer,
		OIDCClientID: "c", OIDCCPRClaim: "nin", Roles: []casework.RoleMapping{{Value: "x", Role: casework.RoleCaseworker}}}); casework.Code(err) != casework.EInvalid {
		t.Errorf("upsert of a citizen provider with roles: %v", err)
	}
	var n int
	if err := app.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM identity_provider_roles WHERE idp_id = $1`, stored.ID).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d role mappings on the citizen provider (%v)", n, err)
	}

	// An edit keeps whom it signs in, whatever is posted.
	edit := citizenOIDCForm("a-mitid", "MitID (Signicat)")
	edit.Set("audience", "staff")
	if resp = admin.post(page, edit); resp.status != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", resp.status, formErrors(resp.body))
	}
	if stored, _ = app.DB.IdPBySlug(context.Background(), "a-mitid"); stored.Audience != casework.AudienceCitizen || stored.DisplayName != "MitID (Signicat)" {
		t.Errorf("after edit: %+v", stored)
	}

	// NemLog-in: SAML without a CVR number or role attribute.
	saml := url.Values{"protocol": {"saml"}, "audience": {"citizen"}, "slug": {"a-nemlog-in"}, "display_name": {"MitID (NemLog-in)"},
		"enabled": {"1"}, "saml_metadata": {testIdPMetadata}, "saml_min_loa": {"Substantial"}}
	createIdP(t, admin, saml)
	if s, err := app.DB.IdPBySlug(context.Background(), "a-nemlog-in"); err != nil || s.Audience != casework.AudienceCitizen || !s.SAMLOIOSAML || s.SAMLCVR != "" {
		t.Errorf("stored NemLog-in provider: %+v %v", s, err)
	}

	// The list says whom each provider is for; the professionals' login
	// page lists none of them, the young person's lists both.
	resp = admin.get("/admin/sign-in")
	wantIn(t, "list", resp.body, it.Audiences[casework.AudienceCitizen], "MitID (Signicat)", "MitID (NemLog-in)")
	if r := app.anonymous().get("/login"); strings.Contains(r.body, "MitID (Signicat)") || strings.Contains(r.body, "NemLog-in") {
		t.Error("the professionals' login page lists a citizen provider")
	}
	if r := app.anonymous().get("/ung/login"); !strings.Contains(r.body, "MitID (Signicat)") || !strings.Contains(r.body, "MitID (NemLog-in)") {
		t.Errorf("the young person's login page does not list the citizen providers: %.500s", r.body)
	}
}

// The security log names a young person's sign-in as "a young person", never
// by name or CPR.
func TestCitizenSecurityLogLine(t *testing.T) {
	a := newTestApp(t)
	_, cpr := a.createYouthWithCPR("uu@a.example", "Mikkel Hansen", 123)
	p := a.citizenProvider(t, demoidp.User{Username: "mikkel", Name: "Mikkel Hansen", CPR: cpr})
	// (The page it lands on is another work package's; the sign-in is what counts.)
	if _, last := a.signInCitizen(t, p, "mikkel"); last.status >= 400 && last.status != http.StatusNotImplemented {
		t.Fatalf("citizen sign-in: %d", last.status)
	}
	resp := a.as("admin@a.example").get("/admin/security-log")
	if resp.status != http.StatusOK {
		t.Fatalf("security log: %d", resp.status)
	}
	wantIn(t, "security log", resp.body, web.Danish.IdPT.CitizenWho)
	for _, pd := range []string{"Mikkel", "Hansen", cpr, cpr[:6]} {
		if strings.Contains(resp.body, pd) {
			t.Errorf("the security log page shows %q", pd)
		}
	}
	a.noPersonalDataLogged(t)
	if logs := a.logs.String(); strings.Contains(logs, cpr) || strings.Contains(logs, "Mikkel") {
		t.Error("the technical log names the young person or their CPR")
	}
}
