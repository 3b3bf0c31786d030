package main

import (
	"strings"
	"testing"
)

var goodRun = []string{
	"BENCH name=ceiling_static rps=20000.5 p50_ms=1 p90_ms=2 p99_ms=3 errors=0 connections=50",
	"BENCH name=ceiling_auth rps=8000 p50_ms=1 p90_ms=2 p99_ms=3 errors=0 connections=50",
	"BENCH name=youth_page rps=5000 p50_ms=1 p90_ms=2 p99_ms=9 errors=0 connections=50",
	"BENCH name=youth_search rps=3000 p50_ms=1 p90_ms=2 p99_ms=49.99 errors=0 connections=50",
	"BENCH name=mix rate=1000 rps=999.8 p50_ms=2 p90_ms=5 p95_ms=8 p99_ms=20 max_ms=70 errors=0 requests=15000 paced=true users=200 coordinators=4",
	"BENCH name=overview rate=10 rps=10 p50_ms=20 p90_ms=40 p95_ms=100 p99_ms=150 max_ms=200 errors=0 requests=100 paced=true coordinators=4",
	"BENCH name=between_chairs rate=10 rps=10 p50_ms=20 p90_ms=40 p95_ms=60 p99_ms=150 max_ms=200 errors=0 requests=100 paced=true coordinators=4",
	"BENCH name=live rps=0 p50_ms=10 p95_ms=30 p99_ms=80 max_ms=120 clients=500 edits=40 instances=2 events=content",
	"BENCH name=memory rss_mb=120.5 instances=2",
	"BENCH name=capacity rps=2400 ratio_static=0.120 p50_ms=3 p99_ms=45 probes=7 upper=2600",
}

func TestRatiosLine(t *testing.T) {
	got := ratiosLine(goodRun)
	want := "BENCH name=ratios auth_static=0.400 youth_auth=0.625 capacity_static=0.120"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := ratiosLine(goodRun[:2]); got != "BENCH name=ratios auth_static=0.400" {
		t.Errorf("with lines missing: %s", got)
	}
}

func TestTargetsLine(t *testing.T) {
	run := append(append([]string{}, goodRun...), ratiosLine(goodRun))
	if got, want := targetsLine(run), "BENCH name=targets met=15 missed=0 missed_names="; got != want {
		t.Errorf("a run meeting every goal:\n got %s\nwant %s", got, want)
	}

	// Each goal missed on its own, and a missing line.
	bad := strings.NewReplacer(
		"paced=true users", "paced=false users",
		"p95_ms=100 ", "p95_ms=100.01 ",
		"p99_ms=49.99", "p99_ms=50.5",
		"clients=500", "clients=50",
		"rss_mb=120.5", "rss_mb=151",
		"ceiling_auth rps=8000", "ceiling_auth rps=5000",
	)
	var worse []string
	for _, l := range goodRun {
		if !strings.Contains(l, "name=capacity") {
			worse = append(worse, bad.Replace(l))
		}
	}
	worse = append(worse, ratiosLine(worse))
	// auth_static falls to 0.25; youth_auth rises to 1 and still meets.
	want := "BENCH name=targets met=8 missed=7 missed_names=auth_static,mix_paced,capacity,overview_p95,youth_search_p99,live_clients,memory"
	if got := targetsLine(worse); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestTargetMet(t *testing.T) {
	lines := benchLines([]string{"noise", "BENCH name=x a=1.5 b=yes c=oops", "BENCH name=x a=2 b=yes c=oops"})
	for _, c := range []struct {
		t    target
		want bool
	}{
		{target{"", "x", "a", "<=", "2"}, true},
		{target{"", "x", "a", "<=", "1.99"}, false},
		{target{"", "x", "a", ">=", "2"}, true},
		{target{"", "x", "a", ">", "2"}, false},
		{target{"", "x", "b", "==", "yes"}, true},
		{target{"", "x", "b", "==", "no"}, false},
		{target{"", "x", "c", "<=", "1"}, false}, // not a number
		{target{"", "x", "d", "<=", "1"}, false}, // no such field
		{target{"", "y", "a", "<=", "1"}, false}, // no such line
	} {
		if got := c.t.met(lines); got != c.want {
			t.Errorf("%s %s %s %s: %t", c.t.line, c.t.field, c.t.op, c.t.goal, got)
		}
	}
}
