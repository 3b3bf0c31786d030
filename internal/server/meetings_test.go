package server_test

import (
	"bufio"
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"kui/internal/casework"
	"kui/web"
)

// mtFixture is a young person (Mikkel Jensen, 16, CPR on record) with
// a team of three, as the caseworker uu@a.example made it.
type mtFixture struct {
	app     *testApp
	youthID int64
	uu      *client
}

func newMtFixture(t *testing.T) mtFixture {
	t.Helper()
	app := newTestApp(t)
	d, err := casework.YouthForm{Name: "Mikkel Jensen", BirthDate: mtBirth.Format(time.DateOnly), CPR: mtCPRDate + "-" + mtCPRSerial, Level: "bump", NeedCategory: "koordineret", JoinTeam: true,
		Guardians: [casework.MaxGuardians]casework.Guardian{{Name: "Anne Jensen", Relation: "mor"}}}.Validate(fixedNow, true)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	uu := app.Users["uu@a.example"]
	id, err := app.DB.CreateYouth(ctx, uu, d)
	if err != nil {
		t.Fatal(err)
	}
	for _, email := range []string{"mentor@a.example", "skole@a.example"} {
		if err := app.DB.AddTeamMember(ctx, uu, id, app.Users[email].ID, ""); err != nil {
			t.Fatal(err)
		}
	}
	return mtFixture{app: app, youthID: id, uu: app.as("uu@a.example")}
}

// mtBirth is Mikkel's birth date, 16 years and 8 months before the test
// clock's today (12 March 2010 on the default clock): he is under 18 at
// every meeting the tests plan, so his parent takes part.
var mtBirth = testToday.AddDate(-16, -8, -10)

// mtCPRDate and mtCPRSerial are the two halves of his CPR number, which
// encodes mtBirth (120310-4123 on the default clock; the seventh digit 4
// means the 2000s up to 2036, 5 up to 2057).
var (
	mtCPRDate   = mtBirth.Format("020106")
	mtCPRSerial = func() string {
		if mtBirth.Year() <= 2036 {
			return "4123"
		}
		return "5123"
	}()
)

// mtSendBy is the day the agenda of a meeting on day(n) is to be sent,
// leadDays working days before, as the pages write it.
func mtSendBy(n, leadDays int) string {
	return web.Danish.Day(casework.AgendaSendBy(day(n), leadDays))
}

// mtFixedDay is the offset of the first day a fixed weekly meeting time on
// wd offers a slot: the first such weekday after today (a proposal starts
// tomorrow) that is a working day and whose agenda can still be sent in
// time, with the default lead time.
func mtFixedDay(wd time.Weekday) int { return mtFixedDayLead(wd, casework.DefaultAgendaLeadDays) }

// mtFixedDayLead is mtFixedDay with the given agenda lead time.
func mtFixedDayLead(wd time.Weekday, leadDays int) int {
	n := weekdayAt(1, wd)
	for !casework.IsWorkingDay(day(n)) || casework.AgendaSendBy(day(n), leadDays).Before(testToday) {
		n += 7
	}
	return n
}

// mtSkippedHour is 02:30 on the last Sunday of March of the year after the
// test clock's: a time that does not exist in Copenhagen, as the clocks
// skip from 02:00 to 03:00 ("2027-03-28T02:30" on the default clock).
func mtSkippedHour() string {
	d := time.Date(testToday.Year()+1, time.March, 31, 0, 0, 0, 0, time.UTC)
	for d.Weekday() != time.Sunday {
		d = d.AddDate(0, 0, -1)
	}
	return d.Format(time.DateOnly) + "T02:30"
}

// mtICSTime is hour:minute on day(n), Copenhagen time, as an .ics writes
// the moment, in UTC: "20261201T090000Z".
func mtICSTime(n, hour, minute int) string {
	d := day(n)
	return time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, casework.Copenhagen()).UTC().Format("20060102T150405Z")
}

func (f mtFixture) userID(email string) string {
	return strconv.FormatInt(f.app.Users[email].ID, 10)
}

// mtCreateMeeting plans a meeting through the form and returns its id.
func mtCreateMeeting(t *testing.T, c *client, youthID int64, form url.Values) int64 {
	t.Helper()
	resp := c.post(youthPath(youthID)+"/meetings", form)
	if resp.status != http.StatusSeeOther {
		t.Fatalf("create meeting: status %d\n%s", resp.status, mtFormErrors(resp.body))
	}
	loc := resp.location(t)
	id, err := strconv.ParseInt(strings.TrimPrefix(loc, "/meetings/"), 10, 64)
	if err != nil || !strings.HasPrefix(loc, "/meetings/") {
		t.Fatalf("create meeting redirected to %q", loc)
	}
	return id
}

func mtMeetingOf(kind, startsAt string) url.Values {
	return url.Values{"kind": {kind}, "starts_at": {startsAt}}
}

func mtPath(id int64, rest string) string { return "/meetings/" + strconv.FormatInt(id, 10) + rest }

var mtFormErrorRE = regexp.MustCompile(`data-testid="form-error"[^>]*><span class="sr-only">[^<]*</span>([^<]*)<`)

// mtFormErrors are the texts of a page's field errors, for messages.
func mtFormErrors(body string) string {
	var out []string
	for _, m := range mtFormErrorRE.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return strings.Join(out, " | ")
}

// constraintOf names the constraint a database error reports.
func constraintOf(err error) string {
	if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok {
		return pgErr.ConstraintName
	}
	return ""
}

func mtCount(body, testid string) int { return strings.Count(body, `data-testid="`+testid+`"`) }

func mtExpect(t *testing.T, what string, resp response, want int) {
	t.Helper()
	if resp.status != want {
		t.Fatalf("%s: status %d, want %d\n%s", what, resp.status, want, mtFormErrors(resp.body))
	}
}

func mtPlanForm(text, owner, due string) url.Values {
	return url.Values{"text": {text}, "owner": {owner}, "due": {due}}
}

