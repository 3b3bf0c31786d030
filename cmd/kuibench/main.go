// Command kuibench is `make bench`: it starts its own durable PostgreSQL and
// two kui instances, loads the synthetic data set once (kept under
// .data/bench between runs), and prints one BENCH line per measured thing
// (see CONTRACT.md), in this order:
//
//   - the ceilings, closed loop with wrk from a second process (wrk.go):
//     ceiling_static, ceiling_auth, youth_page, youth_search_closed, plan_post;
//   - live updates to 500 big screens over Server-Sent Events (live.go) and
//     the instances' memory;
//   - the realistic mix open-loop at a constant rate with vegeta, as many
//     signed-in users (mix.go, openloop.go), latencies in an HDR histogram;
//   - the coordinators' overview and between-chairs list and their name
//     search, open-loop at a low rate (coordinators.go);
//   - capacity, the highest rate of the mix that holds (capacity.go);
//   - the ratios and, last, which goals of issue 15 were met (targets.go).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"kui/internal/pglocal"
	"kui/internal/postgres"
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
	threads     int
	dir         string
	sseClients  int
	liveEdits   int
	port        int // the first instance's; the second listens on the next

	// open loop (openloop.go, mix.go)
	warmup          time.Duration // discarded at the start of every open-loop run
	mixRate         int
	mixDuration     time.Duration
	mixUsers        int // caseworkers and facilitators signed in per municipality
	mixMunicipality int // the largest municipalities whose staff make the mix
	// the coordinators' heavy views, as a handful of coordinators at their
	// desks: a low constant rate, measured for its p95
	coordinators        int
	coordinatorRate     int
	coordinatorDuration time.Duration
	searchRate          int // the coordinators' name searches, open-loop
	// capacity (capacity.go): probes of the mix, run last
	capacityProbe  time.Duration
	capacityProbes int
	// profile: the first instance serves Go's profiles (PPROF_ADDR), and a
	// CPU profile of it is taken while the mix runs (profile.go)
	profile bool
}

