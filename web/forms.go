package web

import (
	"time"

	"kui/internal/casework"
)

// Field is one form input as shown: its name, the value as typed, and the
// problem with it, if any.
type Field struct {
	// ID is the element's id; empty means "f-" + Name. A page that holds
	// several forms with the same field names gives each field its own.
	ID           string
	Name         string
	Label        string
	Hint         string
	Value        string
	Problem      casework.Problem
	Type         string // "text" when empty
	Required     bool
	Autocomplete string
	InputMode    string
	Width        string // dkfds input width class, e.g. "input-width-s"
}

func (f Field) id() string {
	if f.ID != "" {
		return f.ID
	}
	return "f-" + f.Name
}

func (f Field) hintID() string  { return f.id() + "-hint" }
func (f Field) errorID() string { return f.id() + "-error" }

func (f Field) describedBy() string {
	s := ""
	if f.Hint != "" {
		s = f.hintID()
	}
	if f.Problem != "" {
		if s != "" {
			s += " "
		}
		s += f.errorID()
	}
	return s
}

// inputValue is the value the input is shown with. A date or time input
// holds only a well-formed date or time (whatever the browser's language,
// it sends them as 2008-03-12, 09:30 and 2008-03-12T09:30): anything else,
// which only another client can send, is left out, and the field's problem
// says what to write.
func (f Field) inputValue() string {
	var layouts []string
	switch f.Type {
	case "date":
		layouts = []string{time.DateOnly}
	case "time":
		layouts = []string{"15:04", "15:04:05"}
	case "datetime-local":
		layouts = []string{"2006-01-02T15:04", "2006-01-02T15:04:05"}
	default:
		return f.Value
	}
	for _, l := range layouts {
		// HTML's dates start at year 1; a time of day parses to year 0.
		if d, err := time.Parse(l, f.Value); err == nil && (f.Type == "time" || d.Year() >= 1) {
			return f.Value
		}
	}
	return ""
}

func (f Field) inputType() string {
	if f.Type == "" {
		return "text"
	}
	return f.Type
}

// Option is one choice of a select or radio group.
type Option struct {
	Value string
	Label string
}

// OptionGroup is a labelled group of a select's options (<optgroup>).
type OptionGroup struct {
	Label   string
	Options []Option
}

// Choice is one checkbox or radio button: its own id, the name and value it
// sends when chosen, and whether it is chosen now.
type Choice struct {
	ID, Name, Value, Label string
	Hint                   string
	Checked                bool
}

func (c Choice) hintID() string { return c.ID + "-hint" }
