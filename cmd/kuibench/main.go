// Command kuibench is `make bench`: it starts its own PostgreSQL and two kui
// instances, loads the synthetic data set once (kept under .data/bench
// between runs), drives load with wrk from a second process, measures live
// updates over Server-Sent Events and the app's peak memory, and prints one
// BENCH line per measured thing (see CONTRACT.md).
package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/pglocal"
	"kui/internal/postgres"
	"kui/migrations"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "kuibench:", err)
		os.Exit(1)
	}
}

type options struct {
	youth       int
	seed        uint64
	duration    time.Duration
	connections int
	// coordinators are a handful per municipality: their heavy views are
	// driven with fewer connections than the caseworkers' pages
	coordinatorConnections int
	threads                int
	dir                    string
	sseClients             int
	liveEdits              int
}

func run(ctx context.Context, args []string, out io.Writer) error {
	var o options
	fs := flag.NewFlagSet("kuibench", flag.ContinueOnError)
	fs.IntVar(&o.youth, "youth", 100_000, "young people in the synthetic data set")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the synthetic data set")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "how long wrk drives each endpoint")
	fs.IntVar(&o.connections, "connections", 50, "wrk connections")
	fs.IntVar(&o.coordinatorConnections, "coordinator-connections", 4, "wrk connections for the overview and the between-chairs list")
	fs.IntVar(&o.threads, "threads", 2, "wrk threads")
	fs.StringVar(&o.dir, "dir", ".data/bench", "where the cluster, the binary and the results are kept")
	fs.IntVar(&o.sseClients, "sse-clients", 50, "SSE clients on the big screen, spread over the two instances")
	fs.IntVar(&o.liveEdits, "live-edits", 40, "plan edits whose delivery to every screen is timed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	wrk, err := exec.LookPath("wrk")
	if err != nil {
		return errors.New("wrk is not installed: run `apt-get install -y wrk` (make bench does this as root)")
	}
	dir, err := filepath.Abs(o.dir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}

	cluster, err := pglocal.Start(ctx, pglocal.Options{Dir: filepath.Join(dir, "postgres"), Log: out, Durable: true})
	if err != nil {
		return err
	}
	defer cluster.Stop()
	dbURL, err := prepareDatabase(ctx, cluster, o, out)
	if err != nil {
		return err
	}

	bin := filepath.Join(dir, "kui")
	fmt.Fprintln(out, "Building kui …")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/kui")
	build.Stdout, build.Stderr = out, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("build: %w", err)
	}
	a, err := startInstance(ctx, bin, dbURL, "127.0.0.1:18081", filepath.Join(dir, "kui-a.log"))
	if err != nil {
		return err
	}
	defer a.stop()
	b, err := startInstance(ctx, bin, dbURL, "127.0.0.1:18082", filepath.Join(dir, "kui-b.log"))
	if err != nil {
		return err
	}
	defer b.stop()

	fx, err := loadFixture(ctx, dbURL)
	if err != nil {
		return err
	}
	cookie, err := login(a.base, postgres.SyntheticCoordinator, postgres.SyntheticPassword)
	if err != nil {
		return err
	}

	var results []string
	report := func(line string) {
		fmt.Fprintln(out, line)
		results = append(results, line)
	}
	w := wrkRunner{bin: wrk, dir: dir, cookie: cookie, o: o}
	youthPaths := make([]string, len(fx.youthIDs))
	for i, id := range fx.youthIDs {
		youthPaths[i] = "/youth/" + strconv.FormatInt(id, 10)
	}
	searchPaths := []string{"/youth?q=jens", "/youth?q=han", "/youth?q=ali", "/youth?q=lund", "/youth?q=sara&status=active"}
	for _, m := range []struct {
		name        string
		paths       []string
		post        string
		connections int
	}{
		{"ceiling_static", []string{"/healthz"}, "", o.connections},
		{"ceiling_auth", []string{"/session/ping"}, "", o.connections},
		{"youth_page", youthPaths, "", o.connections},
		{"youth_search", searchPaths, "", o.connections},
		{"overview", []string{"/overview"}, "", o.coordinatorConnections},
		{"between_chairs", []string{"/overview/between-chairs"}, "", o.coordinatorConnections},
		{"plan_post", []string{"/meetings/" + strconv.FormatInt(fx.postMeeting, 10) + "/plan"}, "plan", o.connections},
	} {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, err := w.run(ctx, m.name, a.base, m.paths, m.post, m.connections)
		if err != nil {
			return fmt.Errorf("%s: %w", m.name, err)
		}
		report(line)
	}
	line, err := measureLive(ctx, o, []string{a.base, b.base}, cookie, fx.liveMeeting)
	if err != nil {
		return fmt.Errorf("live: %w", err)
	}
	report(line)
	rss := max(a.peakRSS(), b.peakRSS())
	report(fmt.Sprintf("BENCH name=memory rss_mb=%.1f instances=2", float64(rss)/1024))
	return os.WriteFile(filepath.Join(dir, "last.txt"), []byte(strings.Join(results, "\n")+"\n"), 0o644)
}

