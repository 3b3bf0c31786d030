package web

import (
	"strconv"
	"time"

	"kui/internal/casework"
)

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

func handoverPath(youthID, handoverID int64, action string) string {
	return YouthPath(youthID, "/handovers/"+idString(handoverID)+"/"+action)
}
