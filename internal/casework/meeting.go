package casework

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// MeetingKind is one of the four kinds of meeting of the Ungeindsats.
type MeetingKind string

const (
	KindPreMeeting        MeetingKind = "formoede"           // formøde: the young person decides the team and the topics
	KindCooperation       MeetingKind = "samarbejdsmoede"    // samarbejdsmøde: the young person, parents under 18, the team
	KindCoordination      MeetingKind = "koordinationsmoede" // afklarende koordinationsmøde: professionals only
	KindInterdisciplinary MeetingKind = "tvaerfagligt"       // tværfagligt møde: called by whoever sees a challenge
)

// MeetingKinds in the order they are offered.
var MeetingKinds = []MeetingKind{KindCooperation, KindPreMeeting, KindCoordination, KindInterdisciplinary}

// Valid reports whether k is one of the four kinds.
func (k MeetingKind) Valid() bool { return oneOf(k, MeetingKinds) }

// ProfessionalsOnly tells a meeting without the young person and parents,
// whose content never shows on the young person's screen or print views.
func (k MeetingKind) ProfessionalsOnly() bool { return k == KindCoordination }

// YouthTopicsOnly tells a meeting whose agenda holds only the topics the
// young person put on it; professionals' topics go to a coordination meeting.
func (k MeetingKind) YouthTopicsOnly() bool { return k == KindPreMeeting || k == KindCooperation }

// YouthAlwaysAttends tells a meeting that is held with the young person.
func (k MeetingKind) YouthAlwaysAttends() bool { return k.YouthTopicsOnly() }

// HasPlan tells whether an action plan is written at the meeting: at every
// meeting the young person can attend, never at a coordination meeting.
func (k MeetingKind) HasPlan() bool { return k != KindCoordination }

// MeetingStatus is where a meeting stands.
type MeetingStatus string

const (
	MeetingPlanned   MeetingStatus = "planned"
	MeetingEnded     MeetingStatus = "ended" // held; its plan is locked
	MeetingCancelled MeetingStatus = "cancelled"
)

// GoalKind says whether a plan item is an education/job goal or a personal one.
type GoalKind string

const (
	GoalEducationJob GoalKind = "uddannelse_job"
	GoalPersonal     GoalKind = "personligt"
)

// GoalKinds in the order they are offered.
var GoalKinds = []GoalKind{GoalEducationJob, GoalPersonal}

// Outcome is what came of a plan item, as the next meeting sees it.
type Outcome string

const (
	OutcomeDone    Outcome = "done"
	OutcomePartly  Outcome = "partly"
	OutcomeNotDone Outcome = "not_done"
)

// Outcomes in the order they are offered.
var Outcomes = []Outcome{OutcomeDone, OutcomePartly, OutcomeNotDone}

// Audit actions of the meeting area.
const (
	AuditMeetingCreate   AuditAction = "meeting.create"
	AuditMeetingView     AuditAction = "meeting.view"
	AuditMeetingScreen   AuditAction = "meeting.screen"
	AuditMeetingPrint    AuditAction = "meeting.print"
	AuditMeetingList     AuditAction = "meeting.list"
	AuditMeetingUpdate   AuditAction = "meeting.update"
	AuditMeetingEnd      AuditAction = "meeting.end"
	AuditMeetingCancel   AuditAction = "meeting.cancel"
	AuditMeetingCalendar AuditAction = "meeting.calendar"
	AuditAgendaAdd       AuditAction = "agenda.add"
	AuditAgendaMove      AuditAction = "agenda.move"
	AuditAgendaDelete    AuditAction = "agenda.delete"
	AuditAgendaSend      AuditAction = "agenda.send"
	AuditPlanAdd         AuditAction = "plan.add"
	AuditPlanEditing     AuditAction = "plan.edit_form"
	AuditPlanUpdate      AuditAction = "plan.update"
	AuditPlanDelete      AuditAction = "plan.delete"
	AuditPlanMove        AuditAction = "plan.move"
	AuditPlanFollowup    AuditAction = "plan.followup"
	AuditCalendarFeed    AuditAction = "calendar.feed"
)

