package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/alexedwards/scs/v2"

	"kui/internal/casework"
	"kui/internal/demoidp"
	"kui/internal/server"
)

// Signing in through a municipality's OpenID Provider. The provider is
// demoidp's, zitadel's real OP running in the test process; a misbehaving
// provider still signs with real keys.

const (
	oidcSlug   = "a-login"
	oidcSecret = "KUI_IDP_A_SECRET"
	// B Kommune's provider's secret, which every test instance knows too.
	otherSecretEnv = "KUI_IDP_B_SECRET"
	otherSecret    = "b-client-secret"
)

// oidcWorld is A Kommune with its OpenID Provider, and a kui instance that
// knows the client secret.
type oidcWorld struct {
	a     *testApp
	p     *demoidp.OIDC
	base  string // the kui instance's URL (also the provider's redirect target)
	idp   casework.IdP
	users *demoidp.Users
}

// The provider's people: a newcomer to kui, an existing kui user (linked by
// e-mail at the first sign-in) and one the municipality gave no kui role.
var oidcPeople = []demoidp.User{
	{Username: "nina@a.example", Email: "nina@a.example", Name: "Nina Nybegynder", Roles: []string{"kui:caseworker"}},
	{Username: "uu@a.example", Email: "uu@a.example", Name: "Ulla Ungevejleder", Roles: []string{"kui:caseworker", "other-app"}},
	{Username: "ingen@a.example", Email: "ingen@a.example", Name: "Ib Ingenrolle", Roles: []string{"other-app"}},
}

// newOIDCWorld starts the provider and a kui instance for it. base is the
// instance's address as the browser sees it: when empty, a new instance is
// started without BASE_URL; otherwise the caller starts instances behind it.
func newOIDCWorld(t *testing.T, a *testApp, base string) *oidcWorld {
	t.Helper()
	secret := "client-secret-" + t.Name()
	cfg := server.Config{BaseURL: base, Secret: func(name string) string {
		return map[string]string{oidcSecret: secret, otherSecretEnv: otherSecret}[name]
	}}
	w := &oidcWorld{a: a, users: demoidp.NewUsers(oidcPeople...)}
	if base == "" {
		base = a.startInstanceWith(a.DB, cfg)
	}
	w.base = base
	p, err := demoidp.StartOIDC(demoidp.OIDCOptions{ClientID: "kui", ClientSecret: secret,
		RedirectURIs:           []string{base + "/login/idp/" + oidcSlug + "/callback"},
		PostLogoutRedirectURIs: []string{base + "/logged-out"},
		Title:                  "A Kommunes login", Users: w.users})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	w.p = p
	w.idp = w.upsert(t, true)
	return w
}

// upsert configures (or reconfigures) A Kommune's provider.
func (w *oidcWorld) upsert(t *testing.T, enabled bool) casework.IdP {
	t.Helper()
	idp, err := w.a.DB.UpsertIdP(context.Background(), "A Kommune", casework.IdP{Slug: oidcSlug, DisplayName: "A Kommunes login",
		Protocol: casework.MethodOIDC, Enabled: enabled, OIDCIssuer: w.p.Issuer, OIDCClientID: "kui", OIDCSecretEnv: oidcSecret,
		OIDCScopes: []string{"openid", "email", "profile"}, OIDCRoleClaim: "roles", Domains: []string{"a.example"},
		Roles: []casework.RoleMapping{
			{Value: "kui:coordinator", Role: casework.RoleCoordinator, UnitName: "Ungeenheden"},
			{Value: "kui:caseworker", Role: casework.RoleCaseworker, UnitName: "Mentor"},
		}})
	if err != nil {
		t.Fatal(err)
	}
	return idp
}

// browserClient is a client that follows redirects, with its own cookies.
func browserClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar}
}

func (w *oidcWorld) startURL() string { return w.base + "/login/idp/" + oidcSlug }

