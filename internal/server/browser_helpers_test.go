package server_test

// The browser harness: a real headless Chromium driven with chromedp
// (v0.23's generic API), against the real server of newTestApp.
//
// A browser test uses kui as a caseworker would: it types into the fields
// (keyboard events, never setting values by script), submits with the
// button or Enter, and waits for the next page. It can take a full-page
// screenshot (into $KUI_SCREENSHOT_DIR when set, else a temporary folder)
// and run axe-core on the page, failing on any WCAG 2 A/AA violation.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// chromiumPath is the browser the tests drive (Debian's chromium package).
const chromiumPath = "/usr/bin/chromium"

// actionTimeout bounds one step (a navigation, a wait for an element), so a
// missing element fails the test in seconds instead of at the test timeout.
const actionTimeout = 20 * time.Second

// browser is one headless Chromium, with one tab, for one test.
type browser struct {
	t     *testing.T
	ctx   context.Context // the tab
	base  string          // the server's URL
	shots string          // the screenshots' folder when $KUI_SCREENSHOT_DIR is unset

	mu        sync.Mutex
	console   []consoleError  // console errors and uncaught exceptions
	documents map[string]bool // the URLs of the pages loaded

	lastDocument    network.RequestID // the last page loaded, for savePage
	lastDocumentURL string
}

type consoleError struct {
	text, url string
	line      int
}

// newBrowser starts a fresh Chromium (its own profile folder) for the test,
// pointed at app. It is stopped when the test ends.
func (a *testApp) newBrowser(t *testing.T, extra ...chromedp.ExecAllocatorOption) *browser {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("browser tests need Chromium at %s (%v). Install it with:\n    apt-get install -y chromium", chromiumPath, err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		// A Danish browser, as the users have (Linux Chromium takes its
		// language from the environment; Debian's chromium-l10n holds it).
		chromedp.Flag("lang", "da-DK"),
		chromedp.Env("LANGUAGE=da", "LANG=da_DK.UTF-8"),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
	)
	opts = append(opts, extra...)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})
	// The first Do starts the browser; it lives as long as ctx, so no timeout here.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	b := &browser{t: t, ctx: ctx, base: a.URL, documents: map[string]bool{}}

	// Collect console errors for the whole test: a CSP violation (an inline
	// script or style the policy refuses), a script error, a missing file.
	// A page's own 404 or 422 is what the test asked for, not an error:
	// the pages loaded are noted to tell them apart.
	messages := chromedp.Console(ctx)
	responses := chromedp.Events(ctx, network.ResponseReceived)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				b.mu.Lock()
				b.console = append(b.console, consoleError{text: m.Text, url: m.URL, line: int(m.Line) + 1})
				b.mu.Unlock()
			}
		}
	}()
	go func() {
		for ev, err := range responses {
			if err != nil {
				return
			}
			if ev.Type == network.ResourceTypeDocument {
				b.mu.Lock()
				b.documents[ev.Response.URL] = true
				b.lastDocument, b.lastDocumentURL = ev.RequestID, ev.Response.URL
				b.mu.Unlock()
			}
		}
	}()
	t.Cleanup(func() {
		for _, m := range b.takeConsoleErrors() {
			t.Errorf("browser console error: %s", m)
		}
	})
	return b
}

// takeConsoleErrors returns the console errors so far, but for the HTTP
// status of a page itself, and forgets them.
func (b *browser) takeConsoleErrors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, m := range b.console {
		if strings.HasPrefix(m.text, "Failed to load resource: the server responded with a status of") && b.documents[m.url] {
			continue
		}
		out = append(out, fmt.Sprintf("%s (%s:%d)", m.text, m.url, m.line))
	}
	b.console = nil
	return out
}

// run runs steps with the step timeout and fails the test on an error.
func (b *browser) run(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v (page %s)", what, err, b.location())
	}
}

// get runs one action that returns a value, with the step timeout.
func get[T any](b *browser, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("%s: %v (page %s)", what, err, b.location())
	}
	return v
}

