package server_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A coordinator opens the overview, sorts by load, follows a number to the
// young people behind it and on to one of them; works the between-chairs
// list and the progression snapshot. A caseworker sees the progression
// chart. axe is clean on every page; the screenshots are for looking at.
func TestBrowserOverviewAndProgression(t *testing.T) {
	t.Parallel()
	f := newOverviewFixture(t)
	app := f.app
	uu := app.as("uu@a.example")
	// One measurement in each of the last three quarters: on the default
	// clock 20 May, 18 August and 10 November 2026.
	for _, m := range []url.Values{
		{"measured_on": {ovOn(ovQuarter(-2), 49)}, "professional_step": {"1"}, "youth_step": {"2"}, "youth_words": {"Jeg gider ikke skolen"}},
		{"measured_on": {ovOn(ovQuarter(-1), 48)}, "professional_step": {"2"}, "youth_step": {"2"}, "youth_words": {"Lidt bedre"}},
		{"measured_on": {ovOn(ovQuarter(0), 40)}, "professional_step": {"3"}, "youth_step": {"4"}, "youth_words": {"Jeg vil være tømrer"}},
	} {
		if resp := uu.post(youthPath(f.y1)+"/progression", m); resp.status != http.StatusSeeOther {
			t.Fatalf("measurement: %d", resp.status)
		}
	}

	b := app.newBrowser(t)
	b.login("koordinator@a.example")
	if status := b.clickLink(".kui-nav", "Overblik"); status != 200 {
		t.Fatalf("overview from the menu: %d", status)
	}
	b.checkAccessibility("overview")
	if n := b.count("[data-testid=load-row]"); n != 8 {
		t.Errorf("%d load rows, want 8", n)
	}
	if status := b.click("[data-testid=sort-overdue]"); status != 200 {
		t.Fatalf("sort: %d", status)
	}
	if first := b.text("[data-testid=load-row] th"); !strings.Contains(first, "Mads Mentor") {
		t.Errorf("sorted by overdue items, the first row is %q", first)
	}
	b.screenshot("overview-sorted")
	mentor := strconv.FormatInt(app.Users["mentor@a.example"].ID, 10)
	if status := b.click(`[data-user="` + mentor + `"] [data-testid=load-contact] a`); status != 200 {
		t.Fatalf("follow the number: %d", status)
	}
	b.checkAccessibility("professional's cases")
	// The young person is named with their age and birth date (YouthName).
	if status := b.click(`h2#contact + ul a`); status != 200 || !strings.HasPrefix(b.path(), "/youth/") {
		t.Fatalf("follow to the young person: %d %s", status, b.path())
	}
	if name := b.text("[data-testid=youth-name]"); name != "Yrsa Et" {
		t.Errorf("landed on %q", name)
	}

	b.visit("/overview/between-chairs")
	b.checkAccessibility("between chairs")
	if n := b.count("[data-testid=chair-entry]"); n < 6 {
		t.Errorf("%d entries between chairs, want the fixture's 7", n)
	}
	b.screenshot("between-chairs")
	b.visit("/overview/progression")
	b.checkAccessibility("progression snapshot")
	// A rule parts the levels from their total.
	if w := get(b, "total's divider", chromedp.Evaluate[string](`(() => { const c = document.querySelector("[data-testid=snapshot-table] tfoot th"); return c ? getComputedStyle(c).borderTopWidth : "no total"; })()`)); w != "2px" {
		t.Errorf("the row »I alt« has a top border of %s, want a 2px divider", w)
	}
	b.screenshot("snapshot")

	c := app.newBrowser(t)
	c.login("uu@a.example")
	c.visit(youthPath(f.y1) + "/progression")
	c.checkAccessibility("progression")
	if n := c.count("[data-testid=progression-chart] circle"); n != 3 {
		t.Errorf("%d points on the chart, want 3", n)
	}
	c.screenshot("progression-chart")
	// The young person's words stand in »…«, as quotes do everywhere in kui
	// (Chromium's default for Danish is “…”).
	if q := get(c, "quote marks", chromedp.Evaluate[string](`(() => { const q = document.querySelector("q"); return q ? getComputedStyle(q).quotes : "no q"; })()`)); !strings.HasPrefix(q, `"»" "«"`) {
		t.Errorf("the young person's words are quoted with %s, want »…«", q)
	}

	a := app.newBrowser(t)
	a.login("admin@a.example")
	for _, p := range []string{"/admin", "/admin/thresholds", "/admin/progression-scale", "/overview"} {
		if status := a.visit(p); status != 200 {
			t.Errorf("admin %s: %d", p, status)
		}
		a.checkAccessibility(p)
	}
}