func TestMeetingKindsAndForm(t *testing.T) {
	f := newMtFixture(t)
	kinds := map[string]string{
		"formoede": "Formøde", "samarbejdsmoede": "Samarbejdsmøde",
		"koordinationsmoede": "Afklarende koordinationsmøde", "tvaerfagligt": "Tværfagligt møde",
	}
	for kind, label := range kinds {
		id := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf(kind, isoAt(9, "10:00")))
		page := f.uu.get(mtPath(id, ""))
		mtExpect(t, kind, page, http.StatusOK)
		if !strings.Contains(page.body, `data-testid="meeting-kind">`+label+`<`) {
			t.Errorf("%s: the page does not name the kind %q", kind, label)
		}
		// The young person and (under 18) the parent attend, except at a
		// coordination meeting, which is for professionals only.
		youthThere := strings.Contains(page.body, "Mikkel Jensen <span class=\"kui-muted\">· den unge")
		parentThere := strings.Contains(page.body, "Anne Jensen")
		wantYouth := kind == "formoede" || kind == "samarbejdsmoede"
		if youthThere != wantYouth || parentThere != wantYouth {
			t.Errorf("%s: young person attends %v, parent %v; want %v", kind, youthThere, parentThere, wantYouth)
		}
		if got := mtCount(page.body, "participant"); got != 2 {
			t.Errorf("%s: %d professionals take part, want the team besides the facilitator (2)", kind, got)
		}
		if (kind == "koordinationsmoede") != strings.Contains(page.body, `data-testid="professionals-only"`) {
			t.Errorf("%s: the professionals-only note is wrong", kind)
		}
	}
	// The tab lists them.
	tab := f.uu.get(youthPath(f.youthID) + "/meetings")
	mtExpect(t, "meetings tab", tab, http.StatusOK)
	if got := mtCount(tab.body, "meeting-row"); got != 4 {
		t.Errorf("the meetings tab lists %d meetings, want 4", got)
	}

	// Invalid input: 422, values kept, Danish messages beside the fields.
	resp := f.uu.post(youthPath(f.youthID)+"/meetings", url.Values{"kind": {"stormoede"}, "starts_at": {"1. december"}, "place": {"Skolen"}})
	mtExpect(t, "invalid meeting", resp, http.StatusUnprocessableEntity)
	errs := mtFormErrors(resp.body)
	for _, want := range []string{"Vælg en af mulighederne.", "Skriv dato og klokkeslæt"} {
		if !strings.Contains(errs, want) {
			t.Errorf("errors %q lack %q", errs, want)
		}
	}
	if !strings.Contains(resp.body, `value="Skolen"`) {
		t.Error("the place typed was not kept")
	}
	// The skipped hour of the spring daylight-saving change does not exist.
	resp = f.uu.post(youthPath(f.youthID)+"/meetings", mtMeetingOf("samarbejdsmoede", mtSkippedHour()))
	mtExpect(t, "meeting in the skipped hour", resp, http.StatusUnprocessableEntity)
	if errs := mtFormErrors(resp.body); !strings.Contains(errs, "sommertid") {
		t.Errorf("%s: the refusal does not say the time is skipped: %q", mtSkippedHour(), errs)
	}

	// Six participants are refused; a participant must be on the team.
	form := mtMeetingOf("samarbejdsmoede", isoAt(10, "10:00"))
	form.Set("participants_chosen", "1")
	form.Add("participants", f.userID("jobcenter@a.example"))
	resp = f.uu.post(youthPath(f.youthID)+"/meetings", form)
	mtExpect(t, "participant not on the team", resp, http.StatusUnprocessableEntity)
	if n := countRows(t, f.app, `SELECT count(*) FROM meetings`); n != 4 {
		t.Errorf("%d meetings after the refused ones, want 4", n)
	}

	// Chosen participants.
	form = mtMeetingOf("samarbejdsmoede", isoAt(10, "10:00"))
	form.Set("participants_chosen", "1")
	form.Add("participants", f.userID("mentor@a.example"))
	id := mtCreateMeeting(t, f.uu, f.youthID, form)
	if got := mtCount(f.uu.get(mtPath(id, "")).body, "participant"); got != 1 {
		t.Errorf("chosen participants: %d, want 1", got)
	}
}

func TestMeetingWhoMaySee(t *testing.T) {
	f := newMtFixture(t)
	app := f.app
	// The tovholder is not on the team but facilitates the meeting.
	form := mtMeetingOf("samarbejdsmoede", isoAt(9, "10:00"))
	form.Set("facilitator_id", f.userID("tovholder@a.example"))
	id := mtCreateMeeting(t, f.uu, f.youthID, form)

	for email, want := range map[string]int{
		"uu@a.example":          http.StatusOK, // on the team
		"mentor@a.example":      http.StatusOK, // on the team
		"tovholder@a.example":   http.StatusOK, // facilitates
		"koordinator@a.example": http.StatusOK, // sees the whole municipality
		"jobcenter@a.example":   http.StatusNotFound,
		"koordinator@b.example": http.StatusNotFound,
		"uu@b.example":          http.StatusNotFound,
	} {
		c := app.as(email)
		for _, p := range []string{"", "/screen", "/screen/live", "/agenda/print", "/plan/print", "/calendar.ics", "/events?probe=1"} {
			if p == "/events?probe=1" && want == http.StatusOK {
				continue // a stream: checked in TestMeetingLiveAcrossInstances
			}
			if got := c.get(mtPath(id, p)).status; got != want {
				t.Errorf("%s GET %s: %d, want %d", email, p, got, want)
			}
		}
		if got := c.post(mtPath(id, "/plan"), mtPlanForm("Jeg skal i skole", "youth", iso(23))).status; want == http.StatusNotFound && got != want {
			t.Errorf("%s may write to a meeting they may not see: %d", email, got)
		}
	}
	// The facilitator sees the young person through the meeting.
	if got := app.as("tovholder@a.example").get(youthPath(f.youthID)).status; got != http.StatusOK {
		t.Errorf("the facilitator cannot open the young person's page: %d", got)
	}
	if got := app.as("admin@a.example").get(mtPath(id, "")).status; got != http.StatusNotFound {
		t.Errorf("an administrator sees a meeting: %d", got)
	}
	// A colleague without access cannot plan meetings for the young person.
	if got := app.as("jobcenter@a.example").post(youthPath(f.youthID)+"/meetings", mtMeetingOf("samarbejdsmoede", isoAt(11, "10:00"))).status; got != http.StatusNotFound {
		t.Errorf("a caseworker off the team planned a meeting: %d", got)
	}
	// A cancelled meeting gives its facilitator no access.
	other := app.createYouth("uu@a.example", "Sara Ahmed")
	form = mtMeetingOf("formoede", isoAt(12, "10:00"))
	form.Set("facilitator_id", f.userID("tovholder@a.example"))
	cancelled := mtCreateMeeting(t, f.uu, other, form)
	mtExpect(t, "cancel", f.uu.post(mtPath(cancelled, "/cancel"), nil), http.StatusSeeOther)
	if got := app.as("tovholder@a.example").get(youthPath(other)).status; got != http.StatusNotFound {
		t.Errorf("the facilitator of a cancelled meeting still sees the young person: %d", got)
	}
}

func TestMeetingCoordinationNeverReachesTheYoungPerson(t *testing.T) {
	f := newMtFixture(t)
	const secret = "Drøftelse af diagnose og misbrug"
	coord := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("koordinationsmoede", isoAt(8, "09:00")))
	mtExpect(t, "professional's topic", f.uu.post(mtPath(coord, "/agenda"), url.Values{"text": {secret}}), http.StatusSeeOther)
	if page := f.uu.get(mtPath(coord, "")); !strings.Contains(page.body, secret) {
		t.Fatal("the coordination meeting's own page does not show its agenda")
	}
	// Its screen and print views do not exist; it has no plan.
	for _, p := range []string{"/screen", "/screen?edit=1", "/screen/live", "/agenda/print", "/plan/print"} {
		if got := f.uu.get(mtPath(coord, p)); got.status != http.StatusNotFound || strings.Contains(got.body, secret) {
			t.Errorf("GET %s of a coordination meeting: %d", p, got.status)
		}
	}
	mtExpect(t, "plan at a coordination meeting", f.uu.post(mtPath(coord, "/plan"), mtPlanForm("Jeg skal i skole", "youth", iso(23))), http.StatusUnprocessableEntity)

	// The cooperation meeting's screen and prints show its own agenda and
	// plan, the young person's first name, and nothing of the coordination
	// meeting, the CPR number or the surname.
	coop := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("samarbejdsmoede", isoAt(9, "10:00")))
	mtExpect(t, "topic", f.uu.post(mtPath(coop, "/agenda"), url.Values{"text": {"Skole og fravær"}}), http.StatusSeeOther)
	mtExpect(t, "plan", f.uu.post(mtPath(coop, "/plan"), mtPlanForm("Jeg skal møde op i skole 3 dage om ugen", "youth", iso(23))), http.StatusSeeOther)
	for _, p := range []string{"/screen", "/screen?edit=1", "/screen/live", "/agenda/print", "/plan/print"} {
		page := f.uu.get(mtPath(coop, p))
		mtExpect(t, p, page, http.StatusOK)
		for _, never := range []string{secret, mtCPRDate, mtCPRSerial, "Jensen", "Anne"} {
			if strings.Contains(page.body, never) && !(never == "Anne" && p == "/agenda/print") {
				t.Errorf("GET %s shows %q", p, never)
			}
		}
	}
	screen := f.uu.get(mtPath(coop, "/screen"))
	for _, want := range []string{"Mikkels møde", "Skole og fravær", "Jeg skal møde op i skole 3 dage om ugen", `data-live-events="/meetings/`} {
		if !strings.Contains(screen.body, want) {
			t.Errorf("the screen lacks %q", want)
		}
	}
}

