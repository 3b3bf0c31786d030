package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

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
	// wrk's --latency report has 50/75/90/99, no p95: a goal on a p95 is
	// measured open-loop (openloop.go).
	return fmt.Sprintf("BENCH name=%s rps=%s p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f errors=%d", name, m[1], pct["50"], pct["90"], pct["99"], errs), nil
}
