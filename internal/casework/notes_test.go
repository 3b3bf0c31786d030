package casework

import (
	"testing"
	"time"
)

func TestNoteFormValidate(t *testing.T) {
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC) // 10:00 in Copenhagen
	cph, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		t.Fatal(err)
	}
	ok := NoteForm{SpokenWith: "Mor", OccurredOn: "2026-11-22", OccurredTime: "09.30", Topic: "Fravær", Agreed: "", Sensitive: "health"}
	d, err := ok.Validate(now, cph)
	if err != nil {
		t.Fatalf("valid note refused: %v", err)
	}
	if want := time.Date(2026, 11, 22, 8, 30, 0, 0, time.UTC); !d.OccurredAt.Equal(want) {
		t.Errorf("occurred at %v, want %v (Copenhagen 09:30)", d.OccurredAt, want)
	}
	if d.Sensitive != SensitiveHealth {
		t.Errorf("sensitive = %q", d.Sensitive)
	}
	tests := []struct {
		name  string
		edit  func(*NoteForm)
		field string
		want  Problem
	}{
		{"nobody", func(f *NoteForm) { f.SpokenWith = " " }, "spoken_with", ProblemRequired},
		{"no topic", func(f *NoteForm) { f.Topic = "" }, "topic", ProblemRequired},
		{"no date", func(f *NoteForm) { f.OccurredOn = "" }, "occurred_on", ProblemRequired},
		{"no time", func(f *NoteForm) { f.OccurredTime = "" }, "occurred_time", ProblemRequired},
		{"bad time", func(f *NoteForm) { f.OccurredTime = "25:00" }, "occurred_time", ProblemClockFormat},
		{"later today", func(f *NoteForm) { f.OccurredTime = "11:00" }, "occurred_on", ProblemDateInFuture},
		{"tomorrow", func(f *NoteForm) { f.OccurredOn = "2026-11-23" }, "occurred_on", ProblemDateInFuture},
		{"unknown kind", func(f *NoteForm) { f.Sensitive = "politics" }, "sensitive", ProblemUnknownChoice},
	}
	for _, tt := range tests {
		f := ok
		tt.edit(&f)
		_, err := f.Validate(now, cph)
		if got := FieldProblems(err)[tt.field]; got != tt.want {
			t.Errorf("%s: %s = %q, want %q (all: %v)", tt.name, tt.field, got, tt.want, FieldProblems(err))
		}
	}
	justNow := ok
	justNow.OccurredTime = "10:03"
	if _, err := justNow.Validate(now, cph); err != nil {
		t.Errorf("a note a few minutes ahead of the clock was refused: %v", err)
	}
}
