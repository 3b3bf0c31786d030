package web

import (
	"strconv"

	"github.com/a-h/templ"

	"kui/internal/casework"
)

// InboxView is "Venter på dig": what waits for the signed-in user, newest
// first. Coordinator tells where a referral's line leads (only coordinators
// may open a referral).
type InboxView struct {
	Page        Page
	Items       []casework.Notification
	Coordinator bool
}

// InboxLink is the place to act on a line.
func InboxLink(n casework.Notification, coordinator bool) templ.SafeURL {
	youth := strconv.FormatInt(n.YouthID, 10)
	subject := strconv.FormatInt(n.SubjectID, 10)
	switch n.Kind {
	case casework.KindHandover, casework.KindChairsHandover:
		return templ.URL("/youth/" + youth + "/contact-person")
	case casework.KindReferralDecided, casework.KindChairsReferral:
		if coordinator {
			return templ.URL("/referrals/" + subject)
		}
	case casework.KindAgendaDue, casework.KindChairsAgenda:
		return templ.URL("/meetings/" + subject)
	case casework.KindPlanDue, casework.KindNoMeeting:
		return templ.URL("/youth/" + youth + "/meetings")
	case casework.KindConsentExpiring:
		return templ.URL("/youth/" + youth + "/consents")
	case casework.KindTeamAdded:
		return templ.URL("/youth/" + youth + "/team")
	}
	return templ.URL("/youth/" + youth)
}

// inboxDate is a line's date with its label: the date that made it due
// (a send-by date, a deadline, an expiry, a birthday), or for an event
// without one the day it happened.
func inboxDate(t *Catalogue, n casework.Notification) string {
	kt := t.NotifT.Kind(n.Kind)
	if n.Occasion.IsZero() || n.Occasion.Year() < 1900 {
		return kt.DateLabel + ": " + t.Date(n.CreatedAt)
	}
	return kt.DateLabel + ": " + t.Day(n.Occasion)
}

// NotificationSettingsView is the user's e-mail choice per kind.
type NotificationSettingsView struct {
	Page    Page
	Kinds   []casework.Kind // the kinds the user can get, in casework.Kinds order
	Choices map[casework.Kind]string
	// Problems are the kinds whose sent value was unknown.
	Problems map[casework.Kind]bool
}

// UnsubscribeView is the page of an e-mail's unsubscribe link.
type UnsubscribeView struct {
	Page   Page
	Kind   casework.Kind
	Action string // the form's address (the token's own)
	Done   bool
}
