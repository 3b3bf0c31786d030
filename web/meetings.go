package web

import (
	"strconv"
	"time"

	"github.com/a-h/templ"

	"kui/internal/casework"
)

func meetingPath(id int64, rest string) string {
	return "/meetings/" + strconv.FormatInt(id, 10) + rest
}

func meetingURL(id int64, rest string) templ.SafeURL { return templ.URL(meetingPath(id, rest)) }

func i64(n int64) string { return strconv.FormatInt(n, 10) }

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
	Suggested *casework.Slot // the proposed free time, when asked for
	NoSlot    bool           // asked for a proposal, and none was found
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
		if p == i64(id) {
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
		opts = append(opts, Option{Value: i64(r.ID), Label: r.Name})
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
		opts = append(opts, Option{Value: i64(p.UserID), Label: label})
	}
	return opts
}

func goalOptions(c *Catalogue) []Option {
	opts := make([]Option, 0, len(casework.GoalKinds))
	for _, g := range casework.GoalKinds {
		opts = append(opts, Option{Value: string(g), Label: c.MeetingT.Goals[g]})
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

// owners are who can commit to a plan item: the young person, the
// facilitator and the professionals at the meeting.
func owners(c *Catalogue, m casework.Meeting) []Option {
	opts := []Option{{Value: casework.OwnerYouth, Label: sprintf(c.MeetingT.OwnerYouth, casework.FirstName(m.YouthName))}}
	seen := map[int64]bool{}
	add := func(id int64, name string) {
		if !seen[id] {
			seen[id] = true
			opts = append(opts, Option{Value: i64(id), Label: name})
		}
	}
	add(m.FacilitatorID, m.FacilitatorName)
	for _, p := range m.Participants {
		add(p.UserID, p.Name)
	}
	return opts
}

// raisers are who can put a topic on the agenda of a meeting of this kind.
func raisers(c *Catalogue, m casework.Meeting, actor int64) []Option {
	var opts []Option
	if !m.Kind.ProfessionalsOnly() {
		opts = append(opts, Option{Value: casework.OwnerYouth, Label: sprintf(c.MeetingT.OwnerYouth, casework.FirstName(m.YouthName))})
	}
	opts = append(opts, owners(c, m)[1:]...)
	if actor != 0 {
		found := false
		for _, o := range opts {
			found = found || o.Value == i64(actor)
		}
		if !found {
			opts = append(opts, Option{Value: i64(actor), Label: c.MeetingT.RaisedByMe})
		}
	}
	return opts
}

// defaultRaiser is who raises a topic unless chosen otherwise: the young
// person where they attend, else the one typing.
func (v MeetingView) defaultRaiser() string {
	switch {
	case v.Agenda.RaisedBy != "":
		return v.Agenda.RaisedBy
	case !v.Meeting.Kind.ProfessionalsOnly():
		return casework.OwnerYouth
	case v.Page.User != nil:
		return i64(v.Page.User.ID)
	}
	return ""
}

func (v MeetingView) carryDue() string {
	d := casework.DateOf(v.Meeting.StartsAt).AddDate(0, 0, casework.DefaultCarryOverDueDays)
	return d.Format(time.DateOnly)
}

// PlanEditView edits one plan item; Conflict holds what someone else saved
// while this form was open.
type PlanEditView struct {
	Page     Page
	Heading  casework.YouthHeading
	Now      time.Time
	Meeting  casework.Meeting
	Item     casework.PlanItem
	Form     casework.PlanForm
	Problems map[string]casework.Problem
	Conflict *casework.PlanItem
	Return   string // "screen" when edited from the big screen
}

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
		if p == i64(id) {
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
		FacilitatorID:      i64(m.FacilitatorID),
		YouthAttends:       m.YouthAttends,
		ParticipantsChosen: true,
		Version:            m.Version,
	}
	if m.RoomID != 0 {
		f.RoomID = i64(m.RoomID)
	}
	for _, p := range m.Participants {
		f.Participants = append(f.Participants, i64(p.UserID))
	}
	return f
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
		return meetingPath(v.Meeting.ID, "/screen?edit=1")
	}
	return meetingPath(v.Meeting.ID, "/screen")
}

// RoomsAdminView is the administrator's page of meeting rooms, fixed
// meeting days and the agenda's lead time.
type RoomsAdminView struct {
	Page         Page
	Rooms        []casework.Room
	Days         []casework.MeetingDay
	LeadDays     string
	LeadProblem  casework.Problem
	Room         casework.RoomForm
	RoomProblems map[string]casework.Problem
	Day          casework.MeetingDayForm
	DayProblems  map[string]casework.Problem
}

func weekdayOptions(c *Catalogue) []Option {
	opts := make([]Option, 0, 7)
	for iso := 1; iso <= 7; iso++ {
		opts = append(opts, Option{Value: strconv.Itoa(iso), Label: c.MeetingT.Weekdays[iso%7]})
	}
	return opts
}

// CalendarFeedView is the user's private calendar feed.
type CalendarFeedView struct {
	Page  Page
	Since time.Time // zero when there is no feed
	URL   string    // the new address, shown once right after it was made
}

// HomeMeetingsView is the front page's "my next meetings".
type HomeMeetingsView struct {
	Meetings []casework.MeetingSummary
	Alerts   []casework.AgendaAlert
	Now      time.Time
	UserID   int64
}
