package server_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"kui/internal/live"
	"kui/internal/server"
	"kui/web"
)

// replay sends requests with exactly the session cookie it is given, as a
// browser that kept an old cookie, or someone who stole one, would: no
// cookie jar, no redirects followed.
type replay struct {
	t      *testing.T
	http   *http.Client
	cookie string // the session cookie's name
}

func newReplay(t *testing.T, transport http.RoundTripper, cookie string) replay {
	return replay{t: t, cookie: cookie, http: &http.Client{
		Transport:     transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

func (p replay) get(base, path, token string) response {
	p.t.Helper()
	return p.send(http.MethodGet, base, path, token, nil)
}

func (p replay) post(base, path, token string, form url.Values) response {
	p.t.Helper()
	return p.send(http.MethodPost, base, path, token, form)
}

func (p replay) send(method, base, path, token string, form url.Values) response {
	p.t.Helper()
	req, err := http.NewRequest(method, base+path, strings.NewReader(form.Encode()))
	if err != nil {
		p.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if token != "" {
		req.AddCookie(&http.Cookie{Name: p.cookie, Value: token})
	}
	return (&client{t: p.t, base: base, http: p.http}).do(req)
}

// token is the session token a response sets ("" when it sets none).
func (p replay) token(resp response) string {
	for _, c := range (&http.Response{Header: resp.header}).Cookies() {
		if c.Name == p.cookie {
			return c.Value
		}
	}
	return ""
}

// signedIn tells whether token is a signed-in session on the instance at
// base: the home page answers, rather than sending to /login.
func (p replay) signedIn(base, token string) bool {
	p.t.Helper()
	resp := p.get(base, "/", token)
	switch {
	case resp.status == http.StatusOK:
		return true
	case resp.status == http.StatusSeeOther && strings.HasPrefix(resp.location(p.t), "/login"):
		return false
	}
	p.t.Fatalf("home page: %d → %q", resp.status, resp.header.Get("Location"))
	return false
}

// signIn signs in with a password on the instance at base, with the
// session cookie token (may be ""), and returns the new session's token.
func (p replay) signIn(base, token, email string) string {
	p.t.Helper()
	resp := p.post(base, "/login", token, url.Values{"email": {email}, "password": {testPassword}})
	if resp.status != http.StatusSeeOther {
		p.t.Fatalf("sign-in as %s: %d", email, resp.status)
	}
	t := p.token(resp)
	if t == "" {
		p.t.Fatal("sign-in set no session cookie")
	}
	return t
}

// sessionRow is a session's row as stored; xmin tells whether it was
// written.
type sessionRow struct {
	xmin             string
	expiry, deadline time.Time
	revoked          bool
}

func (r sessionRow) String() string {
	return fmt.Sprintf("{xmin %s, expiry %s, deadline %s, revoked %v}", r.xmin,
		r.expiry.UTC().Format(time.RFC3339Nano), r.deadline.UTC().Format(time.RFC3339Nano), r.revoked)
}

func (a *testApp) sessionRow(t *testing.T, token string) sessionRow {
	t.Helper()
	var r sessionRow
	if err := a.DB.Pool.QueryRow(context.Background(), `SELECT xmin::text, expiry, deadline, revoked_at IS NOT NULL FROM sessions WHERE token = $1`, token).
		Scan(&r.xmin, &r.expiry, &r.deadline, &r.revoked); err != nil {
		t.Fatalf("session row: %v", err)
	}
	return r
}

// startTLSInstance starts an instance served over https (BASE_URL
// https://…, so password accounts sign in with a second factor) on the
// test's database. Every such instance has the same test certificate.
func (a *testApp) startTLSInstance(t *testing.T) *httptest.Server {
	t.Helper()
	logger := slog.New(slog.NewJSONHandler(a.logs, nil))
	hub := live.NewHub(a.dbURL, logger)
	ctx, stop := context.WithCancel(context.Background())
	go func() { _ = hub.Run(ctx) }()
	srv := server.NewServer(logger, a.DB, server.Config{BaseURL: "https://kui.a.example", Live: hub, RequestTimeLimit: testRequestTimeLimit})
	hs := httptest.NewUnstartedServer(srv)
	hs.StartTLS()
	t.Cleanup(func() {
		hub.Close()
		hs.Close()
		stop()
		srv.Close()
	})
	return hs
}

// A logout on one instance ends the session on every instance at once,
// and the logout's flash is shown once, on whichever instance.
func TestSessionLogoutOnOneInstanceEndsItOnAll(t *testing.T) {
	a := newTestApp(t)
	instA, instB := a.URL, a.startInstance(a.DB)
	p := newReplay(t, nil, "kui_session")

	token := p.signIn(instA, "", "uu@a.example")
	if !p.signedIn(instA, token) || !p.signedIn(instB, token) {
		t.Fatal("the session is not signed in on both instances")
	}
	out := p.post(instB, "/logout", token, nil)
	if out.status != http.StatusSeeOther || out.location(t) != "/login" {
		t.Fatalf("logout on B: %d → %q", out.status, out.header.Get("Location"))
	}
	if p.signedIn(instA, token) {
		t.Error("the logged-out cookie is still signed in on A")
	}
	if p.signedIn(instB, token) {
		t.Error("the logged-out cookie is still signed in on B")
	}

	after := p.token(out)
	if after == "" || after == token {
		t.Fatalf("logout set session token %q", after)
	}
	first := p.get(instA, "/login", after)
	if first.status != http.StatusOK || !strings.Contains(first.body, web.Danish.LoggedOut) {
		t.Errorf("the logout's flash on A: %d, shown %v", first.status, strings.Contains(first.body, web.Danish.LoggedOut))
	}
	if p.token(first) != after {
		t.Error("showing the flash did not save the session without it")
	}
	if again := p.get(instB, "/login", after); strings.Contains(again.body, web.Danish.LoggedOut) {
		t.Error("the flash was shown twice")
	}
}

// A new token at sign-in (against session fixation) holds on every
// instance: the cookie from before is not signed in anywhere.
func TestSessionRenewedAtSignInOnEveryInstance(t *testing.T) {
	a := newTestApp(t)
	instA, instB := a.URL, a.startInstance(a.DB)
	p := newReplay(t, nil, "kui_session")

	// A session before sign-in: a logout without being signed in leaves a
	// flash in it.
	before := p.token(p.post(instA, "/logout", "", nil))
	if before == "" {
		t.Fatal("no session before the sign-in")
	}
	signedIn := p.signIn(instA, before, "uu@a.example")
	if signedIn == before {
		t.Fatal("the sign-in kept the session token")
	}
	if !p.signedIn(instB, signedIn) {
		t.Fatal("the new session is not signed in on B")
	}
	for name, inst := range map[string]string{"A": instA, "B": instB} {
		if p.signedIn(inst, before) {
			t.Errorf("the cookie from before the sign-in is signed in on %s", name)
		}
	}
	if r := a.sessionRow(t, before); !r.revoked {
		t.Errorf("the session from before the sign-in is not revoked: %v", r)
	}
}

// Over https a password is followed by a code: the cookie of the step in
// between (password right, code not yet given) is not signed in on any
// instance after the code, nor before it.
func TestSessionRenewedAtTheSecondFactorOnEveryInstance(t *testing.T) {
	a := newTestApp(t)
	hsA, hsB := a.startTLSInstance(t), a.startTLSInstance(t)
	instA, instB := hsA.URL, hsB.URL
	p := newReplay(t, hsA.Client().Transport, "__Host-kui_session")

	resp := p.post(instA, "/login", "", url.Values{"email": {"uu@a.example"}, "password": {testPassword}})
	pending := p.token(resp)
	if resp.status != http.StatusSeeOther || resp.location(t) != "/login/totp/setup" || pending == "" {
		t.Fatalf("password: %d → %q", resp.status, resp.header.Get("Location"))
	}
	setup := p.get(instB, "/login/totp/setup", pending)
	m := totpSecretRE.FindStringSubmatch(setup.body)
	if setup.status != http.StatusOK || m == nil {
		t.Fatalf("setup page on B: %d", setup.status)
	}
	if p.signedIn(instA, pending) || p.signedIn(instB, pending) {
		t.Fatal("signed in by the password alone")
	}
	resp = p.post(instA, "/login/totp/setup", pending, url.Values{"code": {code(t, m[1], 0)}})
	signedIn := p.token(resp)
	if resp.status != http.StatusSeeOther || resp.location(t) != "/" || signedIn == "" || signedIn == pending {
		t.Fatalf("enrol: %d → %q, new token %v", resp.status, resp.header.Get("Location"), signedIn != pending)
	}
	if !p.signedIn(instB, signedIn) {
		t.Fatal("the new session is not signed in on B")
	}
	for name, inst := range map[string]string{"A": instA, "B": instB} {
		if p.signedIn(inst, pending) {
			t.Errorf("the cookie from before the code is signed in on %s", name)
		}
	}
}

// A signed-in page view writes nothing to its session: no Set-Cookie, the
// row untouched. When the session's idle deadline is due to move, the view
// moves it in the row, still without a cookie.
func TestSessionSignedInGetDoesNotWrite(t *testing.T) {
	a := newTestApp(t)
	instA, instB := a.URL, a.startInstance(a.DB)
	p := newReplay(t, nil, "kui_session")
	token := p.signIn(instA, "", "uu@a.example")

	// An expiry at the deadline never needs a touch, so the row stays as
	// it is however slowly the test runs.
	if _, err := a.DB.Pool.Exec(context.Background(), `UPDATE sessions SET expiry = deadline WHERE token = $1`, token); err != nil {
		t.Fatal(err)
	}
	before := a.sessionRow(t, token)
	for name, inst := range map[string]string{"A": instA, "B": instB} {
		resp := p.get(inst, "/", token)
		if resp.status != http.StatusOK {
			t.Fatalf("home page on %s: %d", name, resp.status)
		}
		if c := resp.header.Values("Set-Cookie"); len(c) > 0 {
			t.Errorf("a signed-in page view on %s set a cookie: %q", name, c)
		}
		if after := a.sessionRow(t, token); after != before {
			t.Errorf("a signed-in page view on %s wrote the session row: %v, before %v", name, after, before)
		}
	}

	// An expiry a minute away: the next view moves it idle (30 min) from
	// the request, once.
	if _, err := a.DB.Pool.Exec(context.Background(), `UPDATE sessions SET expiry = $2 WHERE token = $1`, token, time.Now().Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	before = a.sessionRow(t, token)
	from := time.Now()
	resp := p.get(instB, "/", token)
	to := time.Now()
	if resp.status != http.StatusOK {
		t.Fatalf("home page on B: %d", resp.status)
	}
	if c := resp.header.Values("Set-Cookie"); len(c) > 0 {
		t.Errorf("a page view that moved the idle deadline set a cookie: %q", c)
	}
	after := a.sessionRow(t, token)
	if after.xmin == before.xmin || after.expiry.Before(from.Add(30*time.Minute).Truncate(time.Microsecond)) || after.expiry.After(to.Add(30*time.Minute)) {
		t.Errorf("idle deadline due: the row is %v (before %v), want the expiry 30 min after the request", after, before)
	}
}

// A deactivated account is signed out at its next request on every
// instance: the session is read, and its user with it, on every request.
func TestSessionOfADeactivatedUserEndsAtOnce(t *testing.T) {
	a := newTestApp(t)
	instA, instB := a.URL, a.startInstance(a.DB)
	p := newReplay(t, nil, "kui_session")
	token := p.signIn(instA, "", "uu@a.example")
	if !p.signedIn(instA, token) || !p.signedIn(instB, token) {
		t.Fatal("the session is not signed in on both instances")
	}
	if _, err := a.DB.Pool.Exec(context.Background(), `UPDATE users SET active = false WHERE id = $1`, a.Users["uu@a.example"].ID); err != nil {
		t.Fatal(err)
	}
	for name, inst := range map[string]string{"A": instA, "B": instB} {
		if p.signedIn(inst, token) {
			t.Errorf("a deactivated user's session is still signed in on %s", name)
		}
	}
}

// When the session cannot be saved, the failure page is the whole answer:
// the page the handler rendered (here the units list, which pops a flash and
// so saves the session) is not appended after it.
func TestSessionSaveFailureShowsOnlyTheErrorPage(t *testing.T) {
	a := newTestApp(t)
	admin := a.as("admin@a.example")
	const unit = "Gadeplan Øst"
	if resp := admin.post("/admin/units", url.Values{"name": {unit}}); resp.status != http.StatusSeeOther {
		t.Fatalf("add unit: %d", resp.status)
	}
	ctx := context.Background()
	if _, err := a.DB.Pool.Exec(ctx, `
		CREATE FUNCTION refuse_session_write() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN RAISE EXCEPTION 'sessions are read-only in this test'; END $$;
		CREATE TRIGGER refuse_session_write BEFORE INSERT OR UPDATE ON sessions
			FOR EACH ROW EXECUTE FUNCTION refuse_session_write();`); err != nil {
		t.Fatal(err)
	}
	resp := admin.get("/admin/units")
	if resp.status != http.StatusInternalServerError {
		t.Errorf("units page with a session that cannot be saved: %d, want 500", resp.status)
	}
	if strings.Contains(resp.body, unit) {
		t.Errorf("the page rendered before the failed save was sent after the error page:\n%s", resp.body)
	}
	if n := strings.Count(strings.ToLower(resp.body), "</html>"); n != 1 {
		t.Errorf("the answer holds %d HTML documents, want the error page only:\n%s", n, resp.body)
	}
	if _, err := a.DB.Pool.Exec(ctx, `DROP TRIGGER refuse_session_write ON sessions`); err != nil {
		t.Fatal(err)
	}
	if page := admin.get("/admin/units"); page.status != http.StatusOK || !strings.Contains(page.body, unit) {
		t.Errorf("after the database accepts writes again: %d", page.status)
	}
}