func run(ctx context.Context, args []string, out io.Writer) error {
	var o options
	fs := flag.NewFlagSet("kuibench", flag.ContinueOnError)
	fs.IntVar(&o.youth, "youth", 100_000, "young people in the synthetic data set")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the synthetic data set")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "how long wrk drives each endpoint")
	fs.IntVar(&o.connections, "connections", 50, "wrk connections")
	fs.IntVar(&o.threads, "threads", 2, "wrk threads")
	fs.StringVar(&o.dir, "dir", ".data/bench", "where the cluster, the binary and the results are kept")
	fs.IntVar(&o.sseClients, "sse-clients", 500, "SSE clients on the big screen, spread over the two instances")
	fs.IntVar(&o.liveEdits, "live-edits", 40, "plan edits whose delivery to every screen is timed")
	fs.IntVar(&o.port, "port", 18081, "TCP port of the first kui instance; the second takes the next")
	fs.DurationVar(&o.warmup, "warmup", 2*time.Second, "open-loop warm-up before each measured run, discarded")
	fs.IntVar(&o.mixRate, "mix-rate", 1000, "constant rate of the realistic mix, requests a second")
	fs.DurationVar(&o.mixDuration, "mix-duration", 15*time.Second, "how long the mix is measured at -mix-rate")
	fs.IntVar(&o.mixUsers, "mix-users", 50, "caseworkers and facilitators signed in per municipality for the mix")
	fs.IntVar(&o.mixMunicipality, "mix-municipalities", 4, "the largest municipalities whose staff make the mix")
	fs.IntVar(&o.coordinators, "coordinators", 4, "coordinator sessions of the largest municipality driving the overview and the between-chairs list")
	fs.IntVar(&o.coordinatorRate, "coordinator-rate", 10, "constant rate of the overview and of the between-chairs list, requests a second")
	fs.IntVar(&o.searchRate, "search-rate", 50, "constant rate of the coordinators' name searches, requests a second")
	fs.DurationVar(&o.coordinatorDuration, "coordinator-duration", 10*time.Second, "how long each coordinator view is measured")
	fs.DurationVar(&o.capacityProbe, "capacity-probe", 10*time.Second, "how long each capacity probe measures the mix")
	fs.IntVar(&o.capacityProbes, "capacity-probes", 7, "at most this many capacity probes (0: no capacity line)")
	fs.BoolVar(&o.profile, "profile", false, "take a CPU profile of the first instance during the mix, into <dir>/cpu-mix.pprof")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := raiseFileLimit(o.sseClients); err != nil {
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
	var profileEnv []string
	if o.profile {
		profileEnv = append(profileEnv, "PPROF_ADDR="+profileAddr(o))
	}
	a, err := startInstance(ctx, bin, dbURL, "127.0.0.1:"+strconv.Itoa(o.port), filepath.Join(dir, "kui-a.log"), profileEnv...)
	if err != nil {
		return err
	}
	defer a.stop()
	b, err := startInstance(ctx, bin, dbURL, "127.0.0.1:"+strconv.Itoa(o.port+1), filepath.Join(dir, "kui-b.log"))
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
		{"youth_search_closed", searchPaths, "", o.connections},
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
	bases := []string{a.base, b.base}

	var screensRSS int
	line, err := measureLive(ctx, o, bases, cookie, fx.liveMeeting, func() { screensRSS = max(a.rss(), b.rss()) })
	if err != nil {
		return fmt.Errorf("live: %w", err)
	}
	report(line)
	// rss_mb: the peak of the run so far (wrk's ceilings, the screens);
	// screens_rss_mb: what an instance holds with the screens open. Both
	// before the open-loop runs, whose overload (when a rate does not hold)
	// would be measured instead.
	rss := max(a.peakRSS(), b.peakRSS())
	report(fmt.Sprintf("BENCH name=memory rss_mb=%.1f instances=2 screens=%d screens_rss_mb=%.1f", float64(rss)/1024, o.sseClients, float64(screensRSS)/1024))

	users, coordinators, err := loadMixUsers(ctx, dbURL, o.mixMunicipality, o.mixUsers)
	if err != nil {
		return err
	}
	if err := signIn(ctx, out, bases, users); err != nil {
		return err
	}
	if err := signIn(ctx, out, bases, coordinators); err != nil {
		return err
	}
	mx := &mix{bases: bases, users: users, coordinators: coordinators, run: strconv.FormatInt(time.Now().UnixNano(), 36)}
	fmt.Fprintf(out, "The mix: %d caseworkers and facilitators, %d coordinators of %d municipalities, on %d instances\n",
		len(users), len(coordinators), o.mixMunicipality, len(bases))
	profiled := startProfile(ctx, o, out, filepath.Join(dir, "cpu-mix.pprof"))
	mixed := openLoop(ctx, "mix", o.mixRate, o.warmup, o.mixDuration, mx.targeter())
	profiled()
	reportOpen(out, mixed)
	report(mixed.line(fmt.Sprintf("users=%d coordinators=%d", len(users), len(coordinators))))
	if err := ctx.Err(); err != nil {
		return err
	}

	desks, err := coordinatorSessions(ctx, dbURL, a.base, o.coordinators)
	if err != nil {
		return err
	}
	for _, v := range []struct{ name, path string }{{"overview", "/overview"}, {"between_chairs", "/overview/between-chairs"}} {
		r := openLoop(ctx, v.name, o.coordinatorRate, o.warmup, o.coordinatorDuration, fixedTargeter(bases, desks, v.path))
		reportOpen(out, r)
		report(r.line(fmt.Sprintf("coordinators=%d", len(desks))))
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	// The name search's latency, open-loop: the goal is a p99, which wrk's
	// closed loop at 50 connections cannot report without measuring its own
	// queue (youth_search_closed above is the search's throughput).
	searched := openLoop(ctx, "youth_search", o.searchRate, o.warmup, o.coordinatorDuration, fixedTargeter(bases, desks, searchPaths...))
	reportOpen(out, searched)
	report(searched.line(fmt.Sprintf("coordinators=%d", len(desks))))
	if err := ctx.Err(); err != nil {
		return err
	}

	// Last: the capacity search loads the instances hardest.
	if ceiling, ok := number(benchLines(results), "ceiling_static", "rps"); ok && o.capacityProbes > 0 {
		line, err := measureCapacity(ctx, out, o, mx, ceiling)
		if err != nil {
			return fmt.Errorf("capacity: %w", err)
		}
		report(line)
	}
	report(ratiosLine(results))
	report(targetsLine(results))
	return os.WriteFile(filepath.Join(dir, "last.txt"), []byte(strings.Join(results, "\n")+"\n"), 0o644)
}
