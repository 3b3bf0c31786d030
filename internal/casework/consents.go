package casework

import (
	"strconv"
	"strings"
	"time"
)

// The case's working tools: the efforts (indsatser) around a young person,
// the journal, the young person's consents to share information, and the
// contact person's checklist.

// UnitChoice is a unit (department) of the municipality, as forms offer it.
type UnitChoice struct {
	ID   int64
	Name string
}

// PersonChoice is a professional of the municipality, as forms offer them.
type PersonChoice struct {
	ID       int64
	Name     string
	UnitName string
	OnTeam   bool // on the young person's team now
}

// EffortStatus is where an effort stands.
type EffortStatus string

const (
	EffortPlanned   EffortStatus = "planned"   // planlagt
	EffortOngoing   EffortStatus = "ongoing"   // i gang
	EffortCompleted EffortStatus = "completed" // afsluttet
	EffortStopped   EffortStatus = "stopped"   // afbrudt
)

// EffortStatuses in the order they are offered.
var EffortStatuses = []EffortStatus{EffortPlanned, EffortOngoing, EffortCompleted, EffortStopped}

// Ended tells whether the effort is over, as planned or not.
func (s EffortStatus) Ended() bool { return s == EffortCompleted || s == EffortStopped }

// Effort is one service from one unit for the young person: mentor,
// treatment, school support, job training …
type Effort struct {
	ID              int64
	YouthID         int64
	UnitID          int64
	UnitName        string
	Description     string
	ResponsibleID   int64
	ResponsibleName string
	StartsOn        time.Time
	EndsOn          time.Time // zero while open-ended
	Status          EffortStatus
	UpdatedByName   string
	UpdatedAt       time.Time
	Version         int
}

// PastEnd tells whether an effort that is still planned or ongoing has
// passed its end date: someone should end it or extend it.
func (e Effort) PastEnd(today time.Time) bool {
	return !e.Status.Ended() && !e.EndsOn.IsZero() && e.EndsOn.Before(today)
}

// EffortList is the efforts page: the efforts, and the choices its form offers.
type EffortList struct {
	Efforts       []Effort
	Units         []UnitChoice
	Professionals []PersonChoice
}

// EffortForm is an effort as typed.
type EffortForm struct {
	Unit        string
	Description string
	Responsible string
	StartsOn    string
	EndsOn      string
	Status      string
	Version     int
}

// EffortDetails are the validated values of an EffortForm. Whether the unit
// and the responsible exist in the municipality is the store's to check.
type EffortDetails struct {
	UnitID        int64
	Description   string
	ResponsibleID int64
	StartsOn      time.Time
	EndsOn        time.Time
	Status        EffortStatus
}

// Limits on the case file's free text, matching the database's checks.
const (
	maxEffortDescriptionLen = 1000
	maxSpokenWithLen        = 500
	maxNoteTextLen          = 10000
	maxConsentNoteLen       = 2000
	maxChecklistCommentLen  = 2000
)

// Validate checks the effort: a unit, what, who is responsible, a start, an
// end not before the start, and an end for an effort that is over.
func (f EffortForm) Validate() (EffortDetails, error) {
	problems := map[string]Problem{}
	d := EffortDetails{Description: strings.TrimSpace(f.Description), Status: EffortStatus(f.Status)}
	d.UnitID = parseChoiceID(problems, "unit", f.Unit)
	d.ResponsibleID = parseChoiceID(problems, "responsible", f.Responsible)
	checkText(problems, "description", d.Description, maxEffortDescriptionLen, true)
	start, p := ParseDate(f.StartsOn)
	if p != "" {
		problems["starts_on"] = p
	}
	d.StartsOn = start
	if strings.TrimSpace(f.EndsOn) != "" {
		end, p := ParseDate(f.EndsOn)
		switch {
		case p != "":
			problems["ends_on"] = p
		case !start.IsZero() && end.Before(start):
			problems["ends_on"] = ProblemEndBeforeStart
		default:
			d.EndsOn = end
		}
	}
	if !oneOf(d.Status, EffortStatuses) {
		problems["status"] = ProblemUnknownChoice
	} else if d.Status.Ended() && strings.TrimSpace(f.EndsOn) == "" {
		problems["ends_on"] = ProblemEndRequired
	}
	return d, Invalid(problems)
}

