package main

import "testing"

// Against a server that holds every rate up to a threshold, the search
// brackets the threshold, within its bounds and its probes.
func TestBisection(t *testing.T) {
	for _, c := range []struct {
		name                       string
		ceiling, first, max, holds int
		within5                    bool // enough probes to narrow to 5 %
	}{
		{"holds more than the first", 20_000, 1000, 7, 3000, true},
		{"holds far more, few probes", 20_000, 1000, 4, 15_000, false},
		{"holds more, many probes", 20_000, 1000, 30, 3000, true},
		{"holds less than the first", 20_000, 1000, 30, 420, true},
		{"holds everything", 5000, 1000, 30, 1 << 30, true},
		{"holds nothing", 5000, 1000, 7, 0, false},
		{"ceiling below the first", 800, 1000, 30, 600, true},
	} {
		b := newBisection(c.ceiling, c.first, c.max)
		var probed []int
		for {
			r, ok := b.next()
			if !ok {
				break
			}
			if r <= 0 || r >= c.ceiling || len(probed) >= c.max {
				t.Fatalf("%s: probe %d after %v", c.name, r, probed)
			}
			probed = append(probed, r)
			b.record(r, r <= c.holds)
		}
		if len(probed) == 0 || (c.first < c.ceiling && probed[0] != c.first) {
			t.Errorf("%s: probes %v do not start at %d", c.name, probed, c.first)
		}
		if b.lo > c.holds || (b.hi <= c.holds && b.hi != c.ceiling) {
			t.Errorf("%s: lo %d, hi %d do not bracket %d (probes %v)", c.name, b.lo, b.hi, c.holds, probed)
		}
		if c.holds > 0 && c.within5 && float64(min(c.holds, c.ceiling)-b.lo) > 0.05*float64(b.lo)+1 {
			t.Errorf("%s: lo %d is not within 5 %% of %d (probes %v)", c.name, b.lo, c.holds, probed)
		}
		for i := 1; i < len(probed); i++ {
			if probed[i] > 2*probed[i-1] {
				t.Errorf("%s: probes %v more than double", c.name, probed)
			}
		}
		if c.holds == 0 && b.lo != 0 {
			t.Errorf("%s: lo %d, want 0", c.name, b.lo)
		}
	}
}
