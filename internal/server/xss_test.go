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

func newXSSWorld(t *testing.T) *xssWorld {
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