// navigation runs steps that load a new page (a click on a link, a submit),
// waits until it has loaded, and returns its HTTP status.
func (b *browser) navigation(what string, steps ...chromedp.Action[chromedp.Void]) int64 {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		b.t.Fatalf("%s: %v (page %s)", what, err, b.location())
	}
	if resp == nil {
		b.t.Fatalf("%s: no page loaded (page %s)", what, b.location())
	}
	return resp.Status
}

// visit opens path on the server and returns the HTTP status of the page.
func (b *browser) visit(path string) int64 {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(b.base+path))
	if err != nil {
		b.t.Fatalf("open %s: %v", path, err)
	}
	return resp.Status
}

// response opens path and returns the whole response (headers too).
func (b *browser) response(path string) *network.Response {
	b.t.Helper()
	return get(b, "open "+path, chromedp.NavigateResponse(b.base+path))
}

// location is the current page's path and query ("" when unknown).
func (b *browser) location() string {
	ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(loc, b.base)
}

// path is the current page's path and query, failing when it cannot be read.
func (b *browser) path() string {
	b.t.Helper()
	return strings.TrimPrefix(get(b, "read the location", chromedp.Location()), b.base)
}

// fill types value into the field sel as a user would: focus it, select
// what is there (Ctrl+A), delete it, and type the new value key by key.
func (b *browser) fill(sel, value string) {
	b.t.Helper()
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.Focus(chromedp.CSS(sel), chromedp.NodeVisible),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.KeyEvent(kb.Backspace),
	}
	if value != "" {
		steps = append(steps, chromedp.KeyEvent(value))
	}
	b.run("type into "+sel, steps...)
}

// typeDate types a date into an <input type=date> as a user does: the
// digits, segment by segment, in the order the browser's locale shows them
// (dd.mm.åååå in Danish, mm/dd/yyyy in the en-US that a Chromium without
// chromium-l10n falls back to). iso is YYYY-MM-DD.
func (b *browser) typeDate(sel, iso string) {
	b.t.Helper()
	d, err := time.Parse("2006-01-02", iso)
	if err != nil {
		b.t.Fatalf("typeDate %q: %v", iso, err)
	}
	layout := b.dateFieldOrder()
	b.run("type a date into "+sel,
		chromedp.Focus(chromedp.CSS(sel), chromedp.NodeVisible),
		chromedp.KeyEvent(d.Format(layout)),
	)
	if got := b.value(sel); got != iso {
		b.t.Fatalf("typed %s into %s, the field holds %q", iso, sel, got)
	}
}

// dateFieldOrder finds the order of a date field's segments by typing
// 01 02 2003 into a scratch date field: the answer is a Go layout for the
// digits to type.
func (b *browser) dateFieldOrder() string {
	b.t.Helper()
	b.run("add a scratch date field", evalVoid(`(function(){
		const i = document.createElement("input");
		i.type = "date"; i.id = "browser-test-date-probe";
		document.body.prepend(i) })()`))
	b.run("type into the scratch date field",
		chromedp.Focus(chromedp.ID("browser-test-date-probe")),
		chromedp.KeyEvent("01022003"))
	got := b.value("#browser-test-date-probe")
	b.run("remove the scratch date field", evalVoid(`document.getElementById("browser-test-date-probe").remove()`))
	switch got {
	case "2003-02-01":
		return "02012006"
	case "2003-01-02":
		return "01022006"
	}
	b.t.Fatalf("cannot tell the browser's date order: typing 01022003 into a date field gives %q", got)
	return ""
}

// choose picks the option labelled label in the <select> sel with the
// keyboard: focus it and type the label (the select's type-ahead).
func (b *browser) choose(sel, label string) {
	b.t.Helper()
	b.run("choose in "+sel,
		chromedp.Focus(chromedp.CSS(sel), chromedp.NodeVisible),
		chromedp.KeyEvent(label),
	)
	got := get(b, "read "+sel, chromedp.Evaluate[string](
		fmt.Sprintf(`(function(s){ return s.options[s.selectedIndex].text })(document.querySelector(%q))`, sel)))
	if got != label {
		b.t.Fatalf("choose %q in %s: %q is selected", label, sel, got)
	}
}

