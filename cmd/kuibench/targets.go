package main

import (
	"fmt"
	"strconv"
	"strings"
)

// The goals of issue 15, read off the BENCH lines of one run: ratios are
// within the run, so the machine's speed cancels out.

// target is one goal: the field of a line, compared with a value.
type target struct {
	name  string // as listed in missed_names
	line  string
	field string
	op    string // "<=", ">=", ">" on numbers; "==" on text
	goal  string
}

var targets = []target{
	{"auth_static", "ratios", "auth_static", ">=", "0.30"},
	{"youth_auth", "ratios", "youth_auth", ">=", "0.60"},
	{"mix_rate", "mix", "rate", ">=", "1000"}, // a run at a lower -mix-rate proves nothing
	{"mix_p99", "mix", "p99_ms", "<=", "50"},
	{"mix_errors", "mix", "errors", "<=", "0"},
	{"mix_paced", "mix", "paced", "==", "true"},
	{"capacity", "capacity", "rps", ">", "0"}, // reported: some rate of the mix holds p99 ≤ 50 ms
	{"overview_p95", "overview", "p95_ms", "<=", "100"},
	{"overview_errors", "overview", "errors", "<=", "0"},
	{"between_chairs_p95", "between_chairs", "p95_ms", "<=", "100"},
	{"between_chairs_errors", "between_chairs", "errors", "<=", "0"},
	{"youth_search_p99", "youth_search", "p99_ms", "<=", "50"},
	{"live_p99", "live", "p99_ms", "<=", "100"},
	{"live_clients", "live", "clients", ">=", "500"},
	{"memory", "memory", "rss_mb", "<=", "150"},
}

// met tells whether the lines meet the target; a missing line or field
// does not.
func (t target) met(lines map[string]map[string]string) bool {
	v, ok := lines[t.line][t.field]
	if !ok {
		return false
	}
	if t.op == "==" {
		return v == t.goal
	}
	got, err1 := strconv.ParseFloat(v, 64)
	goal, err2 := strconv.ParseFloat(t.goal, 64)
	if err1 != nil || err2 != nil {
		return false
	}
	switch t.op {
	case "<=":
		return got <= goal
	case ">=":
		return got >= goal
	case ">":
		return got > goal
	}
	return false
}

// targetsLine is the run's last line: how many goals it met, and which it
// missed.
func targetsLine(results []string) string {
	lines := benchLines(results)
	var missed []string
	for _, t := range targets {
		if !t.met(lines) {
			missed = append(missed, t.name)
		}
	}
	return fmt.Sprintf("BENCH name=targets met=%d missed=%d missed_names=%s",
		len(targets)-len(missed), len(missed), strings.Join(missed, ","))
}

// ratiosLine relates the run's throughputs: a signed-in request to a
// static one, a young person's page to a signed-in request, the capacity
// to a static request. A ratio whose lines are missing is left out.
func ratiosLine(results []string) string {
	lines := benchLines(results)
	s := "BENCH name=ratios"
	for _, r := range []struct{ field, over, under string }{
		{"auth_static", "ceiling_auth", "ceiling_static"},
		{"youth_auth", "youth_page", "ceiling_auth"},
		{"capacity_static", "capacity", "ceiling_static"},
	} {
		a, ok1 := number(lines, r.over, "rps")
		b, ok2 := number(lines, r.under, "rps")
		if ok1 && ok2 && b > 0 {
			s += fmt.Sprintf(" %s=%.3f", r.field, a/b)
		}
	}
	return s
}
