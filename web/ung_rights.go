package web

import (
	"strconv"
	"strings"
	"time"

	"kui/internal/casework"
)

// The young person's rights: Min udvikling, Mine samtykker, Hvem har set
// min sag, and Mine data (as a page and as a file).

// UngProgressionView is /ung/udvikling: the form for this quarter's own
// rating (as typed, or as stored), the chart and tables.
type UngProgressionView struct {
	Page     UngPage
	P        casework.UngProgression
	Form     casework.SelfRatingForm
	Problems map[string]casework.Problem
}

// UngConsentsView is /ung/samtykker.
type UngConsentsView struct {
	Page     UngPage
	Today    time.Time
	Consents []casework.Consent
}

// UngConsentWithdrawView asks the young person to confirm a withdrawal.
type UngConsentWithdrawView struct {
	Page    UngPage
	Today   time.Time
	Consent casework.Consent
}

// UngAccessLogView is /ung/indsigt.
type UngAccessLogView struct {
	Page UngPage
	Log  casework.AccessLog
}

// UngDataView is /ung/data, the printable page of everything kui holds.
type UngDataView struct {
	Page   UngPage
	Export casework.UngExport
}

// ungQuarter names a quarter: "4. kvartal 2026".
func ungQuarter(t UngRightsTexts, start time.Time) string {
	q, y := casework.Quarter(start)
	return sprintf(t.QuarterName, q, y)
}

func ungStep(t UngRightsTexts, scale casework.ProgressionScale, step int) string {
	return sprintf(t.StepValue, step, scale.Label(step))
}

// ungOwnChart is the young person's own ratings as a line: one point per
// quarter they answered, evenly spaced (the chart of the professionals'
// page, own line only).
func ungOwnChart(t UngRightsTexts, own []casework.SelfRating) ProgressionChart {
	var ch ProgressionChart
	plotW := float64(chartWidth - chartLeft - chartRight)
	for i, r := range own {
		x := float64(chartLeft) + plotW/2
		if len(own) > 1 {
			x = float64(chartLeft) + plotW*float64(i)/float64(len(own)-1)
		}
		q, y := casework.Quarter(r.QuarterStart)
		ch.Points = append(ch.Points, chartPoint{X: x, YYouth: stepY(r.Step), Youth: r.Step, Label: sprintf(t.QuarterShort, q, y)})
	}
	return ch
}

// ungGiver is who gave the consent, in the young person's words.
func ungGiver(t UngRightsTexts, k casework.Consent) string {
	if k.GivenBy == casework.GivenByGuardian {
		return sprintf(t.GivenByGuardian, k.GivenByName)
	}
	return t.GivenByYou
}

// ungWithdrawal is when and by whom a consent was withdrawn.
func ungWithdrawal(c *Catalogue, k casework.Consent) string {
	t := c.Ung.Rights
	switch {
	case k.WithdrawnOn.IsZero():
		return ""
	case k.WithdrawnInKui:
		return sprintf(t.WithdrawnInKui, c.Day(k.WithdrawnOn))
	case k.WithdrawnBy == casework.GivenByGuardian:
		return sprintf(t.WithdrawnByGuardian, c.Day(k.WithdrawnOn), k.WithdrawnByName)
	}
	return sprintf(t.WithdrawnByYou, c.Day(k.WithdrawnOn))
}

// ungKinds is what sensitive information the consent covers, or that it
// covers ordinary information only.
func ungKinds(t UngRightsTexts, k casework.Consent) string {
	var kinds []string
	for _, kind := range []struct {
		covers bool
		text   string
	}{{k.CoversHealth, t.KindHealth}, {k.CoversReligion, t.KindReligion}, {k.CoversOther, t.KindOther}} {
		if kind.covers {
			kinds = append(kinds, kind.text)
		}
	}
	if len(kinds) == 0 {
		return t.OnlyOrdinary
	}
	return strings.Join(kinds, ", ")
}

