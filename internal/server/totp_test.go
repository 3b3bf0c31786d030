package server_test

import (
	"context"
	"html"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"kui/internal/casework"
	"kui/internal/live"
	"kui/internal/server"
	"kui/web"
)

// tlsClient is a browser on an instance served over https (BASE_URL
// https://…), where password accounts sign in with a second factor.
func (a *testApp) tlsClient(t *testing.T) *client {
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
	jar, _ := cookiejar.New(nil)
	hc := hs.Client()
	hc.Jar = jar
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &client{t: t, base: hs.URL, http: hc}
}

var totpTestOpts = totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// code is the authenticator app's code for secret, steps × 30 s from kui's
// clock.
func code(t *testing.T, secret string, steps int) string {
	t.Helper()
	c, err := totp.GenerateCodeCustom(secret, testNow().Add(time.Duration(steps)*30*time.Second), totpTestOpts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var totpSecretRE = regexp.MustCompile(`data-testid="totp-secret">([A-Z2-7]+)<`)

// enrol signs in with the password and sets up the second factor; it
// returns the secret.
func enrol(t *testing.T, c *client, email string) string {
	t.Helper()
	resp := c.post("/login", url.Values{"email": {email}, "password": {testPassword}})
	if resp.status != http.StatusSeeOther || resp.location(t) != "/login/totp/setup" {
		t.Fatalf("password: %d → %q", resp.status, resp.header.Get("Location"))
	}
	resp = c.get("/login/totp/setup")
	m := totpSecretRE.FindStringSubmatch(resp.body)
	if resp.status != http.StatusOK || m == nil || !strings.Contains(resp.body, `src="data:image/png;base64,`) {
		t.Fatalf("setup page: %d\n%s", resp.status, resp.body)
	}
	// Reloading shows the same secret: it waits in the session.
	if again := totpSecretRE.FindStringSubmatch(c.get("/login/totp/setup").body); again == nil || again[1] != m[1] {
		t.Error("the setup page made a new secret on reload")
	}
	resp = c.post("/login/totp/setup", url.Values{"code": {code(t, m[1], 0)}})
	if resp.status != http.StatusSeeOther || resp.location(t) != "/" {
		t.Fatalf("enrol: %d → %q\n%s", resp.status, resp.header.Get("Location"), formErrors(resp.body))
	}
	return m[1]
}

func signedIn(t *testing.T, c *client) bool {
	t.Helper()
	resp := c.get("/")
	return resp.status == http.StatusOK
}

func TestTOTPEnrolAndSignIn(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	c := app.tlsClient(t)
	uu := app.Users["uu@a.example"]

	// Without a right password there is nothing to give a code for.
	if resp := c.get("/login/totp"); resp.status != http.StatusSeeOther || resp.location(t) != "/login" {
		t.Errorf("/login/totp without a password: %d", resp.status)
	}
	if resp := c.post("/login/totp/setup", url.Values{"code": {"123456"}}); resp.status != http.StatusSeeOther || resp.location(t) != "/login" {
		t.Errorf("setup without a password: %d", resp.status)
	}

	// The password alone does not sign in.
	resp := c.post("/login", url.Values{"email": {"uu@a.example"}, "password": {testPassword}, "next": {"/youth"}})
	if resp.status != http.StatusSeeOther || resp.location(t) != "/login/totp/setup" {
		t.Fatalf("password: %d → %q", resp.status, resp.header.Get("Location"))
	}
	if signedIn(t, c) {
		t.Fatal("signed in by the password alone")
	}
	secret := totpSecretRE.FindStringSubmatch(c.get("/login/totp/setup").body)[1]
	// A wrong code does not enrol.
	resp = c.post("/login/totp/setup", url.Values{"code": {code(t, secret, 5)}})
	if resp.status != http.StatusUnprocessableEntity || !strings.Contains(html.UnescapeString(resp.body), web.Danish.Problems[casework.ProblemTOTPCode]) {
		t.Fatalf("wrong setup code: %d", resp.status)
	}
	if s, _ := app.DB.TOTPSecret(ctx, uu.ID); s != "" {
		t.Fatal("a wrong code enrolled the secret")
	}
	resp = c.post("/login/totp/setup", url.Values{"code": {code(t, secret, 0)}})
	if resp.status != http.StatusSeeOther || resp.location(t) != "/youth" {
		t.Fatalf("enrol: %d → %q", resp.status, resp.header.Get("Location"))
	}
	if !signedIn(t, c) {
		t.Fatal("not signed in after enrolment")
	}
	if s, _ := app.DB.TOTPSecret(ctx, uu.ID); s != secret {
		t.Errorf("stored secret %q, want %q", s, secret)
	}

	// The next sign-in asks for a code; the enrolment's code is used up.
	c2 := app.tlsClient(t)
	resp = c2.post("/login", url.Values{"email": {"uu@a.example"}, "password": {testPassword}})
	if resp.status != http.StatusSeeOther || resp.location(t) != "/login/totp" {
		t.Fatalf("second sign-in: %d → %q", resp.status, resp.header.Get("Location"))
	}
	if resp = c2.get("/login/totp/setup"); resp.status != http.StatusSeeOther || resp.location(t) != "/login/totp" {
		t.Errorf("setup once enrolled: %d", resp.status)
	}
	if resp = c2.get("/login/totp"); resp.status != http.StatusOK || !strings.Contains(resp.body, `autocomplete="one-time-code"`) {
		t.Errorf("code page: %d", resp.status)
	}
	for _, steps := range []int{0, -1} {
		if resp = c2.post("/login/totp", url.Values{"code": {code(t, secret, steps)}}); resp.status != http.StatusUnprocessableEntity {
			t.Errorf("a code of step %+d after step 0 was used: %d", steps, resp.status)
		}
	}
	if signedIn(t, c2) {
		t.Fatal("signed in by a used code")
	}
	if resp = c2.post("/login/totp", url.Values{"code": {code(t, secret, 1)}}); resp.status != http.StatusSeeOther || resp.location(t) != "/" {
		t.Fatalf("right code: %d\n%s", resp.status, formErrors(resp.body))
	}
	if !signedIn(t, c2) {
		t.Fatal("not signed in after the right code")
	}
	// That code works once.
	c3 := app.tlsClient(t)
	c3.post("/login", url.Values{"email": {"uu@a.example"}, "password": {testPassword}})
	if resp = c3.post("/login/totp", url.Values{"code": {code(t, secret, 1)}}); resp.status != http.StatusUnprocessableEntity {
		t.Errorf("the same code twice: %d", resp.status)
	}

	var method string
	var events []string
	if err := app.DB.Pool.QueryRow(ctx, `SELECT last_sign_in_method FROM users WHERE id = $1`, uu.ID).Scan(&method); err != nil || method != "password" {
		t.Errorf("last sign-in method %q (%v)", method, err)
	}
	rows, err := app.DB.Pool.Query(ctx, `SELECT event || '/' || method || '/' || reason FROM security_log WHERE user_id = $1 ORDER BY id`, uu.ID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			t.Fatal(err)
		}
		events = append(events, e)
	}
	want := "totp_enrolled/totp/ sign_in/totp/ refused/totp/totp refused/totp/totp sign_in/totp/ refused/totp/totp"
	if got := strings.Join(events, " "); got != want {
		t.Errorf("security log:\n%s\nwant\n%s", got, want)
	}
	if resp := app.as("admin@a.example").get("/admin/users"); !strings.Contains(resp.body, web.Danish.IdPT.Yes) {
		t.Error("the user list does not show the second factor")
	}
}

// Wrong codes count in the login throttle: after a few, even the right
// code is refused until the lock is over.
func TestTOTPWrongCodesLock(t *testing.T) {
	app := newTestApp(t)
	c := app.tlsClient(t)
	secret := enrol(t, c, "ssp@a.example")
	c = app.tlsClient(t)
	if resp := c.post("/login", url.Values{"email": {"ssp@a.example"}, "password": {testPassword}}); resp.location(t) != "/login/totp" {
		t.Fatalf("password: %d", resp.status)
	}
	var locked bool
	for i := range 8 {
		resp := c.post("/login/totp", url.Values{"code": {"000000"}})
		if resp.status == http.StatusTooManyRequests {
			locked = true
			if i < 5 {
				t.Errorf("locked after %d wrong codes", i)
			}
			break
		}
		if resp.status != http.StatusUnprocessableEntity {
			t.Fatalf("wrong code %d: %d", i, resp.status)
		}
	}
	if !locked {
		t.Fatal("8 wrong codes and no lock")
	}
	resp := c.post("/login/totp", url.Values{"code": {code(t, secret, 1)}})
	if resp.status != http.StatusTooManyRequests || resp.header.Get("Retry-After") == "" || signedIn(t, c) {
		t.Errorf("the right code while locked: %d", resp.status)
	}
}

// Plain http (make run) has no second factor.
func TestTOTPNotOverHTTP(t *testing.T) {
	app := newTestApp(t)
	resp := app.anonymous().post("/login", url.Values{"email": {"uu@a.example"}, "password": {testPassword}})
	if resp.status != http.StatusSeeOther || resp.location(t) != "/" {
		t.Errorf("password over http: %d → %q", resp.status, resp.header.Get("Location"))
	}
}
