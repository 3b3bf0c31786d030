package casework

import "testing"

func TestReferralForms(t *testing.T) {
	if _, err := (ReferralForm{Situation: "a", Tried: " "}).Validate(); len(FieldProblems(err)) != 2 {
		t.Errorf("referral form: %v", err)
	}
	if _, _, err := (DecisionForm{UserID: "3"}).Validate(); FieldProblems(err)["note"] != ProblemRequired {
		t.Errorf("decision without note: %v", err)
	}
}
