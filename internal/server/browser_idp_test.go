package server_test

import (
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"

	"kui/web"
)

// An administrator connects the municipality's login with the keyboard
// and the mouse as a person would: the pages are axe-clean, forms keep
// what was typed, and the screenshots are there to look at.
func TestBrowserIdPAdmin(t *testing.T) {
	app := newTestApp(t)
	b := app.newBrowser(t)
	b.login("admin@a.example")
	it := web.Danish.IdPT

	b.visit("/admin")
	if status := b.clickLink("[data-testid=admin-links]", "Log ind"); status != http.StatusOK {
		t.Fatalf("admin → Log ind: %d", status)
	}
	b.checkAccessibility("log ind-indstillinger, tom")
	b.screenshot("idp-list-empty")

	b.click("[data-testid=add-oidc]")
	b.fill("#f-display_name", "A Kommunes login")
	b.fill("#f-slug", "a-login")
	b.fill("#f-oidc_issuer", "https://login.microsoftonline.com/tenant-a/v2.0")
	b.fill("#f-oidc_secret_env", "min-hemmelighed") // a value, not a name: refused
	b.fill("#f-domains", "a.example")
	if status := b.click("[data-testid=idp-form] button[type=submit]"); status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid provider: %d", status)
	}
	if got := b.value("#f-display_name"); got != "A Kommunes login" {
		t.Errorf("the name was not kept: %q", got)
	}
	b.checkAccessibility("nyt OIDC-login med fejl")
	b.screenshot("idp-new-oidc-errors")

	b.fill("#f-oidc_client_id", "kui-a")
	b.fill("#f-oidc_secret_env", "KUI_IDP_A_SECRET")
	if status := b.click("[data-testid=idp-form] button[type=submit]"); status != http.StatusOK {
		t.Fatalf("create provider: %d", status)
	}
	b.fill("#f-value", "kui.sagsbehandler")
	b.choose("#f-role", web.Danish.Roles["caseworker"])
	b.choose("#f-unit_id", "UU/Ungevejledning")
	if status := b.click("[data-testid=mapping-form] button[type=submit]"); status != http.StatusOK {
		t.Fatalf("add mapping: %d", status)
	}
	if n := b.count("[data-testid=mapping-row]"); n != 1 {
		t.Errorf("%d mappings shown, want 1", n)
	}
	b.checkAccessibility("OIDC-login med roller")
	b.screenshot("idp-edit-oidc")

	b.visit("/admin/sign-in/new?protocol=saml")
	b.checkAccessibility("nyt SAML-login")
	b.screenshot("idp-new-saml")

	b.visit("/admin/sign-in")
	if n := b.count("[data-testid=idp-row]"); n != 1 {
		t.Errorf("%d providers listed, want 1", n)
	}
	b.toggle("#password-login-allowed")
	if status := b.click("form[action='/admin/sign-in/password'] button[type=submit]"); status != http.StatusOK {
		t.Fatalf("password switch: %d", status)
	}
	if got := b.text("[data-testid=password-state]"); got != it.PasswordOff {
		t.Errorf("password state %q", got)
	}
	b.checkAccessibility("log ind-indstillinger")
	b.screenshot("idp-list")

	b.visit("/admin/users")
	b.checkAccessibility("brugere og log ind")
	b.screenshot("admin-users")
	b.visit("/admin/security-log")
	b.checkAccessibility("sikkerhedslog")
	b.screenshot("admin-security-log")
}

// On an instance served over https, a caseworker sets up the second factor
// and signs in with a code: the pages are axe-clean and keyboard-usable.
func TestBrowserTOTP(t *testing.T) {
	app := newTestApp(t)
	c := app.tlsClient(t)
	b := app.newBrowser(t, chromedp.Flag("ignore-certificate-errors", true))
	b.base = c.base

	signIn := func() {
		b.visit("/login")
		b.fill("#f-email", "uu@a.example")
		b.fill("#f-password", testPassword)
		if status := b.click("form[action='/login'] button[type=submit]"); status != http.StatusOK {
			t.Fatalf("password: %d on %s", status, b.location())
		}
	}
	signIn()
	if p := b.path(); p != "/login/totp/setup" {
		t.Fatalf("after the password: %s", p)
	}
	b.checkAccessibility("opsætning af totrinskode")
	b.screenshot("totp-setup")
	secret := b.text("[data-testid=totp-secret]")
	b.fill("#f-code", code(t, secret, 0))
	if status := b.submitWithEnter("#f-code"); status != http.StatusOK || b.path() != "/" {
		t.Fatalf("enrol: %d on %s", status, b.location())
	}

	b.click("form[action='/logout'] button")
	signIn()
	if p := b.path(); p != "/login/totp" {
		t.Fatalf("second sign-in: %s", p)
	}
	b.fill("#f-code", code(t, secret, 0)) // used at enrolment
	if status := b.submitWithEnter("#f-code"); status != http.StatusUnprocessableEntity {
		t.Fatalf("a used code: %d", status)
	}
	b.checkAccessibility("totrinskode med fejl")
	b.screenshot("totp-code-error")
	b.fill("#f-code", code(t, secret, 1))
	if status := b.submitWithEnter("#f-code"); status != http.StatusOK || b.path() != "/" {
		t.Fatalf("right code: %d on %s", status, b.location())
	}
}