func TestMeetingAgendaYoungPersonsTopicsAndOrder(t *testing.T) {
	f := newMtFixture(t)
	id := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("samarbejdsmoede", isoAt(16, "10:00")))
	for _, text := range []string{"Skole", "Fritidsjob", "Træning"} {
		mtExpect(t, "add "+text, f.uu.post(mtPath(id, "/agenda"), url.Values{"text": {text}}), http.StatusSeeOther)
	}
	// A professional's topic does not go on a cooperation meeting's agenda.
	resp := f.uu.post(mtPath(id, "/agenda"), url.Values{"text": {"Bekymring fra skolen"}, "raised_by": {f.userID("uu@a.example")}})
	mtExpect(t, "professional's topic", resp, http.StatusUnprocessableEntity)
	if !strings.Contains(mtFormErrors(resp.body), "afklarende koordinationsmøde") {
		t.Errorf("the refusal does not point to the coordination meeting: %q", mtFormErrors(resp.body))
	}
	// Not even past the form: the database holds to it.
	_, err := f.app.DB.Pool.Exec(context.Background(), `INSERT INTO agenda_items (municipality_id, meeting_id, text, raised_by_youth, raised_by, position, created_by)
		SELECT municipality_id, id, 'x', false, created_by, 99, created_by FROM meetings WHERE id = $1`, id)
	if constraintOf(err) != "agenda_items_youth_topics" {
		t.Errorf("the database let a professional's topic onto a cooperation meeting: %v", err)
	}

	page := f.uu.get(mtPath(id, ""))
	if got := mtAgendaTexts(page.body); strings.Join(got, ",") != "Skole,Fritidsjob,Træning" {
		t.Fatalf("agenda = %v", got)
	}
	if !strings.Contains(page.body, "sat på af Mikkel") {
		t.Error("the agenda does not say the young person raised the topics")
	}
	// Reorder with the buttons: Træning up twice, Skole down once.
	ids := mtAgendaIDs(page.body)
	mtExpect(t, "move up", f.uu.post(mtPath(id, "/agenda/"+ids[2]+"/move"), url.Values{"direction": {"up"}}), http.StatusSeeOther)
	mtExpect(t, "move up", f.uu.post(mtPath(id, "/agenda/"+ids[2]+"/move"), url.Values{"direction": {"up"}}), http.StatusSeeOther)
	mtExpect(t, "move down", f.uu.post(mtPath(id, "/agenda/"+ids[0]+"/move"), url.Values{"direction": {"down"}}), http.StatusSeeOther)
	if got := mtAgendaTexts(f.uu.get(mtPath(id, "")).body); strings.Join(got, ",") != "Træning,Fritidsjob,Skole" {
		t.Errorf("after moving: %v", got)
	}
	mtExpect(t, "remove", f.uu.post(mtPath(id, "/agenda/"+ids[1]+"/delete"), nil), http.StatusSeeOther)
	if got := mtAgendaTexts(f.uu.get(mtPath(id, "")).body); strings.Join(got, ",") != "Træning,Skole" {
		t.Errorf("after removing: %v", got)
	}

	// An interdisciplinary meeting takes professionals' topics too.
	tv := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("tvaerfagligt", isoAt(17, "10:00")))
	mtExpect(t, "professional's topic at a tværfagligt møde", f.uu.post(mtPath(tv, "/agenda"), url.Values{"text": {"Handleplan"}, "raised_by": {f.userID("mentor@a.example")}}), http.StatusSeeOther)
	if !strings.Contains(f.uu.get(mtPath(tv, "")).body, "sat på af Mads Mentor") {
		t.Error("the professional who raised the topic is not shown")
	}
}

var mtAgendaItemRE = regexp.MustCompile(`data-testid="agenda-item" id="agenda-(\d+)"`)
var mtAgendaTextRE = regexp.MustCompile(`data-testid="agenda-text">([^<]*)<`)

