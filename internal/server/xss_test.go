package server_test

// Cross-site scripting: a payload typed into every text field a user can
// type comes back escaped on every page that shows it — the pages of the
// route table as each kind of user sees them, the big screen and the print
// views, the forms re-rendered with errors (422), error pages and search
// terms echoed back. The technical log holds none of it afterwards.

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"kui/internal/casework"
	"kui/internal/demoidp"
)

// xssPayload breaks out of text, of a quoted attribute (either quote) and
// opens a script and an image with an event handler. The data-xss
// attribute names the field it was typed into, so a page that shows the
// field, escaped, is found by its tag, and a DOM it got into (see the
// browser test) says where it came from.
func xssPayload(field string) string {
	return `<script>alert(1)</script>"'><img src=x data-xss=` + xssTag(field) + ` onerror=alert(1)>`
}

func xssTag(field string) string { return "xss-" + field }

// xssRaw are pieces of the payload that only ever appear in a page when it
// is not escaped.
var xssRaw = []string{"<script>alert(1)", "<img src=x", "onerror=alert(1)>"}

// xssCPR is the young person's CPR number, which must stay out of the log.
const xssCPR = "120310-4123"

// xssWorld is a young person whose every typed field holds a payload, with
// a team, a contact person, a declined handover, a referral decided by the
// committee, a corrected journal note, an effort, a withdrawn consent, a
// checklist comment, a progression measurement, two meetings (the first
// ended, its plan followed up at the second), the municipality's room,
// unit and progression scale, and a professional whose name is a payload.
type xssWorld struct {
	app     *testApp
	params  []map[string]string // path parameters: one set per meeting
	fields  []string            // the fields that hold a payload
	checked int                 // answers read
	// rendered counts, per field, the answers that showed it, escaped.
	rendered map[string]int
	// shownOn counts, per GET route of the route table, the answers that
	// showed any field.
	shownOn map[string]int
	// steps are the forms the world was made with, and ids their paths'
	// parameters (every capture made).
	steps []xssStep
	ids   map[string]string
}

// xssStep is one form a user fills in: first with one field left wrong,
// so the form comes back (422) with what was typed, then as it should be.
type xssStep struct {
	actor, path string
	form        url.Values
	// breakField is emptied for the first post, to get the form back with
	// errors; "" skips that post (forms that have no required field).
	breakField string
	// capture reads the id of what the step made: param name and SQL with
	// $1 the young person.
	capture, captureSQL string
}

func newXSSWorld(t *testing.T) *xssWorld { return newXSSWorldWith(t, nil) }

