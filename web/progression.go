package web

import (
	"strconv"
	"strings"
	"time"

	"kui/internal/casework"
)

// ProgressionView is a young person's progression page.
type ProgressionView struct {
	Page         Page
	Heading      casework.YouthHeading
	Today        time.Time
	Scale        casework.ProgressionScale
	Measurements []casework.ProgressionMeasurement // oldest first
	Form         casework.ProgressionForm
	Problems     map[string]casework.Problem
}

// MeasuredThisQuarter tells whether the quarter of today has a measurement.
func (v ProgressionView) MeasuredThisQuarter() bool {
	start := casework.QuarterStart(v.Today)
	for _, m := range v.Measurements {
		if !m.MeasuredOn.Before(start) {
			return true
		}
	}
	return false
}

func stepOptions(scale casework.ProgressionScale) []Option {
	opts := make([]Option, 0, len(scale))
	for _, s := range scale {
		opts = append(opts, Option{Value: strconv.Itoa(s.Step), Label: strconv.Itoa(s.Step) + " – " + s.Label})
	}
	return opts
}

// The chart's geometry, in SVG user units; the SVG scales to its box.
const (
	chartWidth  = 720
	chartHeight = 300
	chartLeft   = 56
	chartRight  = 64
	chartTop    = 20
	chartBottom = 56
)

// ProgressionChart is a line chart of the measurements, drawn on the server:
// x is the measurement's place in time, y the step.
type ProgressionChart struct {
	Points []chartPoint
}

type chartPoint struct {
	X, YProfessional, YYouth float64
	Label                    string // the date, for the axis
	Professional, Youth      int
}

func newProgressionChart(c *Catalogue, ms []casework.ProgressionMeasurement) ProgressionChart {
	var ch ProgressionChart
	if len(ms) == 0 {
		return ch
	}
	first, last := ms[0].MeasuredOn, ms[len(ms)-1].MeasuredOn
	span := last.Sub(first).Hours()
	plotW := float64(chartWidth - chartLeft - chartRight)
	for i, m := range ms {
		x := float64(chartLeft) + plotW/2
		if span > 0 {
			x = float64(chartLeft) + plotW*m.MeasuredOn.Sub(first).Hours()/span
		} else if len(ms) > 1 {
			x = float64(chartLeft) + plotW*float64(i)/float64(len(ms)-1)
		}
		ch.Points = append(ch.Points, chartPoint{X: x, YProfessional: stepY(m.ProfessionalStep), YYouth: stepY(m.YouthStep),
			Label: shortDate(c, m.MeasuredOn), Professional: m.ProfessionalStep, Youth: m.YouthStep})
	}
	return ch
}

// stepY is the height of a step: step 1 at the bottom, 5 at the top.
func stepY(step int) float64 {
	plotH := float64(chartHeight - chartTop - chartBottom)
	return float64(chartTop) + plotH*float64(casework.ProgressionMaxStep-step)/float64(casework.ProgressionMaxStep-1)
}

func shortDate(c *Catalogue, d time.Time) string {
	return strconv.Itoa(d.Day()) + ". " + c.Months[d.Month()-1][:3] + " " + strconv.Itoa(d.Year())
}

func (ch ProgressionChart) polyline(youth bool) string {
	var b strings.Builder
	for i, p := range ch.Points {
		if i > 0 {
			b.WriteByte(' ')
		}
		y := p.YProfessional
		if youth {
			y = p.YYouth
		}
		b.WriteString(ftoa(p.X) + "," + ftoa(y))
	}
	return b.String()
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

func chartSteps() []int { return []int{1, 2, 3, 4, 5} }

// SnapshotView is the municipality's progression snapshot.
type SnapshotView struct {
	Page     Page
	Snapshot SnapshotData
}

// SnapshotData mirrors the store's snapshot, so web does not import postgres.
type SnapshotData struct {
	QuarterStart, PreviousStart time.Time
	Scale                       casework.ProgressionScale
	ByLevel, ByUnit             []SnapshotRow
	Total, PreviousTotal        SnapshotRow
	Measured, Unmeasured        int
	Up, Same, Down              int
	AnchoredThisQuarter         int
	AnchoredNow                 int
}

// SnapshotRow is a label and a count per step.
type SnapshotRow struct {
	Label  string
	Counts [casework.ProgressionMaxStep]int
	Sum    int
}

func quarterName(c *Catalogue, d time.Time) string {
	q, y := casework.Quarter(d)
	return sprintf(c.OverT.ProgressionQuarter, q, y)
}

// ScaleView is the administrator's form for the scale's labels.
type ScaleView struct {
	Page     Page
	Form     casework.ScaleForm
	Problems map[string]casework.Problem
}

func withLabel(r SnapshotRow, label string) SnapshotRow {
	r.Label = label
	return r
}