func mtAgendaIDs(body string) []string {
	var out []string
	for _, m := range mtAgendaItemRE.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func mtAgendaTexts(body string) []string {
	var out []string
	for _, m := range mtAgendaTextRE.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestMeetingAgendaDeadlineSendAndLateFlag(t *testing.T) {
	f := newMtFixture(t)
	app := f.app
	tov := app.as("tovholder@a.example")
	// A meeting on the first working day from the day after tomorrow
	// (Tuesday 24 November): 5 working days before (Tuesday 17 November) is
	// already past on the test's day (Sunday 22 November).
	lateDay := workday(2)
	if sendBy := casework.AgendaSendBy(day(lateDay), casework.DefaultAgendaLeadDays); !sendBy.Before(testToday) {
		t.Fatalf("test data: the agenda of a meeting on %s is to be sent by %s, not late", iso(lateDay), sendBy.Format(time.DateOnly))
	}
	late := url.Values{"kind": {"samarbejdsmoede"}, "starts_at": {isoAt(lateDay, "10:00")}, "facilitator_id": {f.userID("tovholder@a.example")}}
	lateID := mtCreateMeeting(t, f.uu, f.youthID, late)
	// The first working day from three weeks and two days on (Tuesday 15
	// December): send by five working days before (8 December), not due yet.
	soonDay := workday(23)
	if sendBy := casework.AgendaSendBy(day(soonDay), casework.DefaultAgendaLeadDays); !sendBy.After(testToday) {
		t.Fatalf("test data: the agenda of a meeting on %s is to be sent by %s, already due", iso(soonDay), sendBy.Format(time.DateOnly))
	}
	soon := url.Values{"kind": {"samarbejdsmoede"}, "starts_at": {isoAt(soonDay, "10:00")}, "facilitator_id": {f.userID("tovholder@a.example")}}
	okID := mtCreateMeeting(t, f.uu, f.youthID, soon)

	page := tov.get(mtPath(lateID, ""))
	if !strings.Contains(page.body, "Skal sendes senest "+mtSendBy(lateDay, casework.DefaultAgendaLeadDays)) || mtCount(page.body, "agenda-flag") != 1 || mtCount(page.body, "agenda-late") != 1 {
		t.Errorf("the late agenda is not flagged to the facilitator: %s", mtSection(page.body, "agenda-send-by"))
	}
	if other := f.uu.get(mtPath(lateID, "")); mtCount(other.body, "agenda-flag") != 0 {
		t.Error("the facilitator's flag is shown to someone who does not facilitate")
	}
	page = tov.get(mtPath(okID, ""))
	if !strings.Contains(page.body, "Skal sendes senest "+mtSendBy(soonDay, casework.DefaultAgendaLeadDays)) || mtCount(page.body, "agenda-flag") != 0 {
		t.Errorf("an agenda not yet due is flagged: %s", mtSection(page.body, "agenda-send-by"))
	}
	home := tov.get("/")
	if mtCount(home.body, "home-agenda-alert") != 1 || !strings.Contains(home.body, "For sent: ikke sendt") {
		t.Errorf("the facilitator's front page does not flag the late agenda")
	}

	// The coordinator's overview (issue 5) finds the late one, not the other.
	alerts, err := app.DB.AgendaAlerts(context.Background(), app.Users["koordinator@a.example"], fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	if len(alerts) != 1 || alerts[0].Meeting.ID != lateID || alerts[0].State != casework.AgendaLate {
		t.Fatalf("coordinator's agenda alerts = %+v", alerts)
	}
	if mine, _ := app.DB.AgendaAlerts(context.Background(), app.Users["mentor@a.example"], fixedNow); len(mine) != 0 {
		t.Errorf("a caseworker who facilitates nothing gets agenda alerts: %+v", mine)
	}

	// An empty agenda is not sent.
	resp := tov.post(mtPath(lateID, "/agenda/send"), nil)
	mtExpect(t, "send empty agenda", resp, http.StatusUnprocessableEntity)
	mtExpect(t, "topic", tov.post(mtPath(lateID, "/agenda"), url.Values{"text": {"Praktik"}}), http.StatusSeeOther)
	mtExpect(t, "send", tov.post(mtPath(lateID, "/agenda/send"), nil), http.StatusSeeOther)
	page = tov.get(mtPath(lateID, ""))
	if !strings.Contains(page.body, "Sendt "+dkNow()+" af Tove Tovholder") || !strings.Contains(page.body, "Sendt for sent") {
		t.Errorf("sent agenda: %s", mtSection(page.body, "agenda-send-by"))
	}
	// Sent is locked.
	mtExpect(t, "add to a sent agenda", tov.post(mtPath(lateID, "/agenda"), url.Values{"text": {"Mere"}}), http.StatusConflict)
	mtExpect(t, "send again", tov.post(mtPath(lateID, "/agenda/send"), nil), http.StatusConflict)
	alerts, _ = app.DB.AgendaAlerts(context.Background(), app.Users["koordinator@a.example"], fixedNow)
	if len(alerts) != 1 || alerts[0].State != casework.AgendaSentLate {
		t.Errorf("after a late send the overview shows %+v, want it as sent late", alerts)
	}

	// The municipality's lead time applies to meetings planned after it is set.
	admin := app.as("admin@a.example")
	mtExpect(t, "lead days", admin.post("/admin/rooms/settings", url.Values{"agenda_lead_days": {"2"}}), http.StatusSeeOther)
	mtExpect(t, "bad lead days", admin.post("/admin/rooms/settings", url.Values{"agenda_lead_days": {"40"}}), http.StatusUnprocessableEntity)
	id := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("samarbejdsmoede", isoAt(soonDay, "10:00")))
	if !strings.Contains(f.uu.get(mtPath(id, "")).body, "Skal sendes senest "+mtSendBy(soonDay, 2)) {
		t.Error("the lead time of 2 working days was not applied")
	}
	if got := app.as("uu@a.example").post("/admin/rooms/settings", url.Values{"agenda_lead_days": {"1"}}).status; got != http.StatusForbidden {
		t.Errorf("a caseworker changed the lead time: %d", got)
	}
}

// section is the text around a data-testid, for messages.
func mtSection(body, testid string) string {
	i := strings.Index(body, `data-testid="`+testid+`"`)
	if i < 0 {
		return "(no " + testid + ")"
	}
	return body[i:min(len(body), i+300)]
}

func TestMeetingPlanFirstPerson(t *testing.T) {
	f := newMtFixture(t)
	id := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("samarbejdsmoede", isoAt(9, "10:00")))

	resp := f.uu.post(mtPath(id, "/plan"), mtPlanForm("Mikkel skal møde op i skole", "youth", iso(23)))
	mtExpect(t, "third person", resp, http.StatusUnprocessableEntity)
	if errs := mtFormErrors(resp.body); !strings.Contains(errs, "Skriv planen, som den unge selv siger den: »Jeg skal …«") {
		t.Errorf("the message does not help: %q", errs)
	}
	if !strings.Contains(resp.body, ">Mikkel skal møde op i skole</textarea>") {
		t.Error("the text typed was not kept")
	}
	for _, bad := range []url.Values{
		mtPlanForm("Jeg skal i skole", "youth", iso(-21)),                           // due in the past
		mtPlanForm("Jeg skal i skole", "youth", "1. december"),                      // not a date
		mtPlanForm("Jeg skal i skole", f.userID("jobcenter@a.example"), iso(23)),    // not on the team or at the meeting
		mtPlanForm("Jeg skal i skole", f.userID("uu@b.example"), iso(23)),           // another municipality
		{"text": {"Jeg skal"}, "owner": {"youth"}, "due": {iso(23)}, "goal": {"x"}}, // no such goal
		mtPlanForm("  ", "youth", iso(23)),
	} {
		mtExpect(t, "invalid plan item "+bad.Encode(), f.uu.post(mtPath(id, "/plan"), bad), http.StatusUnprocessableEntity)
	}
	for _, good := range []url.Values{
		mtPlanForm("Jeg skal møde op i skole 3 dage om ugen", "youth", iso(23)),
		mtPlanForm("  vi ringer til erhvervsskolen sammen", f.userID("mentor@a.example"), iso(9)),
		{"text": {"JEG går til fodbold om tirsdagen"}, "owner": {"youth"}, "due": {iso(70)}, "goal": {"personligt"}},
	} {
		mtExpect(t, "plan item", f.uu.post(mtPath(id, "/plan"), good), http.StatusSeeOther)
	}
	page := f.uu.get(mtPath(id, ""))
	if got := mtCount(page.body, "plan-item"); got != 3 {
		t.Fatalf("%d plan items, want 3", got)
	}
	for _, want := range []string{"Mikkel · senest " + dk(23) + " · Uddannelse og job", "Mads Mentor · senest " + dk(9), "Personligt mål"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the plan lacks %q", want)
		}
	}
	// The print view for the young person groups the goals.
	print := f.uu.get(mtPath(id, "/plan/print"))
	if mtCount(print.body, "print-plan-item") != 3 || !strings.Contains(print.body, "Personlige mål") {
		t.Error("the plan's print view is incomplete")
	}
}

func TestMeetingDoubleSubmitCreatesOne(t *testing.T) {
	f := newMtFixture(t)
	id := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("samarbejdsmoede", isoAt(9, "10:00")))
	page := f.uu.get(mtPath(id, ""))
	tokens := regexp.MustCompile(`name="token" value="([^"]+)"`).FindAllStringSubmatch(page.body, -1)
	if len(tokens) < 2 || tokens[0][1] == tokens[1][1] {
		t.Fatalf("the page's forms carry no distinct one-time tokens: %v", tokens)
	}
	// The same plan form sent twice in a row, and five times at once.
	form := mtPlanForm("Jeg skal søge praktikplads", "youth", iso(23))
	form.Set("token", tokens[1][1])
	mtExpect(t, "first", f.uu.post(mtPath(id, "/plan"), form), http.StatusSeeOther)
	mtExpect(t, "second", f.uu.post(mtPath(id, "/plan"), form), http.StatusSeeOther)
	form.Set("token", "another-rendering-of-the-form")
	form.Set("text", "Jeg skal til tandlæge")
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			if got := f.uu.post(mtPath(id, "/plan"), form).status; got != http.StatusSeeOther {
				t.Errorf("concurrent double submit: %d", got)
			}
		})
	}
	wg.Wait()
	if n := countRows(t, f.app, `SELECT count(*) FROM plan_items WHERE meeting_id = $1`, id); n != 2 {
		t.Errorf("%d plan items after double submits, want 2", n)
	}
	// The agenda form likewise.
	agenda := url.Values{"text": {"Skole"}, "token": {tokens[0][1]}}
	mtExpect(t, "agenda", f.uu.post(mtPath(id, "/agenda"), agenda), http.StatusSeeOther)
	mtExpect(t, "agenda again", f.uu.post(mtPath(id, "/agenda"), agenda), http.StatusSeeOther)
	if n := countRows(t, f.app, `SELECT count(*) FROM agenda_items WHERE meeting_id = $1`, id); n != 1 {
		t.Errorf("%d agenda items after a double submit, want 1", n)
	}
	// A form that comes back with problems keeps its token.
	bad := mtPlanForm("Mikkel skal", "youth", iso(23))
	bad.Set("token", "kept-token-123")
	if resp := f.uu.post(mtPath(id, "/plan"), bad); !strings.Contains(resp.body, `value="kept-token-123"`) {
		t.Error("the token of a form with problems was not kept")
	}
}

