package server_test

// Browser tests: kui as a caseworker uses it, in a real Chromium (see
// browser_helpers_test.go). Every page on the way is checked with axe-core.

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserHarness checks the harness itself: the page's CSP forbids
// inline script, axe-core still runs (it is injected through the DevTools
// protocol, not the page), and axe does find a planted violation, so a
// clean report means something.
func TestBrowserHarness(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	b := app.newBrowser(t)
	resp := b.response("/login")
	if resp.Status != 200 {
		t.Fatalf("GET /login: %d", resp.Status)
	}
	csp, _ := resp.Headers["Content-Security-Policy"].(string)
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Fatalf("the login page's CSP = %q, want script-src 'self' and no unsafe-inline", csp)
	}
	if v := b.axeViolations(); len(v) != 0 {
		t.Fatalf("the login page has violations: %+v", v)
	}
	// The page itself may not run inline script: one planted in the page
	// is refused, and the refusal reaches the test as a console error.
	b.run("plant an inline script", evalVoid(`(function(){
		const s = document.createElement("script");
		s.textContent = "document.body.dataset.inline = 'ran'";
		document.head.append(s) })()`))
	var refused []string
	for deadline := time.Now().Add(15 * time.Second); len(refused) == 0 && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		refused = b.takeConsoleErrors()
	}
	if len(refused) == 0 || !strings.Contains(strings.Join(refused, " "), "Content Security Policy") {
		t.Fatalf("an inline script was not refused by the CSP, or the refusal was not seen: %q", refused)
	}
	if ran := get(b, "read data-inline", chromedp.Evaluate[string](`document.body.dataset.inline || ""`)); ran != "" {
		t.Fatal("an inline script ran in spite of the CSP")
	}

	// A field without a label must be caught.
	b.run("plant an unlabelled field", evalVoid(`document.querySelector("form").append(document.createElement("input"))`))
	found := false
	for _, v := range b.axeViolations() {
		found = found || v.ID == "label"
	}
	if !found {
		t.Fatal("axe did not report the planted field without a label: the harness sees nothing")
	}
}

// TestBrowserLoginWithKeyboard signs in without a mouse: the skip link is
// the first tab stop, every stop shows where the focus is, and the form is
// typed and sent with Enter.
func TestBrowserLoginWithKeyboard(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	b := app.newBrowser(t)
	b.visit("/login")
	b.checkAccessibility("login")
	b.screenshot("login")

	b.press(kb.Tab)
	if f := b.focused(); f.Tag != "a" || f.Href != "#main" || f.Text != "Gå til indhold" {
		t.Fatalf("first tab stop = %+v, want the skip link to #main", f)
	}
	b.checkFocusVisible()
	b.press(kb.Enter)
	if f := b.focused(); f.ID != "main" {
		t.Errorf("after the skip link the focus is on %+v, want main#main", f)
	}

	// From the main content the next stop is the e-mail field.
	b.press(kb.Tab)
	if f := b.focused(); f.ID != "f-email" {
		t.Fatalf("tab after the skip link = %+v, want the e-mail field", f)
	}
	b.checkFocusVisible()
	b.press("uu@a.example")
	b.press(kb.Tab)
	if f := b.focused(); f.ID != "f-password" {
		t.Fatalf("next tab stop = %+v, want the password field", f)
	}
	b.press("wrong password")
	if status := b.navigation("press Enter", b.keys(kb.Enter)); status != 422 {
		t.Fatalf("wrong password: status %d, want 422", status)
	}
	if got := b.text("[data-testid=form-error]"); got != "E-mail eller adgangskode er forkert." {
		t.Errorf("login error = %q", got)
	}
	if got := b.value("#f-email"); got != "uu@a.example" {
		t.Errorf("the e-mail was not kept: %q", got)
	}
	b.checkAccessibility("login with an error")

	// Again with the right password, keyboard only: skip link, brand,
	// e-mail (kept), password.
	for range 4 {
		b.press(kb.Tab)
	}
	if f := b.focused(); f.ID != "f-password" {
		t.Fatalf("the fourth tab stop after a failed login = %+v, want the password field", f)
	}
	b.press(testPassword)
	if status := b.navigation("press Enter", b.keys(kb.Enter)); status != 200 {
		t.Fatalf("login: status %d", status)
	}
	if p := b.path(); p != "/" {
		t.Fatalf("after login: %s, want /", p)
	}
	b.checkAccessibility("front page")

	// On a signed-in page the skip link is still the first stop.
	b.press(kb.Tab)
	if f := b.focused(); f.Href != "#main" {
		t.Fatalf("first tab stop on the front page = %+v, want the skip link", f)
	}
	// Every link and button on the page shows its focus.
	b.checkEveryFocusVisible("front page")
}

