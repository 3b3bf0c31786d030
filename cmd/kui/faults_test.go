package main

// Fault tests: the real `kui serve` (serve, as main runs it) under load
// against a real PostgreSQL that is stopped and restarted, or frozen and
// thawed, whose LISTEN connection is killed; the app shut down with SIGTERM
// (cancelling serve's context is exactly what signal.NotifyContext in main
// does) while requests are in flight; three instances starting at once on
// an empty database. They stop this test binary's own cluster
// (pgtest.Cluster), so they never run in parallel.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
	"kui/internal/live"
	"kui/internal/pgtest"
	"kui/internal/postgres"
	"kui/migrations"
)

const (
	faultPassword  = "fault-password-1234"
	faultYouthName = "Frida Fejlsøgning"
	// unavailableTitle is the Danish 503 page's heading (web.Danish).
	unavailableTitle = "kui er midlertidigt utilgængelig"
)

var copenhagen = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		panic(err)
	}
	return loc
}()

// syncBuffer is a technical log that goroutines may write to at once.
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

// faultFixture is a migrated test database with a caseworker and a young
// person on her team.
type faultFixture struct {
	dbURL   string
	users   map[string]casework.User
	youthID int64
}

func newFaultFixture(t *testing.T) faultFixture {
	t.Helper()
	ctx := context.Background()
	f := faultFixture{dbURL: pgtest.NewDatabase(t), users: map[string]casework.User{}}
	db, err := postgres.Open(ctx, f.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, nu := range []casework.NewUser{
		{Email: "uu@f.example", Name: "Ulla Ungevejleder", Role: casework.RoleCaseworker, Municipality: "F Kommune", Unit: "UU"},
		{Email: "koordinator@f.example", Name: "Karen Koordinator", Role: casework.RoleCoordinator, Municipality: "F Kommune"},
	} {
		nu.Password = faultPassword
		u, err := db.CreateUser(ctx, nu)
		if err != nil {
			t.Fatalf("user %s: %v", nu.Email, err)
		}
		f.users[nu.Email] = u
	}
	d, err := casework.YouthForm{Name: faultYouthName, BirthDate: "2010-03-12", Level: "bump", NeedCategory: "koordineret", JoinTeam: true}.Validate(time.Now(), true)
	if err != nil {
		t.Fatal(err)
	}
	if f.youthID, err = db.CreateYouth(ctx, f.users["uu@f.example"], d); err != nil {
		t.Fatal(err)
	}
	return f
}

// faultApp is one running `kui serve`.
type faultApp struct {
	t       *testing.T
	base    string
	logs    *syncBuffer
	sigterm context.CancelFunc
	exited  chan struct{} // closed when serve has returned; err is then set
	err     error
}

// startServe runs serve on dbURL on a free port and waits until it listens.
// The test's end sends it SIGTERM and waits for it.
func startServe(t *testing.T, dbURL string, env ...string) *faultApp {
	t.Helper()
	a, err := launchServe(t, dbURL, env...)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// launchServe is startServe for any goroutine: it reports instead of
// failing the test. env is more of serve's environment, as "KEY", "value"
// pairs.
func launchServe(t *testing.T, dbURL string, env ...string) (*faultApp, error) {
	ctx, cancel := context.WithCancel(context.Background())
	a := &faultApp{t: t, logs: &syncBuffer{}, sigterm: cancel, exited: make(chan struct{})}
	logger := slog.New(slog.NewJSONHandler(a.logs, nil))
	getenv := func(k string) string {
		if k == "ADDR" {
			return "127.0.0.1:0"
		}
		for i := 0; i+1 < len(env); i += 2 {
			if env[i] == k {
				return env[i+1]
			}
		}
		return ""
	}
	ready := make(chan string, 1)
	go func() {
		defer close(a.exited)
		a.err = serve(ctx, getenv, logger, dbURL, func(addr string) { ready <- addr })
	}()
	t.Cleanup(func() {
		cancel()
		if !a.waitExit(30 * time.Second) {
			t.Error("serve did not return within 30 s of SIGTERM")
		}
		if strings.Contains(a.logs.String(), "panic") {
			t.Errorf("the server's log mentions a panic:\n%s", a.logs.String())
		}
	})
	select {
	case addr := <-ready:
		a.base = "http://" + addr
		return a, nil
	case <-a.exited:
		return nil, fmt.Errorf("serve returned before listening: %v\n%s", a.err, a.logs.String())
	case <-time.After(60 * time.Second):
		return nil, errors.New("serve did not listen within 60 s")
	}
}

// waitExit waits up to d for serve to return.
func (a *faultApp) waitExit(d time.Duration) bool {
	select {
	case <-a.exited:
		return true
	case <-time.After(d):
		return false
	}
}

// faultClient is a signed-in browser: its own cookie jar and connections,
// no automatic redirects, and a 10 s limit per request (well above the 3 s
// every request must answer within, so a hang shows as a slow answer).
type faultClient struct {
	base string
	http *http.Client
}

func (a *faultApp) client() *faultClient {
	jar, _ := cookiejar.New(nil)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	a.t.Cleanup(tr.CloseIdleConnections)
	return &faultClient{base: a.base, http: &http.Client{
		Jar: jar, Transport: tr, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

func (a *faultApp) login(email string) *faultClient {
	a.t.Helper()
	c := a.client()
	// A busy machine may take longer than a request may work to check the
	// password (a slow hash, slower still under the race detector): as a
	// person would, try again.
	for start := time.Now(); ; {
		r := c.do(http.MethodPost, "/login", url.Values{"email": {email}, "password": {faultPassword}})
		if r.err == nil && r.status == http.StatusSeeOther {
			return c
		}
		if r.status != http.StatusServiceUnavailable || time.Since(start) > faultWaitLimit {
			a.t.Fatalf("login as %s: %d %v", email, r.status, r.err)
		}
	}
}

type faultResult struct {
	path       string
	start, end time.Time
	status     int
	header     http.Header
	body       string
	err        error
}

func (r faultResult) took() time.Duration { return r.end.Sub(r.start) }

func (r faultResult) ok() bool {
	return r.err == nil && (r.status == http.StatusOK || r.status == http.StatusSeeOther)
}

// unavailablePage tells whether r is the Danish "try again" page.
func (r faultResult) unavailablePage() bool {
	return r.err == nil && r.status == http.StatusServiceUnavailable &&
		strings.HasPrefix(r.header.Get("Content-Type"), "text/html") &&
		strings.Contains(r.body, unavailableTitle) && r.header.Get("Retry-After") != ""
}

func (r faultResult) String() string {
	if r.err != nil {
		return fmt.Sprintf("%s after %v: %v", r.path, r.took().Round(time.Millisecond), r.err)
	}
	return fmt.Sprintf("%s after %v: %d", r.path, r.took().Round(time.Millisecond), r.status)
}

// do sends a request; it never fails the test, so goroutines may use it.
func (c *faultClient) do(method, path string, form url.Values) faultResult {
	res := faultResult{path: method + " " + path, start: time.Now()}
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		res.err, res.end = err, time.Now()
		return res
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.http.Do(req)
	if err == nil {
		var b []byte
		b, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		res.status, res.header, res.body = resp.StatusCode, resp.Header, string(b)
	}
	res.err, res.end = err, time.Now()
	return res
}

func (c *faultClient) createMeeting(t *testing.T, youthID int64) int64 {
	t.Helper()
	starts := time.Now().In(copenhagen).AddDate(0, 0, 7).Format("2006-01-02") + "T10:00"
	r := c.do(http.MethodPost, "/youth/"+strconv.FormatInt(youthID, 10)+"/meetings",
		url.Values{"kind": {"samarbejdsmoede"}, "starts_at": {starts}})
	loc := r.header.Get("Location")
	if r.status != http.StatusSeeOther || !strings.HasPrefix(loc, "/meetings/") {
		t.Fatalf("plan a meeting: %v, to %q", r, loc)
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(loc, "/meetings/"), 10, 64)
	if err != nil {
		t.Fatalf("plan a meeting: redirect to %q", loc)
	}
	return id
}

func (c *faultClient) addPlanItem(t *testing.T, meetingID int64, text string) {
	t.Helper()
	due := time.Now().In(copenhagen).AddDate(0, 0, 30).Format("2006-01-02")
	r := c.do(http.MethodPost, "/meetings/"+strconv.FormatInt(meetingID, 10)+"/plan",
		url.Values{"text": {text}, "owner": {"youth"}, "due": {due}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("add a plan item: %v", r)
	}
}

// sseStream reads a Server-Sent Events stream: one "event data" string per
// event; the channel closes when the stream ends.
type sseStream struct {
	events chan string
	ended  chan struct{}
	cancel context.CancelFunc
}

func (c *faultClient) openEvents(t *testing.T, path string) *sseStream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "text/event-stream") // as EventSource asks
	// A client without the 10 s limit: a stream lasts.
	hc := &http.Client{Jar: c.http.Jar, Transport: c.http.Transport}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		resp.Body.Close()
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	s := &sseStream{events: make(chan string, 64), ended: make(chan struct{}), cancel: cancel}
	go func() {
		defer close(s.ended)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var event, data string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = strings.TrimPrefix(line, "data: ")
			case line == "" && event != "":
				select {
				case s.events <- event + " " + data:
				default: // a reader that stopped reading: drop
				}
				event, data = "", ""
			}
		}
	}()
	return s
}

// next is the next event within d, or "" when none came or the stream ended.
func (s *sseStream) next(d time.Duration) string {
	select {
	case ev := <-s.events:
		return ev
	case <-s.ended:
		select {
		case ev := <-s.events:
			return ev
		default:
			return ""
		}
	case <-time.After(d):
		return ""
	}
}

// faultLoad is readers of a young person's page and of the list, a writer
// creating young people, and a readiness probe, each in a loop, until
// finish.
type faultLoad struct {
	mu      sync.Mutex
	results map[string][]faultResult // per worker, in order
	stop    chan struct{}
	wg      sync.WaitGroup
}

func startLoad(t *testing.T, app *faultApp, f faultFixture) *faultLoad {
	t.Helper()
	l := &faultLoad{results: map[string][]faultResult{}, stop: make(chan struct{})}
	worker := func(name string, c *faultClient, next func(i int) (string, string, url.Values)) {
		l.mu.Lock()
		l.results[name] = nil // a worker with no answer yet is waited for too
		l.mu.Unlock()
		l.wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-l.stop:
					return
				default:
				}
				method, path, form := next(i)
				r := c.do(method, path, form)
				l.mu.Lock()
				l.results[name] = append(l.results[name], r)
				l.mu.Unlock()
				time.Sleep(5 * time.Millisecond)
			}
		})
	}
	youthPage := "/youth/" + strconv.FormatInt(f.youthID, 10)
	for w := range 4 {
		c := app.login("uu@f.example")
		worker("reader"+strconv.Itoa(w), c, func(i int) (string, string, url.Values) {
			if (i+w)%2 == 0 {
				return http.MethodGet, youthPage, nil
			}
			return http.MethodGet, "/youth?q=Frida", nil
		})
	}
	writer := app.login("uu@f.example")
	worker("writer", writer, func(i int) (string, string, url.Values) {
		return http.MethodPost, "/youth", url.Values{"name": {"Skrevet Under Last " + strconv.Itoa(i)}, "birth_date": {"2011-05-01"},
			"level": {"lidt_hjaelp"}, "need_category": {"tidlig"}, "join_team": {"1"}}
	})
	worker("readyz", app.client(), func(int) (string, string, url.Values) { return http.MethodGet, "/readyz", nil })
	t.Cleanup(l.finish)
	return l
}

