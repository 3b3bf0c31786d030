package casework

import (
	"strings"
	"time"
)

// Limits on a journal note's free text, matching the database's checks.
const (
	maxSpokenWithLen = 500
	maxNoteTextLen   = 10000
)

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
