package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"kui/internal/demoidp"
)

// Tests of the young person's plan, next meeting (with their own agenda
// topics) and team: /ung/plan, /ung/moede, /ung/team; and a professional's
// work phone (/settings/contact).

// ungFixture is Mikkel Hansen (CPR on record) with Ulla (uu) as his
// contact person and Mads Mentor on his team, and Sara Nielsen, another
// young person of the same municipality; both can sign in as citizens.
type ungFixture struct {
	app            *testApp
	youthID        int64
	cpr            string
	saraID         int64
	uu             *client
	mikkel, sara   *client
	mikkelProvider *citizenIdP
}

func newUngFixture(t *testing.T) ungFixture {
	t.Helper()
	a := newTestApp(t)
	youthID, cpr := a.createYouthWithCPR("uu@a.example", "Mikkel Hansen", 123)
	saraID, saraCPR := a.createYouthWithCPR("uu@a.example", "Sara Nielsen", 124)
	p := a.citizenProvider(t, demoidp.User{Username: "mikkel", Name: "Mikkel Hansen", CPR: cpr},
		demoidp.User{Username: "sara", Name: "Sara Nielsen", CPR: saraCPR})
	if err := a.DB.AddTeamMember(context.Background(), a.Users["uu@a.example"], youthID, a.Users["mentor@a.example"].ID, "Din mentor"); err != nil {
		t.Fatal(err)
	}
	uu := a.as("uu@a.example")
	chooseContact(t, a, uu, youthID, "uu@a.example", "Den unges ønske")
	return ungFixture{app: a, youthID: youthID, cpr: cpr, saraID: saraID, uu: uu,
		mikkel: a.citizen(t, p, "mikkel"), sara: a.citizen(t, p, "sara"), mikkelProvider: p}
}

// noCPR fails the test when a young person's page shows the CPR number,
// whole or masked.
func (f ungFixture) noCPR(t *testing.T, what string, r response) {
	t.Helper()
	if strings.Contains(r.body, f.cpr) || strings.Contains(r.body, f.cpr[:6]) {
		t.Errorf("%s shows the CPR number", what)
	}
}

// youthAudit counts the young person's own audit rows of an action.
func (f ungFixture) youthAudit(t *testing.T, action string) int {
	t.Helper()
	return countRows(t, f.app, `SELECT count(*) FROM audit_log
		 WHERE actor_kind = 'youth' AND user_id IS NULL AND citizen_session_id IS NOT NULL AND youth_id = $1 AND action = $2`,
		f.youthID, action)
}

// setSendBy moves a meeting's agenda send-by date to day(n).
func (f ungFixture) setSendBy(t *testing.T, meetingID int64, n int) {
	t.Helper()
	if _, err := f.app.DB.Pool.Exec(context.Background(), `UPDATE meetings SET agenda_send_by = $2 WHERE id = $1`, meetingID, day(n)); err != nil {
		t.Fatal(err)
	}
}

func ungTopic(meetingID int64, text string) url.Values {
	return url.Values{"meeting": {strconv.FormatInt(meetingID, 10)}, "text": {text}}
}