// signIn signs username in through the provider with client and returns
// kui's last answer.
func (w *oidcWorld) signIn(t *testing.T, client *http.Client, username string) (int, string, *url.URL) {
	t.Helper()
	resp, err := w.p.SignIn(context.Background(), client, w.startURL(), username)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), resp.Request.URL
}

// callbackURL runs a sign-in up to the provider's redirect back to kui, and
// returns that redirect's address (code and state) without following it.
func (w *oidcWorld) callbackURL(t *testing.T, client *http.Client, username string) string {
	t.Helper()
	var callback string
	c := *client
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if strings.HasSuffix(req.URL.Path, "/login/idp/"+oidcSlug+"/callback") {
			callback = req.URL.String()
			return http.ErrUseLastResponse
		}
		return nil
	}
	resp, err := w.p.SignIn(context.Background(), &c, w.startURL(), username)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if callback == "" {
		t.Fatalf("the sign-in did not come back to kui's callback (ended at %s, %d)", resp.Request.URL, resp.StatusCode)
	}
	return callback
}

func getURL(t *testing.T, client *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := client.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// signInCounts are the rows a refused sign-in must not add to.
type signInCounts struct{ users, identities, sessionsWithUser int }

func (a *testApp) signInCounts(t *testing.T) signInCounts {
	t.Helper()
	ctx := context.Background()
	var c signInCounts
	if err := a.DB.Pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM user_identities)`).
		Scan(&c.users, &c.identities); err != nil {
		t.Fatal(err)
	}
	c.sessionsWithUser = len(a.sessionUsers(t))
	return c
}

// sessionUsers are the user ids of the stored sessions that have one.
func (a *testApp) sessionUsers(t *testing.T) []int64 {
	t.Helper()
	rows, err := a.DB.Pool.Query(context.Background(), `SELECT data FROM sessions`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			t.Fatal(err)
		}
		_, values, err := scs.GobCodec{}.Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		if id, ok := values["user_id"].(int64); ok {
			ids = append(ids, id)
		}
	}
	return ids
}

// securityLog is the security log's lines, oldest first: "event method reason".
func (a *testApp) securityLog(t *testing.T) []string {
	t.Helper()
	rows, err := a.DB.Pool.Query(context.Background(), `SELECT event, method, reason FROM security_log ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var e, m, r string
		if err := rows.Scan(&e, &m, &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, strings.TrimSpace(e+" "+m+" "+r))
	}
	return out
}

func lastLine(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	return lines[len(lines)-1]
}

// userBy reads a user's role, unit and last sign-in method by e-mail.
func (a *testApp) userBy(t *testing.T, email string) (role, unit, method string, found bool) {
	t.Helper()
	err := a.DB.Pool.QueryRow(context.Background(), `
		SELECT u.role, coalesce(un.name, ''), coalesce(u.last_sign_in_method, '')
		  FROM users u LEFT JOIN units un ON un.id = u.unit_id WHERE lower(u.email) = lower($1)`, email).
		Scan(&role, &unit, &method)
	if err != nil {
		return "", "", "", false
	}
	return role, unit, method, true
}

// noPersonalDataLogged fails when the technical log names any of the
// provider's people.
func (a *testApp) noPersonalDataLogged(t *testing.T) {
	t.Helper()
	logs := a.logs.String()
	for _, u := range oidcPeople {
		for _, s := range []string{u.Email, u.Name} {
			if strings.Contains(logs, s) {
				t.Errorf("the technical log names %q", s)
			}
		}
	}
}

