package web

import (
	"strconv"
	"time"

	"kui/internal/casework"
)

// NotesView is the young person's journal with the form for a new note.
type NotesView struct {
	Page     Page
	Heading  casework.YouthHeading
	Today    time.Time
	Notes    []casework.JournalNote
	Form     casework.NoteForm
	Problems map[string]casework.Problem
}

// NoteCorrectView is the form that corrects one of the user's own notes.
type NoteCorrectView struct {
	Page     Page
	Heading  casework.YouthHeading
	Today    time.Time
	Original casework.JournalNote
	Form     casework.NoteForm
	Problems map[string]casework.Problem
}

// NoteFormFrom is the form filled with a note's content, to correct it.
func NoteFormFrom(n casework.JournalNote) casework.NoteForm {
	at := n.OccurredAt.In(Copenhagen)
	return casework.NoteForm{
		SpokenWith:   n.SpokenWith,
		OccurredOn:   at.Format(time.DateOnly),
		OccurredTime: at.Format("15:04"),
		Topic:        n.Topic,
		Agreed:       n.Agreed,
		Sensitive:    string(n.Sensitive),
	}
}

// NewNoteForm is the empty note form, dated now in Copenhagen.
func NewNoteForm(now time.Time) casework.NoteForm {
	at := now.In(Copenhagen)
	return casework.NoteForm{OccurredOn: at.Format(time.DateOnly), OccurredTime: at.Format("15:04")}
}

func sensitiveOptions(t *Catalogue) []Option {
	opts := []Option{{Value: "", Label: t.CaseT.NoteNotSensitive}}
	for _, k := range casework.SensitiveKinds {
		opts = append(opts, Option{Value: string(k), Label: t.CaseT.SensitiveKinds[k]})
	}
	return opts
}

func noteAnchor(id int64) string { return "note-" + strconv.FormatInt(id, 10) }
