package web

import (
	"time"

	"kui/internal/casework"
)

// HomeView is the signed-in user's front page.
type HomeView struct {
	Page  Page
	Youth []casework.YouthSummary
	Today time.Time
	// Handovers of the contact person role the user gives or receives, and
	// for coordinators the number of referrals waiting for the committee.
	Handovers        []casework.Handover
	PendingReferrals int
	// The user's next meetings and the agendas they must send.
	Meetings HomeMeetingsView
}

// HomeMeetingsView is the front page's "my next meetings".
type HomeMeetingsView struct {
	Meetings []casework.MeetingSummary
	Alerts   []casework.AgendaAlert
	Now      time.Time
	UserID   int64
}

// AgendaTasks are the agendas the user must send: late, or due today. They
// are tasks, counted with the front page's other tasks.
func (v HomeMeetingsView) AgendaTasks() []casework.AgendaAlert { return v.alerts(true) }

// AgendaNotices are the other agenda alerts (sent, but late): shown with the
// meetings, no longer a task.
func (v HomeMeetingsView) AgendaNotices() []casework.AgendaAlert { return v.alerts(false) }

// alerts are the agenda alerts that are tasks (an agenda still to send), or
// those that are not.
func (v HomeMeetingsView) alerts(tasks bool) []casework.AgendaAlert {
	var out []casework.AgendaAlert
	for _, a := range v.Alerts {
		if (a.State == casework.AgendaLate || a.State == casework.AgendaDueToday) == tasks {
			out = append(out, a)
		}
	}
	return out
}
