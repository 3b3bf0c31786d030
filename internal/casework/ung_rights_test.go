package casework

import (
	"strings"
	"testing"
	"time"
)

func TestUngRightsSelfRatingForm(t *testing.T) {
	for _, c := range []struct {
		step, words string
		problems    map[string]Problem
	}{
		{"3", "  Det går bedre  ", nil},
		{"0", "ord", map[string]Problem{"step": ProblemUnknownChoice}},
		{"6", "ord", map[string]Problem{"step": ProblemUnknownChoice}},
		{"x", "", map[string]Problem{"step": ProblemUnknownChoice, "words": ProblemRequired}},
		{"5", strings.Repeat("å", 1001), map[string]Problem{"words": ProblemTooLong}},
	} {
		step, words, err := SelfRatingForm{Step: c.step, Words: c.words}.Validate()
		got := FieldProblems(err)
		if len(got) != len(c.problems) {
			t.Errorf("%q %q: problems %v, want %v", c.step, c.words, got, c.problems)
			continue
		}
		for f, p := range c.problems {
			if got[f] != p {
				t.Errorf("%q %q: %s = %q, want %q", c.step, c.words, f, got[f], p)
			}
		}
		if c.problems == nil && (step != 3 || words != "Det går bedre") {
			t.Errorf("valid form gave %d %q", step, words)
		}
	}
}

func TestUngRightsCurrentRating(t *testing.T) {
	q := QuarterStart(time.Date(2026, 11, 12, 0, 0, 0, 0, time.UTC))
	p := UngProgression{QuarterStart: q, Own: []SelfRating{{QuarterStart: q.AddDate(0, -3, 0), Step: 1, Words: "før"}}}
	if p.Current() != nil || p.Current().FormOf() != (SelfRatingForm{}) {
		t.Error("a rating of an earlier quarter counts as this quarter's")
	}
	p.Own = append(p.Own, SelfRating{QuarterStart: q, Step: 4, Words: "nu"})
	if f := p.Current().FormOf(); f.Step != "4" || f.Words != "nu" {
		t.Errorf("this quarter's rating as a form: %+v", f)
	}
}