// faultWaitLimit bounds every wait for the load to show something. The
// waits end as soon as it shows: the bound is only there so that a broken
// app fails the test instead of hanging it, and is generous because a busy
// machine makes everything slower without anything being wrong.
const faultWaitLimit = 60 * time.Second

// waitUntil keeps the load on until every worker's results so far satisfy
// done, and fails the test when that takes longer than faultWaitLimit.
// Tests wait for what they need to have seen, never for a fixed time.
func (l *faultLoad) waitUntil(t *testing.T, what string, done func(worker string, rs []faultResult) bool) {
	t.Helper()
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		l.mu.Lock()
		all := len(l.results) > 0
		for name, rs := range l.results {
			all = all && done(name, rs)
		}
		l.mu.Unlock()
		if all {
			return
		}
		if time.Since(start) > faultWaitLimit {
			t.Fatalf("after %v the load had still not shown %s", faultWaitLimit, what)
		}
	}
}

// atWork waits until every worker has had three normal answers (the writer
// its young people acknowledged): the app is at work.
func (l *faultLoad) atWork(t *testing.T) {
	t.Helper()
	l.waitUntil(t, "every worker answered normally three times", func(_ string, rs []faultResult) bool {
		n := 0
		for _, r := range rs {
			if r.ok() {
				n++
			}
		}
		return n >= 3
	})
}