// parseChoiceID reads the id of a chosen option; a missing or malformed one
// is a problem with the field.
func parseChoiceID(problems map[string]Problem, field, s string) int64 {
	s = strings.TrimSpace(s)
	if s == "" {
		problems[field] = ProblemRequired
		return 0
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		problems[field] = ProblemUnknownChoice
		return 0
	}
	return id
}

// SensitiveKind marks a journal note as holding sensitive information, which
// is shared only under the young person's consent.
type SensitiveKind string

const (
	SensitiveNone     SensitiveKind = ""
	SensitiveHealth   SensitiveKind = "health"   // helbredsoplysninger, fx diagnoser
	SensitiveReligion SensitiveKind = "religion" // religiøse forhold
	SensitiveOther    SensitiveKind = "other"    // andre følsomme oplysninger
)

// SensitiveKinds in the order they are offered.
var SensitiveKinds = []SensitiveKind{SensitiveHealth, SensitiveReligion, SensitiveOther}

// JournalNote is one entry of the young person's journal: who was spoken
// with, when, about what, and what was agreed. Notes are never changed; a
// correction is a new note that points at the one it corrects.
type JournalNote struct {
	ID         int64
	YouthID    int64
	AuthorID   int64
	AuthorName string
	SpokenWith string
	OccurredAt time.Time
	Topic      string
	Agreed     string
	Sensitive  SensitiveKind
	// Hidden is set when the note is sensitive and the reader may not read
	// it: the text fields are then empty, never sent from the database.
	Hidden    bool
	CreatedAt time.Time
	// CorrectsID is the note this one corrects, 0 for none.
	CorrectsID int64
	// CorrectedByID is the note that corrects this one, 0 for none.
	CorrectedByID     int64
	CorrectedByAuthor string
	CorrectedAt       time.Time
}

// NoteForm is a journal note as typed.
type NoteForm struct {
	SpokenWith   string
	OccurredOn   string // YYYY-MM-DD
	OccurredTime string // HH:MM
	Topic        string
	Agreed       string
	Sensitive    string
}

// NoteDetails are the validated values of a NoteForm.
type NoteDetails struct {
	SpokenWith string
	OccurredAt time.Time
	Topic      string
	Agreed     string
	Sensitive  SensitiveKind
}

// noteClockSlack lets a note be dated a few minutes ahead of the server's
// clock, so a conversation written down "now" is never refused.
const noteClockSlack = 5 * time.Minute

// Validate checks the note: whom, when (date and time in loc, not in the
// future), about what; what was agreed may be empty.
func (f NoteForm) Validate(now time.Time, loc *time.Location) (NoteDetails, error) {
	problems := map[string]Problem{}
	d := NoteDetails{
		SpokenWith: strings.TrimSpace(f.SpokenWith),
		Topic:      strings.TrimSpace(f.Topic),
		Agreed:     strings.TrimSpace(f.Agreed),
		Sensitive:  SensitiveKind(f.Sensitive),
	}
	checkText(problems, "spoken_with", d.SpokenWith, maxSpokenWithLen, true)
	checkText(problems, "topic", d.Topic, maxNoteTextLen, true)
	checkText(problems, "agreed", d.Agreed, maxNoteTextLen, false)
	if d.Sensitive != SensitiveNone && !oneOf(d.Sensitive, SensitiveKinds) {
		problems["sensitive"] = ProblemUnknownChoice
	}
	day, p := ParseDate(f.OccurredOn)
	if p != "" {
		problems["occurred_on"] = p
	}
	hour, minute, p := parseNoteClock(f.OccurredTime)
	if p != "" {
		problems["occurred_time"] = p
	}
	if _, bad := problems["occurred_on"]; !bad && p == "" {
		d.OccurredAt = time.Date(day.Year(), day.Month(), day.Day(), hour, minute, 0, 0, loc)
		if d.OccurredAt.After(now.Add(noteClockSlack)) {
			problems["occurred_on"] = ProblemDateInFuture
		}
	}
	return d, Invalid(problems)
}

