package casework

import (
	"strconv"
	"strings"
	"time"
)

// Progression is measured every quarter on a shared five-step scale toward
// education or job readiness: by the professional (the contact person) and
// by the young person, in their own words. It is the basis of a
// data-informed practice.
const (
	ProgressionMinStep = 1
	ProgressionMaxStep = 5
)

// ProgressionStep is one step of a municipality's scale.
type ProgressionStep struct {
	Step  int
	Label string
}

// ProgressionScale is a municipality's five labelled steps, lowest first.
type ProgressionScale []ProgressionStep

// Label is the label of a step, or its number when the scale lacks it.
func (s ProgressionScale) Label(step int) string {
	for _, st := range s {
		if st.Step == step {
			return st.Label
		}
	}
	return strconv.Itoa(step)
}

// ProgressionMeasurement is one quarter's measurement for a young person.
type ProgressionMeasurement struct {
	ID               int64
	MeasuredOn       time.Time
	ProfessionalStep int
	YouthStep        int
	YouthWords       string
	Comment          string
	RecordedBy       string
	RecordedAt       time.Time
}

// Quarter names the quarter a day falls in: "3. kvartal 2026" is built by
// the catalogue from (3, 2026).
func Quarter(d time.Time) (q, year int) { return (int(d.Month())-1)/3 + 1, d.Year() }

// QuarterStart is the first day of the quarter d falls in.
func QuarterStart(d time.Time) time.Time {
	q, y := Quarter(d)
	return time.Date(y, time.Month((q-1)*3+1), 1, 0, 0, 0, 0, time.UTC)
}

// ProgressionForm is a measurement as typed.
type ProgressionForm struct {
	MeasuredOn       string
	ProfessionalStep string
	YouthStep        string
	YouthWords       string
	Comment          string
}

// Limits on the measurement's free text, matching the database's checks.
const (
	maxYouthWordsLen = 1000
	maxCommentLen    = 2000
)

// Validate checks a measurement: a day not in the future, both steps on the
// scale, the young person's own words, and a short comment.
func (f ProgressionForm) Validate(today time.Time) (ProgressionMeasurement, error) {
	problems := map[string]Problem{}
	m := ProgressionMeasurement{YouthWords: strings.TrimSpace(f.YouthWords), Comment: strings.TrimSpace(f.Comment)}
	if d, ok := parsePastDate(problems, "measured_on", f.MeasuredOn, today); ok {
		m.MeasuredOn = d
	}
	m.ProfessionalStep = parseStep(problems, "professional_step", f.ProfessionalStep)
	m.YouthStep = parseStep(problems, "youth_step", f.YouthStep)
	checkText(problems, "youth_words", m.YouthWords, maxYouthWordsLen, true)
	checkText(problems, "comment", m.Comment, maxCommentLen, false)
	return m, Invalid(problems)
}

func parseStep(problems map[string]Problem, field, s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < ProgressionMinStep || n > ProgressionMaxStep {
		problems[field] = ProblemUnknownChoice
		return 0
	}
	return n
}

// ScaleForm is an administrator's edit of the scale's labels.
type ScaleForm struct {
	Labels [ProgressionMaxStep]string
}

// Validate checks that every step has a short label.
func (f ScaleForm) Validate() (ProgressionScale, error) {
	problems := map[string]Problem{}
	scale := make(ProgressionScale, 0, ProgressionMaxStep)
	for i, l := range f.Labels {
		l = strings.TrimSpace(l)
		field := "step" + strconv.Itoa(i+1)
		checkText(problems, field, l, 100, true)
		scale = append(scale, ProgressionStep{Step: i + 1, Label: l})
	}
	return scale, Invalid(problems)
}
