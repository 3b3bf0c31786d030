package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func sessionCookie(resp response) string {
	for _, c := range (&http.Response{Header: resp.header}).Cookies() {
		if c.Name == "kui_session" {
			return c.Value
		}
	}
	return ""
}

func TestLoginLogoutAndSessionRenewal(t *testing.T) {
	app := newTestApp(t)
	c := app.anonymous()

	loginPage := c.get("/login")
	before := sessionCookie(c.get("/login"))
	if loginPage.status != http.StatusOK || !strings.Contains(loginPage.body, "Log ind") {
		t.Fatalf("login page: %d", loginPage.status)
	}

	wrong := c.post("/login", url.Values{"email": {"uu@a.example"}, "password": {"forkert"}})
	if wrong.status != http.StatusUnprocessableEntity || !strings.Contains(wrong.body, "E-mail eller adgangskode er forkert") ||
		!strings.Contains(wrong.body, `value="uu@a.example"`) {
		t.Errorf("wrong password: %d", wrong.status)
	}
	unknown := c.post("/login", url.Values{"email": {"nobody@a.example"}, "password": {"forkert"}})
	if unknown.status != http.StatusUnprocessableEntity || !strings.Contains(unknown.body, "E-mail eller adgangskode er forkert") {
		t.Errorf("unknown e-mail: %d (must answer like a wrong password)", unknown.status)
	}

	ok := c.post("/login", url.Values{"email": {"UU@a.example"}, "password": {testPassword}})
	if ok.status != http.StatusSeeOther || ok.location(t) != "/" {
		t.Fatalf("login: %d to %q", ok.status, ok.header.Get("Location"))
	}
	token := sessionCookie(ok)
	if token == "" || token == before {
		t.Error("login must issue a new session token")
	}
	cookie := ok.header.Get("Set-Cookie")
	for _, attr := range []string{"HttpOnly", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(cookie, attr) {
			t.Errorf("session cookie lacks %s: %s", attr, cookie)
		}
	}
	home := c.get("/")
	if home.status != http.StatusOK || !strings.Contains(home.body, "Ulla Ungevejleder") {
		t.Fatalf("home after login: %d", home.status)
	}

	out := c.post("/logout", nil)
	if out.status != http.StatusSeeOther || out.location(t) != "/login" {
		t.Fatalf("logout: %d", out.status)
	}
	if after := sessionCookie(out); after == "" || after == token {
		t.Error("logout must issue a new session token")
	}
	if resp := c.get("/"); resp.status != http.StatusSeeOther {
		t.Errorf("home after logout: %d, want a redirect to login", resp.status)
	}
}

func TestLoginRedirectsBackToTheRequestedPage(t *testing.T) {
	app := newTestApp(t)
	c := app.anonymous()
	resp := c.get("/youth?q=x")
	if resp.status != http.StatusSeeOther || resp.header.Get("Location") != "/login?next=%2Fyouth%3Fq%3Dx" {
		t.Fatalf("anonymous: %d to %q", resp.status, resp.header.Get("Location"))
	}
	login := c.post("/login", url.Values{"email": {"uu@a.example"}, "password": {testPassword}, "next": {"/youth?q=x"}})
	if got := login.header.Get("Location"); got != "/youth?q=x" {
		t.Errorf("after login to %q", got)
	}
	evil := app.anonymous().post("/login", url.Values{"email": {"uu@a.example"}, "password": {testPassword}, "next": {"//evil.example/"}})
	if got := evil.header.Get("Location"); got != "/" {
		t.Errorf("an off-site next was followed: %q", got)
	}
}

func TestLoginThrottling(t *testing.T) {
	app := newTestApp(t)
	attacker := app.anonymous()
	var last response
	for range 6 {
		last = attacker.post("/login", url.Values{"email": {"uu@a.example"}, "password": {"gæt"}})
	}
	if last.status != http.StatusTooManyRequests || last.header.Get("Retry-After") == "" || !strings.Contains(last.body, lockedAccountText) {
		t.Fatalf("6th failed attempt: %d, want 429 with Retry-After", last.status)
	}
	// Even the right password waits: otherwise guessing just goes on.
	if resp := attacker.post("/login", url.Values{"email": {"uu@a.example"}, "password": {testPassword}}); resp.status != http.StatusTooManyRequests {
		t.Errorf("right password while throttled: %d", resp.status)
	}
	// Other accounts from the same address are not affected yet.
	if resp := app.anonymous().post("/login", url.Values{"email": {"mentor@a.example"}, "password": {testPassword}}); resp.status != http.StatusSeeOther {
		t.Errorf("another account: %d", resp.status)
	}
}

