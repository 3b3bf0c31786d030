package casework

import "testing"

func TestTeamForms(t *testing.T) {
	if id, role, err := (TeamMemberForm{UserID: " 12 ", TeamRole: " UU-vejleder "}).Validate(); err != nil || id != 12 || role != "UU-vejleder" {
		t.Errorf("member form: %d %q %v", id, role, err)
	}
	if _, _, err := (TeamMemberForm{UserID: "-1"}).Validate(); FieldProblems(err)["user_id"] != ProblemUnknownChoice {
		t.Errorf("negative id: %v", err)
	}
	if _, _, err := (TeamMemberForm{}).Validate(); FieldProblems(err)["user_id"] != ProblemRequired {
		t.Errorf("no one chosen: %v", err)
	}

	if d, _, err := (TeamChoiceForm{ChosenOn: "2026-11-20"}).Validate(today); err != nil || d.Day() != 20 {
		t.Errorf("choice date: %v %v", d, err)
	}
	if _, _, err := (TeamChoiceForm{ChosenOn: "2026-11-23"}).Validate(today); FieldProblems(err)["chosen_on"] != ProblemDateInFuture {
		t.Errorf("future date: %v", err)
	}
}

func TestTeamReturnedAfterAnchoring(t *testing.T) {
	team := Team{Status: StatusActive, ContactHistory: []ContactPerson{{UserID: 1, EndReason: EndAnchored}}}
	if !team.NeedsContactPerson() || !team.Returned() {
		t.Error("an active young person whose contact person ended at anchoring should be offered a new one")
	}
	team.Status = StatusAnchored
	if team.NeedsContactPerson() || team.Returned() {
		t.Error("an anchored young person needs no contact person")
	}
	team = Team{Status: StatusActive, ContactPerson: &ContactPerson{UserID: 1}}
	if team.NeedsContactPerson() {
		t.Error("a young person with a contact person does not need one")
	}
}
