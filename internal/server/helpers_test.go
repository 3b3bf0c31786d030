package server_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"kui/internal/casework"
	"kui/internal/live"
	"kui/internal/pgtest"
	"kui/internal/postgres"
	"kui/internal/server"
)

func TestMain(m *testing.M) { pgtest.Main(validatingM{m}) }

const testPassword = "test-password-1234"

// The fixture's accounts: two municipalities, every role, and caseworkers
// who are and are not on a young person's team.
var fixtureUsers = []casework.NewUser{
	{Email: "koordinator@a.example", Name: "Karen Koordinator", Role: casework.RoleCoordinator, Municipality: "A Kommune", Unit: "Ungeenheden"},
	{Email: "admin@a.example", Name: "Anna Admin", Role: casework.RoleAdmin, Municipality: "A Kommune"},
	{Email: "tovholder@a.example", Name: "Tove Tovholder", Role: casework.RoleFacilitator, Municipality: "A Kommune", Unit: "Ungeenheden"},
	{Email: "uu@a.example", Name: "Ulla Ungevejleder", Role: casework.RoleCaseworker, Municipality: "A Kommune", Unit: "UU/Ungevejledning"},
	{Email: "mentor@a.example", Name: "Mads Mentor", Role: casework.RoleCaseworker, Municipality: "A Kommune", Unit: "Mentor"},
	{Email: "jobcenter@a.example", Name: "Jonna Jobcenter", Role: casework.RoleCaseworker, Municipality: "A Kommune", Unit: "Jobcenter"},
	{Email: "familie@a.example", Name: "Frede Familie", Role: casework.RoleCaseworker, Municipality: "A Kommune", Unit: "Familierådgivning"},
	{Email: "ssp@a.example", Name: "Sofie SSP", Role: casework.RoleCaseworker, Municipality: "A Kommune", Unit: "SSP"},
	{Email: "skole@a.example", Name: "Søren Skole", Role: casework.RoleCaseworker, Municipality: "A Kommune", Unit: "Skole"},
	{Email: "koordinator@b.example", Name: "Bo Koordinator", Role: casework.RoleCoordinator, Municipality: "B Kommune"},
	{Email: "uu@b.example", Name: "Bente Ungevejleder", Role: casework.RoleCaseworker, Municipality: "B Kommune"},
}

// testApp is the real server on a fresh, migrated database, over real HTTP.
type testApp struct {
	t     testing.TB
	DB    *postgres.DB
	dbURL string
	URL   string
	Users map[string]casework.User
	logs  *syncBuffer
}

// syncBuffer collects the server's technical log, to check what reaches it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testRequestTimeLimit replaces the 2.5 s a request may work in production:
// on a busy machine, under the race detector, checking a password alone can
// take longer, and these tests are about what a request answers, not how
// fast (the time limit itself is tested against the real serve, in
// cmd/kui's fault tests).
const testRequestTimeLimit = time.Minute

func newTestApp(t testing.TB) *testApp {
	t.Helper()
	ctx := context.Background()
	dbURL := pgtest.NewDatabase(t)
	db, err := postgres.Open(ctx, dbURL, postgres.WithClock(func() time.Time { return fixedNow }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	app := &testApp{t: t, DB: db, dbURL: dbURL, Users: map[string]casework.User{}, logs: &syncBuffer{}}
	for _, nu := range fixtureUsers {
		nu.Password = testPassword
		u, err := db.CreateUser(ctx, nu)
		if err != nil {
			t.Fatalf("fixture user %s: %v", nu.Email, err)
		}
		app.Users[nu.Email] = u
	}
	app.URL = app.startInstance(db)
	t.Cleanup(func() { assertOneClock(t, dbURL) })
	return app
}

// startInstance starts one more app instance on the test's database, with
// its own live hub (its own LISTEN connection), as a second server behind
// a load balancer would be, and returns its URL.
func (a *testApp) startInstance(db *postgres.DB) string {
	a.t.Helper()
	return a.startInstanceWith(db, server.Config{})
}

// startInstanceWith starts an instance as startInstance does, configured
// by cfg (its live hub and request time limit are the tests').
func (a *testApp) startInstanceWith(db *postgres.DB, cfg server.Config) string {
	a.t.Helper()
	_, url := a.startServer(db, cfg)
	return url
}

// startServer starts an instance as startInstanceWith does and returns its
// server too (to count its renders, say).
func (a *testApp) startServer(db *postgres.DB, cfg server.Config) (*server.Server, string) {
	a.t.Helper()
	logger := slog.New(slog.NewJSONHandler(a.logs, nil))
	hub := live.NewHub(a.dbURL, logger)
	ctx, stop := context.WithCancel(context.Background())
	go func() { _ = hub.Run(ctx) }()
	cfg.Live, cfg.RequestTimeLimit = hub, testRequestTimeLimit
	srv := server.NewServer(logger, db, cfg)
	hs := httptest.NewUnstartedServer(srv)
	hs.Config.RegisterOnShutdown(hub.Close)
	hs.Start()
	a.t.Cleanup(func() {
		hub.Close()
		hs.Close()
		stop()
		srv.Close()
	})
	select {
	case <-hub.Ready():
	case <-time.After(10 * time.Second):
		a.t.Fatal("the live hub did not start listening")
	}
	return srv, hs.URL
}

// createYouth makes a young person as the given user, through the store.
func (a *testApp) createYouth(email, name string) int64 {
	a.t.Helper()
	d, err := casework.YouthForm{Name: name, BirthDate: day(0).AddDate(-16, -3, 0).Format(time.DateOnly), Level: "bump", NeedCategory: "koordineret", JoinTeam: true}.Validate(fixedNow, true)
	if err != nil {
		a.t.Fatal(err)
	}
	id, err := a.DB.CreateYouth(context.Background(), a.Users[email], d)
	if err != nil {
		a.t.Fatal(err)
	}
	return id
}

// client is a browser-like HTTP client: a cookie jar, no automatic
// redirects, so tests see the 303s.
type client struct {
	t    testing.TB
	base string
	http *http.Client
}

func (a *testApp) anonymous() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: a.t, base: a.URL, http: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// as is a client signed in as the given fixture user.
func (a *testApp) as(email string) *client {
	a.t.Helper()
	c := a.anonymous()
	resp := c.post("/login", url.Values{"email": {email}, "password": {testPassword}})
	if resp.status != http.StatusSeeOther {
		a.t.Fatalf("login as %s: status %d", email, resp.status)
	}
	return c
}

type response struct {
	status int
	header http.Header
	body   string
}

func (c *client) do(req *http.Request) response {
	c.t.Helper()
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: string(body)}
}

func (c *client) get(path string) response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.base+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.do(req)
}

func (c *client) post(path string, form url.Values) response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// location is where a 303 points, as a path.
func (r response) location(t testing.TB) string {
	t.Helper()
	u, err := url.Parse(r.header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return u.Path
}
