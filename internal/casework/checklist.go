package casework

import (
	"strings"
	"time"
)

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

// maxChecklistCommentLen limits a checklist item's comment, matching the database's check.
const maxChecklistCommentLen = 2000

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
