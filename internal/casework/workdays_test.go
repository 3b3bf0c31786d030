package casework

import (
	"testing"
	"time"
)

func TestAgendaSendBy(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	tests := []struct {
		meeting string
		lead    int
		want    string
	}{
		{"2026-12-08", 5, "2026-12-01"}, // Tuesday → the Tuesday before
		{"2026-12-07", 5, "2026-11-30"}, // Monday → the Monday before
		{"2026-12-07", 1, "2026-12-04"}, // Monday, one day → Friday
		{"2026-12-07", 0, "2026-12-07"},
		{"2027-01-04", 5, "2026-12-22"}, // over New Year and Christmas (24.–26., 31. and 1. closed)
		{"2026-04-09", 5, "2026-03-30"}, // Easter 2026: 2., 3. and 6. April closed
	}
	for _, tt := range tests {
		if got := AgendaSendBy(day(tt.meeting), tt.lead).Format(time.DateOnly); got != tt.want {
			t.Errorf("AgendaSendBy(%s, %d) = %s, want %s", tt.meeting, tt.lead, got, tt.want)
		}
	}
	if e := easterSunday(2026).Format(time.DateOnly); e != "2026-04-05" {
		t.Errorf("Easter 2026 = %s", e)
	}
}