// newXSSWorldWith makes the world, calling before (when not nil) with each
// form just before it is posted as it should be.
func newXSSWorldWith(t *testing.T, before func(w *xssWorld, s xssStep, c *client, path string, form url.Values)) *xssWorld {
	t.Helper()
	app := newTestApp(t)
	ctx := context.Background()
	w := &xssWorld{app: app, rendered: map[string]int{}, shownOn: map[string]int{}}
	p := func(field string) string {
		w.fields = append(w.fields, field)
		return xssPayload(field)
	}

	// A professional whose name and unit are payloads (an operator types
	// them with `kui user add`).
	odd, err := app.DB.CreateUser(ctx, casework.NewUser{Email: "odd@a.example", Name: "Otto " + p("user_name"),
		Role: casework.RoleCaseworker, Municipality: "A Kommune", Unit: p("user_unit"), Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	app.Users[odd.Email] = odd

	uu := app.as("uu@a.example")
	youth := url.Values{"name": {"Xenia " + p("name")}, "birth_date": {"2010-03-12"}, "cpr": {xssCPR}, "level": {"bump"},
		"need_category": {"koordineret"}, "education_status": {p("education_status")}, "education_plan": {p("education_plan")},
		"guardian0_name": {p("guardian_name")}, "guardian0_relation": {p("guardian_relation")}, "guardian0_phone": {"12345678"}, "join_team": {"1"}}
	w.post(t, uu, "/youth", youth, "birth_date")
	resp := uu.post("/youth", youth)
	if resp.status != http.StatusSeeOther {
		t.Fatalf("create the young person: %d\n%s", resp.status, formErrors(resp.body))
	}
	id := strings.TrimPrefix(resp.location(t), "/youth/")
	params := map[string]string{"id": id, "item": "journaling", "userID": app.uid("mentor@a.example"), "uid": app.uid("odd@a.example"),
		"token": "ingen-nøgle"}
	w.check(t, "GET "+resp.location(t), uu.get(resp.location(t)))

	var mentorUnit int64
	if err := app.DB.Pool.QueryRow(ctx, `SELECT unit_id FROM users WHERE email = 'mentor@a.example'`).Scan(&mentorUnit); err != nil {
		t.Fatal(err)
	}
	yp := "/youth/{id}"
	steps := []xssStep{
		{actor: "uu@a.example", path: yp, form: url.Values{"name": {"Xenia " + p("name_edited")}, "birth_date": {"2010-03-12"},
			"cpr": {xssCPR}, "level": {"bump"}, "need_category": {"koordineret"}, "education_status": {p("education_status_edited")},
			"education_plan": {p("education_plan_edited")}, "guardian0_name": {p("guardian_name_edited")},
			"guardian0_relation": {"mor"}, "version": {"1"}}, breakField: "birth_date"},
		{actor: "uu@a.example", path: yp + "/team", form: url.Values{"user_id": {app.uid("mentor@a.example")}, "team_role": {p("team_role")}}, breakField: "user_id"},
		{actor: "uu@a.example", path: yp + "/team", form: url.Values{"user_id": {app.uid("odd@a.example")}, "team_role": {p("team_role_odd")}}},
		{actor: "uu@a.example", path: yp + "/team/chosen", form: url.Values{"chosen_on": {iso(-2)}, "note": {p("team_choice_note")}}, breakField: "chosen_on"},
		{actor: "uu@a.example", path: yp + "/contact-person", form: url.Values{"user_id": {app.uid("mentor@a.example")}, "reason": {p("contact_reason")},
			"needs": {p("contact_needs")}, "wish_user_id": {app.uid("mentor@a.example")}}, breakField: "user_id"},
		{actor: "uu@a.example", path: yp + "/contact-person", form: url.Values{"user_id": {app.uid("uu@a.example")}, "reason": {p("handover_reason")}},
			capture: "hid", captureSQL: `SELECT id FROM contact_handovers WHERE youth_id = $1`},
		{actor: "uu@a.example", path: yp + "/handovers/{hid}/decline", form: url.Values{"decline_reason": {p("decline_reason")}}},
		{actor: "uu@a.example", path: yp + "/referrals", form: url.Values{"situation": {p("referral_situation")}, "tried": {p("referral_tried")},
			"needed": {p("referral_needed")}}, breakField: "tried", capture: "referral", captureSQL: `SELECT id FROM visitation_referrals WHERE youth_id = $1`},
		{actor: "koordinator@a.example", path: "/referrals/{referral}/decide", form: url.Values{"user_id": {app.uid("mentor@a.example")},
			"note": {p("referral_decision")}}, breakField: "user_id"},
		{actor: "uu@a.example", path: yp + "/notes", form: url.Values{"spoken_with": {p("note_spoken_with")}, "occurred_on": {iso(-2)},
			"occurred_time": {"10:00"}, "topic": {p("note_topic")}, "agreed": {p("note_agreed")}}, breakField: "occurred_on",
			capture: "nid", captureSQL: `SELECT min(id) FROM journal_notes WHERE youth_id = $1`},
		{actor: "uu@a.example", path: yp + "/notes/{nid}/correct", form: url.Values{"spoken_with": {p("note_spoken_with_corrected")},
			"occurred_on": {iso(-2)}, "occurred_time": {"10:00"}, "topic": {p("note_topic_corrected")},
			"agreed": {p("note_agreed_corrected")}}, breakField: "occurred_on"},
		{actor: "uu@a.example", path: yp + "/efforts", form: url.Values{"unit": {itoa64(mentorUnit)}, "description": {p("effort")},
			"responsible": {app.uid("mentor@a.example")}, "starts_on": {iso(-21)}, "status": {"ongoing"}}, breakField: "starts_on",
			capture: "eid", captureSQL: `SELECT id FROM efforts WHERE youth_id = $1`},
		{actor: "uu@a.example", path: yp + "/efforts/{eid}", form: url.Values{"unit": {itoa64(mentorUnit)}, "description": {p("effort_edited")},
			"responsible": {app.uid("mentor@a.example")}, "starts_on": {iso(-21)}, "status": {"ongoing"}, "version": {"1"}}, breakField: "starts_on"},
		{actor: "uu@a.example", path: yp + "/consents", form: url.Values{"given_by": {"guardian"}, "given_by_name": {p("consent_given_by")},
			"given_on": {iso(-21)}, "expires_on": {iso(344)}, "unit_scope": {"all"}, "covers_health": {"1"}, "note": {p("consent_note")}},
			breakField: "given_on", capture: "cid", captureSQL: `SELECT id FROM consents WHERE youth_id = $1`},
		{actor: "uu@a.example", path: yp + "/consents/{cid}/withdraw", form: url.Values{"withdrawn_on": {iso(-1)}, "withdrawn_by": {"guardian"},
			"withdrawn_by_name": {p("consent_withdrawn_by")}}, breakField: "withdrawn_on"},
		{actor: "uu@a.example", path: yp + "/checklist/{item}", form: url.Values{"version": {"1"}, "due_on": {iso(9)}, "comment": {p("checklist_comment")}}},
		{actor: "uu@a.example", path: yp + "/progression", form: url.Values{"measured_on": {iso(-2)}, "professional_step": {"3"}, "youth_step": {"2"},
			"youth_words": {p("progression_words")}, "comment": {p("progression_comment")}}, breakField: "measured_on"},
		{actor: "admin@a.example", path: "/admin/rooms", form: url.Values{"name": {p("room_name")}, "address": {p("room_address")},
			"has_screen": {"1"}, "active": {"1"}}, breakField: "name", capture: "room", captureSQL: `SELECT max(id) FROM meeting_rooms WHERE $1::bigint > 0`},
		{actor: "admin@a.example", path: "/admin/rooms/days", form: url.Values{"room_id": {"{room}"}, "weekday": {"2"}, "starts": {"09:00"}, "ends": {"12:00"}},
			capture: "did", captureSQL: `SELECT max(id) FROM meeting_days WHERE $1::bigint > 0`},
		{actor: "admin@a.example", path: "/admin/units", form: url.Values{"name": {p("unit_name")}}, breakField: "name",
			capture: "unitID", captureSQL: `SELECT max(id) FROM units WHERE $1::bigint > 0`},
		{actor: "admin@a.example", path: "/admin/progression-scale", form: url.Values{"step1": {p("scale_step")}, "step2": {"To"}, "step3": {"Tre"},
			"step4": {"Fire"}, "step5": {"Fem"}}, breakField: "step2"},
		// The first meeting, held last week in the payload room, and ended.
		{actor: "uu@a.example", path: yp + "/meetings", form: url.Values{"kind": {"samarbejdsmoede"}, "starts_at": {isoAt(-4, "10:00")},
			"room_id": {"{room}"}, "facilitator_id": {app.uid("tovholder@a.example")}}, breakField: "starts_at",
			capture: "mid1", captureSQL: `SELECT min(id) FROM meetings WHERE youth_id = $1`},
		{actor: "uu@a.example", path: "/meetings/{mid1}/agenda", form: url.Values{"text": {p("agenda_text")}}, breakField: "text"},
		{actor: "tovholder@a.example", path: "/meetings/{mid1}/plan", form: url.Values{"text": {"Jeg skal " + p("plan_text")}, "owner": {"youth"},
			"due": {iso(23)}}, breakField: "due", capture: "pid1", captureSQL: `SELECT min(p.id) FROM plan_items p JOIN meetings m ON m.id = p.meeting_id WHERE m.youth_id = $1`},
		{actor: "tovholder@a.example", path: "/meetings/{mid1}/end", form: url.Values{}},
		// The next meeting, somewhere typed in, where the plan is followed up.
		{actor: "uu@a.example", path: yp + "/meetings", form: url.Values{"kind": {"samarbejdsmoede"}, "starts_at": {isoAt(9, "10:00")},
			"place": {p("meeting_place")}, "facilitator_id": {app.uid("tovholder@a.example")}},
			capture: "mid2", captureSQL: `SELECT max(id) FROM meetings WHERE youth_id = $1`},
		{actor: "tovholder@a.example", path: "/meetings/{mid2}/followup/{pid1}", form: url.Values{"outcome": {"partly"},
			"went_well": {p("followup_went_well")}, "went_badly": {p("followup_went_badly")}, "carry": {"1"}, "due": {iso(28)}}, breakField: "outcome"},
		{actor: "tovholder@a.example", path: "/meetings/{mid2}/plan", form: url.Values{"text": {"Jeg vil " + p("plan_text_next")}, "owner": {"youth"},
			"due": {iso(23)}}, capture: "pid2", captureSQL: `SELECT max(p.id) FROM plan_items p JOIN meetings m ON m.id = p.meeting_id WHERE m.youth_id = $1`},
		{actor: "uu@a.example", path: "/meetings/{mid2}/agenda", form: url.Values{"text": {p("agenda_text_next")}},
			capture: "iid2", captureSQL: `SELECT max(a.id) FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE m.youth_id = $1`},
		// Last, as it ends the contact person's task: the young person is anchored.
		{actor: "uu@a.example", path: yp + "/status", form: url.Values{"status": {"anchored"}, "reason": {p("status_reason")}}, breakField: "status"},
	}
	for _, s := range steps {
		c := app.as(s.actor)
		path := fillPath(s.path, params)
		form := url.Values{}
		for k, v := range s.form {
			form[k] = []string{fillPath(v[0], params)}
		}
		if s.breakField != "" {
			broken := url.Values{}
			for k, v := range form {
				broken[k] = v
			}
			broken.Set(s.breakField, "")
			resp := c.post(path, broken)
			if resp.status != http.StatusUnprocessableEntity {
				t.Errorf("set-up: %s with %s empty: %d, want the form back (422)", s.path, s.breakField, resp.status)
			}
			w.check(t, "POST "+s.path+" (422)", resp)
		}
		if before != nil {
			before(w, s, c, path, form)
		}
		resp := c.post(path, form)
		if resp.status != http.StatusSeeOther {
			t.Fatalf("set-up: %s as %s: %d, want 303\n%s", s.path, s.actor, resp.status, formErrors(resp.body))
		}
		if s.capture != "" {
			var v int64
			if err := app.DB.Pool.QueryRow(ctx, s.captureSQL, id).Scan(&v); err != nil {
				t.Fatalf("set-up: the %s: %v", s.capture, err)
			}
			params[s.capture] = itoa64(v)
		}
	}
	// The matrix's parameter names; the meeting's sub-ids of each meeting.
	first, next := map[string]string{}, map[string]string{}
	for k, v := range params {
		first[k], next[k] = v, v
	}
	first["mid"], first["pid"], first["iid"] = params["mid1"], params["pid1"], params["iid2"]
	next["mid"], next["pid"], next["iid"] = params["mid2"], params["pid2"], params["iid2"]
	if iid := countRows(t, app, `SELECT min(id) FROM agenda_items WHERE meeting_id = $1`, params["mid1"]); iid > 0 {
		first["iid"] = strconv.Itoa(iid)
	}
	w.params = []map[string]string{next, first}
	w.steps, w.ids = steps, params
	return w
}

// post sends a form expected back with errors and checks the answer.
func (w *xssWorld) post(t *testing.T, c *client, path string, form url.Values, breakField string) {
	t.Helper()
	broken := url.Values{}
	for k, v := range form {
		broken[k] = v
	}
	broken.Set(breakField, "")
	resp := c.post(path, broken)
	if resp.status != http.StatusUnprocessableEntity {
		t.Errorf("set-up: %s with %s empty: %d, want the form back (422)", path, breakField, resp.status)
	}
	w.check(t, "POST "+path+" (422)", resp)
}

// check fails the test when an answer carries a payload unescaped, or an
// HTML page comes without the Content-Security-Policy; it counts the
// fields it shows, escaped.
func (w *xssWorld) check(t *testing.T, what string, resp response) {
	t.Helper()
	w.checked++
	csp := resp.header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") {
		t.Errorf("%s: Content-Security-Policy %q", what, csp)
	}
	ct := resp.header.Get("Content-Type")
	if !strings.HasPrefix(ct, "text/html") {
		// A calendar file or CSV is not a page; nosniff keeps a browser
		// from reading it as one.
		if resp.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s (%s): no X-Content-Type-Options: nosniff", what, ct)
		}
		return
	}
	for _, raw := range xssRaw {
		if i := strings.Index(resp.body, raw); i >= 0 {
			t.Errorf("%s: the page holds %q unescaped: …%s…", what, raw, resp.body[max(0, i-120):min(len(resp.body), i+120)])
		}
	}
	for _, f := range w.fields {
		if strings.Contains(resp.body, xssTag(f)+" ") {
			w.rendered[f]++
		}
	}
}

