package casework

import (
	"strconv"
	"strings"
	"time"
	"unicode"
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

// Limits of the action plan and its follow-up, matching the database's checks.
const (
	maxPlanTextLen          = 1000
	maxFollowupTextLen      = 1000
	planDueAheadDays        = 2 * 366
	DefaultCarryOverDueDays = 28
)

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
	d.Due = parseDue(problems, f.Due, today)
	d.Goal = GoalKind(strings.TrimSpace(f.Goal))
	if d.Goal == "" {
		d.Goal = GoalEducationJob
	}
	if !oneOf(d.Goal, GoalKinds) {
		problems["goal"] = ProblemUnknownChoice
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
		d.Due = parseDue(problems, f.Due, today)
	}
	return d, Invalid(problems)
}

// parseDue reads the due date of a plan item: from today, and no further
// ahead than a plan reaches. A problem is recorded under "due".
func parseDue(problems map[string]Problem, s string, today time.Time) time.Time {
	due, p := ParseDate(s)
	switch {
	case p != "":
		problems["due"] = p
	case due.Before(today):
		problems["due"] = ProblemDueInPast
	case due.After(today.AddDate(0, 0, planDueAheadDays)):
		problems["due"] = ProblemDueTooLate
	default:
		return due
	}
	return time.Time{}
}