func ungUnits(t UngRightsTexts, k casework.Consent) string {
	if k.AllUnits {
		return t.AllUnits
	}
	return unitNames(k.Units, t.NoUnits)
}

// ungUnit is the unit of a line of the access log.
func ungUnit(t UngRightsTexts, l casework.AccessLogLine) string {
	switch {
	case l.Unit == "":
		return t.UnitUnknown
	case l.UnitNow:
		return sprintf(t.UnitNow, l.Unit)
	}
	return l.Unit
}

func ungConsentPath(id int64) string {
	return "/ung/samtykker/" + strconv.FormatInt(id, 10) + "/traek-tilbage"
}

// UngExportFile is "Mine data" as a file: readable English keys, dates as
// YYYY-MM-DD, moments in RFC 3339, and the catalogue's Danish words for
// kinds and states. It has no field for the CPR number.
type UngExportFile struct {
	Name            string             `json:"name"`
	BirthDate       string             `json:"birth_date"`
	CaseStatus      string             `json:"case_status"`
	EducationStatus string             `json:"education_status"`
	EducationPlan   string             `json:"education_plan"`
	Guardians       []exportGuardian   `json:"guardians"`
	Team            []exportMember     `json:"team"`
	ContactPerson   *exportMember      `json:"contact_person"`
	Meetings        []exportMeeting    `json:"meetings"`
	Consents        []exportConsent    `json:"consents"`
	OwnRatings      []exportRating     `json:"own_ratings"`
	Measurements    []exportMeasure    `json:"measurements"`
	Efforts         []exportEffort     `json:"efforts"`
	AccessLog       []exportAccessLine `json:"access_log"`
	ExportedAt      string             `json:"exported_at"`
}

type exportGuardian struct {
	Name     string `json:"name"`
	Relation string `json:"relation"`
	Phone    string `json:"phone"`
	Email    string `json:"email"`
}

type exportMember struct {
	Name string `json:"name"`
	Unit string `json:"unit"`
	Role string `json:"role,omitempty"`
}

type exportMeeting struct {
	Kind     string       `json:"kind"`
	StartsAt string       `json:"starts_at"`
	EndsAt   string       `json:"ends_at"`
	Place    string       `json:"place"`
	Status   string       `json:"status"`
	Agenda   []string     `json:"agenda"`
	Plan     []exportPlan `json:"plan"`
}

type exportPlan struct {
	Text    string `json:"text"`
	Who     string `json:"who"`
	Due     string `json:"due"`
	Outcome string `json:"outcome,omitempty"`
}

type exportConsent struct {
	GivenBy     string `json:"given_by"`
	GivenOn     string `json:"given_on"`
	ExpiresOn   string `json:"expires_on"`
	SharedWith  string `json:"shared_with"`
	Covers      string `json:"covers"`
	State       string `json:"state"`
	WithdrawnOn string `json:"withdrawn_on,omitempty"`
	Withdrawal  string `json:"withdrawal,omitempty"`
}

type exportRating struct {
	Quarter string `json:"quarter"`
	Step    int    `json:"step"`
	Label   string `json:"label"`
	Words   string `json:"words"`
}

type exportMeasure struct {
	Date             string `json:"date"`
	YourStep         int    `json:"your_step"`
	YourWords        string `json:"your_words"`
	ProfessionalStep int    `json:"professional_step"`
}

type exportEffort struct {
	Description string `json:"description"`
	Unit        string `json:"unit"`
	StartsOn    string `json:"starts_on"`
	EndsOn      string `json:"ends_on,omitempty"`
	Status      string `json:"status"`
}

type exportAccessLine struct {
	At      string `json:"at"`
	Unit    string `json:"unit"`
	Purpose string `json:"purpose"`
	Name    string `json:"name,omitempty"`
}

func isoDay(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

func isoMoment(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Copenhagen).Format(time.RFC3339)
}

