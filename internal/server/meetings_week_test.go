package server_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"kui/internal/casework"
	"kui/web"
)

// The .ics ends every line in CRLF and folds lines longer than 75 octets
// (RFC 5545, 3.1).
func TestMeetingICSLinesEndInCRLF(t *testing.T) {
	f := newMtFixture(t)
	form := mtMeetingOf("samarbejdsmoede", isoAt(9, "10:00"))
	form.Set("place", "Ungdomsskolen, lokalet på første sal bag kantinen, indgang fra gården ved cykelskuret")
	id := mtCreateMeeting(t, f.uu, f.youthID, form)
	resp := f.uu.get(mtPath(id, "/calendar.ics"))
	mtExpect(t, "ics", resp, http.StatusOK)
	if !strings.HasSuffix(resp.body, "END:VCALENDAR\r\n") {
		t.Errorf("the .ics does not end in END:VCALENDAR CRLF: %q", resp.body[max(0, len(resp.body)-30):])
	}
	lines := strings.Split(strings.TrimSuffix(resp.body, "\r\n"), "\r\n")
	folded := false
	for _, l := range lines {
		if strings.Contains(l, "\n") || strings.Contains(l, "\r") {
			t.Errorf("a line ends in a bare LF or CR: %q", l)
		}
		if len(l) > 75 {
			t.Errorf("a line of %d octets: %q", len(l), l)
		}
		if strings.HasPrefix(l, " ") {
			folded = true
		}
	}
	if !folded {
		t.Error("the long location was not folded")
	}
	if body := strings.ReplaceAll(resp.body, "\r\n ", ""); !strings.Contains(body, "indgang fra gården ved cykelskuret") {
		t.Errorf("the unfolded .ics lacks the place:\n%s", body)
	}
}

// mtFixedRoom makes a room with a fixed meeting day (ISO weekday, 1 is
// Monday) 9–12 as the administrator, and returns the room's id.
func mtFixedRoom(t *testing.T, f mtFixture, name, isoWeekday string) string {
	t.Helper()
	admin := f.app.as("admin@a.example")
	mtExpect(t, "room", admin.post("/admin/rooms", url.Values{"name": {name}, "has_screen": {"1"}}), http.StatusSeeOther)
	var room string
	if err := f.app.DB.Pool.QueryRow(context.Background(), `SELECT id::text FROM meeting_rooms WHERE name = $1`, name).Scan(&room); err != nil {
		t.Fatal(err)
	}
	mtExpect(t, "fixed day", admin.post("/admin/rooms/days", url.Values{"room_id": {room}, "weekday": {isoWeekday}, "starts": {"09:00"}, "ends": {"12:00"}}), http.StatusSeeOther)
	return room
}

