package server_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"kui/internal/casework"
	"kui/web"
)

// An identity provider's metadata, as a municipality's IdP publishes it.
const testIdPMetadata = `<?xml version="1.0" encoding="UTF-8"?>
<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.a.example/saml">
  <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.a.example/sso"/>
  </IDPSSODescriptor>
</EntityDescriptor>`

func oidcForm(slug, name string) url.Values {
	return url.Values{"protocol": {"oidc"}, "slug": {slug}, "display_name": {name}, "enabled": {"1"},
		"oidc_issuer": {"https://login.microsoftonline.com/tenant-a/v2.0"}, "oidc_client_id": {"kui-a"},
		"oidc_secret_env": {"KUI_IDP_A_SECRET"}, "oidc_scopes": {"openid email profile"}, "oidc_role_claim": {"roles"},
		"domains": {"a.example"}}
}

func samlForm(slug, name, metadata string) url.Values {
	return url.Values{"protocol": {"saml"}, "slug": {slug}, "display_name": {name}, "enabled": {"1"},
		"saml_metadata": {metadata}, "saml_oiosaml": {"1"}, "saml_cvr": {"29189846"}, "saml_min_loa": {"Substantial"}}
}

var idpPathRE = regexp.MustCompile(`^/admin/sign-in/(\d+)$`)

// createIdP adds a provider as the client and returns its page.
func createIdP(t *testing.T, c *client, form url.Values) string {
	t.Helper()
	resp := c.post("/admin/sign-in", form)
	if resp.status != http.StatusSeeOther {
		t.Fatalf("create provider: status %d\n%s", resp.status, formErrors(resp.body))
	}
	p := resp.location(t)
	if !idpPathRE.MatchString(p) {
		t.Fatalf("create provider led to %q", p)
	}
	return p
}

func wantIn(t *testing.T, what, body string, texts ...string) {
	t.Helper()
	body = html.UnescapeString(body)
	for _, s := range texts {
		if !strings.Contains(body, s) {
			t.Errorf("%s: missing %q", what, s)
		}
	}
}

