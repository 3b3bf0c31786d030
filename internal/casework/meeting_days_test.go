package casework

import (
	"testing"
	"time"
)

func TestFirstDayAgendaInTime(t *testing.T) {
	d := func(s string) time.Time { x, _ := time.Parse(time.DateOnly, s); return x }
	for _, c := range []struct {
		today string
		lead  int
		want  string
	}{
		{"2026-11-22", 5, "2026-11-28"}, // Sunday: send by Monday 23 November
		{"2026-11-22", 0, "2026-11-22"},
		{"2026-11-24", 1, "2026-11-25"},
		{"2027-03-24", 2, "2027-03-31"}, // Easter: 25, 26 and 29 March are holidays
	} {
		got := FirstDayAgendaInTime(d(c.today), c.lead)
		if got.Format(time.DateOnly) != c.want {
			t.Errorf("FirstDayAgendaInTime(%s, %d) = %s, want %s", c.today, c.lead, got.Format(time.DateOnly), c.want)
		}
		if AgendaSendBy(got, c.lead).Before(d(c.today)) {
			t.Errorf("FirstDayAgendaInTime(%s, %d): its agenda is late", c.today, c.lead)
		}
	}
}

func TestOffFixedDays(t *testing.T) {
	fixed := []MeetingDay{{Weekday: time.Thursday}, {Weekday: time.Tuesday}, {Weekday: time.Tuesday}}
	wed := time.Date(2026, 11, 25, 10, 0, 0, 0, copenhagen)
	days, off := OffFixedDays(fixed, wed)
	if !off || len(days) != 2 || days[0] != time.Tuesday || days[1] != time.Thursday {
		t.Errorf("a Wednesday: %v %v, want off, [Tuesday Thursday]", days, off)
	}
	if _, off := OffFixedDays(fixed, wed.AddDate(0, 0, -1)); off {
		t.Error("a Tuesday is off the fixed days")
	}
	// 23:30 UTC on Monday is Tuesday in Copenhagen.
	if _, off := OffFixedDays(fixed, time.Date(2026, 11, 23, 23, 30, 0, 0, time.UTC)); off {
		t.Error("the weekday is not read in Copenhagen time")
	}
	if _, off := OffFixedDays(nil, wed); off {
		t.Error("off the fixed days when there are none")
	}
}
