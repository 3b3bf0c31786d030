package web

import (
	"time"

	"kui/internal/casework"
)

// ChecklistView is the contact person's checklist. One item's form may be
// shown as typed, with its problems, after a failed save.
type ChecklistView struct {
	Page     Page
	Heading  casework.YouthHeading
	Today    time.Time
	Items    []casework.ChecklistItem
	Editing  casework.ChecklistKind // the item whose form is shown as typed
	Form     casework.ChecklistForm
	Problems map[string]casework.Problem
	Stale    bool
}

// Overdue counts the items past their due date.
func (v ChecklistView) Overdue() int {
	n := 0
	for _, i := range v.Items {
		if i.Overdue(v.Today) {
			n++
		}
	}
	return n
}

// formFor is the form of one item: as typed when it is the one being
// edited, else as stored.
func (v ChecklistView) formFor(i casework.ChecklistItem) (casework.ChecklistForm, map[string]casework.Problem) {
	if i.Kind == v.Editing {
		return v.Form, v.Problems
	}
	return ChecklistFormFrom(i), nil
}

// ChecklistFormFrom is the form filled with a stored item.
func ChecklistFormFrom(i casework.ChecklistItem) casework.ChecklistForm {
	f := casework.ChecklistForm{Done: i.Done, Comment: i.Comment, Version: i.Version}
	if !i.DoneOn.IsZero() {
		f.DoneOn = i.DoneOn.Format(time.DateOnly)
	}
	if !i.DueOn.IsZero() {
		f.DueOn = i.DueOn.Format(time.DateOnly)
	}
	return f
}

func checklistID(kind casework.ChecklistKind, name string) string {
	return "f-" + string(kind) + "-" + name
}

func overdueText(c CaseFileTexts, n int) string {
	return countText(c.ChecklistOverdueOne, c.ChecklistOverdueMany, n)
}
