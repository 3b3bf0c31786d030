package server_test

// Browser test of a meeting while PostgreSQL is really stopped: what was
// typed is never lost, the big screen says it is offline and then that it
// is live again, and a page that could not be shown comes back by itself.

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kui/internal/pgtest"
)

// outageWithin bounds every wait of the outage test: generous, it proves
// that things happen by themselves, not how fast.
const outageWithin = 90 * time.Second

// TestBrowserDatabaseOutage: during a meeting PostgreSQL stops. A plan item
// typed on the meeting page and one typed on the screen ("Skriv på
// skærmen") come back as typed with »Det blev ikke gemt — prøv igen om
// lidt« (503); the open big screen says that the connection is broken; a
// screen opened during the outage shows the 503 page. Once PostgreSQL is
// back, the open screen says it is live again, the 503 page becomes the
// screen by itself, and the items sent again are saved once and shown.
// When the meeting ends, the open screen no longer offers »Skriv på
// skærmen«. Not parallel: it stops the test binary's shared cluster.
func TestBrowserDatabaseOutage(t *testing.T) {
	f := newMtFixture(t)
	id := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("samarbejdsmoede", isoAt(9, "10:00")))
	screenPath := mtPath(id, "/screen")

	b := f.app.newBrowser(t)
	b.login("uu@a.example")
	b.visit(mtPath(id, ""))
	// The plan form's button has room below the last radio button.
	gap := get(b, "the space above the add button", chromedp.Evaluate[float64](`(function(){
		const form = document.querySelector("[data-testid=plan-form]");
		const radios = form.querySelectorAll(".form-group-radio");
		return form.querySelector("[data-testid=plan-add]").getBoundingClientRect().top - radios[radios.length-1].getBoundingClientRect().bottom })()`))
	if gap < 16 {
		t.Errorf("the add button is %v px below the last radio button, want at least 16", gap)
	}

	// The big screen, and the screen to write on, at the projector's size.
	screen := b.newTab()
	screen.run("projector size", chromedp.EmulateViewport(1920, 1080))
	screen.visit(screenPath)
	live := `(function(){ const s = document.querySelector("[data-live-status]");
		return !s.hidden && !s.classList.contains("is-offline") && s.textContent === %q })()`
	screen.waitFor("the screen is live", fmt.Sprintf(live, "Opdateres automatisk"), outageWithin)
	edit := b.newTab()
	edit.run("projector size", chromedp.EmulateViewport(1920, 1080))
	edit.visit(screenPath + "?edit=1")
	// The goal's select shows its longest option whole, beside its arrow.
	if fits := get(edit, "the goal select's room", chromedp.Evaluate[string](`(function(){
		const s = document.querySelector("#screen-plan-goal"), cs = getComputedStyle(s);
		const c = document.createElement("canvas").getContext("2d"); c.font = cs.font;
		const widest = Math.max(...Array.from(s.options).map(o => c.measureText(o.text).width));
		const pl = parseFloat(cs.paddingLeft), pr = parseFloat(cs.paddingRight), arrow = parseFloat(cs.backgroundSize);
		if (s.clientWidth - pl - pr < widest - 1) return "the text needs " + widest + " px, it has " + (s.clientWidth - pl - pr);
		if (pr < arrow + 16) return "the arrow (" + arrow + " px) overlaps the text: padding-right " + pr;
		return "" })()`)); fits != "" {
		t.Errorf("the screen's goal select clips: %s", fits)
	}

	const onPage, onScreen = "Jeg skal møde op i skole hver dag", "Jeg går til fodbold om tirsdagen"
	b.fill("#plan-text", onPage)
	b.typeDate("#plan-due", iso(23))
	edit.fill("#screen-plan-text", onScreen)
	edit.typeDate("#screen-plan-due", iso(28))

	restart := pgtest.StopCluster(t)

	offline := `(function(){ const s = document.querySelector("[data-live-status]");
		return !s.hidden && s.classList.contains("is-offline") && s.textContent === "Forbindelsen er afbrudt — prøver igen …" })()`
	screen.waitFor("the open screen says it is offline", offline, outageWithin)
	screen.screenShot("outage-screen-offline")
	screen.checkAccessibility("big screen, offline")

	for _, c := range []struct {
		tab          *browser
		submit, text string
	}{{b, "[data-testid=plan-add]", onPage}, {edit, "[data-testid=screen-plan-add]", onScreen}} {
		if status := c.tab.click(c.submit); status != http.StatusServiceUnavailable {
			t.Fatalf("a plan item while the database is down: %d, want 503", status)
		}
		if got := c.tab.value("[data-testid=unsaved-form] textarea[name=text]"); got != c.text {
			t.Errorf("the text typed came back as %q, want %q", got, c.text)
		}
		if got := c.tab.text("[data-testid=not-saved-text]"); got != "Det blev ikke gemt — prøv igen om lidt." {
			t.Errorf("the message: %q", got)
		}
	}
	b.screenshot("outage-not-saved")
	b.checkAccessibility("form not saved")

	// Signing in meanwhile: the e-mail comes back, the password never does.
	login := f.app.anonymous().post("/login", map[string][]string{"email": {"uu@a.example"}, "password": {testPassword}})
	if login.status != http.StatusServiceUnavailable || !strings.Contains(login.body, `value="uu@a.example"`) && !strings.Contains(login.body, ">uu@a.example</textarea>") {
		t.Errorf("sign in while the database is down: %d, the e-mail not given back", login.status)
	}
	if strings.Contains(login.body, testPassword) {
		t.Error("the password typed was given back")
	}

	// A screen opened during the outage gets the 503 page, which waits.
	reopened := b.newTab()
	if status := reopened.visit(screenPath); status != http.StatusServiceUnavailable {
		t.Errorf("the screen during the outage: %d, want 503", status)
	}
	if n := reopened.count("[data-testid=retrying]"); n != 1 {
		t.Error("the 503 page does not say it tries again")
	}
	reopened.checkAccessibility("503 page")
	time.Sleep(4 * time.Second) // a few of its tries fail while the database is down
	if n := reopened.count("[data-testid=retrying]"); n != 1 {
		t.Error("the 503 page went away while the database is down")
	}

	restart()

	screen.waitFor("the open screen is live again", fmt.Sprintf(live, "Forbindelsen er tilbage — opdateres automatisk"), outageWithin)
	reopened.waitFor("the 503 page becomes the screen by itself", `!!document.querySelector("[data-testid=screen-title]")`, outageWithin)

	// Sent again, both items are saved, once, and reach the open screen.
	for _, tab := range []*browser{b, edit} {
		if status := tab.click("[data-testid=unsaved-resend]"); status != http.StatusOK {
			t.Fatalf("sent again: %d", status)
		}
	}
	if got := b.text("[data-testid=plan-item] [data-testid=plan-text]"); got != onPage {
		t.Errorf("the meeting page's plan after sending again: %q", got)
	}
	if got := edit.path(); got != screenPath+"?edit=1" && got != screenPath {
		t.Errorf("the screen's form went to %s after sending again", got)
	}
	screen.waitFor("both items on the open screen", `document.querySelectorAll("[data-testid=screen-plan-item]").length === 2`, outageWithin)
	body := screen.text("#screen-live")
	for _, want := range []string{onPage, onScreen} {
		if !strings.Contains(body, want) {
			t.Errorf("the screen lacks %q", want)
		}
	}
	if n := countRows(t, f.app, `SELECT count(*) FROM plan_items WHERE meeting_id = $1`, id); n != 2 {
		t.Errorf("%d plan items, want 2", n)
	}

	// The meeting ends (here: is cancelled): the open screen offers no writing.
	if n := screen.count("[data-testid=screen-edit]"); n != 1 {
		t.Fatal("the open screen has no \"Skriv på skærmen\" before the end")
	}
	mtExpect(t, "cancel", f.uu.post(mtPath(id, "/cancel"), nil), http.StatusSeeOther)
	screen.waitFor("the open screen shows the end without \"Skriv på skærmen\"",
		`!!document.querySelector("[data-testid=screen-closed]") && !document.querySelector("[data-testid=screen-edit]")`, outageWithin)
}