// Problems of the meeting area.
const (
	ProblemNotFirstPerson       Problem = "not_first_person"
	ProblemDateTimeFormat       Problem = "datetime_format"
	ProblemDateTimeMissing      Problem = "datetime_missing" // in a daylight-saving gap
	ProblemMeetingTooEarly      Problem = "meeting_too_early"
	ProblemMeetingTooLate       Problem = "meeting_too_late"
	ProblemDuration             Problem = "meeting_duration"
	ProblemDueInPast            Problem = "due_in_past"
	ProblemDueTooLate           Problem = "due_too_late"
	ProblemMeetingClosed        Problem = "meeting_closed"
	ProblemAgendaSent           Problem = "agenda_sent"
	ProblemAgendaEmpty          Problem = "agenda_empty"
	ProblemYouthTopicsOnly      Problem = "youth_topics_only"
	ProblemNoPlanAtCoordination Problem = "no_plan_at_coordination"
	ProblemRoomBooked           Problem = "room_booked"
	ProblemParticipantsMax      Problem = "participants_max"
	ProblemNotParticipant       Problem = "not_participant"
	ProblemPlanChanged          Problem = "plan_changed"
	ProblemLeadDays             Problem = "lead_days"
	ProblemWeekday              Problem = "weekday"
	ProblemClockFormat          Problem = "clock_format"
	ProblemClockOrder           Problem = "clock_order"
	ProblemRoomTaken            Problem = "room_taken"
	ProblemFollowupOutcome      Problem = "followup_outcome"
)

// Limits of the meeting area, matching the database's checks.
const (
	MaxMeetingParticipants  = 5
	maxAgendaTextLen        = 1000
	maxPlanTextLen          = 1000
	maxFollowupTextLen      = 1000
	maxPlaceLen             = 300
	DefaultMeetingMinutes   = 60
	minMeetingMinutes       = 15
	maxMeetingMinutes       = 8 * 60
	DefaultAgendaLeadDays   = 5
	MaxAgendaLeadDays       = 30
	meetingsBackDays        = 366 // a meeting held in the past year can still be registered
	meetingsAheadDays       = 400 // and one can be planned a year ahead
	planDueAheadDays        = 2 * 366
	DefaultCarryOverDueDays = 28
)

// Participant is a professional taking part in a meeting.
type Participant struct {
	UserID   int64
	Name     string
	UnitName string
}

// Meeting is one meeting about a young person, with its agenda and plan.
type Meeting struct {
	ID              int64
	YouthID         int64
	YouthName       string
	YouthBirthDate  time.Time
	Kind            MeetingKind
	StartsAt        time.Time
	EndsAt          time.Time
	RoomID          int64
	RoomName        string
	RoomAddress     string
	Place           string
	FacilitatorID   int64
	FacilitatorName string
	YouthAttends    bool
	ParentsAttend   bool
	AgendaSendBy    time.Time // a calendar date
	AgendaSentAt    time.Time // zero while unsent
	AgendaSentBy    string
	Status          MeetingStatus
	ClosedAt        time.Time
	ClosedBy        string
	Version         int

	Participants []Participant
	Guardians    []Guardian // shown when ParentsAttend
	Agenda       []AgendaItem
	Plan         []PlanItem
	// Previous is the plan of the young person's last ended meeting before
	// this one, for follow-up; each item carries its follow-up once recorded.
	Previous        []PlanItem
	PreviousMeeting *MeetingSummary
	// Clashes are other planned meetings at the same time as this one for
	// its facilitator, its participants or its room.
	Clashes []Clash
}

// Open tells whether the meeting can still be changed.
func (m Meeting) Open() bool { return m.Status == MeetingPlanned }

// AgendaSent tells whether the agenda has been sent (and is locked).
func (m Meeting) AgendaSent() bool { return !m.AgendaSentAt.IsZero() }