// "Foreslå næste ledige tid" never proposes a day whose agenda send-by date
// has passed: the first Tuesday after today is too soon for 5 working days'
// notice, so the proposal is the first Tuesday whose agenda can still go out.
func TestMeetingSuggestSlotKeepsTheAgendaDeadline(t *testing.T) {
	f := newMtFixture(t)
	path := youthPath(f.youthID) + "/meetings?suggest=1&kind=samarbejdsmoede&minutes=60"
	if page := f.uu.get(path); mtCount(page.body, "no-slot") != 1 || !strings.Contains(page.body, "Kommunen har ingen faste mødedage") {
		t.Errorf("without fixed days: %s", mtSection(page.body, "no-slot"))
	}
	mtFixedRoom(t, f, "Storskærmsrummet", "2")

	tue := mtFixedDay(time.Tuesday)
	if casework.AgendaSendBy(day(tue), casework.DefaultAgendaLeadDays).Before(testToday) {
		t.Fatalf("the test's own expectation is late")
	}
	page := f.uu.get(path)
	if mtCount(page.body, "slot-suggested") != 1 || !strings.Contains(page.body, `value="`+isoAt(tue, "09:00")+`"`) {
		t.Fatalf("suggestion, want %s: %s", isoAt(tue, "09:00"), mtSection(page.body, "slot-suggested"))
	}
	sendBy := web.Danish.Day(casework.AgendaSendBy(day(tue), casework.DefaultAgendaLeadDays))
	if !strings.Contains(page.body, "Dagsordenen skal sendes senest "+sendBy) {
		t.Errorf("the proposal does not tell the send-by date %s: %s", sendBy, mtSection(page.body, "slot-suggested"))
	}
	// The meeting made at the proposed time is not late.
	form := mtMeetingOf("samarbejdsmoede", isoAt(tue, "09:00"))
	id := mtCreateMeeting(t, f.uu, f.youthID, form)
	if m := f.uu.get(mtPath(id, "")); strings.Contains(m.body, "For sent") {
		t.Error("the meeting at the proposed time is late from the start")
	}

	// With no lead time, the first working Tuesday after today will do.
	admin := f.app.as("admin@a.example")
	mtExpect(t, "lead 0", admin.post("/admin/rooms/settings", url.Values{"agenda_lead_days": {"0"}}), http.StatusSeeOther)
	first := mtFixedDayLead(time.Tuesday, 0)
	want := isoAt(first, "09:00")
	if first == tue {
		want = isoAt(first, "10:00") // 9–10 is taken by the meeting above
	}
	if page := f.uu.get(path); !strings.Contains(page.body, `value="`+want+`"`) {
		t.Errorf("with no lead time, want %s: %s", want, mtSection(page.body, "slot-suggested"))
	}
}

// The next meeting after an ended one follows up its plan, whatever the
// clock times of the two: in the same slot, or even set to start before it.
func TestMeetingFollowupInTheSameSlot(t *testing.T) {
	f := newMtFixture(t)
	first := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("samarbejdsmoede", isoAt(-7, "10:00")))
	mtExpect(t, "plan", f.uu.post(mtPath(first, "/plan"), mtPlanForm("Jeg skal møde op i skole 3 dage om ugen", "youth", iso(3))), http.StatusSeeOther)
	mtExpect(t, "end first", f.uu.post(mtPath(first, "/end"), nil), http.StatusSeeOther)

	same := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("samarbejdsmoede", isoAt(-7, "10:00")))
	page := f.uu.get(mtPath(same, ""))
	if got := mtCount(page.body, "followup-item"); got != 1 || !strings.Contains(page.body, "Jeg skal møde op i skole 3 dage om ugen") {
		t.Fatalf("the meeting in the same slot shows %d items to follow up, want 1", got)
	}
	earlier := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("formoede", isoAt(-8, "10:00")))
	if got := mtCount(f.uu.get(mtPath(earlier, "")).body, "followup-item"); got != 1 {
		t.Errorf("a next meeting set to start earlier shows %d items to follow up, want 1", got)
	}
	item := regexp.MustCompile(`data-testid="followup-item" id="followup-(\d+)"`).FindStringSubmatch(page.body)[1]
	mtExpect(t, "follow up", f.uu.post(mtPath(same, "/followup/"+item), url.Values{"outcome": {"done"}, "went_well": {"Mødte op hver gang"}}), http.StatusSeeOther)
	mtExpect(t, "plan 2", f.uu.post(mtPath(same, "/plan"), mtPlanForm("Jeg skal søge en praktikplads", "youth", iso(20))), http.StatusSeeOther)
	mtExpect(t, "end same", f.uu.post(mtPath(same, "/end"), nil), http.StatusSeeOther)

	// Once over, the meeting still shows the follow-up it recorded.
	if page := f.uu.get(mtPath(same, "")); mtCount(page.body, "followup-item") != 1 || !strings.Contains(page.body, "Mødte op hver gang") {
		t.Errorf("the ended meeting lost its follow-up: %s", mtSection(page.body, "followup-item"))
	}
	// The next one follows up the meeting ended last.
	next := f.uu.get(mtPath(earlier, ""))
	if mtCount(next.body, "followup-item") != 1 || !strings.Contains(next.body, "Jeg skal søge en praktikplads") {
		t.Errorf("the next meeting does not follow up the one ended last: %s", mtSection(next.body, "followup-item"))
	}
}