// prepareDatabase returns a database holding the synthetic data set for
// these options and this schema, loading it only when it is not there yet.
func prepareDatabase(ctx context.Context, cluster *pglocal.Cluster, o options, out io.Writer) (string, error) {
	h := sha256.New()
	_ = fs.WalkDir(migrations.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := fs.ReadFile(migrations.FS, path)
			h.Write(b)
		}
		return nil
	})
	name := fmt.Sprintf("bench_%d_%d_%s", o.youth, o.seed, hex.EncodeToString(h.Sum(nil))[:10])
	url := cluster.URL(name)
	if err := cluster.CreateDatabase(ctx, name); err != nil {
		return "", err
	}
	if _, err := postgres.Migrate(ctx, url); err != nil {
		return "", err
	}
	db, err := postgres.Open(ctx, url)
	if err != nil {
		return "", err
	}
	defer db.Close()
	var loaded bool
	if err := db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM municipalities WHERE name = 'Syntetisk Kommune 01')`).Scan(&loaded); err != nil {
		return "", err
	}
	if loaded {
		fmt.Fprintf(out, "Using the cached data set %s\n", name)
		return url, nil
	}
	fmt.Fprintf(out, "Loading the synthetic data set (%d young people, seed %d) …\n", o.youth, o.seed)
	report, err := db.SeedSynthetic(ctx, postgres.DefaultSyntheticOptions(o.youth, o.seed))
	if err != nil {
		return "", err
	}
	rows := 0
	for _, r := range report.Rows {
		fmt.Fprintf(out, "  %-24s %10d\n", r.Table, r.Rows)
		rows += r.Rows
	}
	fmt.Fprintf(out, "BENCH name=load seconds=%.1f rows=%d\n", report.Duration.Seconds(), rows)
	return url, nil
}

// fixture: what the measured requests point at, in the largest municipality.
type fixture struct {
	youthIDs    []int64
	postMeeting int64
	liveMeeting int64
}

func loadFixture(ctx context.Context, url string) (fixture, error) {
	var fx fixture
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return fx, err
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `
		SELECT y.id FROM youth y JOIN municipalities m ON m.id = y.municipality_id
		 WHERE m.name = 'Syntetisk Kommune 01' ORDER BY y.id LIMIT 500`)
	if err != nil {
		return fx, err
	}
	if fx.youthIDs, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
		return fx, err
	}
	// Two planned cooperation meetings of the largest municipality: one
	// takes the posted plan items, the other is watched on the big screen.
	rows, err = conn.Query(ctx, `
		SELECT mt.id FROM meetings mt JOIN municipalities m ON m.id = mt.municipality_id
		 WHERE m.name = 'Syntetisk Kommune 01' AND mt.status = 'planned' AND mt.kind = 'samarbejdsmoede'
		 ORDER BY mt.id LIMIT 2`)
	if err != nil {
		return fx, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fx, err
	}
	if len(fx.youthIDs) == 0 || len(ids) < 2 {
		return fx, errors.New("the synthetic data set has no young people or planned meetings in Syntetisk Kommune 01")
	}
	fx.postMeeting, fx.liveMeeting = ids[0], ids[1]
	return fx, nil
}

type instance struct {
	cmd  *exec.Cmd
	base string
	done chan struct{}
}

func startInstance(ctx context.Context, bin, dbURL, addr, logFile string) (*instance, error) {
	log, err := os.Create(logFile)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL, "ADDR="+addr)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	in := &instance{cmd: cmd, base: "http://" + addr, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); log.Close(); close(in.done) }()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-in.done:
			return nil, fmt.Errorf("kui on %s exited; see %s", addr, logFile)
		case <-ctx.Done():
			in.stop()
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if resp, err := http.Get(in.base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return in, nil
			}
		}
	}
	in.stop()
	return nil, fmt.Errorf("kui on %s did not become ready; see %s", addr, logFile)
}

func (in *instance) stop() {
	_ = in.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-in.done:
	case <-time.After(20 * time.Second):
		_ = in.cmd.Process.Kill()
		<-in.done
	}
}

// peakRSS is the instance's high-water mark of resident memory, in KiB.
func (in *instance) peakRSS() int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", in.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			f := strings.Fields(line)
			if len(f) >= 2 {
				n, _ := strconv.Atoi(f[1])
				return n
			}
		}
	}
	return 0
}

// login signs in through the real form and returns the session cookie.
func login(base, email, password string) (string, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(base+"/login", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return "", fmt.Errorf("login as %s: status %d", email, resp.StatusCode)
	}
	u, _ := url.Parse(base)
	for _, ck := range jar.Cookies(u) {
		if strings.HasSuffix(ck.Name, "kui_session") {
			return ck.Name + "=" + ck.Value, nil
		}
	}
	return "", errors.New("login set no session cookie")
}

type wrkRunner struct {
	bin, dir, cookie string
	o                options
}

// run drives one endpoint with wrk and turns its report into a BENCH line.
func (w wrkRunner) run(ctx context.Context, name, base string, paths []string, post string, connections int) (string, error) {
	script := filepath.Join(w.dir, name+".lua")
	quoted := make([]string, len(paths))
	for i, p := range paths {
		quoted[i] = strconv.Quote(p)
	}
	lua := "local paths = {" + strings.Join(quoted, ",") + "}\nlocal i = 0\n" +
		"wrk.headers[\"Cookie\"] = " + strconv.Quote(w.cookie) + "\n"
	switch post {
	case "plan":
		// Every request is a new plan item with its own one-time token.
		lua += "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/x-www-form-urlencoded\"\n" +
			"request = function()\n  i = i + 1\n" +
			"  local body = \"text=Jeg+skal+m%C3%B8de+op+i+skole+3+dage+om+ugen&owner=youth&due=2027-03-01&goal=uddannelse_job&token=bench-\" .. tostring(os.time()) .. \"-\" .. tostring(math.random(1, 1e9)) .. \"-\" .. i\n" +
			"  return wrk.format(nil, paths[1], nil, body)\nend\n"
	default:
		lua += "request = function()\n  i = i + 1\n  return wrk.format(\"GET\", paths[(i % #paths) + 1])\nend\n"
	}
	if err := os.WriteFile(script, []byte(lua), 0o644); err != nil {
		return "", err
	}
	cmd := exec.CommandContext(ctx, w.bin, "-t", strconv.Itoa(min(w.o.threads, connections)), "-c", strconv.Itoa(connections),
		"-d", w.o.duration.String(), "--latency", "-s", script, base+paths[0])
	outb, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("wrk: %w\n%s", err, outb)
	}
	line, err := parseWrk(name, string(outb))
	return line + " connections=" + strconv.Itoa(connections), err
}

var (
	wrkRPS     = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	wrkPercent = regexp.MustCompile(`(?m)^\s+(50|75|90|99)%\s+([0-9.]+)(us|ms|s)\s*$`)
	wrkStatus  = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	wrkSocket  = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
)

func parseWrk(name, report string) (string, error) {
	m := wrkRPS.FindStringSubmatch(report)
	if m == nil {
		return "", fmt.Errorf("no throughput in wrk's report:\n%s", report)
	}
	pct := map[string]float64{}
	for _, p := range wrkPercent.FindAllStringSubmatch(report, -1) {
		v, _ := strconv.ParseFloat(p[2], 64)
		switch p[3] {
		case "us":
			v /= 1000
		case "s":
			v *= 1000
		}
		pct[p[1]] = v
	}
	errs := 0
	if s := wrkStatus.FindStringSubmatch(report); s != nil {
		errs, _ = strconv.Atoi(s[1])
	}
	if s := wrkSocket.FindStringSubmatch(report); s != nil {
		for _, v := range s[1:] {
			n, _ := strconv.Atoi(v)
			errs += n
		}
	}
	// wrk's --latency report has 50/75/90/99; p95 is not among them, so the
	// coordinator views' p95 target is read against p99, which is stricter.
	return fmt.Sprintf("BENCH name=%s rps=%s p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f errors=%d", name, m[1], pct["50"], pct["90"], pct["99"], errs), nil
}

// measureLive opens SSE clients on the big screen's event stream, spread
// over both instances, then posts plan items through the first instance one
// at a time and times, for every client, the moment the change arrives.
// The clock starts before the POST is sent, so the numbers include the
// request that commits the edit: an upper bound of commit-to-screen.
func measureLive(ctx context.Context, o options, bases []string, cookie string, meetingID int64) (string, error) {
	path := "/meetings/" + strconv.FormatInt(meetingID, 10)
	type arrival struct {
		client int
		at     time.Time
	}
	arrivals := make(chan arrival, o.sseClients*(o.liveEdits+4))
	ready := make(chan error, o.sseClients)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for c := range o.sseClients {
		wg.Go(func() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, bases[c%len(bases)]+path+"/events", nil)
			req.Header.Set("Cookie", cookie)
			req.Header.Set("Accept", "text/event-stream")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				ready <- err
				return
			}
			defer resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				ready <- fmt.Errorf("events: status %d", resp.StatusCode)
				return
			}
			sc := bufio.NewScanner(resp.Body)
			first := true
			for sc.Scan() {
				line := sc.Text()
				switch {
				case line == "event: resync" && first:
					first = false
					ready <- nil
				case line == "event: change":
					arrivals <- arrival{client: c, at: time.Now()}
				}
			}
		})
	}
	for range o.sseClients {
		if err := <-ready; err != nil {
			return "", err
		}
	}
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var latencies []float64
	for e := range o.liveEdits {
		form := url.Values{"text": {"Jeg skal møde op hver dag, punkt " + strconv.Itoa(e)}, "owner": {"youth"},
			"due": {time.Now().AddDate(0, 3, 0).Format(time.DateOnly)}, "goal": {"personligt"}, "token": {fmt.Sprintf("live-%d-%d", time.Now().UnixNano(), e)}}
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, bases[0]+path+"/plan", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Cookie", cookie)
		start := time.Now()
		resp, err := hc.Do(req)
		if err != nil {
			return "", err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			return "", fmt.Errorf("plan edit: status %d", resp.StatusCode)
		}
		got := map[int]bool{}
		timeout := time.After(5 * time.Second)
		for len(got) < o.sseClients {
			select {
			case a := <-arrivals:
				if !got[a.client] {
					got[a.client] = true
					latencies = append(latencies, float64(a.at.Sub(start).Microseconds())/1000)
				}
			case <-timeout:
				return "", fmt.Errorf("edit %d reached %d of %d screens within 5 s", e, len(got), o.sseClients)
			}
		}
		time.Sleep(50 * time.Millisecond)
		// Drain stragglers (a merged double delivery) before the next edit.
		for len(arrivals) > 0 {
			<-arrivals
		}
	}
	cancel()
	wg.Wait()
	slices.Sort(latencies)
	q := func(p float64) float64 { return latencies[min(len(latencies)-1, int(p*float64(len(latencies))))] }
	return fmt.Sprintf("BENCH name=live rps=0 p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f clients=%d edits=%d instances=%d",
		q(0.50), q(0.95), q(0.99), o.sseClients, o.liveEdits, len(bases)), nil
}
