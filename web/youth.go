package web

import (
	"time"

	"kui/internal/casework"
)

// LoginView is the login page.
type LoginView struct {
	Page    Page
	Email   string
	Problem string // a sentence for the whole form, empty when none
	Next    string
}

// HomeView is the signed-in user's front page.
type HomeView struct {
	Page  Page
	Youth []casework.YouthSummary
	Today time.Time
	// Handovers of the contact person role the user gives or receives, and
	// for coordinators the number of referrals waiting for the committee.
	Handovers        []casework.Handover
	PendingReferrals int
	// The user's next meetings and the agendas they must send.
	Meetings HomeMeetingsView
}

// YouthListView is the list of young people with its search and filters.
type YouthListView struct {
	Page   Page
	Filter casework.YouthFilter
	Youth  []casework.YouthSummary
	Total  int
	Today  time.Time
	CanAdd bool
}

// Filtered tells whether the list is narrowed by a search or filter.
func (v YouthListView) Filtered() bool {
	return v.Filter.Query != "" || v.Filter.Level != "" || v.Filter.Status != ""
}

// YouthFormView is the form for creating or editing a young person.
type YouthFormView struct {
	Page     Page
	ID       int64 // 0 while creating
	Form     casework.YouthForm
	Problems map[string]casework.Problem
	Stale    bool // someone else saved while this form was open
}

func (v YouthFormView) action() string {
	if v.ID == 0 {
		return "/youth"
	}
	return youthPath(v.ID, "")
}

func (v YouthFormView) cancelURL() string {
	if v.ID == 0 {
		return "/youth"
	}
	return youthPath(v.ID, "")
}

func levelOptions(c *Catalogue) []Option {
	opts := make([]Option, 0, len(casework.Levels))
	for _, l := range casework.Levels {
		opts = append(opts, Option{Value: string(l), Label: c.Levels[l]})
	}
	return opts
}

func needOptions(c *Catalogue) []Option {
	opts := make([]Option, 0, len(casework.NeedCategories))
	for _, n := range casework.NeedCategories {
		opts = append(opts, Option{Value: string(n), Label: c.Needs[n]})
	}
	return opts
}

func statusOptions(c *Catalogue, statuses []casework.Status) []Option {
	opts := make([]Option, 0, len(statuses))
	for _, s := range statuses {
		opts = append(opts, Option{Value: string(s), Label: c.Statuses[s]})
	}
	return opts
}

// YouthPageView is the young person's page.
type YouthPageView struct {
	Page        Page
	Record      casework.YouthRecord
	Today       time.Time
	RevealedCPR casework.CPR // set only right after the user asked to see it
	Status      casework.StatusForm
	Problems    map[string]casework.Problem
}

// NextStatuses are the statuses the young person can move to now.
func (v YouthPageView) NextStatuses() []casework.Status {
	var out []casework.Status
	for _, s := range casework.Statuses {
		if v.Record.Status.CanChangeTo(s) {
			out = append(out, s)
		}
	}
	return out
}

// Under18 tells whether parents are part of the course.
func (v YouthPageView) Under18() bool { return v.Record.Age(v.Today) < 18 }

// AuditView is the administrator's audit log page.
type AuditView struct {
	Page    Page
	Query   string
	Matches []casework.YouthSummary
	Youth   *casework.YouthSummary // whose log is shown, nil before one is picked
	Entries []casework.AuditEntry
}

func ageOn(birth, today time.Time) int { return casework.AgeOn(birth, today) }
