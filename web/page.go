package web

import (
	"fmt"
	"strconv"

	"github.com/a-h/templ"

	"kui/internal/casework"
)

// Page is what every page's shell needs: the title, who is signed in, and a
// one-time message from the previous action.
type Page struct {
	Title string
	User  *casework.User // nil on the login and error pages
	Flash Flash
	Nav   NavItem
}

// Flash is a message carried across a redirect.
type Flash struct {
	Kind string // "success", "info", "warning", "error"
	Text string
}

// NavItem names the section a page belongs to, to mark it in the menu.
type NavItem string

const (
	NavHome  NavItem = "home"
	NavYouth NavItem = "youth"
	NavAudit NavItem = "audit"
	// NavOverview is the coordinator's overview and snapshot.
	NavOverview NavItem = "overview"
	// NavAdmin is the administrator's settings.
	NavAdmin NavItem = "admin"
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

// alertIconID is the dkfds icon for an alert's kind.
func alertIconID(kind string) string {
	switch kind {
	case "success":
		return "success"
	case "warning":
		return "warning"
	case "error":
		return "error"
	}
	return "info"
}

func youthURL(id int64) templ.SafeURL { return templ.URL("/youth/" + strconv.FormatInt(id, 10)) }

func youthPath(id int64, rest string) string {
	return "/youth/" + strconv.FormatInt(id, 10) + rest
}

func itoa(n int) string { return strconv.Itoa(n) }

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// AdminLink is one entry of the administrator's index page.
type AdminLink struct {
	Href, Label, Hint string
}
