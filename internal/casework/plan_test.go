package casework

import (
	"strings"
	"testing"
	"time"
)

func TestIsFirstPerson(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"Jeg skal møde op i skole 3 dage om ugen", true},
		{"  jeg vil søge ind på tømreruddannelsen", true},
		{"JEG kommer til mentor hver torsdag", true},
		{"Vi holder møde igen om fire uger", true},
		{"vi, mor og jeg, taler med skolen", true},
		{"»Jeg skal sove før kl. 23«", true},
		{"\u00a0Jeg skal\u00a0", true},
		{"Jeg", true},
		{"Mikkel skal møde op i skole", false},
		{"Jegskal møde op", false},
		{"Vil du møde op?", false},
		{"Ulla ringer til skolen", false},
		{"Skal møde op", false},
		{"", false},
		{"   ", false},
		{"Je g skal", false},
	}
	for _, tt := range tests {
		if got := IsFirstPerson(tt.text); got != tt.want {
			t.Errorf("IsFirstPerson(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestPlanFormValidate(t *testing.T) {
	today := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	d, err := PlanForm{Text: " Jeg skal i skole ", Owner: "youth", Due: "2026-12-15", Goal: "personligt"}.Validate(today)
	if err != nil {
		t.Fatal(err)
	}
	if d.Text != "Jeg skal i skole" || !d.OwnerYouth || d.Goal != GoalPersonal || d.Due.Format(time.DateOnly) != "2026-12-15" {
		t.Errorf("details = %+v", d)
	}
	d, err = PlanForm{Text: "Vi ringer", Owner: "42", Due: "2026-11-22"}.Validate(today)
	if err != nil || d.OwnerYouth || d.OwnerID != 42 || d.Goal != GoalEducationJob {
		t.Errorf("owner id / default goal: %+v, %v", d, err)
	}
	_, err = PlanForm{Text: "Mikkel skal i skole", Owner: "x", Due: "2026-11-21", Goal: "andet"}.Validate(today)
	got := FieldProblems(err)
	want := map[string]Problem{"text": ProblemNotFirstPerson, "owner": ProblemUnknownChoice, "due": ProblemDueInPast, "goal": ProblemUnknownChoice}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("problem %s = %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
	_, err = PlanForm{Text: "Jeg " + strings.Repeat("x", 1000), Due: "15.12.2026"}.Validate(today)
	if p := FieldProblems(err); p["text"] != ProblemTooLong || p["due"] != ProblemDateFormat {
		t.Errorf("long text, Danish date: %v", p)
	}
}

func FuzzIsFirstPerson(f *testing.F) {
	for _, s := range []string{"Jeg skal", "vi kan", "Mikkel skal", "»Jeg", "jeg", "JEG!", " Vi.", "Jegskal", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ok := IsFirstPerson(s)
		// Whatever follows a first-person opening keeps it first person.
		if ok && !IsFirstPerson(s+" og mere") {
			t.Fatalf("%q is first person but %q is not", s, s+" og mere")
		}
		// Case does not matter.
		if IsFirstPerson(strings.ToLower(s)) != ok {
			t.Fatalf("case changes the answer for %q", s)
		}
		// Surrounding spaces do not matter.
		if IsFirstPerson("  "+s+"  ") != ok {
			t.Fatalf("spaces change the answer for %q", s)
		}
		// A first-person text starts with jeg or vi once the opening is skipped.
		if ok {
			trimmed := strings.ToLower(strings.TrimLeft(strings.TrimSpace(s), `"'»«„“”‘’ `))
			if !strings.HasPrefix(trimmed, "jeg") && !strings.HasPrefix(trimmed, "vi") {
				t.Fatalf("%q accepted without jeg/vi", s)
			}
		}
	})
}