// TestBrowserYouthJourney is issue 2 as a caseworker does it: create a
// young person (first with mistakes), find them, open, edit, reveal the CPR.
func TestBrowserYouthJourney(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	app.createYouth("uu@a.example", "Bo Berg") // someone else on the list, whom the search must leave out
	b := app.newBrowser(t)
	b.login("uu@a.example")

	// Unge, from the menu.
	if status := b.clickLink("nav", "Unge"); status != 200 {
		t.Fatalf("Unge: status %d", status)
	}
	if p := b.path(); p != "/youth" {
		t.Fatalf("Unge leads to %s", p)
	}
	b.checkAccessibility("youth list")

	// Opret ung: first with no name and a CPR number that is not one.
	if status := b.click("[data-testid=youth-new]"); status != 200 {
		t.Fatalf("Opret ung: status %d", status)
	}
	b.checkAccessibility("new young person form")
	b.checkEveryFocusVisible("new young person form")
	b.typeDate("#f-birth_date", "2010-03-12")
	b.fill("#f-cpr", "1203104")
	b.choose("#f-level", "Bump på vejen")
	b.fill("#f-education_status", "9. klasse")
	if status := b.click("[data-testid=youth-save]"); status != 422 {
		t.Fatalf("bad submit: status %d, want 422", status)
	}
	if got := b.text("[data-testid=form-error-summary]"); got != "Formularen har fejl. Ret de markerede felter." {
		t.Errorf("error summary = %q", got)
	}
	if got := b.text("#f-name-error"); !strings.HasSuffix(got, "Skal udfyldes.") {
		t.Errorf("name error = %q", got)
	}
	if got := b.text("#f-cpr-error"); !strings.Contains(got, "Skriv CPR-nummeret som DDMMÅÅ-XXXX") {
		t.Errorf("CPR error = %q", got)
	}
	if got := b.text("#f-need_category-error"); !strings.Contains(got, "Vælg en behovskategori") {
		t.Errorf("need category error = %q (nothing is chosen for the creator)", got)
	}
	if n := b.count("[data-testid=form-error]"); n != 3 {
		t.Errorf("%d field errors, want 3 (name, CPR, need category)", n)
	}
	for sel, want := range map[string]string{"#f-birth_date": "2010-03-12", "#f-cpr": "1203104", "#f-level": "bump", "#f-education_status": "9. klasse", "#f-need_category": ""} {
		if got := b.value(sel); got != want {
			t.Errorf("%s was not kept: %q, want %q", sel, got, want)
		}
	}
	if f := b.focused(); f.ID != "f-name" {
		t.Errorf("after the errors the focus is on %+v, want the first field in error", f)
	}
	b.checkAccessibility("new young person form with errors")
	b.screenshot("youth-new-errors")

	// Put it right: name, the real CPR, the need category, a guardian.
	b.fill("#f-name", "Amalie Andersen")
	b.fill("#f-cpr", "120310-4123")
	b.choose("#f-need_category", "Tidlig og forebyggende")
	b.fill("#f-guardian0_name", "Mette Andersen")
	b.fill("#f-guardian0_relation", "mor")
	b.fill("#f-guardian0_phone", "12 34 56 78")
	if status := b.click("[data-testid=youth-save]"); status != 200 {
		t.Fatalf("create: status %d on %s", status, b.location())
	}
	page := b.path()
	if !regexp.MustCompile(`^/youth/\d+$`).MatchString(page) {
		t.Fatalf("after create: %s, want /youth/{id}", page)
	}
	if got := b.text("[data-testid=flash]"); got != "Den unge er oprettet, og du er med på teamet." {
		t.Errorf("flash = %q", got)
	}
	if got := b.text("[data-testid=youth-name]"); got != "Amalie Andersen" {
		t.Errorf("name = %q", got)
	}
	if got := b.text("[data-testid=cpr-masked]"); got != "120310-XXXX" {
		t.Errorf("masked CPR = %q", got)
	}
	if n := b.count("[data-testid=cpr-full]"); n != 0 {
		t.Error("the full CPR number is on the page before anyone asked for it")
	}
	if got := b.definition("Behovskategori"); got != "Tidlig og forebyggende" {
		t.Errorf("need category = %q", got)
	}
	if got := b.text("[data-testid=guardian]"); !strings.Contains(got, "Mette Andersen") || !strings.Contains(got, "mor") {
		t.Errorf("guardian = %q", got)
	}
	b.checkAccessibility("young person's page")
	b.screenshot("youth-page")
	b.checkEveryFocusVisible("young person's page")

	// Reveal the CPR number.
	if status := b.click("[data-testid=cpr-reveal]"); status != 200 {
		t.Fatalf("reveal CPR: status %d", status)
	}
	if got := b.text("[data-testid=cpr-full]"); got != "120310-4123" {
		t.Errorf("revealed CPR = %q", got)
	}
	if got := b.text("[data-testid=flash]"); !strings.Contains(got, "fulde CPR-nummer") {
		t.Errorf("flash after reveal = %q", got)
	}
	b.checkAccessibility("young person's page with the CPR number shown")

	// Find her in the list by name.
	b.clickLink("nav", "Unge")
	if n := b.count("[data-testid=youth-row]"); n != 2 {
		t.Errorf("the list has %d rows, want 2", n)
	}
	b.fill("#f-q", "amalie")
	if status := b.submitWithEnter("#f-q"); status != 200 {
		t.Fatalf("search: status %d", status)
	}
	if n := b.count("[data-testid=youth-row]"); n != 1 {
		t.Fatalf("searching for amalie gives %d rows, want 1", n)
	}
	// The name, and the age and birth date that tell her from another of
	// the same name (the age depends on the test clock).
	if got := b.text("[data-testid=youth-row] a"); !strings.HasPrefix(got, "Amalie Andersen (") || !strings.HasSuffix(got, " år, f. 12. marts 2010)") {
		t.Errorf("row = %q", got)
	}
	if got := b.value("#f-q"); got != "amalie" {
		t.Errorf("the search box lost the search: %q", got)
	}
	b.checkAccessibility("youth list, searched")
	b.fill("#f-q", "")
	b.submitWithEnter("#f-q")
	b.checkAccessibility("youth list")
	b.screenshot("youth-list")
	b.fill("#f-q", "amalie")
	b.submitWithEnter("#f-q")
	if status := b.click("[data-testid=youth-row] a"); status != 200 {
		t.Fatalf("open from the list: status %d", status)
	}
	if p := b.path(); p != page {
		t.Fatalf("the list's link leads to %s, want %s", p, page)
	}

	// Edit: change the education status.
	if status := b.click("[data-testid=youth-edit]"); status != 200 {
		t.Fatalf("edit: status %d", status)
	}
	if got := b.value("#f-name"); got != "Amalie Andersen" {
		t.Errorf("edit form name = %q", got)
	}
	if got := b.value("#f-cpr"); got != "120310-4123" {
		t.Errorf("edit form CPR = %q", got)
	}
	if got := b.value("#f-guardian0_name"); got != "Mette Andersen" {
		t.Errorf("edit form guardian = %q", got)
	}
	b.checkAccessibility("edit form")
	b.screenshot("youth-edit")
	b.fill("#f-education_status", "FGU, Produktionsgrunduddannelse")
	if status := b.click("[data-testid=youth-save]"); status != 200 {
		t.Fatalf("save: status %d on %s", status, b.location())
	}
	if p := b.path(); p != page {
		t.Fatalf("after save: %s, want %s", p, page)
	}
	if got := b.text("[data-testid=flash]"); got != "Ændringerne er gemt." {
		t.Errorf("flash after save = %q", got)
	}
	if got := b.definition("Uddannelse og beskæftigelse"); got != "FGU, Produktionsgrunduddannelse" {
		t.Errorf("education status after save = %q", got)
	}
	if got := b.text("[data-testid=youth-name]"); got != "Amalie Andersen" {
		t.Errorf("name after save = %q", got)
	}
}

// TestBrowserNotFound: a page that does not exist, or that the user may not
// see, is a calm Danish 404 with the way back.
func TestBrowserNotFound(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	other := app.createYouth("uu@b.example", "Carl Clausen") // another municipality's
	b := app.newBrowser(t)
	b.login("uu@a.example")
	for _, path := range []string{"/findes-ikke", "/youth/" + itoa64(other)} {
		if status := b.visit(path); status != 404 {
			t.Fatalf("%s: status %d, want 404", path, status)
		}
		if got := b.text("h1"); got != "Siden findes ikke" {
			t.Errorf("%s: h1 = %q", path, got)
		}
		b.checkAccessibility("404 " + path)
	}
	b.screenshot("not-found")
	if status := b.clickLink("main", "Til forsiden"); status != 200 {
		t.Fatalf("back home: status %d", status)
	}
}
