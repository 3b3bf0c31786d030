package casework

import "testing"

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
