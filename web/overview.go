package web

import (
	"net/url"
	"strconv"
	"time"

	"kui/internal/casework"
)

// LoadView is the coordinator's load overview.
type LoadView struct {
	Page       Page
	Filter     casework.LoadFilter
	Units      []string
	Loads      []casework.ProfessionalLoad
	Summary    []casework.UnitLoad
	Thresholds casework.LoadThresholds
	CanDrill   bool // coordinators follow the numbers to the young people; administrators see numbers only
}

// sortURL is the overview sorted by col, flipping the direction when it is
// already sorted by col.
func (v LoadView) sortURL(col casework.LoadSort) string {
	q := url.Values{"sort": {string(col)}}
	desc := col != casework.SortName && col != casework.SortUnit
	if v.Filter.Sort == col {
		desc = !v.Filter.Desc
	}
	if desc {
		q.Set("desc", "1")
	}
	if v.Filter.Unit != "" {
		q.Set("unit", v.Filter.Unit)
	}
	return "/overview?" + q.Encode()
}

// ariaSort is the aria-sort value of a column header.
func (v LoadView) ariaSort(col casework.LoadSort) string {
	switch {
	case v.Filter.Sort != col:
		return "none"
	case v.Filter.Desc:
		return "descending"
	}
	return "ascending"
}

func drillURL(userID int64, anchor string) string {
	return "/overview/professionals/" + strconv.FormatInt(userID, 10) + "#" + anchor
}

func unitLabel(t *Catalogue, unit string) string {
	if unit == "" {
		return t.OverT.Load.NoUnit
	}
	return unit
}

func unitNameOptions(units []string) []Option {
	opts := make([]Option, 0, len(units))
	for _, u := range units {
		opts = append(opts, Option{Value: u, Label: u})
	}
	return opts
}

// ThresholdsView is the administrator's form for the load thresholds.
type ThresholdsView struct {
	Page     Page
	Form     casework.ThresholdsForm
	Problems map[string]casework.Problem
}

// ChairsView is the between-chairs list.
type ChairsView struct {
	Page   Page
	Groups []casework.ChairGroup
	Now    time.Time
}

// DrilldownView lists the young people behind one professional's numbers.
type DrilldownView struct {
	Page  Page
	Cases casework.ProfessionalCases
	Today time.Time
}
