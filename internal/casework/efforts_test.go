package casework

import "testing"

func TestEffortFormValidate(t *testing.T) {
	ok := EffortForm{Unit: "3", Description: " Mentor to timer om ugen ", Responsible: "7", StartsOn: "2026-11-01", Status: "ongoing"}
	d, err := ok.Validate()
	if err != nil {
		t.Fatalf("valid effort refused: %v", err)
	}
	if d.UnitID != 3 || d.ResponsibleID != 7 || d.Description != "Mentor to timer om ugen" || !d.StartsOn.Equal(cfDay("2026-11-01")) || !d.EndsOn.IsZero() || d.Status != EffortOngoing {
		t.Errorf("details %+v", d)
	}
	tests := []struct {
		name  string
		edit  func(*EffortForm)
		field string
		want  Problem
	}{
		{"no unit", func(f *EffortForm) { f.Unit = "" }, "unit", ProblemRequired},
		{"unit not an id", func(f *EffortForm) { f.Unit = "x" }, "unit", ProblemUnknownChoice},
		{"no responsible", func(f *EffortForm) { f.Responsible = " " }, "responsible", ProblemRequired},
		{"no description", func(f *EffortForm) { f.Description = "" }, "description", ProblemRequired},
		{"no start", func(f *EffortForm) { f.StartsOn = "" }, "starts_on", ProblemRequired},
		{"bad end", func(f *EffortForm) { f.EndsOn = "1/12" }, "ends_on", ProblemDateFormat},
		{"end before start", func(f *EffortForm) { f.EndsOn = "2026-10-31" }, "ends_on", ProblemEndBeforeStart},
		{"completed without end", func(f *EffortForm) { f.Status = "completed" }, "ends_on", ProblemEndRequired},
		{"stopped without end", func(f *EffortForm) { f.Status = "stopped" }, "ends_on", ProblemEndRequired},
		{"unknown status", func(f *EffortForm) { f.Status = "paused" }, "status", ProblemUnknownChoice},
	}
	for _, tt := range tests {
		f := ok
		tt.edit(&f)
		_, err := f.Validate()
		if got := FieldProblems(err)[tt.field]; got != tt.want {
			t.Errorf("%s: %s = %q, want %q (all: %v)", tt.name, tt.field, got, tt.want, FieldProblems(err))
		}
	}
	same := ok
	same.EndsOn = same.StartsOn
	same.Status = "completed"
	if _, err := same.Validate(); err != nil {
		t.Errorf("an effort ending the day it starts was refused: %v", err)
	}
}

func TestEffortPastEnd(t *testing.T) {
	e := Effort{Status: EffortOngoing, EndsOn: cfDay("2026-11-21")}
	if !e.PastEnd(caseFileToday) {
		t.Error("an ongoing effort whose end date has passed is not flagged")
	}
	e.EndsOn = caseFileToday
	if e.PastEnd(caseFileToday) {
		t.Error("an effort ending today is flagged as past its end")
	}
	e = Effort{Status: EffortCompleted, EndsOn: cfDay("2026-01-01")}
	if e.PastEnd(caseFileToday) {
		t.Error("a completed effort is flagged as past its end")
	}
}