// AgendaState is the agenda's standing against its send-by date on the
// given day (a calendar date in Copenhagen).
func (m Meeting) AgendaState(today time.Time) AgendaState {
	return agendaState(m.Status, m.AgendaSendBy, m.AgendaSentAt, today)
}

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

// copenhagen is the municipalities' time zone, for dates of moments.
var copenhagen = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		panic(err) // the binary embeds time/tzdata (package web)
	}
	return loc
}()

// Copenhagen is the time zone meetings are planned in.
func Copenhagen() *time.Location { return copenhagen }

// DateOf is the Copenhagen calendar date of a moment, as a date value
// (midnight UTC), comparable with dates read from the database.
func DateOf(t time.Time) time.Time {
	t = t.In(copenhagen)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// MeetingSummary is one meeting in a list.
type MeetingSummary struct {
	ID              int64
	YouthID         int64
	YouthName       string
	Kind            MeetingKind
	StartsAt        time.Time
	EndsAt          time.Time
	Place           string // the room's name, or the place written
	FacilitatorID   int64
	FacilitatorName string
	Status          MeetingStatus
	AgendaSendBy    time.Time
	AgendaSentAt    time.Time
	AgendaItems     int
	PlanItems       int
}

// AgendaState is the summary's agenda standing on the given day.
func (m MeetingSummary) AgendaState(today time.Time) AgendaState {
	return agendaState(m.Status, m.AgendaSendBy, m.AgendaSentAt, today)
}

// AgendaItem is one topic on a meeting's agenda.
type AgendaItem struct {
	ID            int64
	Text          string
	RaisedByYouth bool
	RaisedByID    int64
	RaisedByName  string
	Position      int
}

// PlanItem is one commitment of the action plan.
type PlanItem struct {
	ID          int64
	MeetingID   int64
	Text        string
	OwnerYouth  bool
	OwnerID     int64
	OwnerName   string
	Due         time.Time
	Goal        GoalKind
	Position    int
	Version     int
	CarriedFrom int64
	UpdatedAt   time.Time
	Followup    *Followup // on an item of the previous plan, once followed up
}

// Followup is what the next meeting recorded about a plan item.
type Followup struct {
	MeetingID int64
	Outcome   Outcome
	WentWell  string
	WentBadly string
	CarriedTo int64
}

// PlanHistory is the action plan of one held meeting, for the young
// person's plans over time.
type PlanHistory struct {
	Meeting MeetingSummary
	Items   []PlanItem
}

// Clash is another planned meeting at the same time as a meeting, for
// someone taking part in both, or for the room.
type Clash struct {
	MeetingID int64
	Who       string // the person's name, or the room's
	StartsAt  time.Time
	EndsAt    time.Time
}

// AgendaAlert is a planned meeting whose agenda is late or unsent, for the
// facilitator and the coordinator's overview.
type AgendaAlert struct {
	Meeting MeetingSummary
	State   AgendaState
}

// MeetingOptions are the choices the meeting form offers for a young person.
type MeetingOptions struct {
	Team         []TeamMember
	Facilitators []Participant // the municipality's facilitators, and the team
	Rooms        []Room
	Under18      bool
	LeadDays     int
}

// MeetingForm is a meeting as typed into the form.
type MeetingForm struct {
	Kind          string
	StartsAt      string // YYYY-MM-DDTHH:MM, Copenhagen time
	Minutes       string // duration; DefaultMeetingMinutes when empty
	RoomID        string
	Place         string
	FacilitatorID string
	YouthAttends  bool
	// Participants are the user ids ticked; ParticipantsChosen tells that
	// the form offered the choice (else the whole team takes part).
	Participants       []string
	ParticipantsChosen bool
	Version            int
}

// MeetingDetails are the validated values of a MeetingForm.
type MeetingDetails struct {
	Kind          MeetingKind
	StartsAt      time.Time
	EndsAt        time.Time
	RoomID        int64 // 0: no room
	Place         string
	FacilitatorID int64 // 0: the actor
	YouthAttends  bool
	Participants  []int64
	// AllTeam: no choice was made; the whole team takes part.
	AllTeam bool
}

// Validate checks the meeting form. now is the current moment.
func (f MeetingForm) Validate(now time.Time) (MeetingDetails, error) {
	problems := map[string]Problem{}
	d := MeetingDetails{Kind: MeetingKind(f.Kind), Place: strings.TrimSpace(f.Place), AllTeam: !f.ParticipantsChosen}
	if !d.Kind.Valid() {
		problems["kind"] = ProblemUnknownChoice
	}
	start, p := ParseMeetingTime(f.StartsAt)
	switch {
	case p != "":
		problems["starts_at"] = p
	case start.Before(now.AddDate(0, 0, -meetingsBackDays)):
		problems["starts_at"] = ProblemMeetingTooEarly
	case start.After(now.AddDate(0, 0, meetingsAheadDays)):
		problems["starts_at"] = ProblemMeetingTooLate
	default:
		d.StartsAt = start
	}
	minutes := DefaultMeetingMinutes
	if s := strings.TrimSpace(f.Minutes); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < minMeetingMinutes || n > maxMeetingMinutes {
			problems["minutes"] = ProblemDuration
		} else {
			minutes = n
		}
	}
	if !d.StartsAt.IsZero() {
		d.EndsAt = d.StartsAt.Add(time.Duration(minutes) * time.Minute)
	}
	if s := strings.TrimSpace(f.RoomID); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			problems["room_id"] = ProblemUnknownChoice
		}
		d.RoomID = id
	}
	checkText(problems, "place", d.Place, maxPlaceLen, false)
	if s := strings.TrimSpace(f.FacilitatorID); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			problems["facilitator_id"] = ProblemUnknownChoice
		}
		d.FacilitatorID = id
	}
	d.YouthAttends = (f.YouthAttends || d.Kind.YouthAlwaysAttends()) && !d.Kind.ProfessionalsOnly()
	for _, s := range f.Participants {
		id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil || id <= 0 {
			problems["participants"] = ProblemUnknownChoice
			continue
		}
		if !slices.Contains(d.Participants, id) {
			d.Participants = append(d.Participants, id)
		}
	}
	if len(d.Participants) > MaxMeetingParticipants {
		problems["participants"] = ProblemParticipantsMax
	}
	return d, Invalid(problems)
}