func TestOIDCSignInCreatesTheUserAndAppliesRoleChanges(t *testing.T) {
	a := newTestApp(t)
	w := newOIDCWorld(t, a, "")

	// The login page offers the provider.
	status, body := getURL(t, browserClient(), w.base+"/login?next=/youth")
	if status != http.StatusOK || !strings.Contains(body, `data-testid="sso-link"`) ||
		!strings.Contains(body, "Log ind via A Kommunes login") || !strings.Contains(body, `href="/login/idp/a-login?next=%2Fyouth"`) {
		t.Fatalf("login page: %d, no link to the provider:\n%s", status, body)
	}

	// The first sign-in creates the user with the mapped role and unit.
	client := browserClient()
	status, body, at := w.signIn(t, client, "nina@a.example")
	if status != http.StatusOK || at.Path != "/" || !strings.Contains(body, "Nina Nybegynder") {
		t.Fatalf("sign-in landed on %s with %d", at, status)
	}
	role, unit, method, found := a.userBy(t, "nina@a.example")
	if !found || role != "caseworker" || unit != "Mentor" || method != "oidc" {
		t.Errorf("new user: found %v, role %q, unit %q, last sign-in %q; want caseworker in Mentor by oidc", found, role, unit, method)
	}
	var ninaID int64
	if err := a.DB.Pool.QueryRow(context.Background(), `SELECT id FROM users WHERE email = 'nina@a.example'`).Scan(&ninaID); err != nil {
		t.Fatal(err)
	}
	var inSession bool
	for _, id := range a.sessionUsers(t) {
		inSession = inSession || id == ninaID
	}
	if !inSession {
		t.Error("no stored session holds the signed-in user")
	}
	if got := lastLine(a.securityLog(t)); got != "sign_in oidc" {
		t.Errorf("security log: %q, want sign_in oidc", got)
	}

	// A role changed at the provider applies at the next sign-in.
	w.users.SetRoles("nina@a.example", "kui:coordinator")
	if status, _, at := w.signIn(t, browserClient(), "nina@a.example"); status != http.StatusOK || at.Path != "/" {
		t.Fatalf("second sign-in: %d at %s", status, at)
	}
	if role, unit, _, _ := a.userBy(t, "nina@a.example"); role != "coordinator" || unit != "Ungeenheden" {
		t.Errorf("after the role change: %s in %s, want coordinator in Ungeenheden", role, unit)
	}

	// An existing kui user of the municipality is found by e-mail and linked.
	before := a.signInCounts(t)
	if status, body, _ := w.signIn(t, browserClient(), "uu@a.example"); status != http.StatusOK || !strings.Contains(body, "Ulla Ungevejleder") {
		t.Fatalf("existing user: %d", status)
	}
	after := a.signInCounts(t)
	if after.users != before.users || after.identities != before.identities+1 {
		t.Errorf("existing user: users %d → %d, identities %d → %d; want the same user, linked", before.users, after.users, before.identities, after.identities)
	}

	// Someone the provider lets through with no kui role: the calm page.
	before = a.signInCounts(t)
	status, body, _ = w.signIn(t, browserClient(), "ingen@a.example")
	if status != http.StatusForbidden || !strings.Contains(body, "men du har ikke adgang til kui") {
		t.Errorf("no role: %d, want 403 and the calm page", status)
	}
	if _, _, _, found := a.userBy(t, "ingen@a.example"); found {
		t.Error("a person with no role became a kui user")
	}
	if after := a.signInCounts(t); after != before {
		t.Errorf("no role: %+v → %+v", before, after)
	}
	if got := lastLine(a.securityLog(t)); got != "refused oidc no_role" {
		t.Errorf("security log: %q, want refused oidc no_role", got)
	}
	a.noPersonalDataLogged(t)
}