func TestUngPlanInOwnWordsWithLastFollowup(t *testing.T) {
	f := newUngFixture(t)
	mentor := f.app.uid("mentor@a.example")
	first := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("samarbejdsmoede", isoAt(-19, "10:00")))
	mtExpect(t, "plan 1", f.uu.post(mtPath(first, "/plan"), mtPlanForm("Jeg skal møde op i skole 3 dage om ugen", "youth", iso(3))), http.StatusSeeOther)
	mtExpect(t, "end first", f.uu.post(mtPath(first, "/end"), nil), http.StatusSeeOther)
	second := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("samarbejdsmoede", isoAt(-5, "10:00")))
	var item string
	if err := f.app.DB.Pool.QueryRow(context.Background(), `SELECT id::text FROM plan_items WHERE meeting_id = $1`, first).Scan(&item); err != nil {
		t.Fatal(err)
	}
	mtExpect(t, "follow-up", f.uu.post(mtPath(second, "/followup/"+item), url.Values{"outcome": {"done"}}), http.StatusSeeOther)
	mtExpect(t, "plan 2a", f.uu.post(mtPath(second, "/plan"), mtPlanForm("Jeg skal søge to praktikpladser", "youth", iso(14))), http.StatusSeeOther)
	mtExpect(t, "plan 2b", f.uu.post(mtPath(second, "/plan"), mtPlanForm("Vi ringer til jobcentret sammen", mentor, iso(7))), http.StatusSeeOther)
	mtExpect(t, "end second", f.uu.post(mtPath(second, "/end"), nil), http.StatusSeeOther)
	// Professionals only: a coordination meeting and a journal note.
	coord := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("koordinationsmoede", isoAt(-2, "10:00")))
	mtExpect(t, "coordination topic", f.uu.post(mtPath(coord, "/agenda"), url.Values{"text": {"Hemmeligt koordinationsemne"}}), http.StatusSeeOther)
	cfWriteNote(t, f.uu, f.youthID, cfNoteForm("Hemmelig journalnote om familien"))

	// (Signing in landed on /ung/plan once already.)
	readBefore := f.youthAudit(t, "ung.plan")
	page := f.mikkel.get("/ung/plan")
	mtExpect(t, "/ung/plan", page, http.StatusOK)
	for _, want := range []string{"Min plan", "Det er skrevet med dine ord.", "Jeg skal søge to praktikpladser", "Vi ringer til jobcentret sammen",
		"Mig", "Mads Mentor (Din mentor)", dk(14), "Sidst fulgte I op på:", "Jeg skal møde op i skole 3 dage om ugen", "Klaret", "data-print hidden"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("/ung/plan lacks %q", want)
		}
	}
	if got := mtCount(page.body, "ung-plan-item"); got != 2 {
		t.Errorf("/ung/plan shows %d items, want the 2 of the latest plan", got)
	}
	for _, never := range []string{"Hemmelig", "koordination", "Koordination"} {
		if strings.Contains(page.body, never) {
			t.Errorf("/ung/plan shows %q", never)
		}
	}
	f.noCPR(t, "/ung/plan", page)
	if n := f.youthAudit(t, "ung.plan"); n != readBefore+1 {
		t.Errorf("%d audit rows of the plan, want %d", n, readBefore+1)
	}
	// Sara sees her own (empty) plan, not Mikkel's.
	if sara := f.sara.get("/ung/plan"); sara.status != http.StatusOK || strings.Contains(sara.body, "praktikpladser") || mtCount(sara.body, "ung-plan-none") != 1 {
		t.Errorf("Sara's plan: %d, shows Mikkel's plan or no empty state", sara.status)
	}
}