// xssReaders are the users whose pages are read: the caseworker, the team
// member whose name is a payload, the facilitator, the coordinator, the
// administrator.
var xssReaders = []string{"uu@a.example", "odd@a.example", "tovholder@a.example", "koordinator@a.example", "admin@a.example"}

// pages reads every GET route of the route table, as every reader, for
// each meeting, with search terms and other query values set to a payload
// too; and error pages for paths that hold one.
func (w *xssWorld) pages(t *testing.T) {
	t.Helper()
	mw := &mxWorld{app: w.app}
	routes := mw.routes(t)
	query := url.Values{}
	for _, k := range []string{"q", "next", "unit", "level", "status", "team", "edit", "from", "to", "month", "week", "sort"} {
		query.Set(k, xssPayload("query_"+k))
	}
	for _, email := range xssReaders {
		c := w.app.as(email)
		seen := map[string]bool{}
		for _, r := range routes {
			if r.method != http.MethodGet || strings.Contains(r.pattern, "*") {
				continue
			}
			for _, params := range w.params {
				path := fillPath(r.pattern, params)
				if seen[path] {
					continue
				}
				seen[path] = true
				resp := mxDo(t, c, http.MethodGet, path, nil)
				w.check(t, email+" GET "+r.pattern, resp)
				if strings.Contains(resp.body, "data-xss=xss-") {
					w.shownOn[r.pattern]++
				}
				w.check(t, email+" GET "+r.pattern+"?…", mxDo(t, c, http.MethodGet, path+"?"+query.Encode(), nil))
			}
		}
		for _, path := range []string{"/youth/" + url.PathEscape(xssPayload("path")), "/" + url.PathEscape(xssPayload("path")),
			"/meetings/" + url.PathEscape(xssPayload("path")) + "/screen"} {
			w.check(t, email+" GET "+path, mxDo(t, c, http.MethodGet, path, nil))
		}
	}
	// The young person's own pages (issue 14), as the young person, signed
	// in through the citizen provider by the case's CPR; their error pages;
	// and their sign-in page, which echoes ?next= into its links.
	citizens := w.app.citizenProvider(t, demoidp.User{Username: "xenia", Name: "Xenia Ung", CPR: strings.ReplaceAll(xssCPR, "-", "")})
	ung, landed := w.app.signInCitizen(t, citizens, "xenia")
	if landed.status != http.StatusOK {
		t.Fatalf("the young person's sign-in: status %d", landed.status)
	}
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
			w.check(t, "young person GET "+r.pattern, resp)
			if strings.Contains(resp.body, "data-xss=xss-") {
				w.shownOn[r.pattern]++
			}
			w.check(t, "young person GET "+r.pattern+"?…", mxDo(t, ung, http.MethodGet, path+"?"+query.Encode(), nil))
		}
	}
	for _, path := range []string{"/ung/" + url.PathEscape(xssPayload("path")), "/youth/" + url.PathEscape(xssPayload("path"))} {
		w.check(t, "young person GET "+path, mxDo(t, ung, http.MethodGet, path, nil))
	}
	w.check(t, "GET /ung/login?next=…", w.app.anonymous().get("/ung/login?"+query.Encode()))

	// Signed out: the login page echoes ?next= and the typed e-mail.
	anon := w.app.anonymous()
	w.check(t, "GET /login?next=…", anon.get("/login?"+query.Encode()))
	w.check(t, "POST /login", anon.post("/login", url.Values{"email": {xssPayload("login_email")}, "password": {"forkert"},
		"next": {xssPayload("login_next")}}))
}