// parseNoteClock reads a time of day as forms send it: HH:MM (or HH.MM, as
// Danes write it).
func parseNoteClock(s string) (hour, minute int, p Problem) {
	m, p := clockMinutes(s)
	return m / 60, m % 60, p
}

// ConsentGiver is who gave (or withdrew) a consent.
type ConsentGiver string

const (
	GivenByYouth    ConsentGiver = "youth"    // den unge selv
	GivenByGuardian ConsentGiver = "guardian" // en forælder eller værge, ved navn
)

// ConsentGivers in the order they are offered.
var ConsentGivers = []ConsentGiver{GivenByYouth, GivenByGuardian}

// ConsentState is whether a consent can be relied on today.
type ConsentState string

const (
	ConsentValid     ConsentState = "valid"
	ConsentExpiring  ConsentState = "expiring" // valid, but ends within ConsentExpiringWithin
	ConsentExpired   ConsentState = "expired"
	ConsentWithdrawn ConsentState = "withdrawn"
	ConsentPending   ConsentState = "pending" // given with a later date
)

// ConsentExpiringWithin is how early a consent is flagged as about to expire.
const ConsentExpiringWithin = 30

// Consent is the young person's (or a parent's) consent to share
// information between units, and in particular health information and
// religion. It is valid from the day given to its expiry date, both
// included, unless withdrawn. A consent is never changed, except once to
// record its withdrawal.
type Consent struct {
	ID             int64
	YouthID        int64
	GivenBy        ConsentGiver
	GivenByName    string // the parent's or guardian's name
	GivenOn        time.Time
	ExpiresOn      time.Time // the last day it is valid
	CoversHealth   bool
	CoversReligion bool
	CoversOther    bool
	AllUnits       bool
	Units          []UnitChoice // the units it covers, unless AllUnits
	Note           string
	RecordedByName string
	RecordedAt     time.Time

	WithdrawnOn              time.Time // zero while not withdrawn
	WithdrawnBy              ConsentGiver
	WithdrawnByName          string
	WithdrawalRecordedByName string
	WithdrawalRecordedAt     time.Time
}

// State is the consent's standing on the given day.
func (c Consent) State(today time.Time) ConsentState {
	switch {
	case !c.WithdrawnOn.IsZero():
		return ConsentWithdrawn
	case c.ExpiresOn.Before(today):
		return ConsentExpired
	case c.GivenOn.After(today):
		return ConsentPending
	case !c.ExpiresOn.After(today.AddDate(0, 0, ConsentExpiringWithin)):
		return ConsentExpiring
	}
	return ConsentValid
}

// Covers tells whether the consent shares information of the given kind.
func (c Consent) Covers(kind SensitiveKind) bool {
	switch kind {
	case SensitiveHealth:
		return c.CoversHealth
	case SensitiveReligion:
		return c.CoversReligion
	case SensitiveOther:
		return c.CoversOther
	}
	return true
}

// ConsentList is the consents page: the consents, newest first, and what
// the form offers.
type ConsentList struct {
	Consents  []Consent
	Units     []UnitChoice
	Guardians []Guardian
}

// Unit scopes of a consent form.
const (
	UnitScopeAll  = "all"
	UnitScopeSome = "some"
)

// ConsentForm is a consent as typed.
type ConsentForm struct {
	GivenBy        string
	GivenByName    string
	GivenOn        string
	ExpiresOn      string
	CoversHealth   bool
	CoversReligion bool
	CoversOther    bool
	UnitScope      string   // UnitScopeAll or UnitScopeSome
	Units          []string // unit ids, when UnitScopeSome
	Note           string
}