func TestUngMeetingAgendaTopics(t *testing.T) {
	f := newUngFixture(t)
	ctx := context.Background()
	closed := "Dagsordenen er lukket. Vil du tage noget op, så skriv til din kontaktperson."
	// A coordination meeting comes first, but is never the young person's.
	coord := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("koordinationsmoede", isoAt(10, "10:00")))
	mtExpect(t, "coordination topic", f.uu.post(mtPath(coord, "/agenda"), url.Values{"text": {"Hemmeligt koordinationsemne"}}), http.StatusSeeOther)
	id := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("samarbejdsmoede", isoAt(20, "14:00")))
	mtExpect(t, "professional's topic", f.uu.post(mtPath(id, "/agenda"), url.Values{"text": {"Skolen"}}), http.StatusSeeOther)
	var profItem int64
	if err := f.app.DB.Pool.QueryRow(ctx, `SELECT id FROM agenda_items WHERE meeting_id = $1`, id).Scan(&profItem); err != nil {
		t.Fatal(err)
	}
	f.setSendBy(t, id, 1)

	page := f.mikkel.get("/ung/moede")
	mtExpect(t, "/ung/moede", page, http.StatusOK)
	for _, want := range []string{"Mit næste møde", "Dit næste møde er", "kl. 14.00", "Hvem kommer?", "Ulla Ungevejleder", "Mads Mentor (Din mentor", "Skolen",
		"Hvad vil du tale om? Skriv det her.", "Du kan tilføje emner indtil"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("/ung/moede lacks %q", want)
		}
	}
	if strings.Contains(page.body, "Hemmeligt") {
		t.Error("/ung/moede shows the coordination meeting")
	}
	f.noCPR(t, "/ung/moede", page)

	// Before the send-by date: added, as the young person's own.
	add := f.mikkel.post("/ung/moede/emner", ungTopic(id, "Jeg vil tale om min praktik"))
	if add.status != http.StatusSeeOther || add.location(t) != "/ung/moede" {
		t.Fatalf("add topic: %d to %q", add.status, add.header.Get("Location"))
	}
	var mine int64
	if err := f.app.DB.Pool.QueryRow(ctx, `SELECT id FROM agenda_items WHERE meeting_id = $1 AND created_by_youth AND raised_by_youth
		 AND created_by IS NULL AND raised_by IS NULL AND youth_session_id IS NOT NULL AND text = 'Jeg vil tale om min praktik'`, id).Scan(&mine); err != nil {
		t.Fatalf("the young person's topic: %v", err)
	}
	page = f.mikkel.get("/ung/moede")
	if !strings.Contains(page.body, "Dit emne er sat på dagsordenen.") || mtCount(page.body, "ung-agenda-item") != 2 {
		t.Error("after adding: no flash, or not two topics")
	}
	// Too long: 422, the text kept.
	long := strings.Repeat("a", 501)
	bad := f.mikkel.post("/ung/moede/emner", ungTopic(id, long))
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, long) || !strings.Contains(bad.body, "Teksten er for lang.") {
		t.Errorf("too long a topic: %d, text kept %v", bad.status, strings.Contains(bad.body, long))
	}
	mtExpect(t, "empty topic", f.mikkel.post("/ung/moede/emner", ungTopic(id, "  ")), http.StatusUnprocessableEntity)

	// The facilitator and the big screen see it as the young person's own.
	if prof := f.uu.get(mtPath(id, "")); !strings.Contains(prof.body, "skrevet af Mikkel selv") {
		t.Error("the meeting page does not mark the young person's own topic")
	}
	if screen := f.uu.get(mtPath(id, "/screen")); mtCount(screen.body, "screen-agenda-by-youth") != 1 || !strings.Contains(screen.body, "skrevet af Mikkel selv") {
		t.Error("the big screen does not mark the young person's own topic")
	}

	// On the send-by day: still open.
	f.setSendBy(t, id, 0)
	mtExpect(t, "add on the send-by day", f.mikkel.post("/ung/moede/emner", ungTopic(id, "Min fritid")), http.StatusSeeOther)

	// A professional's topic is not the young person's to remove.
	mtExpect(t, "delete a professional's topic", f.mikkel.post("/ung/moede/emner/"+strconv.FormatInt(profItem, 10)+"/slet", ungTopic(id, "")), http.StatusNotFound)
	if n := countRows(t, f.app, `SELECT count(*) FROM agenda_items WHERE id = $1`, profItem); n != 1 {
		t.Error("the professional's topic was removed")
	}
	// Their own: removed.
	del := f.mikkel.post("/ung/moede/emner/"+strconv.FormatInt(mine, 10)+"/slet", ungTopic(id, ""))
	if del.status != http.StatusSeeOther || del.location(t) != "/ung/moede" {
		t.Fatalf("delete own topic: %d", del.status)
	}
	if n := countRows(t, f.app, `SELECT count(*) FROM agenda_items WHERE id = $1`, mine); n != 0 {
		t.Error("the young person's topic is still there")
	}

	// Another young person's meeting is not found, and nothing changes.
	saraMeeting := mtCreateMeeting(t, f.uu, f.saraID, mtMeetingOf("samarbejdsmoede", isoAt(21, "10:00")))
	mtExpect(t, "Sara's own topic", f.sara.post("/ung/moede/emner", ungTopic(saraMeeting, "Saras emne")), http.StatusSeeOther)
	var saraItem int64
	if err := f.app.DB.Pool.QueryRow(ctx, `SELECT id FROM agenda_items WHERE meeting_id = $1`, saraMeeting).Scan(&saraItem); err != nil {
		t.Fatal(err)
	}
	before := countRows(t, f.app, `SELECT count(*) FROM agenda_items`)
	mtExpect(t, "topic on another's meeting", f.mikkel.post("/ung/moede/emner", ungTopic(saraMeeting, "Snyd")), http.StatusNotFound)
	mtExpect(t, "delete on another's meeting", f.mikkel.post("/ung/moede/emner/"+strconv.FormatInt(saraItem, 10)+"/slet", ungTopic(saraMeeting, "")), http.StatusNotFound)
	mtExpect(t, "another's topic through my meeting", f.mikkel.post("/ung/moede/emner/"+strconv.FormatInt(saraItem, 10)+"/slet", ungTopic(id, "")), http.StatusNotFound)
	mtExpect(t, "no meeting", f.mikkel.post("/ung/moede/emner", url.Values{"text": {"Uden møde"}}), http.StatusNotFound)
	if after := countRows(t, f.app, `SELECT count(*) FROM agenda_items`); after != before {
		t.Errorf("agenda items %d → %d after foreign ids", before, after)
	}
	if strings.Contains(f.mikkel.get("/ung/moede").body, "Saras emne") || strings.Contains(f.sara.get("/ung/moede").body, "Min fritid") {
		t.Error("a young person sees another's agenda")
	}
	// The coordination meeting is closed to them.
	mtExpect(t, "topic at a coordination meeting", f.mikkel.post("/ung/moede/emner", ungTopic(coord, "Snyd")), http.StatusConflict)

	// After the send-by date: 409 with the Danish text, also for removing.
	f.setSendBy(t, id, -1)
	late := f.mikkel.post("/ung/moede/emner", ungTopic(id, "For sent"))
	if late.status != http.StatusConflict || !strings.Contains(late.body, closed) {
		t.Errorf("after send-by: %d, want 409 with %q", late.status, closed)
	}
	if page := f.mikkel.get("/ung/moede"); mtCount(page.body, "ung-topic-form") != 0 || mtCount(page.body, "ung-agenda-closed") != 1 {
		t.Error("after send-by the page still offers the form")
	}
	// After the agenda was sent: 409.
	f.setSendBy(t, id, 1)
	mtExpect(t, "send agenda", f.uu.post(mtPath(id, "/agenda/send"), nil), http.StatusSeeOther)
	sent := f.mikkel.post("/ung/moede/emner", ungTopic(id, "Efter udsendelse"))
	if sent.status != http.StatusConflict || !strings.Contains(sent.body, closed) {
		t.Errorf("after the agenda was sent: %d, want 409", sent.status)
	}
	if n := countRows(t, f.app, `SELECT count(*) FROM agenda_items WHERE text IN ('For sent', 'Efter udsendelse', 'Snyd')`); n != 0 {
		t.Errorf("%d refused topics were stored", n)
	}

	// Every read and action is in the audit log as the young person's.
	for action, want := range map[string]int{"ung.agenda_add": 2, "ung.agenda_delete": 1} {
		if n := f.youthAudit(t, action); n != want {
			t.Errorf("%d audit rows of %s, want %d", n, action, want)
		}
	}
	if n := f.youthAudit(t, "ung.meeting"); n < 4 {
		t.Errorf("%d audit rows of reading the meeting", n)
	}
}