// TestXSSEveryFieldEscapedEverywhere: the payloads come back escaped on
// every page, and every typed field shows on some page (so the check looks
// at them all); afterwards the technical log holds no CPR number, name or
// typed text.
func TestXSSEveryFieldEscapedEverywhere(t *testing.T) {
	start := time.Now()
	w := newXSSWorld(t)
	w.pages(t)
	var never []string
	for _, f := range w.fields {
		if w.rendered[f] == 0 {
			never = append(never, f)
		}
	}
	if len(never) > 0 {
		t.Errorf("typed into, but shown on no page (so not checked): %s", strings.Join(never, ", "))
	}
	// The big screen and the print views, above all, were read with the
	// payloads on them.
	for _, pattern := range []string{"/meetings/{mid}/screen", "/meetings/{mid}/screen/live", "/meetings/{mid}/agenda/print",
		"/meetings/{mid}/plan/print", "/meetings/{mid}", "/youth/{id}", "/youth"} {
		if w.shownOn[pattern] == 0 {
			t.Errorf("GET %s showed none of the payloads", pattern)
		}
	}
	var shown []string
	for p := range w.shownOn {
		shown = append(shown, p)
	}
	sort.Strings(shown)
	t.Logf("pages that showed payloads: %s", strings.Join(shown, ", "))
	counts := make([]string, 0, len(w.rendered))
	for f, n := range w.rendered {
		counts = append(counts, fmt.Sprintf("%s %d", f, n))
	}
	sort.Strings(counts)
	t.Logf("%d answers read in %v; answers showing each field: %s", w.checked, time.Since(start).Round(time.Millisecond), strings.Join(counts, ", "))
	checkTechnicalLog(t, w.app, w.fields)
}

