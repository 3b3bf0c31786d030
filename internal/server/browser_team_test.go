package server_test

// Browser test of the team around the young person and its contact person,
// as caseworkers do it in a real Chromium (see browser_helpers_test.go).

import (
	"context"
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
	b.checkEveryFocusVisible("contact person suggestions")
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
	if got := b.text("[data-testid=home-handover]"); !strings.Contains(got, "Ulla Ungevejleder har bedt om, at du overtager kontaktpersonrollen for Tobias Team") || !strings.Contains(got, "fra Jonna Jobcenter.") {
		t.Errorf("the receiver's front page shows %q", got)
	}
	b.checkAccessibility("front page with a handover")
	b.screenshot("team-home-handover")
	if status := b.click("[data-testid=home-handover] a"); status != 200 {
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

// TestBrowserTeamRemovalReferralAndUnits removes a member after the
// confirmation step, refers the case to the visitation committee, lets the
// coordinator decide, and manages the units as the administrator.
func TestBrowserTeamRemovalReferralAndUnits(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	id := app.createYouth("uu@a.example", "Vera Visitation")
	for _, email := range []string{"mentor@a.example", "jobcenter@a.example"} {
		if err := app.DB.AddTeamMember(context.Background(), app.Users["uu@a.example"], id, app.Users[email].ID, ""); err != nil {
			t.Fatal(err)
		}
	}
	b := app.newBrowser(t)
	b.login("uu@a.example")
	b.visit(youthPath(id) + "/team")

	// Removing asks first, and keeps the former member in the history.
	if status := b.clickLink("[data-testid=team-member]:nth-child(2)", "Fjern Mads Mentor"); status != 200 {
		t.Fatalf("remove: status %d", status)
	}
	if got := b.text("[data-testid=remove-question]"); got != "Vil du fjerne Mads Mentor fra teamet om Vera Visitation?" {
		t.Errorf("question = %q", got)
	}
	b.checkAccessibility("remove confirmation")
	b.screenshot("team-remove-confirm")
	if status := b.click("[data-testid=team-remove-confirm]"); status != 200 {
		t.Fatalf("confirm removal: status %d", status)
	}
	if got := b.text("[data-testid=former-member]"); !strings.Contains(got, "Mads Mentor") {
		t.Errorf("former members = %q", got)
	}
	if n := b.count("[data-testid=team-member]"); n != 2 {
		t.Errorf("%d members after the removal, want 2", n)
	}

	// Nobody can be found: refer the case, first forgetting two parts.
	if status := b.click("[data-testid=referral-new]"); status != 200 {
		t.Fatalf("referral form: status %d", status)
	}
	b.fill("#f-situation", "Har ikke været i skole i to måneder.")
	if status := b.click("[data-testid=referral-send]"); status != 422 {
		t.Fatalf("incomplete referral: status %d, want 422", status)
	}
	if n := b.count("[data-testid=form-error]"); n != 2 {
		t.Errorf("%d errors, want 2", n)
	}
	if got := b.value("#f-situation"); got != "Har ikke været i skole i to måneder." {
		t.Errorf("the situation was not kept: %q", got)
	}
	b.checkAccessibility("referral form with errors")
	b.fill("#f-tried", "UU-samtaler og mentor.")
	b.fill("#f-needed", "En fast voksen, der kan tage hjemmebesøg.")
	if status := b.click("[data-testid=referral-send]"); status != 200 {
		t.Fatalf("refer: status %d", status)
	}
	if got := b.text("[data-testid=referral]"); !strings.Contains(got, "En fast voksen, der kan tage hjemmebesøg.") {
		t.Errorf("pending referral = %q", got)
	}
	b.checkAccessibility("team page with a pending referral")
	b.screenshot("team-referral")

	// The coordinator decides from the committee's list.
	b.click("form[action='/logout'] button[type=submit]")
	b.login("koordinator@a.example")
	if status := b.clickLink("[data-testid=home-referrals]", "1 indstilling til visitationsudvalget afventer afgørelse"); status != 200 {
		t.Fatalf("referrals from the front page: status %d", status)
	}
	if got := b.text("[data-testid=referral-row]"); !strings.Contains(got, "Vera Visitation") {
		t.Errorf("referral row = %q", got)
	}
	b.checkAccessibility("the committee's list")
	b.screenshot("team-referrals")
	if status := b.click(`[data-testid=referral-row] a[href^="/referrals/"]`); status != 200 {
		t.Fatalf("open the referral: status %d", status)
	}
	b.checkAccessibility("the committee's decision")
	b.choose("#f-user_id", "Sofie SSP (Ingen aktive forløb som kontaktperson)")
	b.fill("#f-note", "SSP kender den unge og kan tage hjemmebesøg.")
	b.screenshot("team-decision")
	if status := b.click("[data-testid=referral-decide-save]"); status != 200 {
		t.Fatalf("decide: status %d on %s", status, b.location())
	}
	if p := b.path(); p != youthPath(id)+"/team" {
		t.Errorf("after the decision: %s", p)
	}
	if got := b.text("[data-testid=contact-person]"); !strings.Contains(got, "Sofie SSP") || !strings.Contains(got, "Udpeget af visitationsudvalget") {
		t.Errorf("contact person after the decision = %q", got)
	}
	b.visit(youthPath(id))
	if got := b.text("[data-testid=contact-person]"); !strings.Contains(got, "Sofie SSP") {
		t.Errorf("the young person's page shows %q", got)
	}
	b.checkAccessibility("young person's page with a contact person")
	b.screenshot("team-youth-page")

	// The administrator keeps the municipality's units.
	b.click("form[action='/logout'] button[type=submit]")
	b.login("admin@a.example")
	b.visit("/admin/units")
	b.checkAccessibility("units")
	b.fill("#f-name", "FGU")
	if status := b.submitWithEnter("#f-name"); status != 200 {
		t.Fatalf("add unit: status %d", status)
	}
	if got := b.text("[data-testid=flash]"); got != "Enheden er tilføjet." {
		t.Errorf("flash = %q", got)
	}
	b.fill("#f-name", "FGU")
	if status := b.submitWithEnter("#f-name"); status != 422 {
		t.Fatalf("the same unit twice: status %d, want 422", status)
	}
	if got := b.text("#f-name-error"); !strings.HasSuffix(got, "Kommunen har allerede en enhed med det navn.") {
		t.Errorf("error = %q", got)
	}
	b.checkAccessibility("units with an error")
	b.screenshot("team-units")
}
