package web

import (
	"time"

	"kui/internal/casework"
)

// PlanEditView edits one plan item; Conflict holds what someone else saved
// while this form was open.
type PlanEditView struct {
	Page     Page
	Heading  casework.YouthHeading
	Now      time.Time
	Meeting  casework.Meeting
	Item     casework.PlanItem
	Form     casework.PlanForm
	Problems map[string]casework.Problem
	Conflict *casework.PlanItem
	Return   string // "screen" when edited from the big screen
}

// owners are who can commit to a plan item: the young person, the
// facilitator and the professionals at the meeting.
func owners(c *Catalogue, m casework.Meeting) []Option {
	opts := []Option{{Value: casework.OwnerYouth, Label: sprintf(c.MeetingT.OwnerYouth, casework.FirstName(m.YouthName))}}
	seen := map[int64]bool{}
	add := func(id int64, name string) {
		if !seen[id] {
			seen[id] = true
			opts = append(opts, Option{Value: idString(id), Label: name})
		}
	}
	add(m.FacilitatorID, m.FacilitatorName)
	for _, p := range m.Participants {
		add(p.UserID, p.Name)
	}
	return opts
}

func goalOptions(c *Catalogue) []Option {
	opts := make([]Option, 0, len(casework.GoalKinds))
	for _, g := range casework.GoalKinds {
		opts = append(opts, Option{Value: string(g), Label: c.MeetingT.Goals[g]})
	}
	return opts
}

func (v MeetingView) carryDue() string {
	d := casework.DateOf(v.Meeting.StartsAt).AddDate(0, 0, casework.DefaultCarryOverDueDays)
	return d.Format(time.DateOnly)
}
