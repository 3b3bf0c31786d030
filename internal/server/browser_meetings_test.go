package server_test

// Browser test of a cooperation meeting, as a caseworker plans it and a
// facilitator runs it in a real Chromium (see browser_helpers_test.go),
// with the big screen open in a second tab, updating live.

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// newTab opens a second tab in the same browser (the same signed-in
// session), as a facilitator opens the big screen beside the meeting page.
func (b *browser) newTab() *browser {
	b.t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx)
	b.t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		b.t.Fatalf("open a tab: %v", err)
	}
	return &browser{t: b.t, ctx: ctx, base: b.base}
}

// waitFor polls the script (an expression giving true or false) until it
// is true, and returns how long that took; it fails the test after within.
func (b *browser) waitFor(what, script string, within time.Duration) time.Duration {
	b.t.Helper()
	start := time.Now()
	for {
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](script))
		cancel()
		if err == nil && ok {
			return time.Since(start)
		}
		if time.Since(start) > within {
			b.t.Fatalf("%s: not within %v (page %s, last error %v)", what, within, b.location(), err)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// screenShot saves a screenshot of the visible 1920×1080 screen as name.png
// into $KUI_SCREENSHOT_DIR, else /tmp/kui-shots.
func (b *browser) screenShot(name string) string {
	b.t.Helper()
	dir := os.Getenv("KUI_SCREENSHOT_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "kui-shots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	png := get(b, "screenshot "+name, chromedp.CaptureScreenshot())
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot %s", path)
	return path
}

// TestBrowserMeetingCooperation: a caseworker plans a cooperation meeting
// on the next free fixed meeting time with the facilitator; the facilitator
// puts the young person's topic on the agenda, opens the big screen in a
// second tab at 1920×1080, writes the plan in the young person's words
// (a third-person sentence is refused), and every item shows on the screen
// live (how soon is logged); ending the meeting locks the plan, on the
// screen too.
func TestBrowserMeetingCooperation(t *testing.T) {
	app := newTestApp(t)
	f := mtFixture{app: app}
	id := app.createYouth("uu@a.example", "Mikkel Jensen")
	for _, email := range []string{"mentor@a.example", "skole@a.example"} {
		if err := app.DB.AddTeamMember(context.Background(), app.Users["uu@a.example"], id, app.Users[email].ID, ""); err != nil {
			t.Fatal(err)
		}
	}
	// The administrator's room with a big screen, free on Tuesdays 9–12.
	admin := app.as("admin@a.example")
	mtExpect(t, "room", admin.post("/admin/rooms", url.Values{"name": {"Storskærmsrummet"}, "has_screen": {"1"}}), 303)
	var room string
	_ = app.DB.Pool.QueryRow(context.Background(), `SELECT id::text FROM meeting_rooms`).Scan(&room)
	mtExpect(t, "fixed day", admin.post("/admin/rooms/days", url.Values{"room_id": {room}, "weekday": {"2"}, "starts": {"09:00"}, "ends": {"12:00"}}), 303)

	b := app.newBrowser(t)
	b.login("admin@a.example")
	b.visit("/admin/rooms")
	b.checkAccessibility("rooms admin")
	b.click("form[action='/logout'] button")

	// The caseworker plans the meeting from the young person's meetings tab.
	b.login("uu@a.example")
	b.visit(youthPath(id))
	if status := b.clickLink("nav.kui-tabs", "Møder"); status != 200 {
		t.Fatalf("meetings tab: %d", status)
	}
	if n := b.count("[data-testid=no-upcoming]"); n != 1 {
		t.Error("the empty meetings tab does not say so")
	}
	b.checkAccessibility("meetings tab")
	if status := b.click("[data-testid=suggest-slot]"); status != 200 {
		t.Fatalf("suggest a slot: %d", status)
	}
	if got, want := b.value("#m-starts-at"), isoAt(mtFixedDay(time.Tuesday), "09:00"); got != want {
		t.Fatalf("the proposed time is %q, want the next working Tuesday at 9, %q", got, want)
	}
	if got := get(b, "the room chosen", chromedp.Evaluate[string](`document.querySelector("#m-room").selectedOptions[0].text`)); got != "Storskærmsrummet" {
		t.Errorf("the proposed room is %q", got)
	}
	b.choose("#m-facilitator", "Tove Tovholder (Ungeenheden)")
	b.checkAccessibility("meetings tab with a proposal")
	b.screenshot("meetings-tab")
	if status := b.click("[data-testid=meeting-create]"); status != 200 {
		t.Fatalf("plan the meeting: %d", status)
	}
	meetingPath := b.path()
	if !strings.HasPrefix(meetingPath, "/meetings/") {
		t.Fatalf("planning led to %s", meetingPath)
	}
	b.click("form[action='/logout'] button")

	// The facilitator finds it among their next meetings.
	b.login("tovholder@a.example")
	if n := b.count("[data-testid=home-meeting]"); n != 1 {
		t.Fatalf("the facilitator's front page lists %d meetings", n)
	}
	b.checkAccessibility("front page with meetings")
	if status := b.click("[data-testid=home-meeting] a"); status != 200 || b.path() != meetingPath {
		t.Fatalf("the meeting link: %d %s", status, b.path())
	}
	b.checkAccessibility("meeting page")

	// The young person's topic, typed and sent with Enter.
	b.fill("#agenda-text", "Jeg vil tale om skolen og om fritidsjob")
	if status := b.submitWithEnter("#agenda-text"); status != 200 {
		t.Fatalf("add topic: %d", status)
	}
	if got := b.text("[data-testid=agenda-text]"); got != "Jeg vil tale om skolen og om fritidsjob" {
		t.Fatalf("agenda item %q", got)
	}
	// A second topic, moved first with the keyboard.
	b.fill("#agenda-text", "Jeg vil tale om træning")
	if status := b.submitWithEnter("#agenda-text"); status != 200 {
		t.Fatalf("add topic: %d", status)
	}
	if status := b.navigation("move up with the keyboard",
		chromedp.Focus(chromedp.CSS("[data-testid=agenda-item]:last-child [data-testid=move-up]"), chromedp.NodeVisible),
		chromedp.KeyEvent(kb.Enter)); status != 200 {
		t.Fatalf("move up: %d", status)
	}
	order := get(b, "the agenda's order", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("[data-testid=agenda-text]"), e => e.textContent)`))
	if strings.Join(order, " | ") != "Jeg vil tale om træning | Jeg vil tale om skolen og om fritidsjob" {
		t.Errorf("after moving up: %v", order)
	}

	// The big screen in a second tab, at the projector's size.
	screen := b.newTab()
	screen.run("projector size", chromedp.EmulateViewport(1920, 1080))
	if status := screen.visit(meetingPath + "/screen"); status != 200 {
		t.Fatalf("screen: %d", status)
	}
	screen.waitFor("the screen connects", `!document.querySelector("[data-live-status]").hidden && !document.querySelector("[data-live-status]").classList.contains("is-offline")`, mtWithin)
	if got := screen.text("[data-testid=screen-agenda-item]"); got != "Jeg vil tale om træning" {
		t.Errorf("the screen's agenda: %q", got)
	}
	screen.checkAccessibility("big screen")

	// A sentence not in the young person's words is refused, kindly.
	b.fill("#plan-text", "Mikkel skal møde op i skole 3 dage om ugen")
	b.typeDate("#plan-due", iso(23))
	if status := b.click("[data-testid=plan-add]"); status != 422 {
		t.Fatalf("third-person plan item: %d, want 422", status)
	}
	if got := b.text("#plan-text-error"); !strings.Contains(got, "»Jeg skal …«") {
		t.Errorf("the message: %q", got)
	}
	b.waitFor("after the refusal the focus is on the plan's text", `document.activeElement.id === "plan-text"`, mtWithin)
	b.checkAccessibility("meeting page with a refused plan item")
	b.screenshot("meeting-refused")

	// Typed as the young person says it: on the screen within a second.
	items := []struct{ text, owner string }{
		{"Jeg skal møde op i skole 3 dage om ugen", "Mikkel (den unge)"},
		{"Vi ringer sammen til erhvervsskolen om praktik", "Mads Mentor"},
	}
	for i, it := range items {
		b.fill("#plan-text", it.text)
		b.choose("#plan-owner", it.owner)
		b.typeDate("#plan-due", iso(23))
		if status := b.click("[data-testid=plan-add]"); status != 200 {
			t.Fatalf("plan item %d: %d", i+1, status)
		}
		took := screen.waitFor(fmt.Sprintf("plan item %d on the screen", i+1),
			fmt.Sprintf(`document.querySelectorAll("[data-testid=screen-plan-item]").length === %d`, i+1), mtWithin)
		t.Logf("plan item %d reached the screen %v after the page loaded", i+1, took)
	}
	if got := screen.text("[data-testid=screen-plan-item]:last-child .screen-plan__text"); got != items[1].text {
		t.Errorf("the screen's last item: %q", got)
	}

	// Readable from the back of the room: no text under 32 px, and nothing
	// about the young person but the first name.
	smallest := get(screen, "smallest text", chromedp.Evaluate[float64](`(function(){
		let min = 1000;
		const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		while (walk.nextNode()) {
			const n = walk.currentNode, el = n.parentElement;
			if (!n.textContent.trim() || !el.offsetParent && getComputedStyle(el).position !== "fixed") continue;
			if (el.closest(".sr-only,.skipnav")) continue;
			min = Math.min(min, parseFloat(getComputedStyle(el).fontSize));
		}
		return min })()`))
	if smallest < 32 {
		t.Errorf("the screen has text of %v px, want at least 32", smallest)
	}
	body := screen.text("body")
	if strings.Contains(body, "Jensen") || strings.Contains(body, "CPR") {
		t.Error("the screen shows more than the young person's first name")
	}
	shot := screen.screenShot("screen")
	t.Logf("look at %s", shot)

	// From the screen itself, keyboard first: the plan's text has the focus.
	if status := screen.click("[data-testid=screen-edit]"); status != 200 {
		t.Fatalf("write on the screen: %d", status)
	}
	screen.waitFor("the screen's edit mode focuses the plan's text", `document.activeElement.id === "screen-plan-text"`, mtWithin)
	screen.checkAccessibility("big screen, edit mode")
	screen.press("Jeg går til fodbold om tirsdagen")
	screen.typeDate("#screen-plan-due", iso(28))
	if status := screen.submitWithEnter("#screen-plan-text"); status != 200 {
		t.Fatalf("plan item from the screen: %d", status)
	}
	if n := screen.count("[data-testid=screen-plan-item]"); n != 3 {
		t.Errorf("after writing on the screen it shows %d items", n)
	}
	screen.screenShot("screen-edit")
	b.visit(meetingPath)
	if n := b.count("[data-testid=plan-item]"); n != 3 {
		t.Errorf("the meeting page shows %d plan items", n)
	}
	b.screenshot("meeting")

	// The print views for the young person.
	b.visit(meetingPath + "/agenda/print")
	b.checkAccessibility("agenda print")
	b.visit(meetingPath + "/plan/print")
	if n := b.count("[data-testid=print-plan-item]"); n != 3 {
		t.Errorf("the plan's print view has %d items", n)
	}
	b.checkAccessibility("plan print")
	b.screenshot("plan-print")

	// Editing an item.
	b.visit(meetingPath)
	if status := b.click("[data-testid=plan-item]:first-child [data-testid=plan-edit]"); status != 200 {
		t.Fatalf("edit: %d", status)
	}
	b.checkAccessibility("plan item edit")
	b.fill("#edit-text", "Jeg skal møde op i skole 4 dage om ugen")
	if status := b.click("[data-testid=plan-save]"); status != 200 {
		t.Fatalf("save: %d", status)
	}
	took := screen.waitFor("the edit on the screen", `document.body.textContent.includes("4 dage om ugen")`, mtWithin)
	t.Logf("the edit reached the screen %v after the page loaded", took)

	// Ending the meeting: a confirm step, then the plan is locked, on the screen too.
	if status := b.click("[data-testid=end-meeting]"); status != 200 {
		t.Fatalf("end: %d", status)
	}
	b.checkAccessibility("end meeting")
	if status := b.click("[data-testid=confirm-close]"); status != 200 {
		t.Fatalf("confirm end: %d", status)
	}
	if n := b.count("[data-testid=plan-locked]"); n != 1 {
		t.Error("the ended meeting's plan is not shown as locked")
	}
	screen.waitFor("the screen shows the end", `!!document.querySelector("[data-testid=screen-closed]") && !document.querySelector("[data-testid=screen-plan-form]")`, mtWithin)

	// The plans over time, on the young person's meetings tab.
	b.visit(youthPath(id) + "/meetings")
	if n := b.count("[data-testid=plan-history]"); n != 1 {
		t.Errorf("%d plans over time", n)
	}
	b.checkAccessibility("meetings tab with a held meeting")
	b.screenshot("meetings-tab-held")
	b.visit("/calendar")
	b.checkAccessibility("calendar feed")

	// The next cooperation meeting follows the plan up: partly done,
	// carried over into the new plan, with the keyboard.
	uu := app.as("uu@a.example")
	next := mtCreateMeeting(t, uu, id, url.Values{"kind": {"samarbejdsmoede"}, "starts_at": {isoAt(23, "10:00")}, "facilitator_id": {f.userID("tovholder@a.example")}})
	coord := mtCreateMeeting(t, uu, id, url.Values{"kind": {"koordinationsmoede"}, "starts_at": {isoAt(18, "10:00")}, "facilitator_id": {f.userID("tovholder@a.example")}})
	b.visit(mtPath(next, ""))
	if n := b.count("[data-testid=followup-item]"); n != 3 {
		t.Fatalf("%d items to follow up, want 3", n)
	}
	b.checkAccessibility("meeting page with a follow-up")
	first := "[data-testid=followup-item]:first-child "
	b.run("choose partly", chromedp.Focus(chromedp.CSS(first+"input[value=partly]")), chromedp.KeyEvent(" "))
	b.fill(first+"textarea[name=went_well]", "Kom i skole de fleste dage")
	b.run("tick carry over", chromedp.Focus(chromedp.CSS(first+"input[name=carry]")), chromedp.KeyEvent(" "))
	if status := b.click(first + "[data-testid=followup-save]"); status != 200 {
		t.Fatalf("save the follow-up: %d", status)
	}
	if got := b.text("[data-testid=plan-item] [data-testid=plan-text]"); got != "Jeg skal møde op i skole 4 dage om ugen" {
		t.Errorf("the carried item: %q", got)
	}
	b.visit(mtPath(next, "/edit"))
	b.checkAccessibility("edit meeting")
	b.visit(mtPath(next, "/cancel"))
	b.checkAccessibility("cancel meeting")
	b.visit(mtPath(coord, ""))
	b.checkAccessibility("coordination meeting")
	if status := b.visit(mtPath(coord, "/screen")); status != 404 {
		t.Errorf("a coordination meeting's screen: %d", status)
	}
}