// checkTechnicalLog fails the test when the server's technical log holds a
// CPR number, a young person's or professional's name, or any text a user
// typed; and when it is empty (then the check could not fail).
func checkTechnicalLog(t *testing.T, app *testApp, fields []string) {
	t.Helper()
	logs := app.logs.String()
	if lines := strings.Count(logs, "\n"); lines < 50 {
		t.Fatalf("the technical log has only %d lines: nothing to check", lines)
	}
	personal := []string{xssCPR, strings.ReplaceAll(xssCPR, "-", ""), "Xenia", "Otto", "xss-", "alert(1)", "img src"}
	for _, u := range fixtureUsers {
		personal = append(personal, u.Name)
	}
	for _, f := range fields {
		personal = append(personal, xssTag(f))
	}
	slices.Sort(personal)
	for _, s := range slices.Compact(personal) {
		if i := strings.Index(logs, s); i >= 0 {
			t.Errorf("the technical log holds %q: …%s…", s, logs[max(0, i-200):min(len(logs), i+100)])
		}
	}
}

// unstorable are texts PostgreSQL refuses (SQLSTATE 22021): a NUL byte, and
// bytes that are not UTF-8 (a lone continuation byte, an overlong slash, a
// surrogate). shown is how the form shows them again: U+FFFD where the bad
// bytes were (one for each run of them).
var unstorable = []struct{ typed, shown string }{
	{"Jeg skal nul\x00tegn", "Jeg skal nul\uFFFDtegn"},
	{"Jeg skal \xff\xfe ugyldig", "Jeg skal \uFFFD ugyldig"},
	{"Jeg skal \xc0\xaf og \xed\xa0\x80", "Jeg skal \uFFFD og \uFFFD"},
}