// press sends keys (kb.Enter, kb.Tab, text) to whatever has the focus.
func (b *browser) press(keys string) {
	b.t.Helper()
	b.run("press keys", chromedp.KeyEvent(keys))
}

// click clicks sel and waits for the page it loads; it returns its status.
func (b *browser) click(sel string) int64 {
	b.t.Helper()
	return b.navigation("click "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// clickLink follows the link whose visible text is text, inside the element
// scope (a CSS selector), and waits for the page.
func (b *browser) clickLink(scope, text string) int64 {
	b.t.Helper()
	ok := get(b, "find link "+text, chromedp.Evaluate[bool](fmt.Sprintf(`(function(){
		for (const a of document.querySelectorAll(%q + " a")) {
			if (a.textContent.trim() === %q) { a.setAttribute("data-browser-test-target", ""); return true }
		}
		return false })()`, scope, text)))
	if !ok {
		b.t.Fatalf("no link %q in %s on %s", text, scope, b.location())
	}
	return b.click("[data-browser-test-target]")
}

// submitWithEnter presses Enter in the field sel and waits for the page.
func (b *browser) submitWithEnter(sel string) int64 {
	b.t.Helper()
	return b.navigation("press Enter in "+sel,
		chromedp.Focus(chromedp.CSS(sel), chromedp.NodeVisible),
		chromedp.KeyEvent(kb.Enter))
}

// text is the visible text of the first element matching sel.
func (b *browser) text(sel string) string {
	b.t.Helper()
	return strings.TrimSpace(get(b, "read text of "+sel, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible)))
}

// value is the current value of the form field sel.
func (b *browser) value(sel string) string {
	b.t.Helper()
	return get(b, "read value of "+sel, chromedp.Value(chromedp.CSS(sel)))
}

// count is how many elements match sel now (no waiting).
func (b *browser) count(sel string) int {
	b.t.Helper()
	return get(b, "count "+sel, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, sel)))
}

// focused describes the element that has the keyboard focus: its tag, id,
// classes and text, for messages and checks.
type focusedElement struct {
	Tag, ID, Class, Text, Href, Name, Outline string
}

func (b *browser) focused() focusedElement {
	b.t.Helper()
	return get(b, "read the focused element", chromedp.Evaluate[focusedElement](`(function(){
		const e = document.activeElement;
		const s = getComputedStyle(e);
		return {Tag: e.tagName.toLowerCase(), ID: e.id, Class: e.className, Text: (e.textContent||"").trim(),
			Href: e.getAttribute("href")||"", Name: e.getAttribute("name")||"",
			Outline: s.outlineStyle + " " + s.outlineWidth + " " + s.outlineColor + " / " + s.boxShadow};
	})()`))
}

// screenshot saves a full-page PNG named name.png into $KUI_SCREENSHOT_DIR
// (created when missing), or into the test's temporary folder.
func (b *browser) screenshot(name string) string {
	b.t.Helper()
	dir := os.Getenv("KUI_SCREENSHOT_DIR")
	if dir == "" {
		if b.shots == "" {
			b.shots = b.t.TempDir()
		}
		dir = b.shots
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	png := get(b, "screenshot "+name, chromedp.FullScreenshot(100))
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot %s", path)
	return path
}

// axe-core, read once per test binary.
var (
	axeOnce   sync.Once
	axeSource string
	axeErr    error
)

func loadAxe() (string, error) {
	axeOnce.Do(func() {
		root, err := repoRoot()
		if err != nil {
			axeErr = err
			return
		}
		src, err := os.ReadFile(filepath.Join(root, "node_modules", "axe-core", "axe.min.js"))
		if err != nil {
			axeErr = fmt.Errorf("axe-core is missing (%v): run `make assets`", err)
			return
		}
		axeSource = string(src)
	})
	return axeSource, axeErr
}

// repoRoot is the folder with go.mod, found by walking up from here.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the test's folder")
		}
		dir = parent
	}
}

// axeViolation is what axe reports for one broken rule.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

