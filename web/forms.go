package web

import "kui/internal/casework"

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