func TestIdPAdminCreateEditDelete(t *testing.T) {
	app := newTestApp(t)
	admin := app.as("admin@a.example")
	it := web.Danish.IdPT
	p := web.Danish.Problems

	resp := admin.get("/admin/sign-in")
	if resp.status != http.StatusOK {
		t.Fatalf("list: %d", resp.status)
	}
	wantIn(t, "empty list", resp.body, it.NoIdPs, it.PasswordLabel, `href="/admin/sign-in/new?protocol=oidc"`)
	if resp = admin.get("/admin"); !strings.Contains(resp.body, `href="/admin/sign-in"`) || !strings.Contains(resp.body, `href="/admin/users"`) ||
		!strings.Contains(resp.body, `href="/admin/security-log"`) {
		t.Error("the admin index does not link the sign-in pages")
	}
	for _, proto := range []string{"oidc", "saml"} {
		if resp = admin.get("/admin/sign-in/new?protocol=" + proto); resp.status != http.StatusOK {
			t.Errorf("new %s: %d", proto, resp.status)
		}
	}

	// Invalid: 422, the Danish problems beside the fields, everything typed kept.
	bad := oidcForm("Ikke Gyldig", "Kommunens login")
	bad.Set("oidc_issuer", "http://idp.a.example")
	bad.Set("oidc_secret_env", "hemmelig-værdi-123")
	bad.Set("domains", "a.example ikke_et_domæne")
	resp = admin.post("/admin/sign-in", bad)
	if resp.status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid create: %d", resp.status)
	}
	wantIn(t, "invalid create", resp.body, p[casework.ProblemSlugFormat], p[casework.ProblemIssuerURL], p[casework.ProblemSecretEnvName],
		p[casework.ProblemDomainFormat], `value="Ikke Gyldig"`, `value="http://idp.a.example"`, `value="hemmelig-værdi-123"`,
		`value="Kommunens login"`, `value="a.example ikke_et_domæne"`)

	// Valid: the provider's page, with the redirect URI to give the provider.
	page := createIdP(t, admin, oidcForm("a-login", "A Kommunes login"))
	resp = admin.get(page)
	wantIn(t, "edit page", resp.body, app.URL+"/login/idp/a-login/callback", `value="KUI_IDP_A_SECRET"`, it.NoMappings)

	// SAML: metadata that is not an IdP's is refused on its field, as typed.
	resp = admin.post("/admin/sign-in", samlForm("a-saml", "A via Context Handler", "<ikke>metadata</ikke>"))
	if resp.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad metadata: %d", resp.status)
	}
	wantIn(t, "bad metadata", resp.body, p[casework.ProblemSAMLMetadata], "<ikke>metadata</ikke>", `value="29189846"`)
	noCVR := samlForm("a-saml", "A via Context Handler", testIdPMetadata)
	noCVR.Set("saml_cvr", "")
	if resp = admin.post("/admin/sign-in", noCVR); resp.status != http.StatusUnprocessableEntity || !strings.Contains(resp.body, p[casework.ProblemCVRFormat]) {
		t.Errorf("OIOSAML without a CVR number: %d", resp.status)
	}
	samlPage := createIdP(t, admin, samlForm("a-saml", "A via Context Handler", testIdPMetadata))

	resp = admin.get("/admin/sign-in")
	wantIn(t, "list", resp.body, "A Kommunes login", "A via Context Handler", "OpenID Connect", "SAML 2.0", "a.example",
		app.URL+"/login/idp/a-login/callback", app.URL+"/saml/a-saml/metadata")
	if n := strings.Count(resp.body, `data-testid="idp-row"`); n != 2 {
		t.Errorf("%d providers listed, want 2", n)
	}

	// A slug or domain of another provider is refused.
	taken := oidcForm("a-saml", "Dublet")
	taken.Set("domains", "")
	if resp = admin.post("/admin/sign-in", taken); resp.status != http.StatusUnprocessableEntity || !strings.Contains(html.UnescapeString(resp.body), p[casework.ProblemSlugTaken]) {
		t.Errorf("taken slug: %d", resp.status)
	}
	if resp = admin.post("/admin/sign-in", oidcForm("a-andet", "Dublet")); resp.status != http.StatusUnprocessableEntity ||
		!strings.Contains(html.UnescapeString(resp.body), p[casework.ProblemDomainTaken]) {
		t.Errorf("taken domain: %d", resp.status)
	}

	// Edit: invalid keeps what was typed; valid saves; the protocol stays.
	edit := oidcForm("a-login", "A Kommunes nye login")
	edit.Set("oidc_client_id", "")
	edit.Set("protocol", "saml")
	resp = admin.post(page, edit)
	if resp.status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid edit: %d", resp.status)
	}
	wantIn(t, "invalid edit", resp.body, p[casework.ProblemRequired], `value="A Kommunes nye login"`)
	edit.Set("oidc_client_id", "kui-a2")
	edit.Del("enabled")
	if resp = admin.post(page, edit); resp.status != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", resp.status, formErrors(resp.body))
	}
	id := idpPathRE.FindStringSubmatch(page)[1]
	var name, proto, client string
	var enabled bool
	if err := app.DB.Pool.QueryRow(context.Background(), `SELECT display_name, protocol, oidc_client_id, enabled FROM identity_providers WHERE id = $1`, id).
		Scan(&name, &proto, &client, &enabled); err != nil {
		t.Fatal(err)
	}
	if name != "A Kommunes nye login" || proto != "oidc" || client != "kui-a2" || enabled {
		t.Errorf("after edit: %q %q %q enabled=%v", name, proto, client, enabled)
	}

	// Role mappings: a wrong one keeps what was typed; a unit of the municipality.
	var unit, otherUnit string
	if err := app.DB.Pool.QueryRow(context.Background(), `SELECT id FROM units WHERE name = 'UU/Ungevejledning'`).Scan(&unit); err != nil {
		t.Fatal(err)
	}
	if _, err := app.DB.Pool.Exec(context.Background(), `INSERT INTO units (municipality_id, name) SELECT id, 'Enhed i B' FROM municipalities WHERE name = 'B Kommune'`); err != nil {
		t.Fatal(err)
	}
	if err := app.DB.Pool.QueryRow(context.Background(), `SELECT id FROM units WHERE name = 'Enhed i B'`).Scan(&otherUnit); err != nil {
		t.Fatal(err)
	}
	resp = admin.post(page+"/roles", url.Values{"value": {"kui.sagsbehandler"}, "role": {"chef"}})
	if resp.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad mapping: %d", resp.status)
	}
	wantIn(t, "bad mapping", resp.body, p[casework.ProblemUnknownChoice], `value="kui.sagsbehandler"`)
	if resp = admin.post(page+"/roles", url.Values{"value": {"kui.x"}, "role": {"caseworker"}, "unit_id": {otherUnit}}); resp.status != http.StatusUnprocessableEntity {
		t.Errorf("another municipality's unit: %d", resp.status)
	}
	if resp = admin.post(page+"/roles", url.Values{"value": {"kui.sagsbehandler"}, "role": {"caseworker"}, "unit_id": {unit}}); resp.status != http.StatusSeeOther {
		t.Fatalf("mapping: %d\n%s", resp.status, formErrors(resp.body))
	}
	if resp = admin.post(page+"/roles", url.Values{"value": {"kui.sagsbehandler"}, "role": {"admin"}}); resp.status != http.StatusUnprocessableEntity ||
		!strings.Contains(html.UnescapeString(resp.body), p[casework.ProblemMappingTaken]) {
		t.Errorf("the same value twice: %d", resp.status)
	}
	resp = admin.get(page)
	wantIn(t, "mappings", resp.body, "kui.sagsbehandler", "UU/Ungevejledning", web.Danish.Roles[casework.RoleCaseworker])
	var mapping string
	if err := app.DB.Pool.QueryRow(context.Background(), `SELECT id FROM identity_provider_roles WHERE value = 'kui.sagsbehandler'`).Scan(&mapping); err != nil {
		t.Fatal(err)
	}
	if resp = admin.post(page+"/roles/"+mapping+"/delete", url.Values{}); resp.status != http.StatusSeeOther {
		t.Fatalf("remove mapping: %d", resp.status)
	}
	if resp = admin.get(page); strings.Contains(resp.body, "kui.sagsbehandler</code>") {
		t.Error("the removed mapping is still shown")
	}

	// Delete, after a confirmation page.
	if resp = admin.get(samlPage + "/delete"); resp.status != http.StatusOK || !strings.Contains(resp.body, it.DeleteConfirm) {
		t.Errorf("delete confirmation: %d", resp.status)
	}
	if resp = admin.post(samlPage+"/delete", url.Values{}); resp.status != http.StatusSeeOther {
		t.Fatalf("delete: %d", resp.status)
	}
	if resp = admin.get(samlPage); resp.status != http.StatusNotFound {
		t.Errorf("deleted provider: %d", resp.status)
	}
}

