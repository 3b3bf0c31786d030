package main

import (
	"net/http"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// The summary reads the percentiles and the maximum off every recorded
// latency, and a latency beyond the histogram's range counts as its top.
func TestLatencySummary(t *testing.T) {
	l := newLatency()
	for i := 1; i <= 1000; i++ {
		l.record(time.Duration(i) * time.Millisecond)
	}
	s := l.summary()
	near := func(got, want float64) bool { return got >= want*0.999 && got <= want*1.001 }
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"p50", s.p50, 500}, {"p90", s.p90, 900}, {"p95", s.p95, 950}, {"p99", s.p99, 990}, {"max", s.max, 1000}} {
		if !near(c.got, c.want) {
			t.Errorf("%s = %.3f ms, want %.0f", c.name, c.got, c.want)
		}
	}
	if s.count != 1000 {
		t.Errorf("count = %d", s.count)
	}
	l.record(2 * time.Minute)
	if s := l.summary(); s.count != 1001 || s.max < 59_000 {
		t.Errorf("a latency beyond the range: count %d, max %.0f ms", s.count, s.max)
	}
}

func TestSucceeded(t *testing.T) {
	loc := func(s string) http.Header { return http.Header{"Location": {s}} }
	for _, c := range []struct {
		name string
		r    vegeta.Result
		want bool
	}{
		{"page", vegeta.Result{Method: "GET", Code: 200}, true},
		{"page redirected", vegeta.Result{Method: "GET", Code: 303, Headers: loc("/login")}, false},
		{"page not found", vegeta.Result{Method: "GET", Code: 404, Error: "404 Not Found"}, false},
		{"no answer", vegeta.Result{Method: "GET", Error: "connection refused"}, false},
		{"form saved", vegeta.Result{Method: "POST", Code: 303, Headers: loc("/meetings/7#plan")}, true},
		{"form to the login", vegeta.Result{Method: "POST", Code: 303, Headers: loc("/login?next=x")}, false},
		{"form invalid", vegeta.Result{Method: "POST", Code: 422, Error: "422"}, false},
		{"form 200", vegeta.Result{Method: "POST", Code: 200}, false},
	} {
		if got := succeeded(&c.r); got != c.want {
			t.Errorf("%s: succeeded = %t", c.name, got)
		}
	}
}

// A run's summary leaves out the warm-up, counts the errors and says
// whether the requests kept the asked rate.
func TestSummarise(t *testing.T) {
	start := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	feed := func(rate int, every time.Duration, n int, fail int) openResult {
		ch := make(chan *vegeta.Result, n+10)
		for i := range 10 { // warm-up, slow and failing
			ch <- &vegeta.Result{Method: "GET", Code: 500, Error: "500", Timestamp: start.Add(time.Duration(i) * time.Millisecond), Latency: time.Second}
		}
		for i := range n {
			r := &vegeta.Result{Method: "GET", Code: 200, Timestamp: start.Add(time.Second + time.Duration(i)*every), Latency: 3 * time.Millisecond}
			if i < fail {
				r.Code, r.Error = 502, "502 Bad Gateway"
			}
			ch <- r
		}
		close(ch)
		return summarise("t", rate, start.Add(time.Second), ch)
	}
	r := feed(100, 10*time.Millisecond, 1001, 0)
	if r.requests != 1001 || r.errors != 0 || !r.paced || r.latency.max > 3.01 || !r.passes(50) {
		t.Errorf("kept pace: %+v", r)
	}
	r = feed(100, 20*time.Millisecond, 501, 0)
	if r.paced || r.passes(50) {
		t.Errorf("half the rate counts as paced: %+v", r)
	}
	r = feed(100, 10*time.Millisecond, 1001, 2)
	if r.errors != 2 || r.failures["GET 502"] != 2 || r.passes(50) {
		t.Errorf("errors: %+v", r)
	}
	if r := feed(100, 10*time.Millisecond, 1001, 0); r.passes(2) {
		t.Errorf("p99 of 3 ms passes a 2 ms limit")
	}
}

// The line keeps CONTRACT.md's fields in its order.
func TestOpenResultLine(t *testing.T) {
	r := openResult{name: "mix", rate: 1000, rps: 999.84, errors: 0, requests: 15000, paced: true,
		latency: latencySummary{p50: 2, p90: 4, p95: 5.5, p99: 12.25, max: 80}}
	want := "BENCH name=mix rate=1000 rps=999.8 p50_ms=2.00 p95_ms=5.50 p99_ms=12.25 max_ms=80.00 errors=0 paced=true p90_ms=4.00 requests=15000 users=3"
	if got := r.line("users=3"); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
