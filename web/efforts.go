package web

import (
	"strconv"
	"time"

	"kui/internal/casework"
)

// EffortsView is the list of the young person's efforts with the form for a new one.
type EffortsView struct {
	Page     Page
	Heading  casework.YouthHeading
	Today    time.Time
	List     casework.EffortList
	Form     casework.EffortForm
	Problems map[string]casework.Problem
}

// EffortEditView is the form that edits one effort.
type EffortEditView struct {
	Page     Page
	Heading  casework.YouthHeading
	EffortID int64
	Today    time.Time
	Choices  casework.EffortList // the units and professionals to choose from
	Form     casework.EffortForm
	Problems map[string]casework.Problem
	Stale    bool // someone else saved while this form was open
}

// NewEffortForm is the empty effort form: starting today, planned.
func NewEffortForm(today time.Time) casework.EffortForm {
	return casework.EffortForm{StartsOn: today.Format(time.DateOnly), Status: string(casework.EffortPlanned)}
}

// EffortFormFrom is the form filled with an effort, to edit it.
func EffortFormFrom(e casework.Effort) casework.EffortForm {
	f := casework.EffortForm{
		Unit:        strconv.FormatInt(e.UnitID, 10),
		Description: e.Description,
		Responsible: strconv.FormatInt(e.ResponsibleID, 10),
		StartsOn:    e.StartsOn.Format(time.DateOnly),
		Status:      string(e.Status),
		Version:     e.Version,
	}
	if !e.EndsOn.IsZero() {
		f.EndsOn = e.EndsOn.Format(time.DateOnly)
	}
	return f
}

func unitOptions(units []casework.UnitChoice) []Option {
	opts := make([]Option, 0, len(units))
	for _, u := range units {
		opts = append(opts, Option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name})
	}
	return opts
}

func effortStatusOptions(t *Catalogue) []Option {
	opts := make([]Option, 0, len(casework.EffortStatuses))
	for _, s := range casework.EffortStatuses {
		opts = append(opts, Option{Value: string(s), Label: t.CaseT.EffortStatuses[s]})
	}
	return opts
}

// personGroups are the professionals to choose from, those on the team
// first; a group with no one in it is left out.
func personGroups(people []casework.PersonChoice, teamLabel, othersLabel string) []OptionGroup {
	var team, others []Option
	for _, p := range people {
		label := p.Name
		if p.UnitName != "" {
			label += " (" + p.UnitName + ")"
		}
		o := Option{Value: strconv.FormatInt(p.ID, 10), Label: label}
		if p.OnTeam {
			team = append(team, o)
		} else {
			others = append(others, o)
		}
	}
	var groups []OptionGroup
	if len(team) > 0 {
		groups = append(groups, OptionGroup{Label: teamLabel, Options: team})
	}
	if len(others) > 0 {
		groups = append(groups, OptionGroup{Label: othersLabel, Options: others})
	}
	return groups
}

func effortPath(youthID, effortID int64, rest string) string {
	return YouthPath(youthID, "/efforts/"+strconv.FormatInt(effortID, 10)+rest)
}
