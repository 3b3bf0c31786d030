package casework

import (
	"strings"
	"testing"
)

func TestSuggestRanksByWeighingThenLoad(t *testing.T) {
	members := []TeamMember{
		{UserID: 1, Name: "Anne"},
		{UserID: 2, Name: "Bo"},
		{UserID: 3, Name: "Carl"},
		{UserID: 4, Name: "Dorte"},
		{UserID: 5, Name: "Eva"},
	}
	loads := map[int64]int{1: 0, 2: 6, 3: 1, 4: 3, 5: 1}
	order := func(s []Suggestion) string {
		var names []string
		for _, x := range s {
			names = append(names, x.Member.Name)
		}
		return strings.Join(names, ",")
	}

	// No weighing: the lightest load first, name breaks ties.
	if got := order(Suggest(members, loads, SuggestionInput{}, 0)); got != "Anne,Carl,Eva,Dorte,Bo" {
		t.Errorf("by load: %s", got)
	}

	// The wish outweighs a relation, which outweighs the fit with the needs,
	// whatever the load.
	in := SuggestionInput{Wish: map[int64]bool{2: true}, Relation: map[int64]bool{4: true, 5: true}, NeedsMatch: map[int64]bool{3: true, 5: true}}
	got := Suggest(members, loads, in, 0)
	if order(got) != "Bo,Eva,Dorte,Carl,Anne" {
		t.Errorf("by weighing: %s", order(got))
	}
	if !got[0].YouthWish || got[0].Load != 6 || got[0].Relation {
		t.Errorf("the wished one: %+v", got[0])
	}
	if !got[1].Relation || !got[1].NeedsMatch || got[1].YouthWish {
		t.Errorf("the related one whose field fits: %+v", got[1])
	}

	// The current contact person is not suggested.
	if got := order(Suggest(members, loads, in, 2)); got != "Eva,Dorte,Carl,Anne" {
		t.Errorf("excluding the current one: %s", got)
	}
}

func TestContactFormValidate(t *testing.T) {
	f := ContactForm{UserID: "7", Reason: "  Kender familien. ", Needs: "Skole og fritid", WishUserIDs: []string{"7"},
		RelationUserIDs: []string{"3", "7"}, NeedsUserIDs: []string{"3"}, Current: "0"}
	c, err := f.Validate()
	if err != nil {
		t.Fatal(err)
	}
	if c.UserID != 7 || c.Reason != "Kender familien." || !c.Weighing.YouthWish || !c.Weighing.Relation || c.Weighing.NeedsMatch ||
		c.Weighing.Needs != "Skole og fritid" || !c.CheckExpect || c.Expect != 0 {
		t.Errorf("choice %+v", c)
	}
	if c, _ := (ContactForm{UserID: "7", Reason: "x"}).Validate(); c.CheckExpect {
		t.Error("no current sent, yet the choice checks it")
	}

	_, err = ContactForm{UserID: "", Reason: " "}.Validate()
	p := FieldProblems(err)
	if p["user_id"] != ProblemRequired || p["reason"] != ProblemRequired {
		t.Errorf("empty form: %v", p)
	}
	_, err = ContactForm{UserID: "x", Reason: strings.Repeat("a", 2001)}.Validate()
	p = FieldProblems(err)
	if p["user_id"] != ProblemUnknownChoice || p["reason"] != ProblemTooLong {
		t.Errorf("bad form: %v", p)
	}
}

func TestDeclineReason(t *testing.T) {
	if _, err := ValidateDeclineReason("  "); FieldProblems(err)["decline_reason"] != ProblemRequired {
		t.Errorf("decline without reason: %v", err)
	}
}