var mtPlanEditRE = regexp.MustCompile(`/meetings/\d+/plan/(\d+)/edit`)

func TestMeetingPlanConflictShowsBothTexts(t *testing.T) {
	f := newMtFixture(t)
	id := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("samarbejdsmoede", isoAt(9, "10:00")))
	mtExpect(t, "plan", f.uu.post(mtPath(id, "/plan"), mtPlanForm("Jeg skal i skole", "youth", iso(23))), http.StatusSeeOther)
	m := mtPlanEditRE.FindStringSubmatch(f.uu.get(mtPath(id, "")).body)
	if m == nil {
		t.Fatal("no edit link on the plan item")
	}
	edit := mtPath(id, "/plan/"+m[1])
	mentor := f.app.as("mentor@a.example")
	for _, c := range []*client{f.uu, mentor} {
		if page := c.get(edit + "/edit"); !strings.Contains(page.body, `name="version" value="1"`) {
			t.Fatalf("the edit form does not carry version 1")
		}
	}
	mine := mtPlanForm("Jeg skal i skole fire dage om ugen", "youth", iso(23))
	mine.Set("version", "1")
	mtExpect(t, "first save", f.uu.post(edit, mine), http.StatusSeeOther)

	theirs := mtPlanForm("Jeg skal i skole hver dag", "youth", iso(28))
	theirs.Set("version", "1")
	resp := mentor.post(edit, theirs)
	mtExpect(t, "second save from the same version", resp, http.StatusConflict)
	for _, want := range []string{
		`data-testid="conflict-mine">Jeg skal i skole hver dag<`,
		`data-testid="conflict-theirs">Jeg skal i skole fire dage om ugen<`,
		`name="version" value="2"`,
		"En anden har gemt punktet, mens du skrev",
	} {
		if !strings.Contains(resp.body, want) {
			t.Errorf("the conflict page lacks %q", want)
		}
	}
	if n := countRows(t, f.app, `SELECT count(*) FROM plan_items WHERE text = 'Jeg skal i skole fire dage om ugen' AND version = 2`); n != 1 {
		t.Error("the first save was lost")
	}
	// Saving again from the version shown wins.
	theirs.Set("version", "2")
	mtExpect(t, "save after seeing the conflict", mentor.post(edit, theirs), http.StatusSeeOther)

	// Under concurrency: of ten saves from the same version, one is saved.
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[casework.ErrorCode]int{}
	item, _ := strconv.ParseInt(m[1], 10, 64)
	for i := range 10 {
		wg.Go(func() {
			d := casework.PlanDetails{Text: "Jeg skal " + strconv.Itoa(i), OwnerYouth: true, Due: day(23), Goal: casework.GoalPersonal}
			err := f.app.DB.UpdatePlanItem(context.Background(), f.app.Users["uu@a.example"], id, item, 3, d)
			mu.Lock()
			codes[casework.Code(err)]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if codes[""] != 1 || codes[casework.EConflict] != 9 {
		t.Errorf("concurrent saves: %v, want one saved and nine conflicts", codes)
	}
}

func TestMeetingEndLocksThePlan(t *testing.T) {
	f := newMtFixture(t)
	// A meeting that began an hour ago.
	id := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("samarbejdsmoede", casework.FormatMeetingTime(fixedNow.Add(-time.Hour))))
	mtExpect(t, "topic", f.uu.post(mtPath(id, "/agenda"), url.Values{"text": {"Skole"}}), http.StatusSeeOther)
	mtExpect(t, "plan", f.uu.post(mtPath(id, "/plan"), mtPlanForm("Jeg skal i skole", "youth", iso(23))), http.StatusSeeOther)
	confirm := f.uu.get(mtPath(id, "/end"))
	mtExpect(t, "confirm page", confirm, http.StatusOK)
	if !strings.Contains(confirm.body, "Ja, afslut mødet") || !strings.Contains(confirm.body, "Handleplanen har 1 punkt") {
		t.Error("the confirm page does not say what ending does")
	}
	if n := countRows(t, f.app, `SELECT count(*) FROM meetings WHERE id = $1 AND status = 'planned'`, id); n != 1 {
		t.Fatal("opening the confirm page ended the meeting")
	}
	mtExpect(t, "end", f.uu.post(mtPath(id, "/end"), nil), http.StatusSeeOther)
	page := f.uu.get(mtPath(id, ""))
	if mtCount(page.body, "meeting-ended") != 1 || mtCount(page.body, "plan-locked") != 1 || mtCount(page.body, "plan-form") != 0 || mtCount(page.body, "agenda-form") != 0 {
		t.Error("the ended meeting still offers its forms")
	}
	m := mtPlanEditRE.FindStringSubmatch(f.uu.get(mtPath(id, "")).body)
	if m != nil {
		t.Error("an ended meeting's plan item can still be edited")
	}
	var item string
	_ = f.app.DB.Pool.QueryRow(context.Background(), `SELECT id::text FROM plan_items WHERE meeting_id = $1`, id).Scan(&item)
	edit := mtPlanForm("Jeg skal noget andet", "youth", iso(23))
	edit.Set("version", "1")
	for what, resp := range map[string]response{
		"add plan item":   f.uu.post(mtPath(id, "/plan"), mtPlanForm("Jeg skal mere", "youth", iso(23))),
		"edit plan item":  f.uu.post(mtPath(id, "/plan/"+item), edit),
		"delete item":     f.uu.post(mtPath(id, "/plan/"+item+"/delete"), url.Values{"version": {"1"}}),
		"edit form":       f.uu.get(mtPath(id, "/plan/"+item+"/edit")),
		"add topic":       f.uu.post(mtPath(id, "/agenda"), url.Values{"text": {"Mere"}}),
		"end again":       f.uu.post(mtPath(id, "/end"), nil),
		"cancel":          f.uu.post(mtPath(id, "/cancel"), nil),
		"edit meeting":    f.uu.post(mtPath(id, "/edit"), url.Values{"starts_at": {isoAt(9, "10:00")}, "version": {"2"}}),
		"confirm end":     f.uu.get(mtPath(id, "/end")),
		"screen add plan": f.uu.post(mtPath(id, "/plan"), url.Values{"text": {"Jeg skal"}, "owner": {"youth"}, "due": {iso(23)}, "return": {"screen"}}),
	} {
		if resp.status != http.StatusConflict {
			t.Errorf("%s after the end: %d, want 409", what, resp.status)
		}
	}
	// The database holds the lock too.
	_, err := f.app.DB.Pool.Exec(context.Background(), `UPDATE plan_items SET text = 'Jeg skal snyde' WHERE meeting_id = $1`, id)
	if constraintOf(err) != "meeting_locked" {
		t.Errorf("the database let an ended meeting's plan change: %v", err)
	}
	// The screen shows it ended, and offers no writing.
	screen := f.uu.get(mtPath(id, "/screen?edit=1"))
	if mtCount(screen.body, "screen-closed") != 1 || mtCount(screen.body, "screen-plan-form") != 0 {
		t.Error("the ended meeting's screen still offers writing")
	}
}

func TestMeetingFollowupCarriesOver(t *testing.T) {
	f := newMtFixture(t)
	first := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("samarbejdsmoede", isoAt(-19, "10:00")))
	mtExpect(t, "plan 1", f.uu.post(mtPath(first, "/plan"), mtPlanForm("Jeg skal møde op i skole 3 dage om ugen", "youth", iso(3))), http.StatusSeeOther)
	mtExpect(t, "plan 2", f.uu.post(mtPath(first, "/plan"), mtPlanForm("Vi finder en praktikplads", f.userID("mentor@a.example"), iso(8))), http.StatusSeeOther)
	// A coordination meeting in between has no plan and does not count.
	mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("koordinationsmoede", isoAt(-12, "10:00")))
	second := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("samarbejdsmoede", isoAt(9, "10:00")))
	if page := f.uu.get(mtPath(second, "")); mtCount(page.body, "followup-item") != 0 {
		t.Fatal("a follow-up of a meeting that has not ended")
	}
	mtExpect(t, "end first", f.uu.post(mtPath(first, "/end"), nil), http.StatusSeeOther)

	page := f.uu.get(mtPath(second, ""))
	if mtCount(page.body, "followup-item") != 2 {
		t.Fatalf("%d items to follow up, want 2", mtCount(page.body, "followup-item"))
	}
	ids := regexp.MustCompile(`data-testid="followup-item" id="followup-(\d+)"`).FindAllStringSubmatch(page.body, -1)
	done, partly := ids[0][1], ids[1][1]
	mtExpect(t, "no outcome", f.uu.post(mtPath(second, "/followup/"+done), url.Values{"went_well": {"x"}}), http.StatusUnprocessableEntity)
	mtExpect(t, "done", f.uu.post(mtPath(second, "/followup/"+done), url.Values{"outcome": {"done"}, "went_well": {"Mødte op hver gang"}, "carry": {"1"}}), http.StatusSeeOther)
	carry := url.Values{"outcome": {"partly"}, "went_well": {"Har ringet til to steder"}, "went_badly": {"Ingen svar endnu"}, "carry": {"1"}, "due": {iso(28)}, "token": {"carry-once"}}
	mtExpect(t, "partly, carried over", f.uu.post(mtPath(second, "/followup/"+partly), carry), http.StatusSeeOther)
	mtExpect(t, "the same form again", f.uu.post(mtPath(second, "/followup/"+partly), carry), http.StatusSeeOther)

	page = f.uu.get(mtPath(second, ""))
	if got := mtCount(page.body, "plan-item"); got != 1 {
		t.Fatalf("the new plan has %d items, want the one carried over", got)
	}
	for _, want := range []string{"Vi finder en praktikplads", "videreført fra sidste plan", "senest " + dk(28), "Gennemført", "Delvist gennemført", "Ingen svar endnu"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the second meeting lacks %q", want)
		}
	}
	// Taking it out again removes the copy.
	mtExpect(t, "uncarry", f.uu.post(mtPath(second, "/followup/"+partly), url.Values{"outcome": {"not_done"}}), http.StatusSeeOther)
	if got := mtCount(f.uu.get(mtPath(second, "")).body, "plan-item"); got != 0 {
		t.Errorf("after taking it out the plan has %d items", got)
	}
	mtExpect(t, "carry again", f.uu.post(mtPath(second, "/followup/"+partly), url.Values{"outcome": {"partly"}, "carry": {"1"}, "due": {iso(28)}}), http.StatusSeeOther)
	// An item of another meeting's plan is not followed up here.
	mtExpect(t, "foreign item", f.uu.post(mtPath(second, "/followup/999999"), url.Values{"outcome": {"done"}}), http.StatusNotFound)

	// The big screen shows the outcomes of the last plan beside the agenda.
	if screen := f.uu.get(mtPath(second, "/screen")); mtCount(screen.body, "screen-previous-item") != 2 || !strings.Contains(screen.body, "Gennemført") {
		t.Error("the screen does not show the follow-up of the last plan")
	}

	// Ending the second meeting locks the follow-up; the tab shows the plans over time.
	mtExpect(t, "end second", f.uu.post(mtPath(second, "/end"), nil), http.StatusSeeOther)
	mtExpect(t, "follow-up after the end", f.uu.post(mtPath(second, "/followup/"+done), url.Values{"outcome": {"not_done"}}), http.StatusConflict)
	tab := f.uu.get(youthPath(f.youthID) + "/meetings")
	if got := mtCount(tab.body, "plan-history"); got != 2 {
		t.Errorf("the tab shows %d plans over time, want 2", got)
	}
	if got := mtCount(tab.body, "history-outcome"); got != 2 {
		t.Errorf("the plans over time show %d outcomes, want 2", got)
	}
}

