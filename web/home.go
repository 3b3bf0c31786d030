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