// refusedCheck asserts what every refused sign-in leaves: the status, the
// Danish page with the reason's code, no user or link added, no session
// with a user, the security log's line.
func (w *oidcWorld) refusedCheck(t *testing.T, before signInCounts, status int, body string, wantStatus int, reason casework.SignInRefusal) {
	t.Helper()
	if status != wantStatus {
		t.Errorf("status %d, want %d", status, wantStatus)
	}
	if !strings.Contains(body, "Du blev ikke logget ind") || !strings.Contains(body, `data-testid="refusal-code">`+string(reason)+`<`) {
		t.Errorf("not the Danish refusal page with code %s:\n%s", reason, body)
	}
	if after := w.a.signInCounts(t); after != before {
		t.Errorf("rows changed: %+v → %+v", before, after)
	}
	if got, want := lastLine(w.a.securityLog(t)), "refused oidc "+string(reason); got != want {
		t.Errorf("security log: %q, want %q", got, want)
	}
}

func TestOIDCBadAnswersAreRefused(t *testing.T) {
	a := newTestApp(t)
	w := newOIDCWorld(t, a, "")

	for _, tc := range []struct {
		name   string
		m      demoidp.OIDCMisbehaviour
		reason casework.SignInRefusal
	}{
		{"wrong nonce", demoidp.OIDCMisbehaviour{WrongNonce: true}, casework.RefusedNonce},
		{"wrong issuer", demoidp.OIDCMisbehaviour{WrongIssuer: true}, casework.RefusedIssuer},
		{"wrong audience", demoidp.OIDCMisbehaviour{WrongAudience: true}, casework.RefusedAudience},
		{"expired", demoidp.OIDCMisbehaviour{Expired: true}, casework.RefusedExpired},
		{"wrong key", demoidp.OIDCMisbehaviour{WrongKey: true}, casework.RefusedBadSignature},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w.p.SetMisbehaviour(tc.m)
			defer w.p.SetMisbehaviour(demoidp.OIDCMisbehaviour{})
			before := a.signInCounts(t)
			status, body, _ := w.signIn(t, browserClient(), "nina@a.example")
			w.refusedCheck(t, before, status, body, http.StatusBadRequest, tc.reason)
		})
	}

	t.Run("state unknown", func(t *testing.T) {
		client := browserClient()
		cb, _ := url.Parse(w.callbackURL(t, client, "nina@a.example"))
		q := cb.Query()
		q.Set("state", "unknown-state")
		cb.RawQuery = q.Encode()
		before := a.signInCounts(t)
		status, body := getURL(t, client, cb.String())
		w.refusedCheck(t, before, status, body, http.StatusBadRequest, casework.RefusedState)
	})

	t.Run("state reused", func(t *testing.T) {
		client := browserClient()
		cb := w.callbackURL(t, client, "nina@a.example")
		base, _ := url.Parse(w.base)
		cookies := client.Jar.Cookies(base) // the sign-in cookie, kept to show it is the state that is refused
		if status, _ := getURL(t, client, cb); status != http.StatusOK {
			t.Fatalf("first use: %d", status)
		}
		client.Jar.SetCookies(base, cookies)
		before := a.signInCounts(t)
		status, body := getURL(t, client, cb)
		w.refusedCheck(t, before, status, body, http.StatusBadRequest, casework.RefusedState)
	})

	t.Run("sign-in cookie missing", func(t *testing.T) {
		cb := w.callbackURL(t, browserClient(), "nina@a.example")
		before := a.signInCounts(t)
		status, body := getURL(t, browserClient(), cb)
		w.refusedCheck(t, before, status, body, http.StatusBadRequest, casework.RefusedState)
	})

	t.Run("sign-in cookie of another browser", func(t *testing.T) {
		cb := w.callbackURL(t, browserClient(), "nina@a.example")
		other := browserClient()
		w.callbackURL(t, other, "nina@a.example") // the other browser's own sign-in cookie
		before := a.signInCounts(t)
		status, body := getURL(t, other, cb)
		w.refusedCheck(t, before, status, body, http.StatusBadRequest, casework.RefusedState)
	})

	t.Run("error from the provider", func(t *testing.T) {
		client := browserClient()
		cb, _ := url.Parse(w.callbackURL(t, client, "nina@a.example"))
		q := cb.Query()
		q.Del("code")
		q.Set("error", "access_denied")
		q.Set("error_description", "nina@a.example said no")
		cb.RawQuery = q.Encode()
		before := a.signInCounts(t)
		status, body := getURL(t, client, cb.String())
		w.refusedCheck(t, before, status, body, http.StatusBadRequest, casework.RefusedProviderError)
	})

	t.Run("unknown provider", func(t *testing.T) {
		for _, path := range []string{"/login/idp/nowhere", "/login/idp/nowhere/callback?state=x&code=y"} {
			before := a.signInCounts(t)
			status, body := getURL(t, browserClient(), w.base+path)
			w.refusedCheck(t, before, status, body, http.StatusNotFound, casework.RefusedUnknownProvider)
		}
	})

	t.Run("disabled provider", func(t *testing.T) {
		client := browserClient()
		cb := w.callbackURL(t, client, "nina@a.example")
		w.upsert(t, false)
		defer w.upsert(t, true)
		for _, u := range []string{w.startURL(), cb} {
			before := a.signInCounts(t)
			status, body := getURL(t, client, u)
			w.refusedCheck(t, before, status, body, http.StatusNotFound, casework.RefusedUnknownProvider)
		}
		if status, body := getURL(t, browserClient(), w.base+"/login"); status != http.StatusOK || strings.Contains(body, "sso-link") {
			t.Errorf("the login page offers a disabled provider (%d)", status)
		}
	})

	t.Run("provider unreachable or misconfigured", func(t *testing.T) {
		for _, tc := range []struct {
			slug, issuer string
			reason       casework.SignInRefusal
		}{
			{"b-down", "http://127.0.0.1:1", casework.RefusedProviderDown},
			// Discovery names another issuer than configured (as Entra's "common" does).
			{"b-mismatch", w.p.Issuer + "/", casework.RefusedIssuer},
		} {
			if _, err := a.DB.UpsertIdP(context.Background(), "B Kommune", casework.IdP{Slug: tc.slug, DisplayName: "B Kommunes login",
				Protocol: casework.MethodOIDC, Enabled: true, OIDCIssuer: tc.issuer, OIDCClientID: "kui"}); err != nil {
				t.Fatal(err)
			}
			before := a.signInCounts(t)
			status, body := getURL(t, browserClient(), w.base+"/login/idp/"+tc.slug)
			w.refusedCheck(t, before, status, body, http.StatusBadGateway, tc.reason)
		}
	})

	a.noPersonalDataLogged(t)
	if logs := a.logs.String(); strings.Contains(logs, "said no") {
		t.Error("the provider's error description reached the technical log")
	}
}