// A meeting off the municipality's fixed meeting days is saved, and warned
// about with the days it meets on.
func TestMeetingOffTheFixedDaysIsWarned(t *testing.T) {
	f := newMtFixture(t)
	wed := weekdayAt(8, time.Wednesday)
	before := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("samarbejdsmoede", isoAt(wed, "10:00")))
	if page := f.uu.get(mtPath(before, "")); mtCount(page.body, "off-fixed-day") != 0 {
		t.Error("a warning while the municipality has no fixed meeting days")
	}
	room := mtFixedRoom(t, f, "Storskærmsrummet", "2")
	if tab := f.uu.get(youthPath(f.youthID) + "/meetings"); !strings.Contains(tab.body, "Kommunens faste mødedage: tirsdag kl. 09.00–12.00 i Storskærmsrummet.") {
		t.Errorf("the meeting form does not name the fixed days: %s", mtSection(tab.body, "fixed-days-hint"))
	}

	form := mtMeetingOf("formoede", isoAt(wed, "13:00"))
	form.Set("room_id", room)
	id := mtCreateMeeting(t, f.uu, f.youthID, form) // saved, not refused
	page := f.uu.get(mtPath(id, ""))
	if mtCount(page.body, "off-fixed-day") != 1 || !strings.Contains(page.body, "Mødet ligger en onsdag; kommunens faste mødedage er tirsdag.") {
		t.Errorf("no warning of the Wednesday meeting: %s", mtSection(page.body, "off-fixed-day"))
	}
	tue := weekdayAt(8, time.Tuesday)
	mtExpect(t, "move to Tuesday", f.uu.post(mtPath(id, "/edit"), url.Values{"starts_at": {isoAt(tue, "09:00")}, "room_id": {room}, "version": {"1"}}), http.StatusSeeOther)
	if page := f.uu.get(mtPath(id, "")); mtCount(page.body, "off-fixed-day") != 0 {
		t.Errorf("a warning of a meeting on the fixed day: %s", mtSection(page.body, "off-fixed-day"))
	}
	// A second fixed day is named too.
	admin := f.app.as("admin@a.example")
	mtExpect(t, "thursday", admin.post("/admin/rooms/days", url.Values{"room_id": {room}, "weekday": {"4"}, "starts": {"09:00"}, "ends": {"12:00"}}), http.StatusSeeOther)
	if page := f.uu.get(mtPath(before, "")); !strings.Contains(page.body, "Mødet ligger en onsdag; kommunens faste mødedage er tirsdag og torsdag.") {
		t.Errorf("the warning does not name both days: %s", mtSection(page.body, "off-fixed-day"))
	}
}

