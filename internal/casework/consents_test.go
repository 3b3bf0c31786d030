package casework

import "testing"

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