// switchingProxy is a load balancer in front of kui instances: its target
// can be switched between requests.
type switchingProxy struct {
	target atomic.Pointer[url.URL]
	srv    *httptest.Server
}

func newSwitchingProxy(t *testing.T) *switchingProxy {
	p := &switchingProxy{}
	rp := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(p.target.Load())
		r.Out.Host = r.In.Host // kui sees the address the browser used
	}}
	p.srv = httptest.NewServer(rp)
	t.Cleanup(p.srv.Close)
	return p
}

func (p *switchingProxy) to(t *testing.T, instance string) {
	u, err := url.Parse(instance)
	if err != nil {
		t.Fatal(err)
	}
	p.target.Store(u)
}

func TestOIDCSignInStartedOnOneInstanceFinishesOnAnother(t *testing.T) {
	a := newTestApp(t)
	proxy := newSwitchingProxy(t)
	w := newOIDCWorld(t, a, proxy.srv.URL)
	secret := w.p.ClientSecret
	cfg := server.Config{BaseURL: proxy.srv.URL, Secret: func(name string) string {
		if name == oidcSecret {
			return secret
		}
		return ""
	}}
	instA, instB := a.startInstanceWith(a.DB, cfg), a.startInstanceWith(a.DB, cfg)
	proxy.to(t, instA)

	client := browserClient()
	var startedOn, finishedOn string
	client.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if req.URL.Host == strings.TrimPrefix(proxy.srv.URL, "http://") && strings.HasSuffix(req.URL.Path, "/callback") {
			proxy.to(t, instB) // the provider's answer reaches the other instance
			finishedOn = instB
		}
		return nil
	}
	startedOn = instA
	status, body, at := w.signIn(t, client, "nina@a.example")
	if status != http.StatusOK || at.Path != "/" || !strings.Contains(body, "Nina Nybegynder") || startedOn == finishedOn {
		t.Fatalf("sign-in started on A, finished on B: %d at %s (finished on B: %v)", status, at, finishedOn == instB)
	}
	// Instance A knows the session B made.
	proxy.to(t, instA)
	if status, body := getURL(t, client, proxy.srv.URL+"/"); status != http.StatusOK || !strings.Contains(body, "Nina Nybegynder") {
		t.Errorf("instance A does not know the session: %d", status)
	}
}

