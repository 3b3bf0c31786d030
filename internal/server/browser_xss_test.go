package server_test

// The XSS payloads of xss_test.go in a real Chromium: no page that shows
// them opens a dialog, gets an element or a script from them into its
// DOM, or logs a console or Content-Security-Policy error; and after the
// run the technical log holds no CPR number, name or typed text.

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"kui/internal/demoidp"
)

// dialogWatch records every JavaScript dialog the tab opens, and dismisses
// it so the page goes on.
type dialogWatch struct {
	mu     sync.Mutex
	opened []string
}

func (d *dialogWatch) take() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := d.opened
	d.opened = nil
	return out
}

func watchDialogs(b *browser) *dialogWatch {
	d := &dialogWatch{}
	events := chromedp.Events(b.ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range events {
			if err != nil {
				return
			}
			d.mu.Lock()
			d.opened = append(d.opened, string(ev.Type)+": "+ev.Message+" on "+ev.URL)
			d.mu.Unlock()
			ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
			_, _ = chromedp.Run(ctx, func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
				_, err := cdp.Call(ctx, t, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
				return chromedp.Void{}, err
			})
			cancel()
		}
	}()
	return d
}

// xssInjected counts what the payloads would have put into the DOM: their
// images, and any inline script (kui has none; the CSP forbids them).
const xssInjected = `document.querySelectorAll("[data-xss], img[src='x']").length + document.querySelectorAll("script:not([src])").length`

// TestBrowserXSSNothingRuns visits every page that shows a payload, as the
// caseworker (her pages include the big screen and the print views), the
// coordinator and the administrator.
func TestBrowserXSSNothingRuns(t *testing.T) {
	start := time.Now()
	w := newXSSWorld(t)
	mw := &mxWorld{app: w.app}
	routes := mw.routes(t)
	b := w.app.newBrowser(t)
	dialogs := watchDialogs(b)

	// The watch works: a dialog opened by script is seen (and dismissed).
	b.visit("/login")
	b.run("open a dialog", evalVoid(`setTimeout(() => alert("probe"), 0)`))
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		dialogs.mu.Lock()
		n := len(dialogs.opened)
		dialogs.mu.Unlock()
		if n > 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got := dialogs.take(); len(got) != 1 || !strings.Contains(got[0], "probe") {
		t.Fatalf("the dialog watch saw %q, want the probe", got)
	}

	visited := 0
	for _, email := range []string{"uu@a.example", "koordinator@a.example", "admin@a.example"} {
		// The HTML pages this user may open (an event stream never
		// finishes loading; calendar files and CSV are not pages).
		c := w.app.as(email)
		var paths []string
		seen := map[string]bool{}
		for _, r := range routes {
			if r.method != http.MethodGet || strings.Contains(r.pattern, "*") || strings.HasSuffix(r.pattern, "/events") {
				continue
			}
			for _, params := range w.params {
				path := fillPath(r.pattern, params)
				if seen[path] {
					continue
				}
				seen[path] = true
				resp := mxDo(t, c, http.MethodGet, path, nil)
				// Whole documents: a fragment (the big screen's live part) is
				// fetched into its page, not opened; xss_test.go reads it.
				document := strings.HasPrefix(strings.ToLower(resp.body), "<!doctype html>")
				if resp.status == http.StatusOK && document && strings.Contains(resp.body, "data-xss=xss-") {
					paths = append(paths, path)
				}
			}
		}
		if len(paths) == 0 {
			t.Errorf("%s: no page shows a payload", email)
			continue
		}
		b.login(email)
		for _, path := range paths {
			resp := b.response(path)
			visited++
			if resp.Status != http.StatusOK {
				t.Errorf("%s %s: status %d in the browser", email, path, resp.Status)
			}
			if csp, _ := resp.Headers["Content-Security-Policy"].(string); !strings.Contains(csp, "script-src 'self'") {
				t.Errorf("%s %s: Content-Security-Policy %q", email, path, csp)
			}
			if n := get(b, "look for injected elements", chromedp.Evaluate[int](xssInjected)); n != 0 {
				t.Errorf("%s %s: %d elements or inline scripts from the payloads in the DOM", email, path, n)
			}
			// Give a handler that got in a moment to fire.
			time.Sleep(20 * time.Millisecond)
			for _, d := range dialogs.take() {
				t.Errorf("%s %s: a dialog opened: %s", email, path, d)
			}
			for _, e := range b.takeConsoleErrors() {
				t.Errorf("%s %s: console: %s", email, path, e)
			}
		}
		b.click("form[action='/logout'] button[type=submit]")
	}

	// The young person (issue 14): their own pages that show a payload, in
	// the browser signed in through the citizen provider (its page, a click
	// on themselves).
	citizens := w.app.citizenProvider(t, demoidp.User{Username: "xenia", Name: "Xenia Ung", CPR: strings.ReplaceAll(xssCPR, "-", "")})
	b.base = w.app.URL
	ung, _ := w.app.signInCitizen(t, citizens, "xenia")
	var ungPaths []string
	seen := map[string]bool{}
	for _, r := range routes {
		if r.method != http.MethodGet || !mxUng(r.pattern) || mxPublic[r.method+" "+r.pattern] {
			continue
		}
		for _, params := range w.params {
			path := fillPath(r.pattern, params)
			if seen[path] {
				continue
			}
			seen[path] = true
			resp := mxDo(t, ung, http.MethodGet, path, nil)
			if resp.status == http.StatusOK && strings.HasPrefix(strings.ToLower(resp.body), "<!doctype html>") && strings.Contains(resp.body, "data-xss=xss-") {
				ungPaths = append(ungPaths, path)
			}
		}
	}
	b.visit("/login/idp/" + citizenSlug)
	b.clickButton("Xenia Ung (xenia)")
	if p := b.path(); p != "/ung/plan" {
		t.Errorf("the young person's sign-in in the browser landed on %s, want /ung/plan", p)
	}
	// The provider's own page is not kui's: Chromium asks it for a
	// /favicon.ico it does not have. Its console errors are left out.
	for _, m := range b.takeConsoleErrors() {
		if !strings.Contains(m, "("+citizens.p.Issuer+"/") {
			t.Errorf("browser console error while signing in: %s", m)
		}
	}
	if len(ungPaths) == 0 {
		t.Errorf("no page of the young person's shows a payload")
	}
	for _, path := range ungPaths {
		resp := b.response(path)
		visited++
		if resp.Status != http.StatusOK {
			t.Errorf("young person %s: status %d in the browser", path, resp.Status)
		}
		if n := get(b, "look for injected elements", chromedp.Evaluate[int](xssInjected)); n != 0 {
			t.Errorf("young person %s: %d elements or inline scripts from the payloads in the DOM", path, n)
		}
		time.Sleep(20 * time.Millisecond)
		for _, d := range dialogs.take() {
			t.Errorf("young person %s: a dialog opened: %s", path, d)
		}
		for _, e := range b.takeConsoleErrors() {
			t.Errorf("young person %s: console: %s", path, e)
		}
	}

	t.Logf("%d pages in Chromium in %v", visited, time.Since(start).Round(time.Millisecond))
	if visited < 40 {
		t.Errorf("only %d pages visited", visited)
	}
	checkTechnicalLog(t, w.app, w.fields)
}
