package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"

	"kui/internal/casework"
)

// MeetingPath is the address of a meeting's page, or with rest of one of
// its sub-pages or fragments ("/edit", "#agenda"). The server redirects to
// the same addresses the pages link to.
func MeetingPath(id int64, rest string) string {
	return "/meetings/" + strconv.FormatInt(id, 10) + rest
}

func meetingURL(id int64, rest string) templ.SafeURL { return templ.URL(MeetingPath(id, rest)) }

// YouthMeetingsView is the young person's meetings tab: the meetings, the
// plans over time, and the form to plan a new meeting.
type YouthMeetingsView struct {
	Page      Page
	Heading   casework.YouthHeading
	Now       time.Time
	Meetings  []casework.MeetingSummary
	Plans     []casework.PlanHistory
	Options   casework.MeetingOptions
	Form      casework.MeetingForm
	Problems  map[string]casework.Problem
	Suggested *casework.SlotProposal // the proposed free time, when asked for
	NoSlot    *casework.SlotProposal // asked for a proposal, and none was found: why
}

// Upcoming are the planned meetings not yet over, soonest first.
func (v YouthMeetingsView) Upcoming() []casework.MeetingSummary {
	var out []casework.MeetingSummary
	for i := len(v.Meetings) - 1; i >= 0; i-- {
		if m := v.Meetings[i]; m.Status == casework.MeetingPlanned && !m.EndsAt.Before(v.Now) {
			out = append(out, m)
		}
	}
	return out
}

// Past are the other meetings, newest first.
func (v YouthMeetingsView) Past() []casework.MeetingSummary {
	var out []casework.MeetingSummary
	for _, m := range v.Meetings {
		if m.Status != casework.MeetingPlanned || m.EndsAt.Before(v.Now) {
			out = append(out, m)
		}
	}
	return out
}

func (v YouthMeetingsView) today() time.Time { return casework.DateOf(v.Now) }

func (v YouthMeetingsView) participantChosen(id int64) bool {
	if !v.Form.ParticipantsChosen {
		return true
	}
	for _, p := range v.Form.Participants {
		if p == idString(id) {
			return true
		}
	}
	return false
}

func kindOptions(c *Catalogue) []Option {
	opts := make([]Option, 0, len(casework.MeetingKinds))
	for _, k := range casework.MeetingKinds {
		opts = append(opts, Option{Value: string(k), Label: c.MeetingT.Kinds[k]})
	}
	return opts
}

func roomOptions(rooms []casework.Room) []Option {
	opts := make([]Option, 0, len(rooms))
	for _, r := range rooms {
		opts = append(opts, Option{Value: idString(r.ID), Label: r.Name})
	}
	return opts
}

func participantOptions(ps []casework.Participant) []Option {
	opts := make([]Option, 0, len(ps))
	for _, p := range ps {
		label := p.Name
		if p.UnitName != "" {
			label += " (" + p.UnitName + ")"
		}
		opts = append(opts, Option{Value: idString(p.UserID), Label: label})
	}
	return opts
}

// MeetingView is one meeting's page: its details, agenda, the follow-up of
// the previous plan, and the plan.
type MeetingView struct {
	Page    Page
	Heading casework.YouthHeading
	Now     time.Time
	Meeting casework.Meeting
	// The forms on the page, as typed when one came back with problems.
	Agenda         casework.AgendaForm
	AgendaProblems map[string]casework.Problem
	Plan           casework.PlanForm
	PlanProblems   map[string]casework.Problem
	// FollowupItem is the previous plan's item whose follow-up form came
	// back with problems.
	FollowupItem     int64
	Followup         casework.FollowupForm
	FollowupProblems map[string]casework.Problem
	SendProblem      casework.Problem
	// Tokens for the forms that create something, one per rendering.
	AgendaToken, PlanToken string
	FollowupTokens         map[int64]string
}

func (v MeetingView) today() time.Time { return casework.DateOf(v.Now) }

// MeetingCloseView asks to confirm ending or cancelling a meeting.
type MeetingCloseView struct {
	Page    Page
	Heading casework.YouthHeading
	Now     time.Time
	Meeting casework.Meeting
	To      casework.MeetingStatus
}

// MeetingEditView changes a meeting's time, place and participants.
type MeetingEditView struct {
	Page     Page
	Heading  casework.YouthHeading
	Now      time.Time
	Meeting  casework.Meeting
	Options  casework.MeetingOptions
	Form     casework.MeetingForm
	Problems map[string]casework.Problem
	Stale    bool
}

func (v MeetingEditView) participantChosen(id int64) bool {
	for _, p := range v.Form.Participants {
		if p == idString(id) {
			return true
		}
	}
	return false
}

// MeetingFormFromMeeting is the edit form as the meeting is now.
func MeetingFormFromMeeting(m casework.Meeting) casework.MeetingForm {
	f := casework.MeetingForm{
		Kind:               string(m.Kind),
		StartsAt:           casework.FormatMeetingTime(m.StartsAt),
		Minutes:            strconv.Itoa(int(m.EndsAt.Sub(m.StartsAt).Minutes())),
		Place:              m.Place,
		FacilitatorID:      idString(m.FacilitatorID),
		YouthAttends:       m.YouthAttends,
		ParticipantsChosen: true,
		Version:            m.Version,
	}
	if m.RoomID != 0 {
		f.RoomID = idString(m.RoomID)
	}
	for _, p := range m.Participants {
		f.Participants = append(f.Participants, idString(p.UserID))
	}
	return f
}

// offFixedDayText warns of a planned meeting on none of the municipality's
// fixed meeting days: "Mødet ligger en onsdag; kommunens faste mødedage er
// tirsdag." Empty when it is on one, or there are none.
func offFixedDayText(t *Catalogue, m casework.Meeting) string {
	if !m.Open() {
		return ""
	}
	days, off := casework.OffFixedDays(m.FixedDays, m.StartsAt)
	if !off {
		return ""
	}
	names := make([]string, len(days))
	for i, d := range days {
		names[i] = t.MeetingT.Weekdays[d]
	}
	return sprintf(t.MeetingT.OffFixedDay, t.MeetingT.Weekdays[m.StartsAt.In(Copenhagen).Weekday()], danishList(names, t.MeetingT.ListAnd))
}

// danishList joins words as Danish writes a list: "tirsdag, onsdag og torsdag".
func danishList(words []string, and string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + and + " " + words[len(words)-1]
}

// fixedDaysText names the municipality's fixed meeting days for the meeting
// form: "Kommunens faste mødedage: tirsdag kl. 09.00–12.00 i Storskærmsrummet."
func fixedDaysText(t *Catalogue, days []casework.MeetingDay) string {
	lines := make([]string, len(days))
	for i, d := range days {
		lines[i] = sprintf(t.MeetingT.FixedDayShort, t.MeetingT.Weekdays[d.Weekday], casework.FormatClock(d.Starts), casework.FormatClock(d.Ends), d.RoomName)
	}
	return sprintf(t.MeetingT.FixedDaysOnForm, danishList(lines, t.MeetingT.ListAnd))
}
