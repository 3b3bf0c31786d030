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

// ContactPageView is the choice of a contact person: the weighing, the
// suggestions it gives, and the reason.
type ContactPageView struct {
	Page        Page
	Heading     casework.YouthHeading
	Today       time.Time
	Team        casework.Team
	Form        casework.ContactForm
	Suggestions []casework.Suggestion
	Problems    map[string]casework.Problem
}

// Handover tells whether the choice will be a handover (someone is the
// contact person now) rather than the first choice.
func (v ContactPageView) Handover() bool { return v.Team.ContactPerson != nil }

// current is the contact person's user id as the form sends it back.
func (v ContactPageView) current() string {
	if v.Team.ContactPerson == nil {
		return "0"
	}
	return strconv.FormatInt(v.Team.ContactPerson.UserID, 10)
}

// candidates are the members who can be chosen: all but the current one.
func (v ContactPageView) candidates() []casework.TeamMember {
	var out []casework.TeamMember
	for _, m := range v.Team.Members {
		if !v.Team.IsContactPerson(m.UserID) {
			out = append(out, m)
		}
	}
	return out
}

func (v ContactPageView) checked(values []string, id int64) bool {
	s := strconv.FormatInt(id, 10)
	for _, x := range values {
		if x == s {
			return true
		}
	}
	return false
}

func (v ContactPageView) chosen(id int64) bool { return v.Form.UserID == strconv.FormatInt(id, 10) }

// ReferralFormView is the referral form (indstillingsskema).
type ReferralFormView struct {
	Page     Page
	Heading  casework.YouthHeading
	Today    time.Time
	Form     casework.ReferralForm
	Problems map[string]casework.Problem
	// Refusal is why no referral can be made now (one is pending, or the
	// young person is not in an active course).
	Refusal casework.Problem
}

// ReferralsView is the coordinator's list of what waits for the visitation
// committee, and the handovers that wait for their receiver.
type ReferralsView struct {
	Page      Page
	Referrals []casework.Referral
	Handovers []casework.Handover
}

// ReferralDecisionView is one referral, for the committee to decide on.
type ReferralDecisionView struct {
	Page     Page
	Case     casework.ReferralCase
	Form     casework.DecisionForm
	Problems map[string]casework.Problem
	Refusal  casework.Problem
}

// UnitsView is the administrator's list of the municipality's units.
type UnitsView struct {
	Page     Page
	Units    []casework.Unit
	NewName  string
	Problems map[string]casework.Problem
	// RenameID is the unit whose rename was refused (0: none), RenameName
	// the name typed for it and RenameProblem why.
	RenameID      int64
	RenameName    string
	RenameProblem casework.Problem
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

// loadText is a professional's load as contact person, in words.
func (tt TeamTexts) loadText(n int) string {
	switch n {
	case 0:
		return tt.LoadNone
	case 1:
		return tt.LoadOne
	}
	return sprintf(tt.LoadMany, n)
}

// suggestionReasons are the reasons a suggestion is ranked where it is.
func (tt TeamTexts) suggestionReasons(s casework.Suggestion) []string {
	var out []string
	if s.YouthWish {
		out = append(out, tt.ReasonWish)
	}
	if s.Relation {
		out = append(out, tt.ReasonRelation)
	}
	if s.NeedsMatch {
		out = append(out, tt.ReasonNeeds)
	}
	return append(out, tt.loadText(s.Load))
}

// weighingReasons are the recorded weighing of a choice, in words.
func (tt TeamTexts) weighingReasons(w casework.Weighing) []string {
	var out []string
	if w.YouthWish {
		out = append(out, tt.ReasonWish)
	}
	if w.Relation {
		out = append(out, tt.ReasonRelation)
	}
	if w.NeedsMatch {
		out = append(out, tt.ReasonNeeds)
	}
	return out
}

func idString(id int64) string { return strconv.FormatInt(id, 10) }

func teamMemberPath(youthID, userID int64, rest string) string {
	return youthPath(youthID, "/team/"+idString(userID)+rest)
}

func handoverPath(youthID, handoverID int64, action string) string {
	return youthPath(youthID, "/handovers/"+idString(handoverID)+"/"+action)
}

func referralPath(id int64) string { return "/referrals/" + idString(id) }