// axeViolations injects axe-core into the current page (through the
// DevTools protocol, which the page's CSP does not govern) and returns the
// WCAG 2 A and AA violations.
func (b *browser) axeViolations() []axeViolation {
	b.t.Helper()
	src, err := loadAxe()
	if err != nil {
		b.t.Fatal(err)
	}
	b.run("inject axe-core", chromedp.Evaluate[chromedp.Void](src+"\n;undefined"))
	raw := get(b, "run axe", chromedp.Evaluate[[]byte](
		`axe.run(document, {runOnly: ['wcag2a', 'wcag2aa'], resultTypes: ['violations']}).then(r => r.violations)`,
		chromedp.EvalAwaitPromise))
	var violations []axeViolation
	if err := json.Unmarshal(raw, &violations); err != nil {
		b.t.Fatalf("read axe's answer: %v", err)
	}
	return violations
}

// checkAccessibility fails the test (without stopping it) for every
// WCAG 2 A/AA violation axe finds on the current page; page names the page.
// It also keeps the page for the HTML checker (savePage, validatingM).
func (b *browser) checkAccessibility(page string) {
	b.t.Helper()
	b.savePage(page)
	for _, v := range b.axeViolations() {
		var targets []string
		for _, n := range v.Nodes {
			targets = append(targets, fmt.Sprint(n.Target...))
		}
		b.t.Errorf("axe on %s (%s): %s [%s]: %s\n    at %s", page, b.location(), v.ID, v.Impact, v.Help, strings.Join(targets, "\n    at "))
	}
}

// login signs in through the real login form, typing like a user and
// submitting with the button, and checks that it lands on the front page.
func (b *browser) login(email string) {
	b.t.Helper()
	b.visit("/login")
	b.fill("#f-email", email)
	b.fill("#f-password", testPassword)
	if status := b.click("form[action='/login'] button[type=submit]"); status != 200 {
		b.t.Fatalf("login as %s: status %d on %s", email, status, b.location())
	}
	if p := b.path(); p != "/" {
		b.t.Fatalf("login as %s: landed on %s, want /", email, p)
	}
}

// evalVoid runs a script in the page for its effect.
func evalVoid(script string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](script + "\n;undefined")
}

// keys is the action of pressing keys on whatever has the focus.
func (b *browser) keys(keys string) chromedp.Action[chromedp.Void] {
	return chromedp.KeyEvent(keys)
}

// definition is the text of the <dd> beside the <dt> whose text is term.
func (b *browser) definition(term string) string {
	b.t.Helper()
	return get(b, "read "+term, chromedp.Evaluate[string](fmt.Sprintf(`(function(){
		for (const dt of document.querySelectorAll("dt")) {
			if (dt.textContent.trim() === %q) {
				const dd = dt.nextElementSibling;
				return dd ? dd.textContent.trim() : "";
			}
		}
		return "(no such term)" })()`, term)))
}

// checkFocusVisible fails the test when the focused element shows no
// focus indicator: no outline and no box shadow.
func (b *browser) checkFocusVisible() {
	b.t.Helper()
	if f := b.focused(); strings.HasPrefix(f.Outline, "none ") && strings.HasSuffix(f.Outline, "/ none") {
		b.t.Errorf("the focused %s %q (#%s .%s) shows no focus indicator: %s", f.Tag, f.Text, f.ID, f.Class, f.Outline)
	}
}

// checkEveryFocusVisible tabs through the whole page from the top and
// fails the test for every stop that shows no focus indicator.
func (b *browser) checkEveryFocusVisible(page string) {
	b.t.Helper()
	b.run("start from the top", evalVoid(`document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)`))
	first := ""
	for i := 0; i < 100; i++ {
		b.press(kb.Tab)
		f := b.focused()
		if f.Tag == "body" {
			return
		}
		id := fmt.Sprintf("%s#%s.%s[%s]%q", f.Tag, f.ID, f.Class, f.Href, f.Text)
		if id == first {
			return
		}
		if first == "" {
			first = id
		}
		if strings.HasPrefix(f.Outline, "none ") && strings.HasSuffix(f.Outline, "/ none") {
			b.t.Errorf("%s: tab stop %d, %s %q (#%s .%s), shows no focus indicator", page, i+1, f.Tag, f.Text, f.ID, f.Class)
		}
	}
	b.t.Errorf("%s: more than 100 tab stops", page)
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
