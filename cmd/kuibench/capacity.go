package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Capacity: the highest constant rate of the mix that still holds p99 ≤
// 50 ms with no error and the client keeping pace, found by bisection
// between nothing and the static ceiling (nothing signed in is faster), in
// a bounded number of probes.

// capacityP99 is the p99 a probe must hold, in ms (issue 15).
const capacityP99 = 50

// bisection narrows the highest passing rate: lo passed (0: none yet), hi
// failed or is the ceiling. It starts at first (below the ceiling); while
// nothing has failed it doubles (the static ceiling is far above any page's,
// and a probe far beyond the capacity only floods the instances), then it
// halves the gap; it stops after maxProbes or once hi − lo ≤ 5 % of lo.
type bisection struct {
	lo, hi    int
	first     int
	probes    int
	maxProbes int
	failed    bool // a probe has failed: hi is a measured bound, not the ceiling
}

func newBisection(ceiling, first, maxProbes int) *bisection {
	return &bisection{hi: ceiling, first: first, maxProbes: maxProbes}
}

// next is the rate to probe next, or false when the search is done.
func (b *bisection) next() (int, bool) {
	if b.probes >= b.maxProbes || b.hi <= 1 {
		return 0, false
	}
	if b.probes == 0 {
		r := b.first
		if r <= 0 || r >= b.hi {
			r = b.hi / 2
		}
		return r, true
	}
	if b.lo > 0 && float64(b.hi-b.lo) <= 0.05*float64(b.lo) {
		return 0, false
	}
	r := (b.lo + b.hi) / 2
	if !b.failed && b.lo > 0 {
		r = min(2*b.lo, r)
	}
	if r <= b.lo || r >= b.hi {
		return 0, false
	}
	return r, true
}

// record notes a probe's outcome.
func (b *bisection) record(rate int, passed bool) {
	b.probes++
	if passed {
		b.lo = max(b.lo, rate)
	} else {
		b.hi = min(b.hi, rate)
		b.failed = true
	}
}

// measureCapacity bisects the mix's rate between 0 and the static ceiling
// and returns the capacity line. Every probe is an open-loop run of the mix
// (warm-up discarded), with a pause between probes for the instances and
// the database to drain.
func measureCapacity(ctx context.Context, out io.Writer, o options, mx *mix, ceiling float64) (string, error) {
	b := newBisection(int(ceiling), o.mixRate, o.capacityProbes)
	var best openResult
	for {
		rate, ok := b.next()
		if !ok {
			break
		}
		settle(ctx, mx.bases)
		r := openLoop(ctx, "capacity_probe", rate, o.warmup, o.capacityProbe, mx.targeter())
		if err := ctx.Err(); err != nil {
			return "", err
		}
		pass := r.passes(capacityP99)
		fmt.Fprintf(out, "capacity: %d req/s: p99 %.2f ms, %d errors, %.1f req/s sent (paced %t) → %s\n",
			rate, r.latency.p99, r.errors, r.rps, r.paced, map[bool]string{true: "holds", false: "does not hold"}[pass])
		reportOpen(out, r)
		b.record(rate, pass)
		if pass && rate >= b.lo {
			best = r
		}
	}
	ratio := 0.0
	if ceiling > 0 {
		ratio = float64(b.lo) / ceiling
	}
	return fmt.Sprintf("BENCH name=capacity rps=%d ratio_static=%.3f p50_ms=%.2f p99_ms=%.2f probes=%d upper=%d",
		b.lo, ratio, best.latency.p50, best.latency.p99, b.probes, b.hi), nil
}

// settle waits until the instances are idle again: a probe that does not
// hold leaves them with a queue of requests (and PostgreSQL with their
// queries) that would otherwise be measured as the next, lower probe's
// latency. Idle is five readiness checks in a row (one database round trip
// each) answered within 20 ms; it gives up after a minute.
func settle(ctx context.Context, bases []string) {
	client := &http.Client{Timeout: 5 * time.Second}
	deadline := time.Now().Add(time.Minute)
	quick := 0
	for i := 0; quick < 5 && time.Now().Before(deadline) && ctx.Err() == nil; i++ {
		start := time.Now()
		resp, err := client.Get(bases[i%len(bases)] + "/readyz")
		if err == nil {
			resp.Body.Close()
		}
		if err == nil && resp.StatusCode == http.StatusOK && time.Since(start) < 20*time.Millisecond {
			quick++
		} else {
			quick = 0
		}
		time.Sleep(200 * time.Millisecond)
	}
}
