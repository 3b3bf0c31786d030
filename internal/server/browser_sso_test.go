package server_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A caseworker signs in through their municipality's login, as make run's
// demo provider offers it: the link on /login, the provider's page, a
// click on themselves, and kui's front page; signing out also signs out at
// the provider and comes back. The finder on /login/sso and the refusal
// page are checked with axe too.
func TestBrowserSignInThroughTheMunicipality(t *testing.T) {
	a := newTestApp(t)
	w := newOIDCWorld(t, a, "")
	b := a.newBrowser(t)
	b.base = w.base

	if status := b.visit("/login"); status != 200 {
		t.Fatalf("/login: %d", status)
	}
	b.checkAccessibility("/login with a provider")
	b.screenshot("sso-1-login")
	if got := b.text("[data-testid=sso-link]"); got != "Log ind via A Kommunes login" {
		t.Errorf("the provider's link reads %q", got)
	}
	b.checkEveryFocusVisible("/login with a provider")
	// By keyboard: the link takes the focus and Enter follows it.
	if status := b.submitWithEnter("[data-testid=sso-link]"); status != 200 || !strings.HasPrefix(b.location(), w.p.Issuer) {
		t.Fatalf("the link did not lead to the provider's page: %d at %s", status, b.location())
	}
	b.screenshot("sso-2-provider")
	if status := b.clickButton("Nina Nybegynder (nina@a.example)"); status != 200 {
		t.Fatalf("signing in at the provider: %d at %s", status, b.location())
	}
	if p := b.path(); p != "/" {
		t.Fatalf("landed on %s, want /", p)
	}
	if name := b.text(".kui-user strong"); name != "Nina Nybegynder" {
		t.Errorf("signed in as %q", name)
	}
	b.screenshot("sso-3-signed-in")

	// Signing out: kui's page sends the browser to the provider's
	// end_session, which sends it back to the page.
	b.click("form[action='/logout'] button[type=submit]")
	b.waitFor("the way back from the provider's sign-out", `location.pathname === "/logged-out" && location.origin === `+
		fmt.Sprintf("%q", w.base)+` && !document.querySelector("meta[http-equiv=refresh]") && !!document.querySelector("[data-testid=logged-out]")`,
		actionTimeout)
	b.checkAccessibility("/logged-out")
	b.screenshot("sso-4-logged-out")
	if got := lastLine(a.securityLog(t)); got != "sign_out oidc" {
		t.Errorf("security log: %q, want sign_out oidc", got)
	}

	// The finder: a work e-mail finds the municipality's login.
	b.visit("/login")
	b.fill("#f-sso-email", "nina@a.example")
	if status := b.submitWithEnter("#f-sso-email"); status != 200 || !strings.HasPrefix(b.path(), "/login/sso") {
		t.Fatalf("the finder: %d at %s", status, b.location())
	}
	b.checkAccessibility("/login/sso with the provider found")
	b.screenshot("sso-5-found")
	b.visit("/login/sso?email=" + "someone%40elsewhere.example")
	b.checkAccessibility("/login/sso with nothing found")
	b.screenshot("sso-6-not-found")

	// Someone the municipality gave no kui role: the calm refusal page.
	b.visit("/login/sso?email=ingen%40a.example")
	b.click("[data-testid=sso-link]")
	if status := b.clickButton("Ib Ingenrolle (ingen@a.example)"); status != 403 {
		t.Fatalf("no role: %d at %s, want 403", status, b.location())
	}
	if got := b.text("[data-testid=sign-in-refused]"); !strings.Contains(got, "ikke adgang til kui") {
		t.Errorf("the refusal says %q", got)
	}
	b.checkAccessibility("the refusal page")
	b.screenshot("sso-7-refused")

	// The provider's own page is not kui's: Chromium asks it for a
	// /favicon.ico it does not have. Its console errors are left out.
	for _, m := range b.takeConsoleErrors() {
		if !strings.Contains(m, "("+w.p.Issuer+"/") {
			t.Errorf("browser console error: %s", m)
		}
	}
}

// clickButton clicks the button whose text is text and waits for the page.
func (b *browser) clickButton(text string) int64 {
	b.t.Helper()
	ok := get(b, "find button "+text, chromedp.Evaluate[bool](fmt.Sprintf(`(function(){
		for (const e of document.querySelectorAll("button")) {
			if (e.textContent.trim() === %q) { e.setAttribute("data-browser-test-target", ""); return true }
		}
		return false })()`, text)))
	if !ok {
		b.t.Fatalf("no button %q on %s", text, b.location())
	}
	return b.click("[data-browser-test-target]")
}
