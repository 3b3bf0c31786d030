package casework

import (
	"strconv"
	"strings"
	"time"
)

// The young person's rights in their own kui: their own quarterly rating of
// how it goes, their consents (and withdrawing one), who has read their
// case (the log of consultations, GDPR art. 15) and all kui holds about them.

// ProblemConsentEnded: the young person tried to withdraw a consent that has
// already run out; there is nothing left to withdraw.
const ProblemConsentEnded Problem = "consent_ended"

// SelfRating is the young person's own rating of a quarter, on their own:
// a step of the municipality's scale and their own words.
type SelfRating struct {
	QuarterStart time.Time
	Step         int
	Words        string
	UpdatedAt    time.Time
}

// UngProgression is the young person's "Min udvikling": the scale, their
// own ratings (oldest first), the measurements a professional recorded with
// them (oldest first), and the quarter they can rate now.
type UngProgression struct {
	Scale        ProgressionScale
	Own          []SelfRating
	Measurements []ProgressionMeasurement
	QuarterStart time.Time
}

// Current is this quarter's own rating, or nil.
func (p UngProgression) Current() *SelfRating {
	for i := range p.Own {
		if p.Own[i].QuarterStart.Equal(p.QuarterStart) {
			return &p.Own[i]
		}
	}
	return nil
}

// SelfRatingForm is the young person's rating as typed.
type SelfRatingForm struct {
	Step  string
	Words string
}

// Validate checks the rating: a step of the scale and their own words
// (1..1000 characters, the database's check).
func (f SelfRatingForm) Validate() (step int, words string, err error) {
	problems := map[string]Problem{}
	words = strings.TrimSpace(f.Words)
	step = parseStep(problems, "step", f.Step)
	checkText(problems, "words", words, maxYouthWordsLen, true)
	return step, words, Invalid(problems)
}

// FormOf is the form filled in with a stored rating.
func (r *SelfRating) FormOf() SelfRatingForm {
	if r == nil {
		return SelfRatingForm{}
	}
	return SelfRatingForm{Step: strconv.Itoa(r.Step), Words: r.Words}
}

// AccessLogLine is one read or change of the young person's case by a
// professional, as "Hvem har set min sag" shows it: when, from which unit,
// and what for; the professional's name only where the municipality has
// chosen to show it.
type AccessLogLine struct {
	At      time.Time
	Unit    string
	UnitNow bool // the unit is the professional's unit now: the line is older than kui's record of the unit at the time
	Action  AuditAction
	Name    string // "" unless the municipality shows names
}

// AccessLog is the young person's log of consultations, newest first.
type AccessLog struct {
	Lines []AccessLogLine
	Names bool // the municipality shows the professionals' names
}

// UngExportMeeting is one of the young person's meetings (never a
// coordination meeting) with its agenda and action plan.
type UngExportMeeting struct {
	Kind     MeetingKind
	StartsAt time.Time
	EndsAt   time.Time
	Place    string
	Status   MeetingStatus
	Agenda   []AgendaItem
	Plan     []PlanItem
}

// UngExport is everything kui holds about the young person, for them to
// take away: without the CPR number, without journal notes, without
// coordination meetings.
type UngExport struct {
	Name            string
	BirthDate       time.Time
	Status          Status
	EducationStatus string
	EducationPlan   string
	Guardians       []Guardian
	Team            []TeamMember
	ContactPerson   *ContactPerson // the active one, if any
	Meetings        []UngExportMeeting
	Consents        []Consent
	Progression     UngProgression
	Efforts         []Effort
	AccessLog       AccessLog
}