// NewUngExportFile puts the export in the file's shape, in the catalogue's
// words, as of now.
func NewUngExportFile(c *Catalogue, e casework.UngExport, now time.Time) UngExportFile {
	t := c.Ung.Rights
	f := UngExportFile{Name: e.Name, BirthDate: isoDay(e.BirthDate), CaseStatus: c.Statuses[e.Status],
		EducationStatus: e.EducationStatus, EducationPlan: e.EducationPlan, ExportedAt: isoMoment(now),
		Guardians: []exportGuardian{}, Team: []exportMember{}, Meetings: []exportMeeting{}, Consents: []exportConsent{},
		OwnRatings: []exportRating{}, Measurements: []exportMeasure{}, Efforts: []exportEffort{}, AccessLog: []exportAccessLine{}}
	for _, g := range e.Guardians {
		f.Guardians = append(f.Guardians, exportGuardian{g.Name, g.Relation, g.Phone, g.Email})
	}
	for _, m := range e.Team {
		f.Team = append(f.Team, exportMember{Name: m.Name, Unit: m.UnitName, Role: m.TeamRole})
	}
	if cp := e.ContactPerson; cp != nil {
		f.ContactPerson = &exportMember{Name: cp.Name, Unit: cp.UnitName}
	}
	for _, m := range e.Meetings {
		em := exportMeeting{Kind: c.MeetingT.Kinds[m.Kind], StartsAt: isoMoment(m.StartsAt), EndsAt: isoMoment(m.EndsAt),
			Place: m.Place, Status: c.MeetingT.Statuses[m.Status], Agenda: []string{}, Plan: []exportPlan{}}
		for _, a := range m.Agenda {
			em.Agenda = append(em.Agenda, a.Text)
		}
		for _, p := range m.Plan {
			ep := exportPlan{Text: p.Text, Who: ungPlanOwner(t, p), Due: isoDay(p.Due)}
			if p.Followup != nil {
				ep.Outcome = c.MeetingT.Outcomes[p.Followup.Outcome]
			}
			em.Plan = append(em.Plan, ep)
		}
		f.Meetings = append(f.Meetings, em)
	}
	today := casework.DateOf(now)
	for _, k := range e.Consents {
		f.Consents = append(f.Consents, exportConsent{GivenBy: ungGiver(t, k), GivenOn: isoDay(k.GivenOn), ExpiresOn: isoDay(k.ExpiresOn),
			SharedWith: ungUnits(t, k), Covers: ungKinds(t, k), State: t.States[k.State(today)],
			WithdrawnOn: isoDay(k.WithdrawnOn), Withdrawal: ungWithdrawal(c, k)})
	}
	for _, r := range e.Progression.Own {
		f.OwnRatings = append(f.OwnRatings, exportRating{Quarter: ungQuarter(t, r.QuarterStart), Step: r.Step,
			Label: e.Progression.Scale.Label(r.Step), Words: r.Words})
	}
	for _, m := range e.Progression.Measurements {
		f.Measurements = append(f.Measurements, exportMeasure{Date: isoDay(m.MeasuredOn), YourStep: m.YouthStep,
			YourWords: m.YouthWords, ProfessionalStep: m.ProfessionalStep})
	}
	for _, ef := range e.Efforts {
		f.Efforts = append(f.Efforts, exportEffort{Description: ef.Description, Unit: ef.UnitName, StartsOn: isoDay(ef.StartsOn),
			EndsOn: isoDay(ef.EndsOn), Status: c.CaseT.EffortStatuses[ef.Status]})
	}
	for _, l := range e.AccessLog.Lines {
		f.AccessLog = append(f.AccessLog, exportAccessLine{At: isoMoment(l.At), Unit: ungUnit(t, l), Purpose: t.Purpose(l.Action), Name: l.Name})
	}
	return f
}

// ungPlanOwner is who does a plan item: the young person ("Dig") or the
// professional by name.
func ungPlanOwner(t UngRightsTexts, p casework.PlanItem) string {
	if p.OwnerYouth {
		return t.PlanMe
	}
	return p.OwnerName
}

// joinNonEmpty joins the parts that are not empty.
func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