// ParseMeetingTime reads a meeting's start as a datetime-local field sends
// it, "YYYY-MM-DDTHH:MM" (seconds allowed, a space instead of the T too),
// in Copenhagen time. A time that does not exist there, in the hour the
// clocks skip in spring, is refused rather than moved.
func ParseMeetingTime(s string) (time.Time, Problem) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, ProblemRequired
	}
	s = strings.Replace(s, " ", "T", 1)
	var layout string
	switch len(s) {
	case len("2006-01-02T15:04"):
		layout = "2006-01-02T15:04"
	case len("2006-01-02T15:04:05"):
		layout = "2006-01-02T15:04:05"
	default:
		return time.Time{}, ProblemDateTimeFormat
	}
	wall, err := time.Parse(layout, s)
	if err != nil || wall.Year() < 1900 {
		return time.Time{}, ProblemDateTimeFormat
	}
	t := time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), 0, copenhagen)
	if local := t.In(copenhagen); local.Hour() != wall.Hour() || local.Minute() != wall.Minute() || local.Day() != wall.Day() {
		return time.Time{}, ProblemDateTimeMissing
	}
	return t, ""
}

// FormatMeetingTime writes t as ParseMeetingTime reads it, for a
// datetime-local field.
func FormatMeetingTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(copenhagen).Format("2006-01-02T15:04")
}

