package server_test

import (
	"strings"

	"github.com/chromedp/cdproto/emulation"
	"net/http"
	"net/url"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestBrowserUngRights: the young person's rights pages on a phone
// (390×844) and at desktop width are axe-clean, and the consent withdrawal
// works through the confirm page with JavaScript off.
func TestBrowserUngRights(t *testing.T) {
	a, youthID, _, c := ungRightsApp(t)
	uu := a.as("uu@a.example")
	if r := uu.post(youthPath(youthID)+"/consents", url.Values{"given_by": {"youth"}, "given_on": {iso(-10)},
		"expires_on": {cfISO(day(-10).AddDate(1, 0, 0))}, "covers_health": {"1"}, "unit_scope": {"all"}}); r.status != http.StatusSeeOther {
		t.Fatalf("record consent: %d", r.status)
	}
	uu.get(youthPath(youthID))
	c.post("/ung/udvikling", url.Values{"step": {"2"}, "words": {"Svært at komme op om morgenen"}})

	b := a.newBrowser(t)
	// The citizen's session, carried over from the signed-in client.
	base, _ := url.Parse(a.URL)
	for _, k := range c.http.Jar.Cookies(base) {
		if _, err := chromedp.Call(b.ctx, network.SetCookie, network.SetCookieParams{Name: k.Name, Value: k.Value, URL: a.URL}); err != nil {
			t.Fatal(err)
		}
	}
	pages := []string{"/ung/udvikling", "/ung/samtykker", "/ung/indsigt", "/ung/data"}
	for _, size := range []struct {
		name string
		w, h int64
	}{{"390", 390, 844}, {"1280", 1280, 800}} {
		b.run("viewport "+size.name, chromedp.EmulateViewport(size.w, size.h))
		for _, p := range pages {
			if status := b.visit(p); status != http.StatusOK {
				t.Fatalf("GET %s: %d", p, status)
			}
			b.checkAccessibility(p + "@" + size.name)
			b.screenshot("ung" + strings.ReplaceAll(p, "/", "-") + "-" + size.name)
		}
	}
	b.run("viewport 390", chromedp.EmulateViewport(390, 844))
	b.visit("/ung/samtykker")
	b.click("[data-testid=ung-consent-withdraw]")
	b.checkAccessibility("confirm withdrawal")
	b.screenshot("ung-samtykke-traek-tilbage-390")
	// The confirm page's form, sent with JavaScript off.
	noJS := func(off bool) {
		if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off}); err != nil {
			t.Fatal(err)
		}
	}
	noJS(true)
	status := b.click("[data-testid=ung-withdraw-confirm]")
	noJS(false)
	if status != http.StatusOK || b.path() != "/ung/samtykker" {
		t.Fatalf("withdraw without JavaScript: %d on %s", status, b.path())
	}
	b.checkAccessibility("after withdrawal")
	b.screenshot("ung-samtykker-efter-390")
}
