package casework

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
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

// Limits of a meeting, matching the database's checks.
const (
	MaxMeetingParticipants = 5
	maxPlaceLen            = 300
	DefaultMeetingMinutes  = 60
	minMeetingMinutes      = 15
	maxMeetingMinutes      = 8 * 60
	meetingsBackDays       = 366 // a meeting held in the past year can still be registered
	meetingsAheadDays      = 400 // and one can be planned a year ahead
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
	// FixedDays are the municipality's fixed meeting days (rooms in use),
	// read for a planned meeting's page, to warn of one off them.
	FixedDays []MeetingDay
}

// Open tells whether the meeting can still be changed.
func (m Meeting) Open() bool { return m.Status == MeetingPlanned }

// AgendaSent tells whether the agenda has been sent (and is locked).
func (m Meeting) AgendaSent() bool { return !m.AgendaSentAt.IsZero() }

// MeetingSummary is one meeting in a list.
type MeetingSummary struct {
	ID              int64
	YouthID         int64
	YouthName       string
	YouthBirthDate  time.Time
	Kind            MeetingKind
	StartsAt        time.Time
	EndsAt          time.Time
	Place           string // the room's name, or the place written
	OtherPlace      string // the place written beside a room ("Andet sted")
	FacilitatorID   int64
	FacilitatorName string
	Status          MeetingStatus
	AgendaSendBy    time.Time
	AgendaSentAt    time.Time
	AgendaItems     int
	PlanItems       int
}

// PlaceLine is where the meeting is, as a list shows it: the room, or the
// place written, or both, with withOther ("%s — Andet sted: %s").
func (m MeetingSummary) PlaceLine(withOther string) string {
	return placeLine(m.Place, m.OtherPlace, withOther)
}

// PrintPlace is where the meeting is, on one line for the young person's
// print: the room with its address, and the place written beside it.
func (m Meeting) PrintPlace(withOther string) string {
	room := m.RoomName
	if room != "" && m.RoomAddress != "" {
		room += ", " + m.RoomAddress
	}
	return placeLine(room, m.Place, withOther)
}

func placeLine(room, other, withOther string) string {
	if other == "" {
		return room
	}
	if room == "" {
		return other
	}
	return fmt.Sprintf(withOther, room, other)
}

// Clash is another planned meeting at the same time as a meeting, for
// someone taking part in both, or for the room.
type Clash struct {
	MeetingID int64
	Who       string // the person's name, or the room's
	StartsAt  time.Time
	EndsAt    time.Time
}

// MeetingOptions are the choices the meeting form offers for a young person.
type MeetingOptions struct {
	Team         []TeamMember
	Facilitators []Participant // the municipality's facilitators, and the team
	Rooms        []Room
	FixedDays    []MeetingDay // the municipality's fixed meeting days, for a hint
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

// LocationLine is the entry's location with the place written beside its
// room, if any, as withOther ("%s — Andet sted: %s") puts them.
func (e CalendarEntry) LocationLine(withOther string) string {
	return placeLine(e.Location, e.OtherPlace, withOther)
}

// CalendarEntry is a meeting as a calendar shows it: its kind, time and
// place, and the young person's initials only, never a name or CPR number.
type CalendarEntry struct {
	MeetingID     int64
	Kind          MeetingKind
	StartsAt      time.Time
	EndsAt        time.Time
	Location      string // the room and its address, or the place written
	OtherPlace    string // the place written beside a room ("Andet sted")
	YouthInitials string
	Status        MeetingStatus
	Version       int
	CreatedAt     time.Time
}