const unstorableMessage = "Teksten indeholder tegn, der ikke kan gemmes"

// dbFingerprint is a digest of every row kui keeps about cases and people
// (not sessions, the login throttle or the audit log's readings), to tell
// that nothing was stored.
func dbFingerprint(t *testing.T, app *testApp) string {
	t.Helper()
	ctx := context.Background()
	rows, err := app.DB.Pool.Query(ctx, `SELECT table_name::text FROM information_schema.tables
		WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
		  AND table_name NOT IN ('sessions', 'login_throttle', 'server_secrets', 'goose_db_version') ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(tables) < 20 {
		t.Fatalf("only %d tables found: the fingerprint would miss writes", len(tables))
	}
	var b strings.Builder
	for _, table := range tables {
		var digest string
		q := fmt.Sprintf(`SELECT coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM %q t`, table)
		if table == "audit_log" {
			// The form shown again is read, and that reading is logged:
			// only a change would be the action stored.
			q += ` WHERE action !~ '[.](view|list|edit_form|correct_form|screen|print|calendar)$' AND action NOT LIKE 'overview.%'`
		}
		if err := app.DB.Pool.QueryRow(ctx, q).Scan(&digest); err != nil {
			t.Fatal(err)
		}
		b.WriteString(table + "=" + digest + ";")
	}
	return b.String()
}

// TestUnstorableTextInEveryField: a NUL byte or bytes that are not UTF-8,
// typed into every text field of every form, in every search and query
// value, in the address and at the login, never reach PostgreSQL: the form
// comes back (422) with the text kept, marked, and a Danish message; pages
// refuse the query with a Danish 422 page; nothing is stored and the
// technical log has no ERROR line.
func TestUnstorableTextInEveryField(t *testing.T) {
	tried := 0
	var errorsBefore int
	w := newXSSWorldWith(t, func(w *xssWorld, s xssStep, c *client, path string, good url.Values) {
		if tried == 0 {
			errorsBefore = strings.Count(w.app.logs.String(), `"level":"ERROR"`)
		}
		if strings.Contains(s.path, "/checklist/") {
			// Opening the checklist the first time creates its items.
			c.get(path[:strings.LastIndex(path, "/")])
		}
		for field, v := range s.form {
			if !strings.Contains(v[0], "data-xss=") {
				continue // not a text a person types
			}
			for _, bad := range unstorable {
				form := url.Values{}
				for k, v := range good {
					form[k] = v
				}
				form.Set(field, bad.typed)
				before := dbFingerprint(t, w.app)
				resp := c.post(path, form)
				tried++
				what := fmt.Sprintf("POST %s %s=%q", s.path, field, bad.typed)
				if after := dbFingerprint(t, w.app); after != before {
					t.Errorf("%s changed the database: %s", what, fingerprintDiff(before, after))
				}
				if resp.status != http.StatusUnprocessableEntity {
					t.Errorf("%s: %d, want 422", what, resp.status)
					continue
				}
				if !strings.Contains(resp.body, unstorableMessage) {
					t.Errorf("%s: no Danish message about the text: %s", what, formErrors(resp.body))
				}
				if !strings.Contains(resp.body, bad.shown) {
					t.Errorf("%s: the text typed is not shown again (as %q)", what, bad.shown)
				}
			}
		}
	})
	app := w.app
	if tried < 3*40 {
		t.Errorf("only %d forms tried: the sweep misses fields", tried)
	}
	// Signed in before the database is fingerprinted: signing in writes its
	// line in the security log.
	clients := map[string]*client{}
	for _, email := range []string{"uu@a.example", "koordinator@a.example", "admin@a.example"} {
		clients[email] = app.as(email)
	}
	as := func(email string) *client { return clients[email] }
	before := dbFingerprint(t, app)

	// Query values of every GET page, and the address itself.
	routes := (&mxWorld{app: app}).routes(t)
	for _, email := range []string{"uu@a.example", "koordinator@a.example", "admin@a.example"} {
		c := as(email)
		for _, r := range routes {
			if r.method != http.MethodGet || strings.Contains(r.pattern, "*") || !strings.HasPrefix(r.pattern, "/") ||
				r.pattern == "/healthz" || r.pattern == "/readyz" || r.pattern == "/session/ping" {
				continue // probes read no query, and no database by it
			}
			path := fillPath(r.pattern, w.params[0])
			for _, bad := range unstorable {
				for _, key := range []string{"q", "level", "status", "unit", "next", "edit", "return"} {
					resp := c.get(path + "?" + url.Values{key: {bad.typed}}.Encode())
					if resp.status != http.StatusUnprocessableEntity || !strings.Contains(resp.body, "Teksten indeholder tegn, der ikke kan gemmes eller søges på") {
						t.Errorf("%s GET %s?%s=%q: %d, want 422 with a Danish page", email, r.pattern, key, bad.typed, resp.status)
					}
				}
			}
		}
		for _, path := range []string{"/youth/1%00", "/calendar/a%00b.ics", "/youth/%ff", "/meetings/%c0%af/screen"} {
			if resp := c.get(path); resp.status != http.StatusNotFound {
				t.Errorf("%s GET %s: %d, want 404", email, path, resp.status)
			}
		}
	}

	// Before login, where anybody can send it.
	for _, bad := range unstorable {
		for _, field := range []string{"email", "password", "next"} {
			form := url.Values{"email": {"uu@a.example"}, "password": {"forkert"}}
			form.Set(field, bad.typed)
			resp := app.anonymous().post("/login", form)
			if resp.status != http.StatusUnprocessableEntity || !strings.Contains(resp.body, unstorableMessage) {
				t.Errorf("POST /login %s=%q: %d, want 422 with the message", field, bad.typed, resp.status)
			}
		}
	}
	if n := countRows(t, app, `SELECT count(*) FROM login_throttle`); n != 0 {
		t.Errorf("refused logins were counted as %d failures", n)
	}

	if after := dbFingerprint(t, app); after != before {
		t.Errorf("refused queries and logins changed the database: %s", fingerprintDiff(before, after))
	}
	if n := strings.Count(app.logs.String(), `"level":"ERROR"`) - errorsBefore; n != 0 {
		t.Errorf("refused input wrote %d ERROR lines to the technical log", n)
	}
}

// fingerprintDiff names the tables whose rows differ between two
// fingerprints.
func fingerprintDiff(before, after string) string {
	b, a := strings.Split(before, ";"), strings.Split(after, ";")
	var changed []string
	for i := range b {
		if i < len(a) && a[i] != b[i] {
			changed = append(changed, strings.Split(b[i], "=")[0])
		}
	}
	return strings.Join(changed, ", ")
}