// Another municipality's administrator neither sees nor changes a
// provider; other roles never reach the pages.
func TestIdPAdminIsolation(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	nu := casework.NewUser{Email: "admin@b.example", Name: "Bjørn Admin", Role: casework.RoleAdmin, Municipality: "B Kommune", Password: testPassword}
	if _, err := app.DB.CreateUser(ctx, nu); err != nil {
		t.Fatal(err)
	}
	a, b := app.as("admin@a.example"), app.as("admin@b.example")
	page := createIdP(t, a, oidcForm("a-login", "A Kommunes login"))
	if resp := a.post(page+"/roles", url.Values{"value": {"kui.k"}, "role": {"coordinator"}}); resp.status != http.StatusSeeOther {
		t.Fatal(resp.status)
	}
	var mapping string
	if err := app.DB.Pool.QueryRow(ctx, `SELECT id FROM identity_provider_roles`).Scan(&mapping); err != nil {
		t.Fatal(err)
	}
	var before string
	if err := app.DB.Pool.QueryRow(ctx, `SELECT md5(coalesce(string_agg(x::text, '' ORDER BY x::text), '')) FROM identity_providers x`).Scan(&before); err != nil {
		t.Fatal(err)
	}

	if resp := b.get("/admin/sign-in"); resp.status != http.StatusOK || strings.Contains(resp.body, "A Kommunes login") {
		t.Errorf("B's list: %d, shows A's provider: %v", resp.status, strings.Contains(resp.body, "A Kommunes login"))
	}
	for _, req := range []struct {
		method, path string
		form         url.Values
	}{
		{"GET", page, nil},
		{"GET", page + "/delete", nil},
		{"POST", page, oidcForm("b-steals", "Stjålet")},
		{"POST", page + "/delete", url.Values{}},
		{"POST", page + "/roles", url.Values{"value": {"kui.b"}, "role": {"admin"}}},
		{"POST", page + "/roles/" + mapping + "/delete", url.Values{}},
	} {
		var resp response
		if req.method == "GET" {
			resp = b.get(req.path)
		} else {
			resp = b.post(req.path, req.form)
		}
		if resp.status != http.StatusNotFound {
			t.Errorf("B's admin %s %s: %d, want 404", req.method, req.path, resp.status)
		}
	}
	var after string
	var mappings int
	if err := app.DB.Pool.QueryRow(ctx, `SELECT md5(coalesce(string_agg(x::text, '' ORDER BY x::text), '')) FROM identity_providers x`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if err := app.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM identity_provider_roles`).Scan(&mappings); err != nil {
		t.Fatal(err)
	}
	if before != after || mappings != 1 {
		t.Errorf("B's admin changed A's provider (%v) or mappings (%d)", before != after, mappings)
	}

	for _, email := range []string{"uu@a.example", "koordinator@a.example", "tovholder@a.example"} {
		c := app.as(email)
		for _, p := range []string{"/admin/sign-in", "/admin/users", "/admin/security-log", page} {
			if resp := c.get(p); resp.status != http.StatusForbidden && resp.status != http.StatusNotFound {
				t.Errorf("%s GET %s: %d", email, p, resp.status)
			}
		}
		if resp := c.post("/admin/sign-in/password", url.Values{}); resp.status != http.StatusForbidden {
			t.Errorf("%s switches password login: %d", email, resp.status)
		}
	}
}

// Switching password login off refuses the municipality's professionals a
// password (as a wrong password, logged), never its administrators, and
// no other municipality's users.
func TestIdPPasswordLoginSwitch(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	admin := app.as("admin@a.example")
	createIdP(t, admin, oidcForm("a-login", "A Kommunes login"))
	if resp := admin.post("/admin/sign-in/password", url.Values{}); resp.status != http.StatusSeeOther {
		t.Fatalf("switch off: %d", resp.status)
	}
	if resp := admin.get("/admin/sign-in"); !strings.Contains(resp.body, web.Danish.IdPT.PasswordOff) {
		t.Error("the list does not say password login is off")
	}

	resp := app.anonymous().post("/login", url.Values{"email": {"uu@a.example"}, "password": {testPassword}})
	if resp.status != http.StatusUnprocessableEntity {
		t.Fatalf("caseworker's password with password login off: %d", resp.status)
	}
	body := html.UnescapeString(resp.body)
	hint := web.Danish.SSOT.Refusals[casework.RefusedPasswordOff]
	if !strings.Contains(body, web.Danish.LoginFailed) || !strings.Contains(body, hint) {
		t.Errorf("refusal says %q", body)
	}
	// A wrong password of the same domain gets the very same answer.
	wrong := app.anonymous().post("/login", url.Values{"email": {"uu@a.example"}, "password": {"forkert-forkert"}})
	if wrong.status != resp.status || !strings.Contains(html.UnescapeString(wrong.body), hint) {
		t.Errorf("a wrong password: %d", wrong.status)
	}
	var n int
	if err := app.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM security_log WHERE event = 'refused' AND reason = 'password_off' AND method = 'password' AND user_id = $1`,
		app.Users["uu@a.example"].ID).Scan(&n); err != nil || n != 1 {
		t.Errorf("%d password_off lines in the security log (%v), want 1", n, err)
	}
	app.as("admin@a.example")       // administrators always may
	app.as("koordinator@b.example") // another municipality is not affected

	// The administrator sees it in the security log and the user list.
	resp = admin.get("/admin/security-log")
	wantIn(t, "security log", resp.body, web.Danish.IdPT.Events[casework.EventRefused], web.Danish.IdPT.Reasons[casework.RefusedPasswordOff],
		"Ulla Ungevejleder", web.Danish.IdPT.Events[casework.EventSignIn])
	if strings.Contains(resp.body, "Bo Koordinator") {
		t.Error("A's security log shows B's user")
	}
	resp = admin.get("/admin/users")
	wantIn(t, "users", resp.body, "Anna Admin", web.Danish.IdPT.Methods[casework.MethodPassword], web.Danish.IdPT.Never)
	if strings.Contains(resp.body, "Bo Koordinator") {
		t.Error("A's user list shows B's user")
	}

	if resp := admin.post("/admin/sign-in/password", url.Values{"password_login": {"1"}}); resp.status != http.StatusSeeOther {
		t.Fatalf("switch on: %d", resp.status)
	}
	app.as("uu@a.example")
	var method string
	if err := app.DB.Pool.QueryRow(ctx, `SELECT last_sign_in_method FROM users WHERE email = 'uu@a.example'`).Scan(&method); err != nil || method != "password" {
		t.Errorf("last sign-in method %q (%v)", method, err)
	}
}
