package web

import (
	"time"

	"kui/internal/casework"
)

// ScreenView is the big screen: the agenda and the plan being written,
// large, and for the facilitator the forms to write them (Edit).
type ScreenView struct {
	Title      string
	Meeting    casework.Meeting
	Now        time.Time
	Edit       bool
	Plan       casework.PlanForm
	Problems   map[string]casework.Problem
	Agenda     casework.AgendaForm
	AgendaProb map[string]casework.Problem
	PlanToken  string
	AgendaTok  string
}

func (v ScreenView) screenPath() string {
	if v.Edit {
		return MeetingPath(v.Meeting.ID, "/screen?edit=1")
	}
	return MeetingPath(v.Meeting.ID, "/screen")
}

// PrintKind is which print view: the agenda or the plan.
type PrintKind string

const (
	PrintAgenda PrintKind = "agenda"
	PrintPlan   PrintKind = "plan"
)

// MeetingPrintView is a print view for the young person to take home.
type MeetingPrintView struct {
	Title   string
	Meeting casework.Meeting
	What    PrintKind
}
