package web

import (
	"strconv"
	"time"

	"kui/internal/casework"
)

// TeamPageView is the team page of a young person: the contact person with
// a pending handover or referral, the team, its history.
type TeamPageView struct {
	Page    Page
	Heading casework.YouthHeading
	Today   time.Time
	Team    casework.Team
	// The forms of the page as typed, when one of them was refused.
	Add      casework.TeamMemberForm
	Choice   casework.TeamChoiceForm
	Decline  string
	Problems map[string]casework.Problem
	// Refusal is a rule that stopped the last action (a conflict), shown at
	// the top of the page.
	Refusal casework.Problem
}

// actor is the signed-in user's id.
func (v TeamPageView) actor() int64 {
	if v.Page.User == nil {
		return 0
	}
	return v.Page.User.ID
}

// CanCancelHandover tells whether the signed-in user may withdraw the
// pending handover: the one who asked, the current contact person, or a
// coordinator. The receiver accepts or declines instead.
func (v TeamPageView) CanCancelHandover() bool {
	h := v.Team.Handover
	if h == nil || v.Page.User == nil || h.ToID == v.actor() {
		return false
	}
	return h.RequestedByID == v.actor() || h.FromID == v.actor() || v.Page.User.Role == casework.RoleCoordinator
}

// IsCoordinator tells whether the signed-in user decides referrals.
func (v TeamPageView) IsCoordinator() bool {
	return v.Page.User != nil && v.Page.User.Role == casework.RoleCoordinator
}

// receivesHandover tells whether userID is the receiver of the pending handover.
func (v TeamPageView) receivesHandover(userID int64) bool {
	return v.Team.Handover != nil && v.Team.Handover.ToID == userID
}

func (v TeamPageView) choiceDate() string {
	if v.Choice.ChosenOn != "" {
		return v.Choice.ChosenOn
	}
	return v.Today.Format(time.DateOnly)
}

// addFailed, choiceFailed, declineFailed tell which of the page's forms
// the problems belong to.
func (v TeamPageView) addFailed() bool {
	return v.Problems["user_id"] != "" || v.Problems["team_role"] != ""
}

func (v TeamPageView) choiceFailed() bool {
	return v.Problems["chosen_on"] != "" || v.Problems["note"] != ""
}

// RemoveMemberView is the confirmation before someone leaves the team.
type RemoveMemberView struct {
	Page    Page
	Heading casework.YouthHeading
	Today   time.Time
	Member  casework.TeamMember
	// Blocked is why the member cannot be removed now; empty when they can.
	Blocked casework.Problem
	Self    bool // the signed-in user removes themselves
}

// professionalGroups groups professionals by unit, in the order given (the
// store sorts by unit, then name); those without a unit come under noUnit.
// label writes one option's text.
func professionalGroups(ps []casework.Professional, noUnit string, label func(casework.Professional) string) []OptionGroup {
	var groups []OptionGroup
	for _, p := range ps {
		unit := p.UnitName
		if unit == "" {
			unit = noUnit
		}
		if len(groups) == 0 || groups[len(groups)-1].Label != unit {
			groups = append(groups, OptionGroup{Label: unit})
		}
		g := &groups[len(groups)-1]
		g.Options = append(g.Options, Option{Value: strconv.FormatInt(p.ID, 10), Label: label(p)})
	}
	return groups
}

func teamMemberPath(youthID, userID int64, rest string) string {
	return YouthPath(youthID, "/team/"+idString(userID)+rest)
}

// handoverToMeText is the receiver's task about a handover, naming whoever
// asked for it: the contact person handing over, or someone else on the team.
// youth is how the young person is named (YouthLabel).
func handoverToMeText(tt TeamTexts, h casework.Handover, youth string) string {
	if h.RequestedByID == h.FromID {
		return sprintf(tt.HomeHandoverToMe, h.FromName, youth)
	}
	return sprintf(tt.HomeHandoverAskedToMe, h.RequestedBy, youth, h.FromName)
}
