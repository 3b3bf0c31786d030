package web

import (
	"context"
	"strconv"
	"time"

	"github.com/a-h/templ"

	"kui/internal/casework"
)

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
	return YouthPath(v.ID, "")
}

func (v YouthFormView) cancelURL() string {
	if v.ID == 0 {
		return "/youth"
	}
	return YouthPath(v.ID, "")
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

func ageOn(birth, today time.Time) int { return casework.AgeOn(birth, today) }

type todayKey struct{}

// WithToday puts the day the page is rendered on (the store's clock) on ctx,
// for the ages the lists show.
func WithToday(ctx context.Context, today time.Time) context.Context {
	return context.WithValue(ctx, todayKey{}, today)
}

func todayFrom(ctx context.Context) time.Time {
	today, _ := ctx.Value(todayKey{}).(time.Time)
	return today
}

// youthDetail is what tells two young people of the same name apart
// wherever they are listed: their age and birth date (never the CPR);
// the birth date alone when the page has no today.
func youthDetail(ctx context.Context, born time.Time) string {
	if born.IsZero() {
		return ""
	}
	t := T(ctx)
	if today := todayFrom(ctx); !today.IsZero() {
		return sprintf(t.YouthDetail, ageOn(born, today), t.Day(born))
	}
	return sprintf(t.YouthBorn, t.Day(born))
}

// YouthLabel is a young person's name with the detail that tells them
// apart, for sentences and screen-reader texts: "Hanne Hånd (16 år, f. 12.
// marts 2010)". In markup, the YouthName component says the same.
func YouthLabel(ctx context.Context, name string, born time.Time) string {
	if d := youthDetail(ctx, born); d != "" {
		return name + " (" + d + ")"
	}
	return name
}

func youthURL(id int64) templ.SafeURL { return templ.URL("/youth/" + strconv.FormatInt(id, 10)) }

// YouthPath is the address of a young person's page, or of rest under it
// ("/team", "/notes" …): the one builder of these addresses, for pages and
// handlers alike.
func YouthPath(id int64, rest string) string {
	return "/youth/" + strconv.FormatInt(id, 10) + rest
}
