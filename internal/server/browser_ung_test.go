package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The young person's own kui on a phone (390×844), as a young person uses
// it: signing in through the citizen provider's page (a click on
// themselves), their plan, a topic of their own on the next meeting's
// agenda, their team, withdrawing a consent, and who has read their case —
// each page checked by axe, and the plan and meeting at desktop width too.
func TestBrowserYoungPersonOnAPhone(t *testing.T) {
	f := newUngFixture(t)
	a := f.app
	// The last meeting's plan, in Mikkel's words, and the next meeting,
	// whose agenda is open until tomorrow.
	last := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("samarbejdsmoede", isoAt(-5, "10:00")))
	mtExpect(t, "plan", f.uu.post(mtPath(last, "/plan"), mtPlanForm("Jeg skal søge to praktikpladser", "youth", iso(14))), http.StatusSeeOther)
	mtExpect(t, "end", f.uu.post(mtPath(last, "/end"), nil), http.StatusSeeOther)
	next := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("samarbejdsmoede", isoAt(20, "14:00")))
	mtExpect(t, "professional's topic", f.uu.post(mtPath(next, "/agenda"), url.Values{"text": {"Skolen"}}), http.StatusSeeOther)
	f.setSendBy(t, next, 1)
	// A consent Mikkel gave, and Ulla reading his case.
	if r := f.uu.post(youthPath(f.youthID)+"/consents", url.Values{"given_by": {"youth"}, "given_on": {iso(-10)},
		"expires_on": {cfISO(day(-10).AddDate(1, 0, 0))}, "covers_health": {"1"}, "unit_scope": {"all"}}); r.status != http.StatusSeeOther {
		t.Fatalf("record consent: %d", r.status)
	}
	f.uu.get(youthPath(f.youthID))

	b := a.newBrowser(t)
	b.run("phone", chromedp.EmulateViewport(390, 844))
	if status := b.visit("/ung/plan"); status != http.StatusOK || !strings.HasPrefix(b.path(), "/ung/login") {
		t.Fatalf("not signed in: %d on %s, want /ung/login", status, b.path())
	}
	b.checkAccessibility("/ung/login@390")
	b.screenshot("ung-0-login-390")
	if status := b.click("[data-testid=ung-login-link]"); status != http.StatusOK || !strings.HasPrefix(b.location(), f.mikkelProvider.p.Issuer) {
		t.Fatalf("the MitID link did not lead to the provider: %d at %s", status, b.location())
	}
	if status := b.clickButton("Mikkel Hansen (mikkel)"); status != http.StatusOK || b.path() != "/ung/plan" {
		t.Fatalf("signing in at the provider: %d at %s, want /ung/plan", status, b.location())
	}
	// The provider's own page is not kui's: Chromium asks it for a
	// /favicon.ico it does not have. Its console errors are left out.
	for _, m := range b.takeConsoleErrors() {
		if !strings.Contains(m, "("+f.mikkelProvider.p.Issuer+"/") {
			t.Errorf("browser console error: %s", m)
		}
	}
	if got := b.text("[data-testid=ung-name]"); got != "Mikkel" {
		t.Errorf("signed in as %q, want the first name", got)
	}
	if got := b.text("[data-testid=ung-plan-item]"); !strings.Contains(got, "Jeg skal søge to praktikpladser") || !strings.Contains(got, "Mig") {
		t.Errorf("the plan reads %q", got)
	}
	b.checkAccessibility("/ung/plan@390")
	b.screenshot("ung-1-plan-390")
	// Nothing wider than the phone: no sideways scrolling.
	if wide := get(b, "page width", chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); wide {
		t.Error("/ung/plan scrolls sideways at 390 px")
	}

	// The next meeting: a topic of Mikkel's own, typed and sent by keyboard.
	b.clickLink(".ung-nav", "Mit møde")
	if b.path() != "/ung/moede" {
		t.Fatalf("the menu led to %s", b.path())
	}
	b.checkAccessibility("/ung/moede@390")
	b.fill("#ung-topic", "Jeg vil tale om min praktik")
	if status := b.click("[data-testid=ung-topic-add]"); status != http.StatusOK || b.path() != "/ung/moede" {
		t.Fatalf("adding a topic: %d on %s", status, b.path())
	}
	if got := b.text("[data-testid=flash]"); !strings.Contains(got, "Dit emne er sat på dagsordenen.") {
		t.Errorf("after adding, the message reads %q", got)
	}
	// On a meeting with the team every topic is the young person's; the
	// one he wrote himself can be removed by him.
	if n := b.count("[data-testid=ung-agenda-item] form"); n != 1 {
		t.Errorf("%d topics Mikkel can remove, want the 1 he wrote", n)
	}
	b.checkAccessibility("/ung/moede after adding@390")
	b.screenshot("ung-2-moede-390")
	// The facilitator sees it as Mikkel's own.
	if prof := f.uu.get(mtPath(next, "")); !strings.Contains(prof.body, "skrevet af Mikkel selv") {
		t.Error("the meeting page does not show the topic as the young person's own")
	}

	b.clickLink(".ung-nav", "Mit team")
	if got := b.text("[data-testid=ung-contact]"); !strings.Contains(got, "Ulla Ungevejleder") {
		t.Errorf("the contact person reads %q", got)
	}
	b.checkAccessibility("/ung/team@390")
	b.screenshot("ung-3-team-390")

	// Withdrawing the consent: the confirm page, then the list says so.
	b.clickLink(".ung-nav", "Mine samtykker")
	b.checkAccessibility("/ung/samtykker@390")
	b.click("[data-testid=ung-consent-withdraw]")
	b.checkAccessibility("confirm withdrawal@390")
	b.screenshot("ung-4-traek-tilbage-390")
	if status := b.click("[data-testid=ung-withdraw-confirm]"); status != http.StatusOK || b.path() != "/ung/samtykker" {
		t.Fatalf("withdrawing: %d on %s", status, b.path())
	}
	if got := b.text("[data-testid=ung-consent-state]"); !strings.Contains(strings.ToLower(got), "trukket tilbage") {
		t.Errorf("after withdrawing, the consent reads %q", got)
	}
	b.screenshot("ung-5-samtykker-390")

	// Who has read my case: Ulla's reading, by unit and purpose.
	b.clickLink(".ung-nav", "Hvem har set min sag")
	if n := b.count("[data-testid=ung-access-line]"); n == 0 {
		t.Error("the access log lists no reading of the case")
	}
	if strings.Contains(b.text("main"), "Ulla") {
		t.Error("the access log names the professional, though the municipality has not chosen names")
	}
	b.checkAccessibility("/ung/indsigt@390")
	b.screenshot("ung-6-indsigt-390")

	// At desktop width too.
	b.run("desktop", chromedp.EmulateViewport(1280, 800))
	for _, p := range []string{"/ung", "/ung/plan", "/ung/moede", "/ung/team"} {
		if status := b.visit(p); status != http.StatusOK {
			t.Fatalf("GET %s: %d", p, status)
		}
		b.checkAccessibility(p + "@1280")
	}
	b.screenshot("ung-7-team-1280")
	body := b.text("body")
	if strings.Contains(body, f.cpr) || strings.Contains(body, f.cpr[:6]) {
		t.Error("a young person's page shows the CPR number")
	}
	// Everything Mikkel did is his own in the audit log.
	var own int
	if err := a.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE youth_id = $1 AND actor_kind = 'youth'
		 AND action IN ('ung.agenda_add', 'ung.consent_withdraw')`, f.youthID).Scan(&own); err != nil || own != 2 {
		t.Errorf("the young person's own actions in the audit log: %d (%v), want 2", own, err)
	}
	if errs := b.takeConsoleErrors(); len(errs) > 0 {
		t.Errorf("browser console errors: %v", errs)
	}
}