// answeredWithin waits until every worker has had at least one request
// made and answered wholly after from: each has met the outage.
func (l *faultLoad) answeredWithin(t *testing.T, from time.Time) {
	t.Helper()
	l.waitUntil(t, "every worker's request answered during the outage", func(_ string, rs []faultResult) bool {
		for _, r := range rs {
			if r.start.After(from) {
				return true
			}
		}
		return false
	})
}

// settle keeps the load on until every worker has answered normally ten
// times in a row since up (or faultWaitLimit has passed; check then tells
// which worker did not come back).
func (l *faultLoad) settle(up time.Time) {
	for time.Since(up) < faultWaitLimit {
		time.Sleep(100 * time.Millisecond)
		l.mu.Lock()
		settled := true
		for _, rs := range l.results {
			n := 0
			for i := len(rs) - 1; i >= 0 && rs[i].ok() && rs[i].start.After(up); i-- {
				n++
			}
			settled = settled && n >= 10
		}
		l.mu.Unlock()
		if settled {
			return
		}
	}
}

func (l *faultLoad) finish() {
	select {
	case <-l.stop:
	default:
		close(l.stop)
	}
	l.wg.Wait()
}

// check stops the load and fails the test for every request that broke
// the rules of an outage from down to up (PostgreSQL not answering from
// down until it could answer again at up, and answering for sure from
// back on): an answer within 3 s, the page or the Danish 503 page, only
// 503 during the outage (at least one per worker: answeredWithin waited for
// them), everything working again within 5 s of back, and every young person
// whose creation was acknowledged still in the database.
func (l *faultLoad) check(t *testing.T, dbURL string, down, up, back time.Time) {
	t.Helper()
	l.finish()
	l.mu.Lock()
	defer l.mu.Unlock()
	outage, total, lastFailure := 0, 0, time.Time{}
	var acked, before []int64
	for name, rs := range l.results {
		for _, r := range rs {
			total++
			if d := r.took(); d > 3*time.Second {
				t.Errorf("%s: %v (over 3 s)", name, r)
			}
			switch {
			case r.err != nil:
				t.Errorf("%s: no answer: %v", name, r)
			case r.ok():
			case name == "readyz" && r.status == http.StatusServiceUnavailable:
			case name != "readyz" && r.unavailablePage():
			default:
				t.Errorf("%s: %v, want the page or the Danish 503 page: %.300q", name, r, r.body)
			}
			if !r.ok() && r.end.After(lastFailure) {
				lastFailure = r.end
			}
			if r.start.After(down) && r.end.Before(up) {
				if r.ok() {
					t.Errorf("%s: %v while PostgreSQL did not answer", name, r)
				}
				outage++
			}
			if name == "writer" && r.status == http.StatusSeeOther {
				id, err := strconv.ParseInt(strings.TrimPrefix(r.header.Get("Location"), "/youth/"), 10, 64)
				if err != nil {
					t.Errorf("writer: redirected to %q", r.header.Get("Location"))
				}
				acked = append(acked, id)
				if r.end.Before(down) {
					before = append(before, id)
				}
			}
		}
		if len(rs) == 0 || !rs[len(rs)-1].ok() {
			t.Errorf("%s: does not work again after the outage", name)
		}
	}
	if outage < len(l.results) {
		t.Errorf("only %d requests were made while PostgreSQL did not answer: the test did not see the outage", outage)
	}
	recovery := max(lastFailure.Sub(back), 0)
	if recovery > 5*time.Second {
		t.Errorf("requests failed until %v after PostgreSQL was back, want ≤ 5 s", recovery.Round(time.Millisecond))
	}
	t.Logf("%d requests, %d during the outage; everything answered again %v after PostgreSQL was back",
		total, outage, recovery.Round(time.Millisecond))

	if len(before) == 0 {
		t.Fatal("the writer had nothing acknowledged before the outage")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var found int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM youth WHERE id = ANY($1)`, acked).Scan(&found); err != nil {
		t.Fatal(err)
	}
	if found != len(acked) {
		t.Errorf("%d of the %d young people acknowledged with a 303 (%d of them before the outage) are in the database", found, len(acked), len(before))
	}
}

// PostgreSQL stops while readers and a writer hammer the app: every request
// gets an answer within 3 s, either the page or the Danish 503 page (never
// a hang, a 500, a dropped connection); /readyz says 503; once PostgreSQL is
// back, within 5 s everything answers again on the same sessions; every
// young person whose creation was acknowledged (303) is still there.
func TestFaultDatabaseStopsUnderLoad(t *testing.T) {
	f := newFaultFixture(t)
	cluster := pgtest.Cluster(t)
	app := startServe(t, f.dbURL)
	down := false
	t.Cleanup(func() {
		if down {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if err := cluster.Restart(ctx); err != nil {
				t.Errorf("restart PostgreSQL: %v", err)
			}
		}
	})
	load := startLoad(t, app, f)
	load.atWork(t)
	stopAt := time.Now()
	down = true
	if err := cluster.Stop(); err != nil {
		t.Fatal(err)
	}
	stopped := time.Now()
	t.Logf("PostgreSQL stopped in %v", stopped.Sub(stopAt).Round(time.Millisecond))
	load.answeredWithin(t, stopped) // the app without its database
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	restartAt := time.Now() // PostgreSQL may answer before Restart returns
	if err := cluster.Restart(ctx); err != nil {
		t.Fatal(err)
	}
	down = false
	up := time.Now()
	load.settle(up)
	load.check(t, f.dbURL, stopped, restartAt, up)
}

// postgresProcesses are the cluster's postmaster and its children (the
// backends and PostgreSQL's own workers), from postmaster.pid and /proc.
func postgresProcesses(t *testing.T, dataDir string) []int {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dataDir, "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(raw), "\n")
	postmaster, err := strconv.Atoi(strings.TrimSpace(first))
	if err != nil {
		t.Fatalf("postmaster.pid: %v", err)
	}
	pids := []int{postmaster}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue // gone meanwhile
		}
		// pid (command) state ppid …; the command may hold spaces.
		i := bytes.LastIndexByte(stat, ')')
		if fields := strings.Fields(string(stat[i+1:])); i > 0 && len(fields) > 1 && fields[1] == strconv.Itoa(postmaster) {
			pids = append(pids, pid)
		}
	}
	return pids
}

func signalAll(t *testing.T, pids []int, sig syscall.Signal) {
	t.Helper()
	for _, pid := range pids {
		if err := syscall.Kill(pid, sig); err != nil && !errors.Is(err, syscall.ESRCH) {
			t.Errorf("signal %v to PostgreSQL process %d: %v", sig, pid, err)
		}
	}
}

// PostgreSQL freezes (SIGSTOP: its connections stay open, nothing answers,
// as with a hung server or a network partition) while the app is under
// load: the requests on connections already open must not wait for ever.
// The rules are those of TestFaultDatabaseStopsUnderLoad; and an event
// stream opened before, longer open than the time limit of a request, still
// brings the changes after.
func TestFaultDatabaseFreezesUnderLoad(t *testing.T) {
	f := newFaultFixture(t)
	cluster := pgtest.Cluster(t)
	app := startServe(t, f.dbURL)
	uu := app.login("uu@f.example")
	mid := uu.createMeeting(t, f.youthID)
	stream := uu.openEvents(t, "/meetings/"+strconv.FormatInt(mid, 10)+"/events")
	if ev := stream.next(5 * time.Second); !strings.HasPrefix(ev, "resync") {
		t.Fatalf("first event %q, want a resync", ev)
	}

	load := startLoad(t, app, f)
	load.atWork(t) // every pooled connection in use
	var pids []int
	frozen := true
	t.Cleanup(func() {
		if frozen {
			signalAll(t, pids, syscall.SIGCONT)
		}
	})
	// Stop every process of the cluster, again until no new one appears: a
	// backend forked while the list was read would otherwise go on serving.
	for stopped := map[int]bool{}; ; {
		fresh := 0
		for _, pid := range postgresProcesses(t, filepath.Join(cluster.Dir(), "data")) {
			if !stopped[pid] {
				stopped[pid] = true
				pids = append(pids, pid)
				signalAll(t, []int{pid}, syscall.SIGSTOP)
				fresh++
			}
		}
		if fresh == 0 {
			break
		}
	}
	frozenAt := time.Now()
	// The request in flight at the freeze times out at 2.5 s; the wait is
	// for the next one, wholly in the outage, from every worker.
	load.answeredWithin(t, frozenAt)
	thawAt := time.Now()
	signalAll(t, pids, syscall.SIGCONT)
	frozen = false
	load.settle(thawAt)
	load.check(t, f.dbURL, frozenAt, thawAt, thawAt)

	uu.addPlanItem(t, mid, "Jeg skal møde op hver dag.")
	for {
		ev := stream.next(3 * time.Second)
		if ev == "change meeting:"+strconv.FormatInt(mid, 10) {
			break
		}
		if ev == "" {
			t.Fatal("the event stream opened before the freeze brought no change after it")
		}
	}
}

// serverRequests counts the requests the server's log says it answered,
// per "METHOD route", and the statuses of each.
func serverRequests(t *testing.T, logs string) map[string]map[int]int {
	t.Helper()
	out := map[string]map[int]int{}
	for line := range strings.Lines(logs) {
		var e struct {
			Msg, Method, Route string
			Status             int
		}
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("a log line that is not JSON: %q", line)
		}
		if e.Msg != "request" {
			continue
		}
		k := e.Method + " " + e.Route
		if out[k] == nil {
			out[k] = map[int]int{}
		}
		out[k][e.Status]++
	}
	return out
}

// SIGTERM while requests are in flight and big screens stream: the requests
// in flight finish with their normal answer (here held back by a lock on
// the young people's guardians until after the signal) and their audit
// rows, the event streams end at once, no request the server took on loses
// its answer, and serve returns.
func TestFaultSigtermUnderLoad(t *testing.T) {
	f := newFaultFixture(t)
	// This test is about shutting down, not about slow requests: the held
	// requests may wait as long as the test needs (on a busy machine, more
	// than the default 2.5 s) without failing for it.
	app := startServe(t, f.dbURL, "REQUEST_TIME_LIMIT", "2m")
	uu := app.login("uu@f.example")
	mid := uu.createMeeting(t, f.youthID)
	ctx := context.Background()

	var streams []*sseStream
	for range 3 {
		s := uu.openEvents(t, "/meetings/"+strconv.FormatInt(mid, 10)+"/events")
		if ev := s.next(5 * time.Second); !strings.HasPrefix(ev, "resync") {
			t.Fatalf("first event %q, want a resync", ev)
		}
		streams = append(streams, s)
	}

	// Hold every read of a young person's page (its guardians) until after
	// the signal. (Not its audit row: page views' rows are written by one
	// writer per instance, so held rows would queue in the instance, not
	// wait in the database each on its own connection.)
	lockConn, err := pgx.Connect(ctx, f.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer lockConn.Close(ctx)
	lockTx, err := lockConn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = lockTx.Rollback(ctx) }() // committed below; this is for a failed test
	if _, err := lockTx.Exec(ctx, `LOCK TABLE guardians IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}

	var (
		mu        sync.Mutex
		responses = map[string]int{} // answered requests per "METHOD route"
		bad       []string
	)
	check := func(route string, r faultResult, wantBody string) {
		mu.Lock()
		defer mu.Unlock()
		if r.err != nil {
			return // never answered: counted against the server's log below
		}
		responses[route]++
		if r.status != http.StatusOK || !strings.Contains(r.body, wantBody) {
			bad = append(bad, fmt.Sprintf("%v: %.200q", r, r.body))
		}
	}
	youthPage := "/youth/" + strconv.FormatInt(f.youthID, 10)
	var held sync.WaitGroup
	heldDone := make(chan faultResult, 4)
	readers := make([]*faultClient, 4)
	for i := range readers {
		readers[i] = app.login("uu@f.example")
	}
	for _, c := range readers {
		held.Add(1)
		go func() {
			defer held.Done()
			r := c.do(http.MethodGet, youthPage, nil)
			check("GET /youth/{id}", r, faultYouthName)
			heldDone <- r
		}()
	}
	stopLoad := make(chan struct{})
	var load sync.WaitGroup
	for w := range 3 {
		c := app.client() // signed out: /login shows its form
		load.Add(1)
		go func() {
			defer load.Done()
			for i := 0; ; i++ {
				select {
				case <-stopLoad:
					return
				default:
				}
				if (i+w)%2 == 0 {
					check("GET /healthz", c.do(http.MethodGet, "/healthz", nil), "ok")
				} else {
					check("GET /login", c.do(http.MethodGet, "/login", nil), "<form")
				}
			}
		}()
	}

	// Wait until the four page reads are waiting for the lock. Watched from
	// a connection of its own: inside the lock's transaction PostgreSQL
	// would show the same snapshot of pg_stat_activity every time.
	watch, err := pgx.Connect(ctx, f.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer watch.Close(ctx)
	deadline := time.Now().Add(faultWaitLimit)
	for {
		var waiting int
		if err := watch.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity
			 WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting >= 4 {
			break
		}
		if time.Now().After(deadline) {
			select {
			case r := <-heldDone:
				t.Fatalf("only %d requests wait for the lock; one was answered: %v %.300q", waiting, r, r.body)
			default:
			}
			t.Fatalf("only %d requests wait for the lock", waiting)
		}
		time.Sleep(20 * time.Millisecond)
	}
	// And until the load has been answered a few times on each route: the
	// signal comes while it runs, however slowly the machine serves it.
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		mu.Lock()
		enough := responses["GET /healthz"] >= 10 && responses["GET /login"] >= 10
		mu.Unlock()
		if enough {
			break
		}
		if time.Since(start) > faultWaitLimit {
			t.Fatalf("the load was not answered ten times on each route within %v", faultWaitLimit)
		}
	}

	sigterm := time.Now()
	app.sigterm()
	for i, s := range streams {
		select {
		case <-s.ended:
		case <-time.After(3 * time.Second):
			t.Errorf("event stream %d still open 3 s after SIGTERM", i+1)
		}
	}
	t.Logf("the event streams ended %v after SIGTERM", time.Since(sigterm).Round(time.Millisecond))
	time.Sleep(500 * time.Millisecond)
	select {
	case r := <-heldDone:
		t.Errorf("a request held by the lock finished before the lock was released: %v", r)
	default:
	}
	if app.waitExit(0) {
		t.Error("serve returned while requests were still in flight")
	}
	if err := lockTx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	held.Wait()
	if !app.waitExit(20*time.Second - time.Since(sigterm)) {
		t.Fatal("serve did not return within 20 s of SIGTERM")
	}
	t.Logf("serve returned %v after SIGTERM", time.Since(sigterm).Round(time.Millisecond))
	close(stopLoad)
	load.Wait()
	if app.err != nil {
		t.Errorf("serve returned %v", app.err)
	}
	// Nothing listens any more.
	if r := app.client().do(http.MethodGet, "/healthz", nil); !errors.Is(r.err, syscall.ECONNREFUSED) {
		t.Errorf("after shutdown /healthz gave %v, want connection refused", r)
	}

	mu.Lock()
	defer mu.Unlock()
	for _, b := range bad {
		t.Errorf("a request in flight at SIGTERM failed: %s", b)
	}
	if responses["GET /youth/{id}"] != 4 {
		t.Errorf("%d of the 4 requests held in flight got an answer", responses["GET /youth/{id}"])
	}
	var viewed int
	if err := watch.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'youth.view' AND youth_id = $1`, f.youthID).Scan(&viewed); err != nil {
		t.Fatal(err)
	}
	if viewed != 4 {
		t.Errorf("%d audit rows of the 4 pages shown while serve shut down", viewed)
	}
	// Every request the server took on, its answer reached the client.
	served := serverRequests(t, app.logs.String())
	for _, route := range []string{"GET /youth/{id}", "GET /healthz", "GET /login"} {
		n := 0
		for status, c := range served[route] {
			n += c
			if status != http.StatusOK {
				t.Errorf("the server answered %s with %d %d times", route, status, c)
			}
		}
		if n != responses[route] {
			t.Errorf("the server answered %d %s requests, the clients received %d answers", n, route, responses[route])
		}
	}
	if n := served["GET /meetings/{mid}/events"][http.StatusOK]; n != 3 {
		t.Errorf("the server logged %d ended event streams, want 3", n)
	}
}

// The LISTEN connection is killed: an open big screen is told that it is
// offline (event: offline, unless the resync follows so fast that the two
// are written as one) and to reload everything (event: resync) within 5 s,
// and later changes reach it again.
func TestFaultListenConnectionKilled(t *testing.T) {
	f := newFaultFixture(t)
	app := startServe(t, f.dbURL)
	uu := app.login("uu@f.example")
	mid := uu.createMeeting(t, f.youthID)
	stream := uu.openEvents(t, "/meetings/"+strconv.FormatInt(mid, 10)+"/events")
	if ev := stream.next(5 * time.Second); !strings.HasPrefix(ev, "resync") {
		t.Fatalf("first event %q, want a resync", ev)
	}
	topic := live.Topic("meeting", mid)
	uu.addPlanItem(t, mid, "Jeg skal møde op i skole tre dage om ugen.")
	if ev := stream.next(2 * time.Second); ev != "change "+topic {
		t.Fatalf("after a plan edit: event %q, want a change", ev)
	}

	ctx := context.Background()
	admin, err := pgx.Connect(ctx, pgtest.Cluster(t).URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	var killed int
	if err := admin.QueryRow(ctx, `SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		 WHERE application_name = $1) k`, live.ApplicationName).Scan(&killed); err != nil {
		t.Fatal(err)
	}
	if killed != 1 {
		t.Fatalf("%d LISTEN connections killed, want 1", killed)
	}
	start := time.Now()
	ev := stream.next(5 * time.Second)
	if ev == "offline "+topic {
		ev = stream.next(5 * time.Second)
	}
	if ev != "resync "+topic {
		t.Fatalf("after the LISTEN connection was killed: event %q within 5 s, want a resync", ev)
	}
	t.Logf("the screen was told to resync %v after the kill", time.Since(start).Round(time.Millisecond))

	uu.addPlanItem(t, mid, "Jeg skal søge en læreplads inden sommer.")
	if ev := stream.next(2 * time.Second); ev != "change "+topic {
		t.Fatalf("after the reconnect, a plan edit gave event %q, want a change", ev)
	}
	if !strings.Contains(app.logs.String(), "LISTEN connection lost") {
		t.Error("the lost LISTEN connection is not in the technical log")
	}
}

// Three instances start at once on an empty database: the migrations run
// once (goose's advisory lock), and all three serve.
func TestFaultThreeInstancesStartAtOnce(t *testing.T) {
	ctx := context.Background()
	cluster := pgtest.Cluster(t)
	name := "kui_three_" + strconv.FormatInt(time.Now().UnixNano(), 36)
	if err := cluster.CreateDatabase(ctx, name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, cluster.URL("postgres"))
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
			t.Error(err)
		}
	})
	dbURL := cluster.URL(name)

	apps := make([]*faultApp, 3)
	errs := make([]error, 3)
	var wg sync.WaitGroup
	for i := range apps {
		wg.Go(func() { apps[i], errs[i] = launchServe(t, dbURL) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	files, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no migrations embedded: %v", err)
	}
	applied := 0
	for i, a := range apps {
		applied += strings.Count(a.logs.String(), `"msg":"migration applied"`)
		if r := a.client().do(http.MethodGet, "/readyz", nil); r.status != http.StatusOK {
			t.Errorf("instance %d: /readyz %v", i+1, r)
		}
	}
	if applied != len(files) {
		t.Errorf("the three instances applied %d migrations between them, want each of the %d once", applied, len(files))
	}
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var versions, distinct int
	if err := conn.QueryRow(ctx, `SELECT count(*), count(DISTINCT version_id) FROM goose_db_version WHERE version_id > 0`).Scan(&versions, &distinct); err != nil {
		t.Fatal(err)
	}
	if versions != len(files) || distinct != len(files) {
		t.Errorf("goose_db_version holds %d rows for %d versions, want %d once each", versions, distinct, len(files))
	}
}