func TestMeetingICSHasNoNames(t *testing.T) {
	f := newMtFixture(t)
	admin := f.app.as("admin@a.example")
	mtExpect(t, "room", admin.post("/admin/rooms", url.Values{"name": {"Lokale 2"}, "address": {"Rådhuspladsen 1"}, "has_screen": {"1"}}), http.StatusSeeOther)
	var room string
	_ = f.app.DB.Pool.QueryRow(context.Background(), `SELECT id::text FROM meeting_rooms`).Scan(&room)
	form := mtMeetingOf("samarbejdsmoede", isoAt(9, "10:00"))
	form.Set("room_id", room)
	id := mtCreateMeeting(t, f.uu, f.youthID, form)

	resp := f.uu.get(mtPath(id, "/calendar.ics"))
	mtExpect(t, "ics", resp, http.StatusOK)
	if ct := resp.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
		t.Errorf("Content-Type %q", ct)
	}
	body := strings.ReplaceAll(resp.body, "\r\n ", "") // unfold
	for _, want := range []string{"BEGIN:VCALENDAR", "BEGIN:VEVENT", "SUMMARY:Samarbejdsmøde · MJ", "DTSTART:" + mtICSTime(9, 10, 0), "DTEND:" + mtICSTime(9, 11, 0), "LOCATION:Lokale 2\\, Rådhuspladsen 1", "UID:meeting-"} {
		if !strings.Contains(body, want) {
			t.Errorf("the .ics lacks %q:\n%s", want, body)
		}
	}
	for _, never := range []string{"Mikkel", "Jensen", mtCPRDate, mtCPRSerial, "Anne"} {
		if strings.Contains(body, never) {
			t.Errorf("the .ics carries %q", never)
		}
	}

	// The private feed: made, read without a login, renewed.
	mentor := f.app.as("mentor@a.example")
	if page := mentor.get("/calendar"); mtCount(page.body, "feed-none") != 1 {
		t.Fatal("a new user already has a feed")
	}
	made := mentor.post("/calendar/renew", nil)
	feedURL := regexp.MustCompile(`data-testid="feed-url"`).FindString(made.body)
	m := regexp.MustCompile(`value="(http://[^"]+/calendar/[A-Za-z0-9_-]{43}\.ics)"`).FindStringSubmatch(made.body)
	if feedURL == "" || m == nil {
		t.Fatalf("no feed address shown: %s", mtSection(made.body, "feed-url"))
	}
	feedPath := strings.TrimPrefix(m[1], f.app.URL)
	feed := f.app.anonymous().get(feedPath)
	mtExpect(t, "feed without login", feed, http.StatusOK)
	fbody := strings.ReplaceAll(feed.body, "\r\n ", "")
	if !strings.Contains(fbody, "SUMMARY:Samarbejdsmøde · MJ") || strings.Contains(fbody, "Mikkel") {
		t.Errorf("the feed: %s", fbody)
	}
	if n := countRows(t, f.app, `SELECT count(*) FROM audit_log WHERE action = 'calendar.feed' AND user_id = $1`, f.app.Users["mentor@a.example"].ID); n != 1 {
		t.Errorf("%d audit rows for the feed read, want 1", n)
	}
	if page := mentor.get("/calendar"); strings.Contains(page.body, feedPath) || mtCount(page.body, "feed-active") != 1 {
		t.Error("the feed address is shown again, or the feed is not shown as active")
	}
	mentor.post("/calendar/renew", nil)
	if got := f.app.anonymous().get(feedPath).status; got != http.StatusNotFound {
		t.Errorf("the old feed address still works after renewal: %d", got)
	}
	if got := f.app.anonymous().get("/calendar/" + strings.Repeat("x", 43) + ".ics").status; got != http.StatusNotFound {
		t.Errorf("a guessed feed address: %d", got)
	}
}

