package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The pages this round changed stay clean for axe-core: the front page with
// the facilitator's late agendas as tasks, a meeting off the fixed days with
// a place beside its room, and the audit log's Danish details.
func TestBrowserMeetingWarningsAndTasks(t *testing.T) {
	f := newMtFixture(t)
	room := mtFixedRoom(t, f, "Storskærmsrummet", "2")
	late := mtMeetingOf("samarbejdsmoede", isoAt(workday(2), "10:00"))
	late.Set("facilitator_id", f.userID("tovholder@a.example"))
	mtCreateMeeting(t, f.uu, f.youthID, late)
	off := url.Values{"kind": {"formoede"}, "starts_at": {isoAt(weekdayAt(8, time.Wednesday), "13:00")}, "room_id": {room}, "place": {"Ungdomsskolen"}}
	id := mtCreateMeeting(t, f.uu, f.youthID, off)

	b := f.app.newBrowser(t)
	b.login("tovholder@a.example")
	if n := b.count("[data-testid=home-agenda-tasks] [data-testid=home-agenda-alert]"); n != 1 {
		t.Errorf("the facilitator's front page lists %d agenda tasks, want 1", n)
	}
	b.checkAccessibility("front page with agenda tasks")
	b.click("form[action='/logout'] button")

	b.login("uu@a.example")
	b.visit(mtPath(id, ""))
	if n := b.count("[data-testid=off-fixed-day]") + b.count("[data-testid=other-place]"); n != 2 {
		t.Errorf("the meeting page shows %d of the warning and the other place, want 2", n)
	}
	b.checkAccessibility("meeting off the fixed days")
	b.click("form[action='/logout'] button")

	b.login("admin@a.example")
	b.visit("/admin/audit?youth=" + strconv.FormatInt(f.youthID, 10))
	b.checkAccessibility("audit log")
}

// The young person's print of the agenda: the room with its address and the
// place beside it on one line that never starts with a comma, the app's
// font in headings too, kui's own page margins, and either the »Udskriv«
// button or (without scripts) the Ctrl+P hint, never both.
func TestBrowserMeetingPrint(t *testing.T) {
	f := newMtFixture(t)
	admin := f.app.as("admin@a.example")
	mtExpect(t, "room", admin.post("/admin/rooms", url.Values{"name": {"Mødelokale 3"}, "address": {"Rådhuspladsen 1"}, "active": {"1"}}), http.StatusSeeOther)
	var room string
	if err := f.app.DB.Pool.QueryRow(context.Background(), `SELECT id::text FROM meeting_rooms WHERE name = 'Mødelokale 3'`).Scan(&room); err != nil {
		t.Fatal(err)
	}
	m := mtMeetingOf("samarbejdsmoede", isoAt(workday(12), "10:00"))
	m.Set("room_id", room)
	m.Set("place", "Ungdomsskolen")
	id := mtCreateMeeting(t, f.uu, f.youthID, m)

	b := f.app.newBrowser(t)
	b.login("uu@a.example")
	b.visit(mtPath(id, "/agenda/print"))
	b.checkAccessibility("agenda print")
	b.screenshot("agenda-print")
	if got, want := b.text("[data-testid=print-place]"), "Mødelokale 3, Rådhuspladsen 1 — Andet sted: Ungdomsskolen"; got != want {
		t.Errorf("the print says where as %q, want %q", got, want)
	}
	if fam := get(b, "heading font", chromedp.Evaluate[string](`getComputedStyle(document.querySelector("h1")).fontFamily`)); !strings.Contains(fam, "IBM Plex Sans") || !strings.HasSuffix(fam, "sans-serif") {
		t.Errorf("the print's heading font is %s, want IBM Plex Sans with a sans-serif fallback", fam)
	}
	if !get(b, "page margins", chromedp.Evaluate[bool](`[...document.styleSheets].some(s => [...s.cssRules].some(r => r instanceof CSSPageRule && r.style.marginTop !== ""))`)) {
		t.Error("the print view sets no page margins of its own (@page)")
	}
	if button, hint := b.count("[data-print]:not([hidden])"), b.count("[data-print-hint]:not([hidden])"); button+hint != 1 {
		t.Errorf("%d print buttons and %d Ctrl+P hints shown, want one of them", button, hint)
	}
}
