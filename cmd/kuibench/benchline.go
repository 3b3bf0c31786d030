package main

import (
	"strconv"
	"strings"
)

// benchLines reads BENCH lines (`BENCH name=x key=value …`) into their
// fields by name; a later line of the same name wins. Other lines are
// skipped.
func benchLines(lines []string) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, line := range lines {
		f := strings.Fields(line)
		if len(f) < 2 || f[0] != "BENCH" {
			continue
		}
		fields := map[string]string{}
		for _, kv := range f[1:] {
			if k, v, ok := strings.Cut(kv, "="); ok {
				fields[k] = v
			}
		}
		if name := fields["name"]; name != "" {
			out[name] = fields
		}
	}
	return out
}

// number is a line's field as a number, and whether it is there.
func number(lines map[string]map[string]string, name, field string) (float64, bool) {
	v, ok := lines[name][field]
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseFloat(v, 64)
	return n, err == nil
}
