package server_test

// The case's working tools in a real browser: a caseworker writes a journal
// note, adds an effort, records a consent and works the checklist; every
// page is checked with axe-core and photographed.

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kui/internal/casework"
	"kui/web"
)

// cfTick clicks a checkbox or radio button (no page load).
func cfTick(b *browser, sel string) {
	b.t.Helper()
	b.run("tick "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

func TestBrowserCaseFileJournal(t *testing.T) {
	app := newTestApp(t)
	born := cfBornEighteenIn(60) // 2009-01-21 on the default clock
	d, err := casework.YouthForm{Name: "Maja Mikkelsen", BirthDate: cfISO(born), Level: "bump", NeedCategory: "koordineret", JoinTeam: true,
		Guardians: [casework.MaxGuardians]casework.Guardian{{Name: "Hanne Mikkelsen", Relation: "mor"}}}.Validate(fixedNow, true)
	if err != nil {
		t.Fatal(err)
	}
	id, err := app.DB.CreateYouth(context.Background(), app.Users["uu@a.example"], d)
	if err != nil {
		t.Fatal(err)
	}
	cfJoinTeam(t, app, id, "mentor@a.example")
	cfJoinTeam(t, app, id, "jobcenter@a.example")
	cfMakeContactPerson(t, app, id, "mentor@a.example")
	// A sensitive note by the mentor, which the caseworker may not read.
	secret := cfNoteForm("Har fået diagnosen ADHD.")
	secret.Set("spoken_with", "Distriktspsykiatrien")
	secret.Set("sensitive", "health")
	secret.Set("occurred_on", iso(-2))
	cfWriteNote(t, app.as("mentor@a.example"), id, secret)
	page := youthPath(id)

	b := app.newBrowser(t)
	b.login("uu@a.example")
	b.visit(page)
	eighteen, _ := cfEighteenth(born)
	if got := b.text("[data-testid=turning-18]"); !strings.Contains(got, "fylder 18 år den "+web.Danish.Day(eighteen)) {
		t.Errorf("turning-18 notice = %q", got)
	}

	// The journal, from the young person's tabs.
	if status := b.clickLink("nav.kui-tabs", "Journal"); status != 200 {
		t.Fatalf("Journal: status %d", status)
	}
	if p := b.path(); p != page+"/notes" {
		t.Fatalf("the Journal tab leads to %s", p)
	}
	if got := b.text("[data-testid=note-hidden]"); got != "Følsom note — kræver samtykke" {
		t.Errorf("the mentor's sensitive note shows as %q", got)
	}
	b.checkAccessibility("journal")

	// First without saying whom she spoke with.
	b.fill("#f-topic", "Fravær i skolen. Maja sover dårligt.")
	if status := b.click("[data-testid=note-save]"); status != 422 {
		t.Fatalf("note without whom: status %d, want 422", status)
	}
	if got := b.text("#f-spoken_with-error"); !strings.Contains(got, "Skal udfyldes.") {
		t.Errorf("spoken-with error = %q", got)
	}
	if got := b.value("#f-topic"); got != "Fravær i skolen. Maja sover dårligt." {
		t.Errorf("the topic was not kept: %q", got)
	}
	if f := b.focused(); f.ID != "f-spoken_with" {
		t.Errorf("after the error the focus is on %+v, want the field in error", f)
	}
	b.checkAccessibility("journal with an error")
	b.screenshot("casefile-notes-error")

	b.fill("#f-spoken_with", "Maja og hendes mor")
	b.typeDate("#f-occurred_on", iso(-1))
	b.run("type the time", chromedp.Focus(chromedp.CSS("#f-occurred_time"), chromedp.NodeVisible), chromedp.KeyEvent("0930"))
	// The field comes filled with the time now. A 12-hour field (the en-US a
	// Chromium without chromium-l10n falls back to) keeps its AM or PM: on
	// an afternoon clock 0930 is 21:30 until AM is chosen in the segment
	// the typing ended on.
	if got := b.value("#f-occurred_time"); got == "21:30" {
		b.run("choose AM", chromedp.KeyEvent("a"))
	}
	if got := b.value("#f-occurred_time"); got != "09:30" {
		t.Fatalf("typed 09:30, the time field holds %q", got)
	}
	b.fill("#f-agreed", "Maja går i seng kl. 22 i en uge. Vi følger op på fredag.")
	if status := b.click("[data-testid=note-save]"); status != 200 {
		t.Fatalf("save note: status %d on %s", status, b.location())
	}
	if p, _, _ := strings.Cut(b.path(), "#"); p != page+"/notes" {
		t.Fatalf("after saving: %s", p)
	}
	if got := b.text("[data-testid=flash]"); got != "Notatet er gemt i journalen." {
		t.Errorf("flash = %q", got)
	}
	if n := b.count("[data-testid=journal-note]"); n != 2 {
		t.Fatalf("%d notes listed, want 2", n)
	}
	if got := b.text("[data-testid=note-heading]"); !strings.Contains(got, "Samtale med Maja og hendes mor") {
		t.Errorf("newest note heading = %q", got)
	}
	if got := b.text("[data-testid=note-topic]"); got != "Fravær i skolen. Maja sover dårligt." {
		t.Errorf("note topic = %q", got)
	}
	if got := b.text("[data-testid=journal-note] .kui-muted"); !strings.Contains(got, dkAt(-1, "09:30")) || !strings.Contains(got, "Ulla Ungevejleder") {
		t.Errorf("note time and author = %q", got)
	}
	b.checkAccessibility("journal with a note")
	b.checkEveryFocusVisible("journal")
	b.screenshot("casefile-notes")

	// Correct it: the old note stays, marked.
	if status := b.click("[data-testid=note-correct]"); status != 200 {
		t.Fatalf("correct: status %d", status)
	}
	b.checkAccessibility("correction form")
	b.fill("#f-agreed", "Maja går i seng kl. 22 i to uger. Vi følger op på fredag.")
	if status := b.click("[data-testid=note-save]"); status != 200 {
		t.Fatalf("save correction: status %d", status)
	}
	if n := b.count("[data-testid=note-corrected]"); n != 1 {
		t.Errorf("%d notes marked corrected, want 1", n)
	}
	b.checkAccessibility("journal with a correction")
	b.screenshot("casefile-notes-corrected")

	// Efforts: add one with the keyboard.
	b.clickLink("nav.kui-tabs", "Indsatser")
	b.checkAccessibility("efforts, empty")
	b.fill("#f-description", "Mentorstøtte to timer om ugen")
	b.choose("#f-unit", "Mentor")
	b.choose("#f-responsible", "Mads Mentor (Mentor)")
	b.choose("#f-status", "I gang")
	if status := b.click("[data-testid=effort-save]"); status != 200 {
		t.Fatalf("add effort: status %d", status)
	}
	if n := b.count("[data-testid=effort-row]"); n != 1 {
		t.Fatalf("%d efforts, want 1", n)
	}
	b.checkAccessibility("efforts")
	b.screenshot("casefile-efforts")
	b.clickLink("[data-testid=effort-row]", "Ret indsatsen Mentorstøtte to timer om ugen")
	b.checkAccessibility("effort edit form")
	b.screenshot("casefile-effort-edit")

	// Consents: record one for the Jobcenter only, covering health.
	b.clickLink("nav.kui-tabs", "Samtykker")
	b.checkAccessibility("consents, none")
	cfTick(b, "#f-given_by-guardian")
	b.fill("#f-given_by_name", "Hanne Mikkelsen")
	cfTick(b, "#f-covers_health")
	cfTick(b, "#f-unit_scope-some")
	b.run("tick the Jobcenter", evalVoid(`(function(){
		for (const l of document.querySelectorAll(".kui-subchoices label")) {
			if (l.textContent.trim() === "Jobcenter") { l.click(); return }
		} })()`))
	if status := b.click("[data-testid=consent-save]"); status != 200 {
		t.Fatalf("record consent: status %d on %s", status, b.location())
	}
	if got := b.text("[data-testid=consent-state]"); got != "Gyldigt" {
		t.Errorf("consent state = %q", got)
	}
	if got := b.text("[data-testid=consent-units]"); got != "Jobcenter" {
		t.Errorf("consent units = %q", got)
	}
	b.checkAccessibility("consents")
	b.screenshot("casefile-consents")
	if status := b.click("[data-testid=consent-withdraw]"); status != 200 {
		t.Fatalf("withdraw page: status %d", status)
	}
	b.checkAccessibility("consent withdrawal")
	b.screenshot("casefile-consent-withdraw")
	cfTick(b, "#f-withdrawn_by-youth")
	if status := b.click("[data-testid=withdraw-confirm]"); status != 200 {
		t.Fatalf("withdraw: status %d", status)
	}
	if got := b.text("[data-testid=consent-state]"); got != "Trukket tilbage" {
		t.Errorf("consent state after withdrawal = %q", got)
	}
	b.checkAccessibility("consents with a withdrawn one")

	// The checklist: a due date already passed shows as overdue.
	b.clickLink("nav.kui-tabs", "Tjekliste")
	b.checkAccessibility("checklist")
	b.typeDate("#f-collaboration_agreement-due_on", iso(-7))
	b.fill("#f-collaboration_agreement-comment", "Aftales med Maja og mor på formødet.")
	if status := b.click("#item-collaboration_agreement [data-testid=item-save]"); status != 200 {
		t.Fatalf("save checklist item: status %d", status)
	}
	if got := b.text("#item-collaboration_agreement [data-testid=item-overdue]"); got != "Over fristen" {
		t.Errorf("overdue badge = %q", got)
	}
	cfTick(b, "#f-meeting_frequency-done")
	if status := b.click("#item-meeting_frequency [data-testid=item-save]"); status != 200 {
		t.Fatalf("tick off an item: status %d", status)
	}
	if got := b.text("#item-meeting_frequency [data-testid=item-state]"); !strings.HasPrefix(got, "Udført "+dk(0)) {
		t.Errorf("done item state = %q", got)
	}
	b.checkAccessibility("checklist with an overdue item")
	b.screenshot("casefile-checklist")

	b.clickLink("nav.kui-tabs", "Overblik")
	if got := b.text("[data-testid=checklist-overdue-count]"); !strings.Contains(got, "1 punkt på kontaktpersonens tjekliste er over fristen.") {
		t.Errorf("overview's overdue count = %q", got)
	}
	b.checkAccessibility("overview with the case file's notices")
	b.screenshot("casefile-overview")
}