var metaRefresh = regexp.MustCompile(`<meta http-equiv="refresh" content="0; url=([^"]+)"`)

func TestOIDCSignOutEndsTheProvidersSessionToo(t *testing.T) {
	a := newTestApp(t)
	w := newOIDCWorld(t, a, "")
	client := browserClient()
	if status, _, at := w.signIn(t, client, "nina@a.example"); status != http.StatusOK || at.Path != "/" {
		t.Fatalf("sign-in: %d at %s", status, at)
	}
	noFollow := *client
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := noFollow.PostForm(w.base+"/logout", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/logged-out" {
		t.Fatalf("logout: %d to %q, want 303 to /logged-out", resp.StatusCode, resp.Header.Get("Location"))
	}
	if got := lastLine(a.securityLog(t)); got != "sign_out oidc" {
		t.Errorf("security log: %q, want sign_out oidc", got)
	}
	status, body := getURL(t, &noFollow, w.base+"/logged-out")
	m := metaRefresh.FindStringSubmatch(body)
	if status != http.StatusOK || !strings.Contains(body, "Du er logget ud af kui") || m == nil ||
		!strings.Contains(body, "Log også ud hos din kommune") {
		t.Fatalf("/logged-out: %d, no refresh to the provider:\n%s", status, body)
	}
	end, err := url.Parse(strings.ReplaceAll(m[1], "&amp;", "&"))
	if err != nil {
		t.Fatal(err)
	}
	if end.Scheme+"://"+end.Host != w.p.Issuer || end.Query().Get("client_id") != "kui" ||
		end.Query().Get("post_logout_redirect_uri") != w.base+"/logged-out" || end.Query().Has("id_token_hint") {
		t.Errorf("end-session URL %s", end)
	}
	// The provider ends its session and sends the browser back.
	resp, err = noFollow.Get(end.String())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode/100 != 3 || !strings.HasPrefix(loc, w.base+"/logged-out") {
		t.Fatalf("provider's end_session: %d to %q", resp.StatusCode, loc)
	}
	status, body = getURL(t, &noFollow, resp.Header.Get("Location"))
	if status != http.StatusOK || metaRefresh.MatchString(body) || !strings.Contains(body, "Du er logget ud af kui") {
		t.Errorf("back on /logged-out: %d, the page must not send the browser on again", status)
	}
	if resp, err := noFollow.Get(w.base + "/"); err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Errorf("after signing out, / must send to /login")
	}

	// A password sign-in signs out as before.
	c := a.as("koordinator@a.example")
	out := c.post("/logout", nil)
	if out.status != http.StatusSeeOther || out.location(t) != "/login" {
		t.Errorf("password logout: %d to %q", out.status, out.location(t))
	}
	if got := lastLine(a.securityLog(t)); got != "sign_out password" {
		t.Errorf("security log: %q, want sign_out password", got)
	}
}