func TestMeetingAuditRows(t *testing.T) {
	f := newMtFixture(t)
	id := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("samarbejdsmoede", isoAt(9, "10:00")))
	f.uu.post(mtPath(id, "/agenda"), url.Values{"text": {"Skole"}})
	f.uu.post(mtPath(id, "/plan"), mtPlanForm("Jeg skal i skole", "youth", iso(23)))
	f.uu.get(mtPath(id, ""))
	f.uu.get(mtPath(id, "/screen"))
	f.uu.get(mtPath(id, "/plan/print"))
	f.uu.get(mtPath(id, "/calendar.ics"))
	f.uu.get(youthPath(f.youthID) + "/meetings")
	f.uu.post(mtPath(id, "/end"), nil)
	for _, action := range []string{"meeting.create", "agenda.add", "plan.add", "meeting.view", "meeting.screen", "meeting.print", "meeting.calendar", "meeting.list", "meeting.end"} {
		if n := countRows(t, f.app, `SELECT count(*) FROM audit_log WHERE action = $1 AND youth_id = $2 AND user_id = $3`, action, f.youthID, f.app.Users["uu@a.example"].ID); n < 1 {
			t.Errorf("no audit row %s for the young person", action)
		}
	}
	// A refused change writes nothing.
	before := countRows(t, f.app, `SELECT count(*) FROM audit_log`)
	f.uu.post(mtPath(id, "/plan"), mtPlanForm("Jeg skal mere", "youth", iso(23)))
	if after := countRows(t, f.app, `SELECT count(*) FROM audit_log`); after != before {
		t.Errorf("a refused change wrote %d audit rows", after-before)
	}
}

func TestMeetingSlotsRoomsAndClashes(t *testing.T) {
	f := newMtFixture(t)
	admin := f.app.as("admin@a.example")
	mtExpect(t, "room", admin.post("/admin/rooms", url.Values{"name": {"Storskærmsrummet"}, "has_screen": {"1"}}), http.StatusSeeOther)
	mtExpect(t, "duplicate room", admin.post("/admin/rooms", url.Values{"name": {"Storskærmsrummet"}}), http.StatusUnprocessableEntity)
	var room string
	_ = f.app.DB.Pool.QueryRow(context.Background(), `SELECT id::text FROM meeting_rooms`).Scan(&room)
	mtExpect(t, "bad day", admin.post("/admin/rooms/days", url.Values{"room_id": {room}, "weekday": {"2"}, "starts": {"12:00"}, "ends": {"09:00"}}), http.StatusUnprocessableEntity)
	mtExpect(t, "fixed day", admin.post("/admin/rooms/days", url.Values{"room_id": {room}, "weekday": {"2"}, "starts": {"09:00"}, "ends": {"12:00"}}), http.StatusSeeOther)
	if page := admin.get("/admin/rooms"); !strings.Contains(page.body, "Hver tirsdag kl. 09.00–12.00 i Storskærmsrummet") {
		t.Fatal("the fixed day is not listed")
	}
	if got := f.uu.get("/admin/rooms").status; got != http.StatusForbidden {
		t.Errorf("a caseworker opened the rooms admin: %d", got)
	}

	// Sunday 22 November: the first free slot is on the first working
	// Tuesday whose agenda can still be sent in time, 1 December, at 9.
	tue := mtFixedDay(time.Tuesday)
	suggest := f.uu.get(youthPath(f.youthID) + "/meetings?suggest=1&kind=samarbejdsmoede&minutes=60")
	if mtCount(suggest.body, "slot-suggested") != 1 || !strings.Contains(suggest.body, `value="`+isoAt(tue, "09:00")+`"`) {
		t.Fatalf("suggestion: %s", mtSection(suggest.body, "slot-suggested"))
	}
	form := mtMeetingOf("samarbejdsmoede", isoAt(tue, "09:00"))
	form.Set("room_id", room)
	mtCreateMeeting(t, f.uu, f.youthID, form)
	// Now the room and the team are busy 9–10: next is 10.
	suggest = f.uu.get(youthPath(f.youthID) + "/meetings?suggest=1&kind=samarbejdsmoede&minutes=60")
	if !strings.Contains(suggest.body, `value="`+isoAt(tue, "10:00")+`"`) {
		t.Errorf("second suggestion: %s", mtSection(suggest.body, "slot-suggested"))
	}
	// The room cannot be double-booked.
	form = mtMeetingOf("formoede", isoAt(tue, "09:30"))
	form.Set("room_id", room)
	resp := f.uu.post(youthPath(f.youthID)+"/meetings", form)
	mtExpect(t, "double booking", resp, http.StatusUnprocessableEntity)
	if !strings.Contains(mtFormErrors(resp.body), "Lokalet er optaget") {
		t.Errorf("double booking message: %q", mtFormErrors(resp.body))
	}
	// Another young person's meeting at the same time, with the same
	// caseworker, is allowed but warned about.
	other := f.app.createYouth("uu@a.example", "Sara Ahmed")
	clash := mtCreateMeeting(t, f.uu, other, mtMeetingOf("formoede", isoAt(tue, "09:30")))
	if page := f.uu.get(mtPath(clash, "")); mtCount(page.body, "clashes") != 1 || !strings.Contains(page.body, "Ulla Ungevejleder har et andet møde") {
		t.Errorf("the clash is not shown: %s", mtSection(page.body, "clashes"))
	}
}

func TestMeetingHomeShowsMyNextMeetings(t *testing.T) {
	f := newMtFixture(t)
	mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("samarbejdsmoede", isoAt(9, "10:00")))
	mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("formoede", isoAt(-21, "10:00"))) // past
	home := f.app.as("mentor@a.example").get("/")
	card := section(home.body, "home-meeting")
	if got := mtCount(home.body, "home-meeting"); got != 1 || !strings.Contains(card, "Samarbejdsmøde · ") || !strings.Contains(card, "Mikkel Jensen") ||
		!strings.Contains(card, `data-testid="youth-detail"`) {
		t.Errorf("the mentor's front page shows %d meetings: %s", got, card)
	}
	if got := mtCount(f.app.as("jobcenter@a.example").get("/").body, "home-meeting"); got != 0 {
		t.Errorf("someone not taking part sees %d meetings", got)
	}
}