func TestCrossSitePostIsRefused(t *testing.T) {
	app := newTestApp(t)
	c := app.as("uu@a.example")
	req, _ := http.NewRequest(http.MethodPost, app.URL+"/youth", strings.NewReader(validYouthForm().Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp := c.do(req)
	if resp.status != http.StatusForbidden || !strings.Contains(resp.body, "kom fra et andet websted") || strings.Contains(resp.body, "Din rolle") {
		t.Errorf("cross-site POST: %d, want 403 saying the request came from another site", resp.status)
	}
	req, _ = http.NewRequest(http.MethodPost, app.URL+"/youth", strings.NewReader(validYouthForm().Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	if resp := c.do(req); resp.status != http.StatusForbidden {
		t.Errorf("POST with a foreign Origin: %d", resp.status)
	}
	if n := countRows(t, app, `SELECT count(*) FROM youth`); n != 0 {
		t.Errorf("a refused cross-site POST wrote %d young people", n)
	}
}

func TestSecurityHeaders(t *testing.T) {
	app := newTestApp(t)
	c := app.as("uu@a.example")
	for _, path := range []string{"/", "/login", "/youth", "/nowhere"} {
		resp := c.get(path)
		csp := resp.header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		for header, want := range map[string]string{
			"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "Cache-Control": "no-store", "X-Frame-Options": "DENY",
		} {
			if got := resp.header.Get(header); got != want {
				t.Errorf("%s: %s = %q, want %q", path, header, got, want)
			}
		}
	}
	notFound := c.get("/nowhere")
	if notFound.status != http.StatusNotFound || !strings.Contains(notFound.body, "Siden findes ikke") || !strings.Contains(notFound.body, `lang="da"`) {
		t.Errorf("unknown route: %d", notFound.status)
	}
	if resp := c.get("/youth/abc"); resp.status != http.StatusNotFound {
		t.Errorf("non-numeric id: %d", resp.status)
	}
	if resp := c.get("/healthz"); resp.status != http.StatusOK {
		t.Errorf("healthz: %d", resp.status)
	}
	if resp := c.get("/readyz"); resp.status != http.StatusOK {
		t.Errorf("readyz: %d", resp.status)
	}
}

func TestNoPersonalDataInTechnicalLogs(t *testing.T) {
	app := newTestApp(t)
	uu := app.as("uu@a.example")
	resp := uu.post("/youth", validYouthForm())
	path := resp.location(t)
	uu.get(path)
	uu.post(path+"/cpr", nil)
	uu.get("/youth?q=Mikkel")
	bad := validYouthForm()
	bad.Set("cpr", "999999-9999")
	uu.post("/youth", bad)
	logs := app.logs.String()
	if !strings.Contains(logs, `"route":"/youth/{id}"`) {
		t.Fatal("the request log is missing; the check below would prove nothing")
	}
	for _, secret := range []string{"Mikkel", "Testesen", "120310", "4123", "Anne", "tømrer", "999999"} {
		if strings.Contains(logs, secret) {
			t.Errorf("technical log contains %q", secret)
		}
	}
}

// A body past the limit is refused as too large (413), with a page that
// says so — not as a form with errors on a page without a form.
func TestTooLargeFormIsRefusedAs413(t *testing.T) {
	app := newTestApp(t)
	big := strings.Repeat("a", 10<<20)
	for _, c := range []struct {
		who  *client
		path string
	}{{app.as("uu@a.example"), "/youth"}, {app.anonymous(), "/login"}} {
		resp := c.who.post(c.path, url.Values{"name": {big}, "email": {big}})
		if resp.status != http.StatusRequestEntityTooLarge || !strings.Contains(resp.body, "Forespørgslen er for stor") ||
			strings.Contains(resp.body, "Formularen har fejl") {
			t.Errorf("POST %s with 10 MB: %d, want 413 saying the request was too large", c.path, resp.status)
		}
	}
	if n := countRows(t, app, `SELECT count(*) FROM youth`); n != 0 {
		t.Errorf("a refused body stored %d young people", n)
	}
}
