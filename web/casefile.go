package web

import (
	"strconv"
	"strings"
	"time"

	"kui/internal/casework"
)

// NotesView is the young person's journal with the form for a new note.
type NotesView struct {
	Page     Page
	Heading  casework.YouthHeading
	Today    time.Time
	Notes    []casework.JournalNote
	Form     casework.NoteForm
	Problems map[string]casework.Problem
}

// NoteCorrectView is the form that corrects one of the user's own notes.
type NoteCorrectView struct {
	Page     Page
	Heading  casework.YouthHeading
	Today    time.Time
	Original casework.JournalNote
	Form     casework.NoteForm
	Problems map[string]casework.Problem
}

// NoteFormFrom is the form filled with a note's content, to correct it.
func NoteFormFrom(n casework.JournalNote) casework.NoteForm {
	at := n.OccurredAt.In(Copenhagen)
	return casework.NoteForm{
		SpokenWith:   n.SpokenWith,
		OccurredOn:   at.Format(time.DateOnly),
		OccurredTime: at.Format("15:04"),
		Topic:        n.Topic,
		Agreed:       n.Agreed,
		Sensitive:    string(n.Sensitive),
	}
}

// NewNoteForm is the empty note form, dated now in Copenhagen.
func NewNoteForm(now time.Time) casework.NoteForm {
	at := now.In(Copenhagen)
	return casework.NoteForm{OccurredOn: at.Format(time.DateOnly), OccurredTime: at.Format("15:04")}
}

func sensitiveOptions(t *Catalogue) []Option {
	opts := []Option{{Value: "", Label: t.CaseT.NoteNotSensitive}}
	for _, k := range casework.SensitiveKinds {
		opts = append(opts, Option{Value: string(k), Label: t.CaseT.SensitiveKinds[k]})
	}
	return opts
}

func noteAnchor(id int64) string { return "note-" + strconv.FormatInt(id, 10) }

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
	return youthPath(youthID, "/efforts/"+strconv.FormatInt(effortID, 10)+rest)
}

// ConsentsView is the list of the young person's consents with the form for a new one.
type ConsentsView struct {
	Page     Page
	Heading  casework.YouthHeading
	Today    time.Time
	List     casework.ConsentList
	Form     casework.ConsentForm
	Problems map[string]casework.Problem
}

// HasValid tells whether any consent is valid today.
func (v ConsentsView) HasValid() bool {
	for _, c := range v.List.Consents {
		if s := c.State(v.Today); s == casework.ConsentValid || s == casework.ConsentExpiring {
			return true
		}
	}
	return false
}

// NewConsentForm is the empty consent form: given today by the young
// person, for a year, for all units.
func NewConsentForm(today time.Time) casework.ConsentForm {
	return casework.ConsentForm{
		GivenBy:   string(casework.GivenByYouth),
		GivenOn:   today.Format(time.DateOnly),
		ExpiresOn: today.AddDate(1, 0, 0).Format(time.DateOnly),
		UnitScope: casework.UnitScopeAll,
	}
}

// ConsentWithdrawView is the page that records a consent's withdrawal.
type ConsentWithdrawView struct {
	Page     Page
	Heading  casework.YouthHeading
	Today    time.Time
	Consent  casework.Consent
	Form     casework.WithdrawalForm
	Problems map[string]casework.Problem
}

func consentPath(youthID, consentID int64, rest string) string {
	return youthPath(youthID, "/consents/"+strconv.FormatInt(consentID, 10)+rest)
}

func consentBadge(s casework.ConsentState) string {
	switch s {
	case casework.ConsentValid:
		return "badge badge-success"
	case casework.ConsentExpiring, casework.ConsentPending:
		return "badge badge-warning"
	}
	return "badge badge-error"
}

// ChecklistView is the contact person's checklist. One item's form may be
// shown as typed, with its problems, after a failed save.
type ChecklistView struct {
	Page     Page
	Heading  casework.YouthHeading
	Today    time.Time
	Items    []casework.ChecklistItem
	Editing  casework.ChecklistKind // the item whose form is shown as typed
	Form     casework.ChecklistForm
	Problems map[string]casework.Problem
	Stale    bool
}

// Overdue counts the items past their due date.
func (v ChecklistView) Overdue() int {
	n := 0
	for _, i := range v.Items {
		if i.Overdue(v.Today) {
			n++
		}
	}
	return n
}

// formFor is the form of one item: as typed when it is the one being
// edited, else as stored.
func (v ChecklistView) formFor(i casework.ChecklistItem) (casework.ChecklistForm, map[string]casework.Problem) {
	if i.Kind == v.Editing {
		return v.Form, v.Problems
	}
	return ChecklistFormFrom(i), nil
}

// ChecklistFormFrom is the form filled with a stored item.
func ChecklistFormFrom(i casework.ChecklistItem) casework.ChecklistForm {
	f := casework.ChecklistForm{Done: i.Done, Comment: i.Comment, Version: i.Version}
	if !i.DoneOn.IsZero() {
		f.DoneOn = i.DoneOn.Format(time.DateOnly)
	}
	if !i.DueOn.IsZero() {
		f.DueOn = i.DueOn.Format(time.DateOnly)
	}
	return f
}

func checklistID(kind casework.ChecklistKind, name string) string {
	return "f-" + string(kind) + "-" + name
}

// guardianHint tells when to name a parent, and which are registered.
func guardianHint(t *Catalogue, guardians []casework.Guardian) string {
	hint := t.CaseT.ConsentGivenByNameHint
	var names []string
	for _, g := range guardians {
		name := g.Name
		if g.Relation != "" {
			name += " (" + g.Relation + ")"
		}
		names = append(names, name)
	}
	if len(names) > 0 {
		hint += " " + t.Guardians + ": " + strings.Join(names, ", ") + "."
	}
	return hint
}

func unitNames(units []casework.UnitChoice, none string) string {
	if len(units) == 0 {
		return none
	}
	names := make([]string, len(units))
	for i, u := range units {
		names[i] = u.Name
	}
	return strings.Join(names, ", ")
}

// consentKinds lists the sensitive information a consent covers.
func consentKinds(t *Catalogue, c casework.Consent) string {
	var kinds []string
	for _, k := range casework.SensitiveKinds {
		if c.Covers(k) {
			kinds = append(kinds, t.CaseT.SensitiveShort[k])
		}
	}
	if len(kinds) == 0 {
		return t.CaseT.ConsentNone
	}
	s := strings.Join(kinds, ", ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// giverName is who gave or withdrew a consent, as a phrase.
func giverName(t *Catalogue, who casework.ConsentGiver, name string) string {
	if who == casework.GivenByGuardian {
		return sprintf(t.CaseT.ConsentFromGuardian, name)
	}
	return strings.ToLower(t.CaseT.ConsentGivers[who])
}

func overdueText(c CaseFileTexts, n int) string {
	return countText(c.ChecklistOverdueOne, c.ChecklistOverdueMany, n)
}

// countText is one for 1, else many with the number.
func countText(one, many string, n int) string {
	if n == 1 {
		return one
	}
	return sprintf(many, n)
}
