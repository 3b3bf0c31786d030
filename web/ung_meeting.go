package web

import (
	"strings"

	"kui/internal/casework"
)

// UngPlanView is the young person's plan (/ung/plan).
type UngPlanView struct {
	Page UngPage
	Plan casework.UngPlan
}

// UngMeetingView is the young person's next meeting (/ung/moede), with the
// form for their own topic: Text as typed, and its problem.
type UngMeetingView struct {
	Page    UngPage
	Meeting casework.UngMeeting
	Text    string
	Problem casework.Problem
}

// UngTeamView is the young person's team (/ung/team).
type UngTeamView struct {
	Page UngPage
	Team casework.UngTeam
}

// ContactSettingsView is a professional's own work phone (/settings/contact).
type ContactSettingsView struct {
	Page      Page
	WorkPhone string
	Problem   casework.Problem
}

// ungOwner is who does a plan item, as the young person reads it: "Mig",
// or the professional's name with their role on the team.
func ungOwner(t UngMeetingTexts, p casework.PlanItem, roles map[int64]string) string {
	if p.OwnerYouth {
		return t.PlanMe
	}
	return t.Person(p.OwnerName, roles[p.OwnerID], "")
}

// telURL is a tel: link of a phone number as typed (digits, spaces, +):
// the spaces left out.
func telURL(phone string) string {
	return "tel:" + strings.ReplaceAll(phone, " ", "")
}

// others is the team without the contact person.
func others(team casework.UngTeam) []casework.UngTeamMember {
	var list []casework.UngTeamMember
	for _, m := range team.Members {
		if !m.Contact {
			list = append(list, m)
		}
	}
	return list
}
