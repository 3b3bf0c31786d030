package casework

import (
	"strconv"
	"strings"
	"time"
)

// Limits of the agenda, matching the database's checks.
const (
	maxAgendaTextLen      = 1000
	DefaultAgendaLeadDays = 5
	MaxAgendaLeadDays     = 30
)

// AgendaState tells whether an agenda went out in time.
type AgendaState string

const (
	AgendaNotDue   AgendaState = "not_due"   // unsent, its send-by date not yet passed
	AgendaDueToday AgendaState = "due_today" // unsent, to be sent today
	AgendaLate     AgendaState = "late"      // unsent after its send-by date
	AgendaSentOK   AgendaState = "sent"
	AgendaSentLate AgendaState = "sent_late" // sent, but after its send-by date
	AgendaClosed   AgendaState = "closed"    // the meeting is over or cancelled, unsent
)

// Flagged tells an agenda the facilitator and the coordinator must see.
func (s AgendaState) Flagged() bool {
	return s == AgendaLate || s == AgendaDueToday || s == AgendaSentLate
}

// AgendaState is the agenda's standing against its send-by date on the
// given day (a calendar date in Copenhagen).
func (m Meeting) AgendaState(today time.Time) AgendaState {
	return agendaState(m.Status, m.AgendaSendBy, m.AgendaSentAt, today)
}

// AgendaState is the summary's agenda standing on the given day.
func (m MeetingSummary) AgendaState(today time.Time) AgendaState {
	return agendaState(m.Status, m.AgendaSendBy, m.AgendaSentAt, today)
}

func agendaState(status MeetingStatus, sendBy, sentAt, today time.Time) AgendaState {
	if !sentAt.IsZero() {
		sent := sentAt.In(copenhagen)
		sentDay := time.Date(sent.Year(), sent.Month(), sent.Day(), 0, 0, 0, 0, time.UTC)
		if sentDay.After(sendBy) {
			return AgendaSentLate
		}
		return AgendaSentOK
	}
	switch {
	case status != MeetingPlanned:
		return AgendaClosed
	case today.After(sendBy):
		return AgendaLate
	case today.Equal(sendBy):
		return AgendaDueToday
	}
	return AgendaNotDue
}

// AgendaItem is one topic on a meeting's agenda.
type AgendaItem struct {
	ID            int64
	Text          string
	RaisedByYouth bool
	RaisedByID    int64
	RaisedByName  string
	Position      int
	// CreatedByYouth: the young person wrote it themself in kui (/ung/moede).
	CreatedByYouth bool
}

// AgendaAlert is a planned meeting whose agenda is late or unsent, for the
// facilitator and the coordinator's overview.
type AgendaAlert struct {
	Meeting MeetingSummary
	State   AgendaState
}

// AgendaForm is an agenda item as typed.
type AgendaForm struct {
	Text     string
	RaisedBy string // "youth", a user id, or empty for the kind's default
	Token    string
}

// AgendaDetails are the validated values of an AgendaForm.
type AgendaDetails struct {
	Text          string
	RaisedByYouth bool
	RaisedByID    int64 // 0 with RaisedByYouth false: the actor
}

// Validate checks an agenda item for a meeting of the given kind. On a
// meeting with the young person only the young person's topics go on the
// agenda; a coordination meeting has only professionals' topics.
func (f AgendaForm) Validate(kind MeetingKind) (AgendaDetails, error) {
	problems := map[string]Problem{}
	d := AgendaDetails{Text: strings.TrimSpace(f.Text)}
	checkText(problems, "text", d.Text, maxAgendaTextLen, true)
	switch by := strings.TrimSpace(f.RaisedBy); by {
	case "":
		d.RaisedByYouth = kind.YouthTopicsOnly()
	case OwnerYouth:
		d.RaisedByYouth = true
		if kind.ProfessionalsOnly() {
			problems["raised_by"] = ProblemUnknownChoice
		}
	default:
		id, err := strconv.ParseInt(by, 10, 64)
		switch {
		case err != nil || id <= 0:
			problems["raised_by"] = ProblemUnknownChoice
		case kind.YouthTopicsOnly():
			problems["raised_by"] = ProblemYouthTopicsOnly
		}
		d.RaisedByID = id
	}
	return d, Invalid(problems)
}

// ValidLeadDays checks the municipality's agenda lead time.
func ValidLeadDays(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > MaxAgendaLeadDays {
		return 0, Invalid(map[string]Problem{"agenda_lead_days": ProblemLeadDays})
	}
	return n, nil
}