// IsFirstPerson tells whether a plan item is written as the young person
// (or the team with them) says it: its first word is "Jeg" or "Vi", in any
// case, after leading spaces and opening quotation marks.
func IsFirstPerson(text string) bool {
	s := strings.TrimLeftFunc(strings.TrimSpace(text), func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`"'»«„“”‘’`, r)
	})
	end := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) })
	word := s
	if end >= 0 {
		word = s[:end]
	}
	w := strings.ToLower(word)
	return w == "jeg" || w == "vi"
}

// PlanForm is a plan item as typed.
type PlanForm struct {
	Text    string
	Owner   string // "youth" or a user id
	Due     string // YYYY-MM-DD
	Goal    string
	Version int
	Token   string // the form's one-time token against double submits
}

// OwnerYouth is the owner value for the young person.
const OwnerYouth = "youth"

// PlanDetails are the validated values of a PlanForm.
type PlanDetails struct {
	Text       string
	OwnerYouth bool
	OwnerID    int64
	Due        time.Time
	Goal       GoalKind
}

// Validate checks a plan item. today is the Copenhagen date.
func (f PlanForm) Validate(today time.Time) (PlanDetails, error) {
	problems := map[string]Problem{}
	d := PlanDetails{Text: strings.TrimSpace(f.Text)}
	checkText(problems, "text", d.Text, maxPlanTextLen, true)
	if problems["text"] == "" && !IsFirstPerson(d.Text) {
		problems["text"] = ProblemNotFirstPerson
	}
	switch owner := strings.TrimSpace(f.Owner); owner {
	case "", OwnerYouth:
		d.OwnerYouth = true
	default:
		id, err := strconv.ParseInt(owner, 10, 64)
		if err != nil || id <= 0 {
			problems["owner"] = ProblemUnknownChoice
		}
		d.OwnerID = id
	}
	due, p := ParseDate(f.Due)
	switch {
	case p != "":
		problems["due"] = p
	case due.Before(today):
		problems["due"] = ProblemDueInPast
	case due.After(today.AddDate(0, 0, planDueAheadDays)):
		problems["due"] = ProblemDueTooLate
	default:
		d.Due = due
	}
	d.Goal = GoalKind(strings.TrimSpace(f.Goal))
	if d.Goal == "" {
		d.Goal = GoalEducationJob
	}
	if !oneOf(d.Goal, GoalKinds) {
		problems["goal"] = ProblemUnknownChoice
	}
	return d, Invalid(problems)
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

// FollowupForm is the follow-up of one item of the previous plan.
type FollowupForm struct {
	Outcome   string
	WentWell  string
	WentBadly string
	Carry     bool   // carry the item over into the new plan
	Due       string // the carried item's new due date
	Token     string
}

// FollowupDetails are the validated values of a FollowupForm.
type FollowupDetails struct {
	Outcome   Outcome
	WentWell  string
	WentBadly string
	Carry     bool
	Due       time.Time
}

// Validate checks a follow-up. A done item is not carried over.
func (f FollowupForm) Validate(today time.Time) (FollowupDetails, error) {
	problems := map[string]Problem{}
	d := FollowupDetails{
		Outcome:   Outcome(f.Outcome),
		WentWell:  strings.TrimSpace(f.WentWell),
		WentBadly: strings.TrimSpace(f.WentBadly),
		Carry:     f.Carry,
	}
	if !oneOf(d.Outcome, Outcomes) {
		problems["outcome"] = ProblemFollowupOutcome
	}
	checkText(problems, "went_well", d.WentWell, maxFollowupTextLen, false)
	checkText(problems, "went_badly", d.WentBadly, maxFollowupTextLen, false)
	if d.Outcome == OutcomeDone {
		d.Carry = false
	}
	if d.Carry {
		due, p := ParseDate(f.Due)
		switch {
		case p != "":
			problems["due"] = p
		case due.Before(today):
			problems["due"] = ProblemDueInPast
		case due.After(today.AddDate(0, 0, planDueAheadDays)):
			problems["due"] = ProblemDueTooLate
		default:
			d.Due = due
		}
	}
	return d, Invalid(problems)
}

// AgendaSendBy is the date the agenda of a meeting on meetingDay is to be
// sent: leadDays working days before. Working days are Monday to Friday
// except the Danish public holidays.
func AgendaSendBy(meetingDay time.Time, leadDays int) time.Time {
	d := time.Date(meetingDay.Year(), meetingDay.Month(), meetingDay.Day(), 0, 0, 0, 0, time.UTC)
	for n := 0; n < leadDays; {
		d = d.AddDate(0, 0, -1)
		if IsWorkingDay(d) {
			n++
		}
	}
	return d
}

// IsWorkingDay tells whether the date is a working day in Denmark.
func IsWorkingDay(d time.Time) bool {
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	return !isPublicHoliday(d)
}

// isPublicHoliday knows the Danish public holidays (helligdage), and the
// days public offices close (Grundlovsdag, juleaftensdag, nytårsaftensdag).
// Store bededag is no longer a holiday from 2024.
func isPublicHoliday(d time.Time) bool {
	m, day := d.Month(), d.Day()
	switch {
	case m == time.January && day == 1,
		m == time.June && day == 5,
		m == time.December && (day == 24 || day == 25 || day == 26 || day == 31):
		return true
	}
	easter := easterSunday(d.Year())
	offsets := []int{-3, -2, 0, 1, 39, 49, 50} // skærtorsdag … 2. pinsedag
	if d.Year() < 2024 {
		offsets = append(offsets, 26) // store bededag
	}
	for _, off := range offsets {
		h := easter.AddDate(0, 0, off)
		if h.Month() == m && h.Day() == day {
			return true
		}
	}
	return false
}

// easterSunday is Easter Sunday of the Gregorian calendar (the anonymous
// algorithm of Meeus/Jones/Butcher).
func easterSunday(year int) time.Time {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

// Room is a meeting room.
type Room struct {
	ID        int64
	Name      string
	Address   string
	HasScreen bool
	Active    bool
}

// RoomForm is a room as typed by an administrator.
type RoomForm struct {
	Name      string
	Address   string
	HasScreen bool
	Active    bool
}

// Validate checks a room.
func (f RoomForm) Validate() (Room, error) {
	problems := map[string]Problem{}
	r := Room{Name: strings.TrimSpace(f.Name), Address: strings.TrimSpace(f.Address), HasScreen: f.HasScreen, Active: f.Active}
	checkText(problems, "name", r.Name, maxNameLen, true)
	checkText(problems, "address", r.Address, maxPlaceLen, false)
	return r, Invalid(problems)
}

// MeetingDay is a fixed meeting time: every such weekday, from Starts to
// Ends (minutes after midnight, Copenhagen time), in a room.
type MeetingDay struct {
	ID       int64
	RoomID   int64
	RoomName string
	Weekday  time.Weekday
	Starts   int
	Ends     int
}

// MeetingDayForm is a fixed meeting time as typed.
type MeetingDayForm struct {
	RoomID  string
	Weekday string // ISO: 1 is Monday
	Starts  string // HH:MM
	Ends    string
}

// Validate checks a fixed meeting time.
func (f MeetingDayForm) Validate() (MeetingDay, error) {
	problems := map[string]Problem{}
	var d MeetingDay
	id, err := strconv.ParseInt(strings.TrimSpace(f.RoomID), 10, 64)
	if err != nil || id <= 0 {
		problems["room_id"] = ProblemUnknownChoice
	}
	d.RoomID = id
	wd, err := strconv.Atoi(strings.TrimSpace(f.Weekday))
	if err != nil || wd < 1 || wd > 7 {
		problems["weekday"] = ProblemWeekday
	} else {
		d.Weekday = time.Weekday(wd % 7)
	}
	var p Problem
	if d.Starts, p = clockMinutes(f.Starts); p != "" {
		problems["starts"] = p
	}
	if d.Ends, p = clockMinutes(f.Ends); p != "" {
		problems["ends"] = p
	}
	if problems["starts"] == "" && problems["ends"] == "" && d.Ends-d.Starts < minMeetingMinutes {
		problems["ends"] = ProblemClockOrder
	}
	return d, Invalid(problems)
}

// clockMinutes reads a time of day, "HH:MM" (or "HH.MM", as Danes write
// it), as minutes after midnight.
func clockMinutes(s string) (int, Problem) {
	s = strings.TrimSpace(strings.Replace(s, ".", ":", 1))
	if s == "" {
		return 0, ProblemRequired
	}
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, ProblemClockFormat
	}
	return t.Hour()*60 + t.Minute(), ""
}

// FormatClock writes minutes after midnight as "09.30".
func FormatClock(minutes int) string {
	return twoDigits(minutes/60) + "." + twoDigits(minutes%60)
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// Interval is a span of time someone or something is busy.
type Interval struct {
	Start, End time.Time
}

// Slot is a proposed meeting time in a room.
type Slot struct {
	Start, End time.Time
	RoomID     int64
	RoomName   string
}

// slotStep is how finely a fixed meeting day is cut into proposals.
const slotStep = 30 * time.Minute

// NextFreeSlot proposes the first time on a fixed meeting day, from `from`
// on and within `days` days, where a meeting of the given length fits, its
// room is free (roomBusy by room id) and everyone taking part is free
// (peopleBusy: all their meetings together).
func NextFreeSlot(fixed []MeetingDay, roomBusy map[int64][]Interval, peopleBusy []Interval, from time.Time, length time.Duration, days int) (Slot, bool) {
	if len(fixed) == 0 || length <= 0 {
		return Slot{}, false
	}
	fixed = slices.Clone(fixed)
	slices.SortFunc(fixed, func(a, b MeetingDay) int { return a.Starts - b.Starts })
	local := from.In(copenhagen)
	for i := 0; i <= days; i++ {
		day := time.Date(local.Year(), local.Month(), local.Day()+i, 0, 0, 0, 0, copenhagen)
		if !IsWorkingDay(time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)) {
			continue
		}
		for _, f := range fixed {
			if f.Weekday != day.Weekday() {
				continue
			}
			end := time.Date(day.Year(), day.Month(), day.Day(), f.Ends/60, f.Ends%60, 0, 0, copenhagen)
			for start := time.Date(day.Year(), day.Month(), day.Day(), f.Starts/60, f.Starts%60, 0, 0, copenhagen); !start.Add(length).After(end); start = start.Add(slotStep) {
				if start.Before(from) {
					continue
				}
				slot := Interval{start, start.Add(length)}
				if overlapsAny(slot, roomBusy[f.RoomID]) || overlapsAny(slot, peopleBusy) {
					continue
				}
				return Slot{Start: slot.Start, End: slot.End, RoomID: f.RoomID, RoomName: f.RoomName}, true
			}
		}
	}
	return Slot{}, false
}

func overlapsAny(s Interval, busy []Interval) bool {
	for _, b := range busy {
		if b.Start.Before(s.End) && s.Start.Before(b.End) {
			return true
		}
	}
	return false
}

// FirstName is the first word of a name: how the big screen names the
// young person.
func FirstName(name string) string {
	name = strings.TrimSpace(name)
	if i := strings.IndexFunc(name, unicode.IsSpace); i > 0 {
		return name[:i]
	}
	return name
}

// ValidLeadDays checks the municipality's agenda lead time.
func ValidLeadDays(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > MaxAgendaLeadDays {
		return 0, Invalid(map[string]Problem{"agenda_lead_days": ProblemLeadDays})
	}
	return n, nil
}

// CalendarEntry is a meeting as a calendar shows it: its kind, time and
// place, and the young person's initials only, never a name or CPR number.
type CalendarEntry struct {
	MeetingID     int64
	Kind          MeetingKind
	StartsAt      time.Time
	EndsAt        time.Time
	Location      string
	YouthInitials string
	Status        MeetingStatus
	Version       int
	CreatedAt     time.Time
}
