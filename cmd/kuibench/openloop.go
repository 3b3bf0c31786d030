package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Open-loop load: requests leave at a constant rate whatever the server's
// answers take (vegeta starts more workers when all are busy), so a slow
// answer delays no later request and the percentiles are not flattered by
// coordinated omission. wrk (wrk.go) is the closed loop: it finds the
// ceilings.

// latency is an HDR histogram of latencies in microseconds, 1 µs to 60 s at
// three significant digits: every request is counted, none is sampled.
type latency struct{ h *hdrhistogram.Histogram }

const latencyMaxMicros = 60_000_000

func newLatency() latency { return latency{hdrhistogram.New(1, latencyMaxMicros, 3)} }

// record counts one latency; one beyond the histogram's range counts as its
// highest value rather than being lost.
func (l latency) record(d time.Duration) {
	_ = l.h.RecordValue(min(max(d.Microseconds(), 1), latencyMaxMicros))
}

// latencySummary is what a BENCH line says about latencies, in ms.
type latencySummary struct {
	count                   int64
	p50, p90, p95, p99, max float64
}

func (l latency) summary() latencySummary {
	ms := func(us int64) float64 { return float64(us) / 1000 }
	return latencySummary{
		count: l.h.TotalCount(),
		p50:   ms(l.h.ValueAtQuantile(50)), p90: ms(l.h.ValueAtQuantile(90)),
		p95: ms(l.h.ValueAtQuantile(95)), p99: ms(l.h.ValueAtQuantile(99)),
		max: ms(l.h.Max()),
	}
}

// openResult is one constant-rate run.
type openResult struct {
	name     string
	rate     int     // the rate asked for, req/s
	rps      float64 // the rate the requests really left at
	latency  latencySummary
	requests uint64
	errors   int
	// paced: the client kept up with the rate asked for (≥ 98 %); when it
	// did not, the numbers describe a lighter load than the line claims.
	paced bool
	// failures counts the errors by what went wrong, for the log.
	failures map[string]int
}

// openConnections bounds the connections to each instance: far more than a
// run that holds needs (1,000 req/s at 50 ms is 50), and few enough that a
// probe far beyond the capacity runs into its own slowness, not out of
// sockets.
const openConnections = 1000

// pacedShare is how close to the asked rate a run must come to count.
const pacedShare = 0.98

func (r openResult) line(extra string) string {
	l := r.latency
	// The fields in CONTRACT.md's order first, then the extra ones.
	s := fmt.Sprintf("BENCH name=%s rate=%d rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d paced=%t p90_ms=%.2f requests=%d",
		r.name, r.rate, r.rps, l.p50, l.p95, l.p99, l.max, r.errors, r.paced, l.p90, r.requests)
	if extra != "" {
		s += " " + extra
	}
	return s
}

// passes: the run held p99 within the limit, had no error and kept pace.
func (r openResult) passes(p99Limit float64) bool {
	return r.paced && r.errors == 0 && r.requests > 0 && r.latency.p99 <= p99Limit
}

// failureNote is a human line saying what the errors were, or "" without.
func (r openResult) failureNote() string {
	if r.errors == 0 {
		return ""
	}
	keys := slices.Sorted(maps.Keys(r.failures))
	parts := make([]string, 0, len(keys))
	for _, k := range keys[:min(len(keys), 5)] {
		parts = append(parts, fmt.Sprintf("%d× %s", r.failures[k], k))
	}
	return fmt.Sprintf("%s: %d errors: %s", r.name, r.errors, strings.Join(parts, "; "))
}

// succeeded tells whether a mix answer is what a user would call success: a
// page 200, a form 303 to somewhere other than the login page (a session
// that ended answers with the login page, which is no success).
func succeeded(r *vegeta.Result) bool {
	if r.Error != "" {
		return false
	}
	if r.Method == http.MethodPost {
		return r.Code == http.StatusSeeOther && !strings.HasPrefix(r.Headers.Get("Location"), "/login")
	}
	return r.Code == http.StatusOK
}

// failure names what went wrong with an answer that did not succeed.
func failure(r *vegeta.Result) string {
	if r.Code == 0 {
		return r.Method + " " + r.Error
	}
	s := fmt.Sprintf("%s %d", r.Method, r.Code)
	if loc := r.Headers.Get("Location"); loc != "" {
		s += " → " + loc
	}
	return s
}

// openLoop drives targets at rate requests a second for warmup+duration
// and summarises the last duration: the warm-up's answers (new connections,
// cold caches) are discarded.
func openLoop(ctx context.Context, name string, rate int, warmup, duration time.Duration, tr vegeta.Targeter) openResult {
	atk := vegeta.NewAttacker(
		vegeta.Timeout(10*time.Second),
		vegeta.Redirects(vegeta.NoFollow), // 3xx are answers here: succeeded classifies them
		vegeta.KeepAlive(true),
		vegeta.Connections(openConnections),    // idle connections kept per instance
		vegeta.MaxConnections(openConnections), // beyond, requests wait for one, their clock running
		vegeta.MaxBody(0),                      // bodies are read to the end and dropped
	)
	stop := context.AfterFunc(ctx, func() { atk.Stop() })
	defer stop()
	began := time.Now()
	measureFrom := began.Add(warmup)
	results := atk.Attack(tr, vegeta.Rate{Freq: rate, Per: time.Second}, warmup+duration, name)
	return summarise(name, rate, measureFrom, results)
}

// summarise reads a run's results, discarding those sent before
// measureFrom, into an openResult.
func summarise(name string, rate int, measureFrom time.Time, results <-chan *vegeta.Result) openResult {
	var m vegeta.Metrics
	lat := newLatency()
	res := openResult{name: name, rate: rate, failures: map[string]int{}}
	for r := range results {
		if r.Timestamp.Before(measureFrom) {
			continue
		}
		m.Add(r)
		lat.record(r.Latency)
		if !succeeded(r) {
			res.errors++
			res.failures[failure(r)]++
		}
	}
	m.Close()
	res.requests = m.Requests
	res.rps = m.Rate
	res.latency = lat.summary()
	res.paced = m.Rate >= pacedShare*float64(rate)
	return res
}

// reportOpen prints what went wrong in a run, if anything, for humans.
func reportOpen(out io.Writer, r openResult) {
	if note := r.failureNote(); note != "" {
		fmt.Fprintln(out, note)
	}
}