// HasUnit tells whether the form has the unit ticked.
func (f ConsentForm) HasUnit(id int64) bool {
	s := strconv.FormatInt(id, 10)
	for _, u := range f.Units {
		if u == s {
			return true
		}
	}
	return false
}

// ConsentDetails are the validated values of a ConsentForm.
type ConsentDetails struct {
	GivenBy        ConsentGiver
	GivenByName    string
	GivenOn        time.Time
	ExpiresOn      time.Time
	CoversHealth   bool
	CoversReligion bool
	CoversOther    bool
	AllUnits       bool
	UnitIDs        []int64
	Note           string
}

// Validate checks the consent: who gave it (a parent by name), when (not
// in the future), until when (after it was given), and which units it
// covers (all, or at least one named).
func (f ConsentForm) Validate(today time.Time) (ConsentDetails, error) {
	problems := map[string]Problem{}
	d := ConsentDetails{
		GivenBy:        ConsentGiver(f.GivenBy),
		CoversHealth:   f.CoversHealth,
		CoversReligion: f.CoversReligion,
		CoversOther:    f.CoversOther,
		Note:           strings.TrimSpace(f.Note),
	}
	d.GivenByName = checkGiver(problems, "given_by", d.GivenBy, f.GivenByName)
	checkText(problems, "note", d.Note, maxConsentNoteLen, false)
	given, p := ParseDate(f.GivenOn)
	switch {
	case p != "":
		problems["given_on"] = p
	case given.After(today):
		problems["given_on"] = ProblemDateInFuture
	default:
		d.GivenOn = given
	}
	expires, p := ParseDate(f.ExpiresOn)
	switch {
	case p != "":
		problems["expires_on"] = p
	case !given.IsZero() && !expires.After(given):
		problems["expires_on"] = ProblemExpiryBeforeGiven
	default:
		d.ExpiresOn = expires
	}
	switch f.UnitScope {
	case UnitScopeAll:
		d.AllUnits = true
	case UnitScopeSome:
		seen := map[int64]bool{}
		for _, s := range f.Units {
			id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
			if err != nil || id <= 0 {
				problems["units"] = ProblemUnknownChoice
				continue
			}
			if !seen[id] {
				seen[id] = true
				d.UnitIDs = append(d.UnitIDs, id)
			}
		}
		if len(d.UnitIDs) == 0 && problems["units"] == "" {
			problems["units"] = ProblemUnitsRequired
		}
	default:
		problems["unit_scope"] = ProblemUnknownChoice
	}
	return d, Invalid(problems)
}

// checkGiver checks who gave or withdrew a consent; a parent or guardian
// must be named. It returns the name to store.
func checkGiver(problems map[string]Problem, field string, who ConsentGiver, name string) string {
	name = strings.TrimSpace(name)
	switch who {
	case GivenByYouth:
		return ""
	case GivenByGuardian:
		checkText(problems, field+"_name", name, maxNameLen, true)
		return name
	}
	problems[field] = ProblemUnknownChoice
	return ""
}

// WithdrawalForm records that a consent was withdrawn, as typed.
type WithdrawalForm struct {
	WithdrawnOn     string
	WithdrawnBy     string
	WithdrawnByName string
}

// WithdrawalDetails are the validated values of a WithdrawalForm.
type WithdrawalDetails struct {
	WithdrawnOn     time.Time
	WithdrawnBy     ConsentGiver
	WithdrawnByName string
}

// Validate checks the withdrawal: when (not in the future, not before the
// consent was given) and by whom.
func (f WithdrawalForm) Validate(today, givenOn time.Time) (WithdrawalDetails, error) {
	problems := map[string]Problem{}
	d := WithdrawalDetails{WithdrawnBy: ConsentGiver(f.WithdrawnBy)}
	d.WithdrawnByName = checkGiver(problems, "withdrawn_by", d.WithdrawnBy, f.WithdrawnByName)
	on, p := ParseDate(f.WithdrawnOn)
	switch {
	case p != "":
		problems["withdrawn_on"] = p
	case on.After(today):
		problems["withdrawn_on"] = ProblemDateInFuture
	case on.Before(givenOn):
		problems["withdrawn_on"] = ProblemWithdrawnBeforeGiven
	default:
		d.WithdrawnOn = on
	}
	return d, Invalid(problems)
}

