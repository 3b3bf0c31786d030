package server_test

import (
	"net/url"
	"strconv"
	"testing"
	"time"
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
