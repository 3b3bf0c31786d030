package casework

import (
	"testing"
	"time"
)

var caseFileToday = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

func cfDay(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

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

func TestConsentFormValidate(t *testing.T) {
	ok := ConsentForm{GivenBy: "guardian", GivenByName: " Anne ", GivenOn: "2026-11-01", ExpiresOn: "2027-11-01",
		CoversHealth: true, UnitScope: UnitScopeSome, Units: []string{"4", "9", "4"}}
	d, err := ok.Validate(caseFileToday)
	if err != nil {
		t.Fatalf("valid consent refused: %v", err)
	}
	if d.GivenBy != GivenByGuardian || d.GivenByName != "Anne" || d.AllUnits || len(d.UnitIDs) != 2 || !d.CoversHealth || d.CoversReligion {
		t.Errorf("details %+v", d)
	}
	tests := []struct {
		name  string
		edit  func(*ConsentForm)
		field string
		want  Problem
	}{
		{"nobody gave it", func(f *ConsentForm) { f.GivenBy = "" }, "given_by", ProblemUnknownChoice},
		{"parent without name", func(f *ConsentForm) { f.GivenByName = "" }, "given_by_name", ProblemRequired},
		{"given tomorrow", func(f *ConsentForm) { f.GivenOn = "2026-11-23" }, "given_on", ProblemDateInFuture},
		{"expires when given", func(f *ConsentForm) { f.ExpiresOn = "2026-11-01" }, "expires_on", ProblemExpiryBeforeGiven},
		{"no expiry", func(f *ConsentForm) { f.ExpiresOn = "" }, "expires_on", ProblemRequired},
		{"no units", func(f *ConsentForm) { f.Units = nil }, "units", ProblemUnitsRequired},
		{"bad unit", func(f *ConsentForm) { f.Units = []string{"x"} }, "units", ProblemUnknownChoice},
		{"no scope", func(f *ConsentForm) { f.UnitScope = "" }, "unit_scope", ProblemUnknownChoice},
	}
	for _, tt := range tests {
		f := ok
		tt.edit(&f)
		_, err := f.Validate(caseFileToday)
		if got := FieldProblems(err)[tt.field]; got != tt.want {
			t.Errorf("%s: %s = %q, want %q (all: %v)", tt.name, tt.field, got, tt.want, FieldProblems(err))
		}
	}
	youth := ok
	youth.GivenBy, youth.GivenByName, youth.UnitScope, youth.Units = "youth", "ignored", UnitScopeAll, nil
	d, err = youth.Validate(caseFileToday)
	if err != nil || d.GivenByName != "" || !d.AllUnits || d.UnitIDs != nil {
		t.Errorf("consent from the young person for all units: %+v, %v", d, err)
	}
}

func TestConsentState(t *testing.T) {
	c := Consent{GivenOn: cfDay("2026-01-01"), ExpiresOn: cfDay("2027-01-01")}
	tests := []struct {
		name  string
		edit  func(*Consent)
		today string
		want  ConsentState
	}{
		{"valid", func(*Consent) {}, "2026-11-22", ConsentValid},
		{"expiring within 30 days", func(*Consent) {}, "2026-12-02", ConsentExpiring},
		{"last day", func(*Consent) {}, "2027-01-01", ConsentExpiring},
		{"day after expiry", func(*Consent) {}, "2027-01-02", ConsentExpired},
		{"withdrawn", func(c *Consent) { c.WithdrawnOn = cfDay("2026-05-01") }, "2026-11-22", ConsentWithdrawn},
		{"given later", func(*Consent) {}, "2025-12-31", ConsentPending},
	}
	for _, tt := range tests {
		c := c
		tt.edit(&c)
		if got := c.State(cfDay(tt.today)); got != tt.want {
			t.Errorf("%s: state %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestWithdrawalFormValidate(t *testing.T) {
	given := cfDay("2026-06-01")
	ok := WithdrawalForm{WithdrawnOn: "2026-11-20", WithdrawnBy: "youth"}
	if d, err := ok.Validate(caseFileToday, given); err != nil || d.WithdrawnBy != GivenByYouth || !d.WithdrawnOn.Equal(cfDay("2026-11-20")) {
		t.Fatalf("valid withdrawal: %+v, %v", d, err)
	}
	tests := []struct {
		name  string
		edit  func(*WithdrawalForm)
		field string
		want  Problem
	}{
		{"tomorrow", func(f *WithdrawalForm) { f.WithdrawnOn = "2026-11-23" }, "withdrawn_on", ProblemDateInFuture},
		{"before given", func(f *WithdrawalForm) { f.WithdrawnOn = "2026-05-31" }, "withdrawn_on", ProblemWithdrawnBeforeGiven},
		{"no date", func(f *WithdrawalForm) { f.WithdrawnOn = "" }, "withdrawn_on", ProblemRequired},
		{"parent unnamed", func(f *WithdrawalForm) { f.WithdrawnBy = "guardian" }, "withdrawn_by_name", ProblemRequired},
		{"nobody", func(f *WithdrawalForm) { f.WithdrawnBy = "" }, "withdrawn_by", ProblemUnknownChoice},
	}
	for _, tt := range tests {
		f := ok
		tt.edit(&f)
		_, err := f.Validate(caseFileToday, given)
		if got := FieldProblems(err)[tt.field]; got != tt.want {
			t.Errorf("%s: %s = %q, want %q", tt.name, tt.field, got, tt.want)
		}
	}
}

func TestChecklistFormValidate(t *testing.T) {
	d, err := ChecklistForm{Done: true, DueOn: "2026-12-01", Comment: " Hver 14. dag "}.Validate(caseFileToday)
	if err != nil || !d.DoneOn.Equal(caseFileToday) || !d.DueOn.Equal(cfDay("2026-12-01")) || d.Comment != "Hver 14. dag" {
		t.Fatalf("done without a date should be done today: %+v, %v", d, err)
	}
	d, err = ChecklistForm{Done: false, DoneOn: "2026-11-01"}.Validate(caseFileToday)
	if err != nil || !d.DoneOn.IsZero() {
		t.Errorf("an item not done keeps a done date: %+v, %v", d, err)
	}
	if _, err := (ChecklistForm{Done: true, DoneOn: "2026-11-23"}).Validate(caseFileToday); FieldProblems(err)["done_on"] != ProblemDateInFuture {
		t.Errorf("done tomorrow: %v", err)
	}
	if _, err := (ChecklistForm{DueOn: "snart"}).Validate(caseFileToday); FieldProblems(err)["due_on"] != ProblemDateFormat {
		t.Errorf("bad due date: %v", err)
	}
	item := ChecklistItem{DueOn: cfDay("2026-11-21")}
	if !item.Overdue(caseFileToday) {
		t.Error("an open item due yesterday is not overdue")
	}
	item.Done = true
	if item.Overdue(caseFileToday) {
		t.Error("a done item is overdue")
	}
	if (ChecklistItem{DueOn: caseFileToday}).Overdue(caseFileToday) {
		t.Error("an item due today is already overdue")
	}
	if (ChecklistItem{}).Overdue(caseFileToday) {
		t.Error("an item without a due date is overdue")
	}
}

func TestTurnsEighteen(t *testing.T) {
	tests := []struct {
		birth string
		on    string
		days  int
		soon  bool
	}{
		{"2009-01-21", "2027-01-21", 60, true},
		{"2009-03-22", "2027-03-22", 120, false},
		{"2009-02-20", "2027-02-20", 90, true},
		{"2009-02-21", "2027-02-21", 91, false},
		{"2008-11-22", "2026-11-22", 0, false}, // 18 today: no longer ahead
		{"2008-11-23", "2026-11-23", 1, true},
		{"2010-03-12", "2028-03-12", 476, false},
	}
	for _, tt := range tests {
		on, days, soon := TurnsEighteen(cfDay(tt.birth), caseFileToday)
		if on.Format(time.DateOnly) != tt.on || days != tt.days || soon != tt.soon {
			t.Errorf("born %s: %s in %d days, soon %v; want %s, %d, %v", tt.birth, on.Format(time.DateOnly), days, soon, tt.on, tt.days, tt.soon)
		}
	}
	// A leap-day birthday counts from 1 March in other years.
	on, days, soon := TurnsEighteen(cfDay("2008-02-29"), cfDay("2025-12-10"))
	if on.Format(time.DateOnly) != "2026-03-01" || days != 81 || !soon {
		t.Errorf("born 29 February 2008: %s in %d days, soon %v", on.Format(time.DateOnly), days, soon)
	}
}