// ChecklistKind is one item of the contact person's checklist
// (kontaktpersonens tjekliste).
type ChecklistKind string

const (
	ChecklistMeetingFrequency ChecklistKind = "meeting_frequency"       // mødefrekvens aftalt
	ChecklistCollaboration    ChecklistKind = "collaboration_agreement" // samarbejdsaftale
	ChecklistEfforts          ChecklistKind = "efforts_coordinated"     // indsatser koordineret
	ChecklistEducationPlan    ChecklistKind = "education_plan_updated"  // uddannelsesplan opdateret
	ChecklistCallMeeting      ChecklistKind = "call_meeting"            // indkald til møde
	ChecklistJournaling       ChecklistKind = "journaling"              // journalføring
)

// ChecklistKinds are the checklist's items, in the order it lists them.
var ChecklistKinds = []ChecklistKind{
	ChecklistMeetingFrequency, ChecklistCollaboration, ChecklistEfforts,
	ChecklistEducationPlan, ChecklistCallMeeting, ChecklistJournaling,
}

// Valid tells whether k is one of the checklist's items.
func (k ChecklistKind) Valid() bool { return oneOf(k, ChecklistKinds) }

// ChecklistItem is one item of the checklist as it stands.
type ChecklistItem struct {
	Kind          ChecklistKind
	Done          bool
	DoneOn        time.Time
	DueOn         time.Time // zero when no due date is set
	Comment       string
	UpdatedByName string
	UpdatedAt     time.Time
	Version       int
}

// Overdue tells whether the item is not done and its due date has passed.
func (i ChecklistItem) Overdue(today time.Time) bool {
	return !i.Done && !i.DueOn.IsZero() && i.DueOn.Before(today)
}

// ChecklistForm is a checklist item as typed.
type ChecklistForm struct {
	Done    bool
	DoneOn  string
	DueOn   string
	Comment string
	Version int
}

// ChecklistDetails are the validated values of a ChecklistForm.
type ChecklistDetails struct {
	Done    bool
	DoneOn  time.Time // zero unless done
	DueOn   time.Time
	Comment string
}

// Validate checks the item: a done item is dated (today when left empty,
// never in the future); an item not done has no done date.
func (f ChecklistForm) Validate(today time.Time) (ChecklistDetails, error) {
	problems := map[string]Problem{}
	d := ChecklistDetails{Done: f.Done, Comment: strings.TrimSpace(f.Comment)}
	checkText(problems, "comment", d.Comment, maxChecklistCommentLen, false)
	if f.Done {
		switch on, p := ParseDate(f.DoneOn); {
		case p == ProblemRequired:
			d.DoneOn = today
		case p != "":
			problems["done_on"] = p
		case on.After(today):
			problems["done_on"] = ProblemDateInFuture
		default:
			d.DoneOn = on
		}
	}
	if strings.TrimSpace(f.DueOn) != "" {
		due, p := ParseDate(f.DueOn)
		if p != "" {
			problems["due_on"] = p
		}
		d.DueOn = due
	}
	return d, Invalid(problems)
}

// TurningEighteenWithin is how many days ahead the young person's 18th
// birthday is flagged: the move between laws and units, and parents leaving
// the course, is a transition to prepare.
const TurningEighteenWithin = 90

// TurnsEighteen tells whether someone born on birth turns 18 within the next
// TurningEighteenWithin days (not today or earlier), and on which day and in
// how many days.
func TurnsEighteen(birth, today time.Time) (on time.Time, days int, soon bool) {
	// AddDate carries 29 February to 1 March, the day the age changes then.
	on = birth.AddDate(18, 0, 0)
	days = int(on.Sub(today).Hours()/24 + 0.5)
	return on, days, on.After(today) && days <= TurningEighteenWithin
}
