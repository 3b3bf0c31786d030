package server_test

// Browser test of the team around the young person and its contact person,
// as caseworkers do it in a real Chromium (see browser_helpers_test.go).

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// toggle checks or unchecks a checkbox (or picks a radio button) with the
// keyboard: focus it and press Space.
func (b *browser) toggle(sel string) {
	b.t.Helper()
	b.run("toggle "+sel, chromedp.Focus(chromedp.CSS(sel)), chromedp.KeyEvent(" "))
}

// TestBrowserTeamAndContactPerson forms a team of five through the team
// page, sees the sixth refused, chooses a contact person from the
// suggestions, hands the role over, and accepts it as the receiver.
func TestBrowserTeamAndContactPerson(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	id := app.createYouth("uu@a.example", "Tobias Team")
	b := app.newBrowser(t)
	b.login("uu@a.example")

	b.visit(youthPath(id))
	if status := b.clickLink("nav.kui-tabs", "Team og kontaktperson"); status != 200 {
		t.Fatalf("team tab: status %d", status)
	}
	if p := b.path(); p != youthPath(id)+"/team" {
		t.Fatalf("the team tab leads to %s", p)
	}
	if n := b.count("[data-testid=team-member]"); n != 1 {
		t.Fatalf("a new young person's team has %d members, want the creator", n)
	}
	if n := b.count("[data-testid=team-warning]"); n != 1 {
		t.Error("a team of one is not warned about")
	}
	b.checkAccessibility("team page")
	b.screenshot("team-start")

	// Four more professionals, chosen by name from the list grouped by unit.
	for i, m := range []struct{ name, role string }{
		{"Mads Mentor", "Mentor"}, {"Jonna Jobcenter", "Jobkonsulent"},
		{"Frede Familie", "Sagsbehandler"}, {"Sofie SSP", "SSP-medarbejder"},
	} {
		b.choose("#f-user_id", m.name)
		b.fill("#f-team_role", m.role)
		if status := b.click("[data-testid=team-add]"); status != 200 {
			t.Fatalf("add %s: status %d on %s", m.name, status, b.location())
		}
		if n := b.count("[data-testid=team-member]"); n != i+2 {
			t.Fatalf("after adding %s the team has %d members, want %d", m.name, n, i+2)
		}
	}
	if got := b.text("[data-testid=flash]"); got != "Fagpersonen er tilføjet til teamet." {
		t.Errorf("flash = %q", got)
	}
	if n := b.count("[data-testid=team-warning]"); n != 0 {
		t.Error("a team of five is warned about as too small")
	}

	// The sixth is refused, with the reason beside the field.
	b.choose("#f-user_id", "Søren Skole")
	if status := b.click("[data-testid=team-add]"); status != 422 {
		t.Fatalf("sixth member: status %d, want 422", status)
	}
	if got := b.text("[data-testid=form-error]"); !strings.HasSuffix(got, "Teamet har allerede 5 fagpersoner, som er det højeste antal.") {
		t.Errorf("the refusal says %q", got)
	}
	if n := b.count("[data-testid=team-member]"); n != 5 {
		t.Errorf("after the refusal the team shows %d members, want 5", n)
	}
	if f := b.focused(); f.ID != "f-user_id" {
		t.Errorf("after the refusal the focus is on %+v, want the field in error", f)
	}
	b.checkAccessibility("team page, sixth member refused")
	b.screenshot("team-full")

	// The young person wishes Jonna; Mads already knows them. kui suggests Jonna.
	if status := b.click("[data-testid=contact-choose]"); status != 200 {
		t.Fatalf("choose contact person: status %d", status)
	}
	b.checkAccessibility("choose contact person")
	jonna, mads := app.uid("jobcenter@a.example"), app.uid("mentor@a.example")
	b.toggle("#f-wish_user_id-" + jonna)
	b.toggle("#f-relation_user_id-" + mads)
	b.toggle("#f-relation_user_id-" + jonna)
	b.fill("#f-needs", "Praktik og hjælp til at møde op")
	if status := b.click("[data-testid=contact-suggest]"); status != 200 {
		t.Fatalf("suggest: status %d", status)
	}
	first := b.text("[data-testid=suggestion]")
	if !strings.HasPrefix(first, "Jonna Jobcenter") || !strings.Contains(first, "Den unges ønske") || !strings.Contains(first, "Har relation") {
		t.Errorf("first suggestion = %q", first)
	}
	if got := b.text("[data-testid=suggestion-why]"); got != "Den unges ønske · Har relation · Ingen aktive forløb som kontaktperson" {
		t.Errorf("why the first suggestion: %q", got)
	}
	if b.value("#f-needs") != "Praktik og hjælp til at møde op" {
		t.Error("the needs typed were lost when asking for suggestions")
	}
	checked := get(b, "read the chosen one", chromedp.Evaluate[string](`(document.querySelector("input[name=user_id]:checked")||{}).value || ""`))
	if checked != jonna {
		t.Errorf("the best suggestion is not chosen by default: %q", checked)
	}
	b.checkAccessibility("contact person suggestions")
	b.screenshot("team-suggestions")
	b.fill("#f-reason", "Den unge ønsker Jonna, som kender familien.")
	if status := b.click("[data-testid=contact-save]"); status != 200 {
		t.Fatalf("choose: status %d on %s", status, b.location())
	}
	if got := b.text("[data-testid=contact-person]"); !strings.Contains(got, "Jonna Jobcenter") || !strings.Contains(got, "Den unge ønsker Jonna") {
		t.Errorf("contact person = %q", got)
	}
	if got := b.text("[data-testid=flash]"); got != "Jonna Jobcenter er nu den unges kontaktperson." {
		t.Errorf("flash = %q", got)
	}
	b.screenshot("team-contact")

	// Hand over to Mads; Jonna stays responsible until he accepts.
	if status := b.click("[data-testid=contact-choose]"); status != 200 {
		t.Fatalf("change contact person: status %d", status)
	}
	b.toggle("#f-user-" + mads)
	b.fill("#f-reason", "Mentoren ser den unge hver uge.")
	if status := b.click("[data-testid=contact-save]"); status != 200 {
		t.Fatalf("hand over: status %d on %s", status, b.location())
	}
	if got := b.text("[data-testid=handover]"); !strings.Contains(got, "Mads Mentor skal acceptere at blive kontaktperson. Indtil da er Jonna Jobcenter fortsat kontaktperson") {
		t.Errorf("pending handover = %q", got)
	}
	if got := b.text("[data-testid=contact-person]"); !strings.Contains(got, "Jonna Jobcenter") {
		t.Errorf("while the handover waits the contact person is %q", got)
	}
	b.checkAccessibility("team page with a pending handover")
	b.screenshot("team-handover")

	// Mads signs in, sees the handover on his front page and accepts it.
	if status := b.click("form[action='/logout'] button[type=submit]"); status != 200 {
		t.Fatalf("log out: status %d", status)
	}
	b.login("mentor@a.example")
	if got := b.text("[data-testid=home-handover]"); !strings.Contains(got, "Jonna Jobcenter vil overdrage kontaktpersonrollen for Tobias Team til dig.") {
		t.Errorf("the receiver's front page shows %q", got)
	}
	b.checkAccessibility("front page with a handover")
	b.screenshot("team-home-handover")
	if status := b.clickLink("[data-testid=home-handover]", "Tag stilling (Tobias Team)"); status != 200 {
		t.Fatalf("open the handover: status %d", status)
	}
	b.checkAccessibility("team page for the receiver")
	b.checkEveryFocusVisible("team page for the receiver")
	if status := b.click("[data-testid=handover-accept]"); status != 200 {
		t.Fatalf("accept: status %d on %s", status, b.location())
	}
	if got := b.text("[data-testid=contact-person]"); !strings.Contains(got, "Mads Mentor") {
		t.Errorf("after acceptance the contact person is %q", got)
	}
	if n := b.count("[data-testid=handover]"); n != 0 {
		t.Error("the accepted handover still shows as pending")
	}
	if got := b.text("[data-testid=contact-history]"); !strings.Contains(got, "Jonna Jobcenter") || !strings.Contains(got, "overdraget til en anden") {
		t.Errorf("history = %q", got)
	}
	b.checkAccessibility("team page after the handover")
	b.screenshot("team-accepted")

	b.visit(youthPath(id))
	if got := b.text("[data-testid=contact-person]"); !strings.Contains(got, "Mads Mentor") {
		t.Errorf("the young person's page shows the contact person %q", got)
	}
}