// The facilitator's late agendas are tasks on the front page, linked and
// counted with the other tasks: never "Du har ingen åbne opgaver".
func TestMeetingHomeLateAgendasAreTasks(t *testing.T) {
	f := newMtFixture(t)
	tov := f.app.as("tovholder@a.example")
	if home := tov.get("/"); !strings.Contains(home.body, "Du har ingen åbne opgaver") {
		t.Fatal("the facilitator has tasks before any meeting")
	}
	var ids []int64
	for _, n := range []int{workday(2), workday(workday(2) + 1)} {
		if sendBy := casework.AgendaSendBy(day(n), casework.DefaultAgendaLeadDays); !sendBy.Before(testToday) {
			t.Fatalf("test data: the agenda of a meeting on %s is not late", iso(n))
		}
		form := mtMeetingOf("samarbejdsmoede", isoAt(n, "10:00"))
		form.Set("facilitator_id", f.userID("tovholder@a.example"))
		ids = append(ids, mtCreateMeeting(t, f.uu, f.youthID, form))
	}
	home := tov.get("/")
	if strings.Contains(home.body, "Du har ingen åbne opgaver") {
		t.Error("the front page says there are no tasks while two agendas are late")
	}
	tasks := home.body[strings.Index(home.body, `id="my-tasks"`):]
	tasks = tasks[:strings.Index(tasks, "</section>")]
	for _, id := range ids {
		if !strings.Contains(tasks, `href="`+mtPath(id, "#agenda")+`"`) {
			t.Errorf("the task list lacks the late agenda of meeting %d:\n%s", id, tasks)
		}
	}
	if got := strings.Count(tasks, "For sent: ikke sendt"); got != 2 {
		t.Errorf("the task list shows %d late agendas, want 2", got)
	}
	// Someone who does not facilitate has no such task.
	if home := f.app.as("mentor@a.example").get("/"); mtCount(home.body, "home-agenda-tasks") != 0 {
		t.Error("a participant has the facilitator's agenda tasks")
	}
}

// "Andet sted" written beside a chosen room is shown with it: on the
// meeting's page, in the lists, and in the .ics.
func TestMeetingOtherPlaceBesideARoom(t *testing.T) {
	f := newMtFixture(t)
	room := mtFixedRoom(t, f, "Lokale 2", "2")
	form := mtMeetingOf("samarbejdsmoede", isoAt(mtFixedDay(time.Tuesday), "09:00"))
	form.Set("room_id", room)
	form.Set("place", "Ungdomsskolen, 1. sal")
	id := mtCreateMeeting(t, f.uu, f.youthID, form)

	if page := f.uu.get(mtPath(id, "")); mtCount(page.body, "other-place") != 1 || !strings.Contains(page.body, "Andet sted: Ungdomsskolen, 1. sal") {
		t.Errorf("the meeting page does not show the other place: %s", mtSection(page.body, "other-place"))
	}
	const line = "Lokale 2 — Andet sted: Ungdomsskolen, 1. sal"
	if tab := f.uu.get(youthPath(f.youthID) + "/meetings"); !strings.Contains(tab.body, line) {
		t.Errorf("the meetings tab lacks %q", line)
	}
	if home := f.app.as("mentor@a.example").get("/"); !strings.Contains(home.body, line) {
		t.Errorf("the front page lacks %q", line)
	}
	ics := strings.ReplaceAll(f.uu.get(mtPath(id, "/calendar.ics")).body, "\r\n ", "")
	if !strings.Contains(ics, `LOCATION:Lokale 2 — Andet sted: Ungdomsskolen\, 1. sal`) {
		t.Errorf("the .ics lacks the other place:\n%s", ics)
	}
}

// The audit log's details are in Danish: "Møde nr. 9", never "meeting=9".
func TestAuditDetailsInDanish(t *testing.T) {
	f := newMtFixture(t)
	id := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("samarbejdsmoede", isoAt(9, "10:00")))
	f.uu.get(mtPath(id, ""))
	f.uu.get(mtPath(id, "/calendar.ics"))
	page := f.app.as("admin@a.example").get("/admin/audit?youth=" + strconv.FormatInt(f.youthID, 10))
	mtExpect(t, "audit log", page, http.StatusOK)
	if !strings.Contains(page.body, ">Møde nr. "+strconv.FormatInt(id, 10)+"<") || !strings.Contains(page.body, ">Samarbejdsmøde<") {
		t.Errorf("the audit log does not name the meeting in Danish: %s", mtSection(page.body, "audit-detail"))
	}
	for _, raw := range []string{"meeting=", "samarbejdsmoede<"} {
		if strings.Contains(page.body, raw) {
			t.Errorf("the audit log shows the raw detail %q", raw)
		}
	}
}