// mtSSE reads a Server-Sent Events stream line by line.
type mtSSE struct {
	events chan string // "event data", one per event
	cancel context.CancelFunc
}

func mtOpenEvents(t *testing.T, c *client, path string) *mtSSE {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		cancel()
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	s := &mtSSE{events: make(chan string, 16), cancel: cancel}
	go func() {
		defer resp.Body.Close()
		defer close(s.events)
		sc := bufio.NewScanner(resp.Body)
		var event, data string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = strings.TrimPrefix(line, "data: ")
			case line == "" && event != "":
				s.events <- event + " " + data
				event, data = "", ""
			}
		}
	}()
	t.Cleanup(cancel)
	return s
}

// mtWithin bounds the wait for something that is to happen — an event on
// a stream, a change on a screen — generously, so that a busy machine does
// not fail the test; how long it took is logged where it matters.
const mtWithin = 10 * time.Second

func (s *mtSSE) next(t *testing.T, within time.Duration) string {
	t.Helper()
	select {
	case ev, ok := <-s.events:
		if !ok {
			t.Fatal("the event stream ended")
		}
		return ev
	case <-time.After(within):
		t.Fatalf("no event within %v", within)
	}
	return ""
}

func TestMeetingLiveAcrossInstances(t *testing.T) {
	f := newMtFixture(t)
	id := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("samarbejdsmoede", isoAt(9, "10:00")))
	// A second app instance on the same database, with its own hub.
	bURL := f.app.startInstance(f.app.DB)
	b := &client{t: t, base: bURL, http: f.app.as("mentor@a.example").http}

	stream := mtOpenEvents(t, b, mtPath(id, "/events"))
	if ev := stream.next(t, mtWithin); !strings.HasPrefix(ev, "resync") {
		t.Fatalf("first event %q, want a resync", ev)
	}
	// An edit through instance A reaches the screen streaming from B.
	start := time.Now()
	mtExpect(t, "plan via A", f.uu.post(mtPath(id, "/plan"), mtPlanForm("Jeg skal i skole", "youth", iso(23))), http.StatusSeeOther)
	if ev := stream.next(t, mtWithin); ev != "change meeting:"+strconv.FormatInt(id, 10) {
		t.Fatalf("event %q", ev)
	}
	t.Logf("change reached instance B after %v", time.Since(start))
	// B's screen then shows it.
	if live := b.get(mtPath(id, "/screen/live")); !strings.Contains(live.body, "Jeg skal i skole") {
		t.Error("instance B's screen fragment lacks the new plan item")
	}
	// A refused change announces nothing; another meeting's change neither.
	f.uu.post(mtPath(id, "/plan"), mtPlanForm("Mikkel skal", "youth", iso(23)))
	other := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("formoede", isoAt(10, "10:00")))
	f.uu.post(mtPath(other, "/agenda"), url.Values{"text": {"Andet"}})
	f.uu.post(mtPath(id, "/agenda"), url.Values{"text": {"Skole"}})
	if ev := stream.next(t, mtWithin); ev != "change meeting:"+strconv.FormatInt(id, 10) {
		t.Fatalf("event %q", ev)
	}
	select {
	case ev := <-stream.events:
		t.Errorf("an unexpected event %q", ev)
	case <-time.After(300 * time.Millisecond):
	}
	// Someone who may not see the meeting gets no stream.
	if got := f.app.as("jobcenter@a.example").get(mtPath(id, "/events")).status; got != http.StatusNotFound {
		t.Errorf("events for an outsider: %d", got)
	}
}

func TestMeetingEditMovesTheDeadline(t *testing.T) {
	f := newMtFixture(t)
	id := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("samarbejdsmoede", isoAt(16, "10:00")))
	page := f.uu.get(mtPath(id, "/edit"))
	mtExpect(t, "edit form", page, http.StatusOK)
	if !strings.Contains(page.body, `value="`+isoAt(16, "10:00")+`"`) || !strings.Contains(page.body, `name="version" value="1"`) {
		t.Fatal("the edit form does not show the meeting as it is")
	}
	form := url.Values{"starts_at": {isoAt(23, "13:00")}, "minutes": {"90"}, "version": {"1"}, "place": {"Skolen"},
		"participants": {f.userID("mentor@a.example")}}
	mtExpect(t, "save", f.uu.post(mtPath(id, "/edit"), form), http.StatusSeeOther)
	page = f.uu.get(mtPath(id, ""))
	for _, want := range []string{dkAt(23, "13:00") + "–14.30", "Skolen", "Skal sendes senest " + mtSendBy(23, casework.DefaultAgendaLeadDays)} {
		if !strings.Contains(page.body, want) {
			t.Errorf("after the edit the meeting lacks %q", want)
		}
	}
	if got := mtCount(page.body, "participant"); got != 1 {
		t.Errorf("%d participants after choosing one", got)
	}
	// From the old version: someone else saved in between.
	resp := f.uu.post(mtPath(id, "/edit"), form)
	mtExpect(t, "stale edit", resp, http.StatusConflict)
	if !strings.Contains(resp.body, `name="version" value="2"`) || !strings.Contains(resp.body, `value="Skolen"`) {
		t.Error("the stale edit does not keep what was typed on the current version")
	}
	// The kind stays: a coordination meeting never gets the young person.
	coord := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("koordinationsmoede", isoAt(17, "10:00")))
	mtExpect(t, "edit coordination", f.uu.post(mtPath(coord, "/edit"), url.Values{"starts_at": {isoAt(17, "11:00")}, "version": {"1"}, "youth_attends": {"1"}, "kind": {"samarbejdsmoede"}}), http.StatusSeeOther)
	if n := countRows(t, f.app, `SELECT count(*) FROM meetings WHERE id = $1 AND kind = 'koordinationsmoede' AND NOT youth_attends AND NOT parents_attend`, coord); n != 1 {
		t.Error("editing changed the coordination meeting's kind or let the young person in")
	}
}

func TestMeetingRoomIsBookedOnceUnderConcurrency(t *testing.T) {
	f := newMtFixture(t)
	ctx := context.Background()
	admin := f.app.Users["admin@a.example"]
	if err := f.app.DB.CreateRoom(ctx, admin, casework.Room{Name: "Lokale 1", HasScreen: true}); err != nil {
		t.Fatal(err)
	}
	page, err := f.app.DB.MeetingAdminPage(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	start := day(9).Add(9 * time.Hour)
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[casework.ErrorCode]int{}
	for i := range 8 {
		wg.Go(func() {
			d := casework.MeetingDetails{Kind: casework.KindCooperation, StartsAt: start.Add(time.Duration(i) * 5 * time.Minute),
				EndsAt: start.Add(time.Hour + time.Duration(i)*5*time.Minute), RoomID: page.Rooms[0].ID, AllTeam: true, YouthAttends: true}
			_, err := f.app.DB.CreateMeeting(ctx, f.app.Users["uu@a.example"], f.youthID, d)
			mu.Lock()
			codes[casework.Code(err)]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if codes[""] != 1 || codes[casework.EInvalid] != 7 {
		t.Errorf("eight overlapping bookings of one room: %v, want one booked and seven refused", codes)
	}
}
