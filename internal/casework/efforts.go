package casework

import (
	"strings"
	"time"
)

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

// maxEffortDescriptionLen limits what an effort is, matching the database's check.
const maxEffortDescriptionLen = 1000

// Validate checks the effort: a unit, what, who is responsible, a start, an
// end not before the start, and an end for an effort that is over.
func (f EffortForm) Validate() (EffortDetails, error) {
	problems := map[string]Problem{}
	d := EffortDetails{Description: strings.TrimSpace(f.Description), Status: EffortStatus(f.Status)}
	d.UnitID = parseID(problems, "unit", f.Unit)
	d.ResponsibleID = parseID(problems, "responsible", f.Responsible)
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