func TestUngMeetingNoneIsAnEmptyState(t *testing.T) {
	f := newUngFixture(t)
	mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("koordinationsmoede", isoAt(10, "10:00")))
	page := f.mikkel.get("/ung/moede")
	if page.status != http.StatusOK || mtCount(page.body, "ung-meeting-none") != 1 || mtCount(page.body, "ung-topic-form") != 0 {
		t.Errorf("no meeting: %d, empty state %d", page.status, mtCount(page.body, "ung-meeting-none"))
	}
	if n := f.youthAudit(t, "ung.meeting"); n != 1 {
		t.Errorf("%d audit rows of reading the meeting, want 1", n)
	}
}

func TestUngTeamShowsContactPersonAndHowToReachThem(t *testing.T) {
	f := newUngFixture(t)
	// Ulla enters her work phone; a bad one comes back as typed.
	form := f.uu.get("/settings/contact")
	mtExpect(t, "/settings/contact", form, http.StatusOK)
	bad := f.uu.post("/settings/contact", url.Values{"work_phone": {"ring til mig"}})
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, `value="ring til mig"`) || !strings.Contains(bad.body, "Skriv kun tal, mellemrum og +") {
		t.Errorf("a bad phone number: %d", bad.status)
	}
	long := f.uu.post("/settings/contact", url.Values{"work_phone": {strings.Repeat("1", 41)}})
	mtExpect(t, "too long a phone number", long, http.StatusUnprocessableEntity)
	save := f.uu.post("/settings/contact", url.Values{"work_phone": {"+45 12 34 56 78"}})
	if save.status != http.StatusSeeOther || save.location(t) != "/settings/contact" {
		t.Fatalf("save phone: %d", save.status)
	}
	if again := f.uu.get("/settings/contact"); !strings.Contains(again.body, `value="+45 12 34 56 78"`) || !strings.Contains(again.body, "Dit arbejdstelefonnummer er gemt.") {
		t.Error("the saved phone number is not shown")
	}
	// Neither a citizen nor an administrator has it.
	if r := f.mikkel.get("/settings/contact"); r.status != http.StatusNotFound {
		t.Errorf("citizen GET /settings/contact: %d", r.status)
	}
	if r := f.app.as("admin@a.example").get("/settings/contact"); r.status != http.StatusForbidden {
		t.Errorf("administrator GET /settings/contact: %d", r.status)
	}

	page := f.mikkel.get("/ung/team")
	mtExpect(t, "/ung/team", page, http.StatusOK)
	for _, want := range []string{"Mit team", "Din kontaktperson", "Din kontaktperson er Ulla Ungevejleder.", `href="tel:+4512345678"`, "+45 12 34 56 78",
		`href="mailto:uu@a.example"`, "Ring", "Skriv en mail", "Mads Mentor", "Din mentor", `href="mailto:mentor@a.example"`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("/ung/team lacks %q", want)
		}
	}
	if strings.Contains(page.body, "KP") {
		t.Error("/ung/team says KP")
	}
	f.noCPR(t, "/ung/team", page)
	if n := f.youthAudit(t, "ung.team"); n != 1 {
		t.Errorf("%d audit rows of the team page, want 1", n)
	}
	// Sara's team is her own: no Mads Mentor.
	if sara := f.sara.get("/ung/team"); strings.Contains(sara.body, "Mads Mentor") {
		t.Error("Sara sees Mikkel's team")
	}
}