func TestSSOChooseFindsTheProviderByEmailDomain(t *testing.T) {
	a := newTestApp(t)
	w := newOIDCWorld(t, a, "")
	c := browserClient()
	status, body := getURL(t, c, w.base+"/login/sso?email="+url.QueryEscape("Nina@A.example")+"&next=%2Fyouth")
	if status != http.StatusOK || !strings.Contains(body, `href="/login/idp/a-login?next=%2Fyouth"`) {
		t.Errorf("found: %d\n%s", status, body)
	}
	status, body = getURL(t, c, w.base+"/login/sso?email=someone%40elsewhere.example")
	if status != http.StatusOK || !strings.Contains(body, "Vi fandt ikke noget login") || strings.Contains(body, "sso-link") {
		t.Errorf("not found: %d\n%s", status, body)
	}
	status, body = getURL(t, c, w.base+"/login/sso")
	if status != http.StatusOK || strings.Contains(body, "Vi fandt ikke") || !strings.Contains(body, `name="email"`) {
		t.Errorf("the empty form: %d", status)
	}
}

// B Kommune's provider cannot sign anyone in as A Kommune's user: a
// person it asserts with the e-mail of A's user is refused, and A's user
// is left as it was.
func TestOIDCProviderOfAnotherMunicipalityCannotTakeAUser(t *testing.T) {
	a := newTestApp(t)
	w := newOIDCWorld(t, a, "")
	b, err := demoidp.StartOIDC(demoidp.OIDCOptions{ClientID: "kui-b", ClientSecret: otherSecret,
		RedirectURIs: []string{w.base + "/login/idp/b-login/callback"}, Title: "B Kommunes login",
		Users: demoidp.NewUsers(demoidp.User{Username: "uu@a.example", Email: "uu@a.example", Name: "Falsk Ulla",
			Roles: []string{"kui:coordinator"}})})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	if _, err := a.DB.UpsertIdP(context.Background(), "B Kommune", casework.IdP{Slug: "b-login", DisplayName: "B Kommunes login",
		Protocol: casework.MethodOIDC, Enabled: true, OIDCIssuer: b.Issuer, OIDCClientID: "kui-b", OIDCSecretEnv: otherSecretEnv,
		Roles: []casework.RoleMapping{{Value: "kui:coordinator", Role: casework.RoleCoordinator}}}); err != nil {
		t.Fatal(err)
	}
	var nameBefore string
	if err := a.DB.Pool.QueryRow(context.Background(), `SELECT name FROM users WHERE email = 'uu@a.example'`).Scan(&nameBefore); err != nil {
		t.Fatal(err)
	}
	roleBefore, unitBefore, _, _ := a.userBy(t, "uu@a.example")
	before := a.signInCounts(t)
	resp, err := b.SignIn(context.Background(), browserClient(), w.base+"/login/idp/b-login", "uu@a.example")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(body), `data-testid="refusal-code">other_municipality<`) {
		t.Errorf("B's provider asserting A's user: %d, want 403 other_municipality", resp.StatusCode)
	}
	if after := a.signInCounts(t); after != before {
		t.Errorf("rows changed: %+v → %+v", before, after)
	}
	var nameAfter string
	if err := a.DB.Pool.QueryRow(context.Background(), `SELECT name FROM users WHERE email = 'uu@a.example'`).Scan(&nameAfter); err != nil {
		t.Fatal(err)
	}
	if role, unit, method, _ := a.userBy(t, "uu@a.example"); role != roleBefore || unit != unitBefore || method != "" || nameAfter != nameBefore {
		t.Errorf("A's user changed: %s/%s/%q/%q, was %s/%s/%q", role, unit, method, nameAfter, roleBefore, unitBefore, nameBefore)
	}
	if got := lastLine(a.securityLog(t)); got != "refused oidc other_municipality" {
		t.Errorf("security log: %q", got)
	}
}
