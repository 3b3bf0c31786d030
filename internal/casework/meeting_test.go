package casework

import (
	"testing"
	"time"
)

func TestParseMeetingTime(t *testing.T) {
	tests := []struct {
		in      string
		utc     string
		problem Problem
	}{
		{"2026-12-01T10:00", "2026-12-01T09:00:00Z", ""},         // winter: UTC+1
		{"2026-06-02T10:00", "2026-06-02T08:00:00Z", ""},         // summer: UTC+2
		{"2026-06-02 10:00", "2026-06-02T08:00:00Z", ""},         // a space instead of T
		{"2026-06-02T10:00:30", "2026-06-02T08:00:30Z", ""},      // seconds
		{"2026-03-29T02:30", "", ProblemDateTimeMissing},         // the skipped hour
		{"2026-02-30T10:00", "", ProblemDateTimeFormat},          // no such day
		{"01.12.2026 10:00", "", ProblemDateTimeFormat},          // not the field's format
		{"2026-12-01T25:00", "", ProblemDateTimeFormat},          // no such hour
		{"", "", ProblemRequired},                                // nothing
		{"2026-12-01", "", ProblemDateTimeFormat},                // no time
		{"2026-12-01T10:00Z", "", ProblemDateTimeFormat},         // no zones
		{"  2026-12-01T10:00  ", "2026-12-01T09:00:00Z", ""},     // spaces around
		{"2026-12-01T10:00:00+01:00", "", ProblemDateTimeFormat}, // no offsets
	}
	// The hour the clocks repeat in autumn exists twice; either is right.
	if got, p := ParseMeetingTime("2026-10-25T02:30"); p != "" || (got.UTC().Hour() != 0 && got.UTC().Hour() != 1) || got.Minute() != 30 {
		t.Errorf("the repeated hour: %v, %q", got.UTC(), p)
	}
	for _, tt := range tests {
		got, p := ParseMeetingTime(tt.in)
		if p != tt.problem {
			t.Errorf("ParseMeetingTime(%q) problem = %q, want %q", tt.in, p, tt.problem)
			continue
		}
		if tt.utc != "" && got.UTC().Format(time.RFC3339) != tt.utc {
			t.Errorf("ParseMeetingTime(%q) = %s, want %s", tt.in, got.UTC().Format(time.RFC3339), tt.utc)
		}
	}
}

func TestMeetingFormValidate(t *testing.T) {
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	d, err := MeetingForm{Kind: "koordinationsmoede", StartsAt: "2026-12-01T10:00", YouthAttends: true}.Validate(now)
	if err != nil {
		t.Fatal(err)
	}
	if d.YouthAttends {
		t.Error("a coordination meeting must never have the young person attending")
	}
	if got := d.EndsAt.Sub(d.StartsAt); got != time.Hour || !d.AllTeam {
		t.Errorf("defaults: length %v, all team %v", got, d.AllTeam)
	}
	d, err = MeetingForm{Kind: "samarbejdsmoede", StartsAt: "2026-12-01T10:00", Minutes: "90", ParticipantsChosen: true, Participants: []string{"3", "4", "3"}}.Validate(now)
	if err != nil || !d.YouthAttends || d.EndsAt.Sub(d.StartsAt) != 90*time.Minute || len(d.Participants) != 2 || d.AllTeam {
		t.Errorf("cooperation meeting: %+v, %v", d, err)
	}
	_, err = MeetingForm{Kind: "stormoede", StartsAt: "2025-01-01T10:00", Minutes: "5", Participants: []string{"1", "2", "3", "4", "5", "6"}}.Validate(now)
	p := FieldProblems(err)
	if p["kind"] != ProblemUnknownChoice || p["starts_at"] != ProblemMeetingTooEarly || p["minutes"] != ProblemDuration || p["participants"] != ProblemParticipantsMax {
		t.Errorf("problems = %v", p)
	}
}

func FuzzParseMeetingTime(f *testing.F) {
	for _, s := range []string{"2026-12-01T10:00", "2026-03-29T02:30", "2026-10-25T02:30", "2026-06-02 10:00", "2026-06-02T10:00:59", "x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, p := ParseMeetingTime(s)
		if p != "" {
			if !got.IsZero() {
				t.Fatalf("ParseMeetingTime(%q) gave %v with problem %q", s, got, p)
			}
			return
		}
		// What is accepted formats back to the field's format, which reads
		// again to the same minute.
		text := FormatMeetingTime(got)
		again, p2 := ParseMeetingTime(text)
		if p2 != "" || FormatMeetingTime(again) != text || got.Sub(again) < 0 || got.Sub(again) >= time.Minute {
			t.Fatalf("round trip of %q: %v → %q → %v, %q", s, got, text, again, p2)
		}
		if len(text) != len("2006-01-02T15:04") {
			t.Fatalf("ParseMeetingTime(%q) accepted a time that formats as %q", s, text)
		}
		if got.Location() != Copenhagen() {
			t.Fatalf("ParseMeetingTime(%q) in %v, want Copenhagen", s, got.Location())
		}
	})
}
