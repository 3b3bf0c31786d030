package server_test

// The access matrix: every route of the route table × every kind of user ×
// a young person (and everything under it) on the user's own team, on
// another team of the same municipality, and in another municipality; and
// the young people themselves, nobody, and a young person without a case
// (issue 14, matrix_citizen_test.go).
// Nothing in the expectations is written per route: they follow from the
// access rules (visibleToActor, the role gates), so a new route is covered
// the moment it is registered, and a new kind of path parameter fails the
// test until the matrix is told what it names.

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
	"kui/internal/server"
)

// mxActor is one kind of user the matrix signs in as: a professional (by
// e-mail), or a young person through a citizen provider (see
// matrix_citizen_test.go), whose key in the world's clients is email.
type mxActor struct {
	email string
	what  string // for the table
	// citizen: the name of the target whose young person this is (their
	// own case), or mxNoCase (a sign-in refused: no case has the CPR) or
	// mxAnonymous; "" for a professional.
	citizen string
}

var mxActors = []mxActor{
	{email: "uu@a.example", what: "sagsbehandler i teamet"},
	{email: "ssp@a.example", what: "sagsbehandler uden for teamet"},
	{email: "tovholder@a.example", what: "tovholder for et møde"},
	{email: "koordinator@a.example", what: "koordinator"},
	{email: "admin@a.example", what: "administrator"},
	{email: "koordinator@b.example", what: "anden kommunes koordinator"},
	{email: "uu@b.example", what: "anden kommunes sagsbehandler"},
	{email: "admin@b.example", what: "anden kommunes administrator"},
}

// mxRoleGates: the roles a path prefix is for (the longest prefix wins);
// paths under no prefix are for every signed-in user. A route gated
// otherwise fails the matrix until its gate is written here.
var mxRoleGates = map[string][]casework.Role{
	// Administrators manage the system and see no young person.
	"/youth":                   {casework.RoleCaseworker, casework.RoleFacilitator, casework.RoleCoordinator},
	"/admin":                   {casework.RoleAdmin},
	"/overview":                {casework.RoleCoordinator, casework.RoleAdmin},
	"/overview/between-chairs": {casework.RoleCoordinator},
	"/overview/professionals":  {casework.RoleCoordinator},
	"/referrals":               {casework.RoleCoordinator},
	// "Venter på dig" and the e-mail choices: professionals.
	"/inbox":                  {casework.RoleCaseworker, casework.RoleFacilitator, casework.RoleCoordinator},
	"/settings/notifications": {casework.RoleCaseworker, casework.RoleFacilitator, casework.RoleCoordinator},
	// The professionals' own contact details (the work phone).
	"/settings/contact": {casework.RoleCaseworker, casework.RoleFacilitator, casework.RoleCoordinator},
	// The young person's own kui: a citizen session only; every
	// professional role gets 403 there before any id is read, and a young
	// person gets 404 everywhere else (mxExpectCitizen).
	"/ung": {mxCitizen},
}

func mxGate(pattern string) []casework.Role {
	best := ""
	for prefix := range mxRoleGates {
		if (pattern == prefix || strings.HasPrefix(pattern, prefix+"/")) && len(prefix) > len(best) {
			best = prefix
		}
	}
	if best == "" {
		return nil
	}
	return mxRoleGates[best]
}

// Routes that no signed-in user's request reaches as data: sign-in and
// sign-out themselves, static files, probes.
var mxPublic = map[string]bool{
	"POST /login": true, "POST /logout": true, "GET /static/*": true,
	// Signing in with the municipality's login, and the second factor:
	// checked by mxCheckPublic.
	"GET /login/sso": true, "GET /login/idp/{slug}": true, "GET /login/idp/{slug}/callback": true,
	"GET /login/idp/{slug}/finish": true, "GET /saml/{slug}/metadata": true, "POST /saml/{slug}/acs": true,
	"GET /logged-out": true, "GET /login/totp": true, "POST /login/totp": true, "GET /login/totp/setup": true,
	"POST /login/totp/setup": true,
	// An e-mail's unsubscribe link: the signed token is the key.
	"GET /unsubscribe/{token}": true, "POST /unsubscribe/{token}": true,
	// The young person's sign-in page and sign-out (checked by mxCheckPublic,
	// as every professional, every young person and nobody).
	"GET /ung/login": true, "POST /ung/logout": true,
}

// mxPublicUnchecked are the public routes mxCheckPublic leaves out: signing
// in and out with a password (the clients' own sessions) and static files.
var mxPublicUnchecked = map[string]bool{"POST /login": true, "POST /logout": true, "GET /static/*": true}

// mxPublicWrites are the tables a public sign-in route may write to for
// anyone: a started sign-in, its refusal in the security log, a counted
// attempt, a used SAML assertion; an e-mail kind turned off by its
// unsubscribe link.
var mxPublicWrites = map[string]bool{"pending_logins": true, "security_log": true, "login_throttle": true, "saml_assertions_used": true,
	"notification_preferences": true}

// mxTarget is what the path parameters of a route are filled with: one
// young person with a meeting and one of everything under them, or (the
// "fremmed under-id" target) one young person's own ids with another
// young person's sub-ids.
type mxTarget struct {
	name         string
	municipality string // "A" or "B"
	youthName    string
	// sees: who may see the young person by the access rule: the team,
	// the facilitator of one of its meetings (not cancelled), and the
	// municipality's coordinators. Administrators see no young person.
	team, facilitators []string
	params             map[string]string // path parameter → value
	secrets            []string          // texts only those who may see it may read
	foreignChildren    bool              // sub-ids belong to another young person
	// The young person's CPR (every case has one: a citizen is matched by
	// it), and what their own kui never shows them: the journal's text.
	cpr          string
	journalTexts []string
}

// mayView applies the access rule of visibleToActor.
func (tg *mxTarget) mayView(u casework.User) bool {
	if municipalityOf(u) != tg.municipality || u.Role == casework.RoleAdmin {
		return false
	}
	return u.Role == casework.RoleCoordinator || slices.Contains(tg.team, u.Email) || slices.Contains(tg.facilitators, u.Email)
}

func municipalityOf(u casework.User) string {
	return strings.TrimSuffix(u.MunicipalityName, " Kommune")
}

// Path parameters that name something under a young person or a meeting:
// the "fremmed under-id" target swaps them for another young person's.
var mxChildParams = []string{"nid", "eid", "cid", "hid", "referral", "iid", "pid", "userID", "ungItem"}

// paramKey is what a route's parameter names: {rid} is a referral under
// /youth/… and /referrals, a room under /admin/rooms.
func paramKey(pattern, param string) string {
	if param == "rid" {
		if strings.Contains(pattern, "/rooms/{rid}") {
			return "room"
		}
		return "referral"
	}
	if param == "nid" && strings.HasPrefix(pattern, "/inbox/") {
		return "notification"
	}
	// Under /ung an agenda item is one the young person wrote themself (the
	// only kind they may remove); {cid} there is the young person's consent,
	// as under /youth/{id}.
	if param == "iid" && mxUng(pattern) {
		return "ungItem"
	}
	return param
}

type mxScope int

const (
	mxNoID         mxScope = iota
	mxYouth                // a young person, a meeting, or something under them
	mxMunicipality         // a room, a fixed meeting day, a unit, a professional
	mxSecret               // an unguessable key (a calendar feed)
)

var mxParamRE = regexp.MustCompile(`\{([^}]+)\}`)

// mxKnownParams says which scope each parameter puts a route in.
var mxKnownParams = map[string]mxScope{
	"id": mxYouth, "mid": mxYouth, "nid": mxYouth, "eid": mxYouth, "cid": mxYouth, "hid": mxYouth,
	"referral": mxYouth, "iid": mxYouth, "pid": mxYouth, "userID": mxYouth, "item": mxYouth, "ungItem": mxYouth,
	"room": mxMunicipality, "did": mxMunicipality, "unitID": mxMunicipality, "uid": mxMunicipality,
	"idp": mxMunicipality, "mapping": mxMunicipality,
	// A line of "Venter på dig" (its recipient's), an outgoing e-mail.
	"notification": mxMunicipality, "oid": mxMunicipality,
	"token": mxSecret,
}

func mxScopeOf(pattern string) (mxScope, []string, error) {
	scope := mxNoID
	var keys []string
	for _, m := range mxParamRE.FindAllStringSubmatch(pattern, -1) {
		key := paramKey(pattern, m[1])
		s, ok := mxKnownParams[key]
		if !ok {
			return 0, nil, fmt.Errorf("%s has the path parameter {%s}: tell the matrix (mxKnownParams, mxWorld) what it names", pattern, m[1])
		}
		scope = max(scope, s)
		keys = append(keys, key)
	}
	return scope, keys, nil
}

// mxWant is what a request must answer.
type mxWant struct {
	allowed bool
	// when refused: 404 (not visible) or 403 (the role may not), or 303 to
	// sign in; when allowed (a young person's own pages), the statuses the
	// page may answer (nil: any but an error).
	statuses []int
	location string // when set, the Location a refusal's 303 must name
	why      string // the rule that refuses it
}

func mxExpect(u casework.User, pattern string, scope mxScope, tg *mxTarget) mxWant {
	if roles := mxGate(pattern); roles != nil && !slices.Contains(roles, u.Role) {
		if scope == mxNoID || slices.Contains(roles, mxCitizen) {
			return mxWant{statuses: []int{http.StatusForbidden}, why: "rollen må ikke"}
		}
		// With an id, "not for your role" and "not found" reveal the same:
		// nothing.
		return mxWant{statuses: []int{http.StatusForbidden, http.StatusNotFound}, why: "rollen må ikke"}
	}
	switch scope {
	case mxYouth:
		if tg.foreignChildren {
			return mxWant{statuses: []int{http.StatusNotFound}, why: "under-id fra en anden ung"}
		}
		if !tg.mayView(u) {
			return mxWant{statuses: []int{http.StatusNotFound}, why: "må ikke se den unge"}
		}
	case mxMunicipality:
		if municipalityOf(u) != tg.municipality {
			return mxWant{statuses: []int{http.StatusNotFound}, why: "anden kommune"}
		}
	case mxSecret:
		return mxWant{statuses: []int{http.StatusNotFound}, why: "ukendt nøgle"}
	}
	return mxWant{allowed: true}
}

// mxWorld is the fixture: three young people with everything under them,
// and each municipality's rooms, meeting days and units.
type mxWorld struct {
	app     *testApp
	targets []*mxTarget
	clients map[string]*client
	tables  []string
	youthOf map[string]int64 // target name → the young person its {id} names
	cz      *mxCitizenWorld  // the young people's providers (matrix_citizen_test.go)
}

func newMxWorld(t *testing.T) *mxWorld {
	t.Helper()
	app := newTestApp(t)
	ctx := context.Background()
	for _, nu := range []casework.NewUser{
		{Email: "admin@b.example", Name: "Bjørn Administrator", Role: casework.RoleAdmin, Municipality: "B Kommune"},
		{Email: "mentor@b.example", Name: "Birte Mentor", Role: casework.RoleCaseworker, Municipality: "B Kommune", Unit: "Mentorkorpset B"},
	} {
		nu.Password = testPassword
		u, err := app.DB.CreateUser(ctx, nu)
		if err != nil {
			t.Fatal(err)
		}
		app.Users[nu.Email] = u
	}
	// Seven-digit ids, a different range per table: an id in a page is
	// then never mistaken for another number (see mxNormalise), nor for
	// another table's id.
	rows, err := app.DB.Pool.Query(ctx, `SELECT table_name FROM information_schema.columns
		 WHERE table_schema = 'public' AND column_name = 'id' AND is_identity = 'YES' ORDER BY table_name`)
	if err != nil {
		t.Fatal(err)
	}
	identities, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	for i, tbl := range identities {
		if _, err := app.DB.Pool.Exec(ctx, fmt.Sprintf(`ALTER TABLE %s ALTER COLUMN id RESTART WITH %d`,
			pgx.Identifier{tbl}.Sanitize(), 1_000_000+i*10_000)); err != nil {
			t.Fatal(err)
		}
	}
	w := &mxWorld{app: app, clients: map[string]*client{}}
	for _, a := range mxActors {
		w.clients[a.email] = app.as(a.email)
	}
	own := w.youth(t, "A", "Olivia Egetteam", "uu@a.example", "mentor@a.example", "tovholder@a.example", 101)
	own.name = "eget team"
	other := w.youth(t, "A", "Viktor Andetteam", "jobcenter@a.example", "familie@a.example", "", 102)
	other.name = "andet team"
	foreign := w.youth(t, "B", "Bodil Andenkommune", "uu@b.example", "mentor@b.example", "", 103)
	foreign.name = "anden kommune"
	// The young people themselves, signed in through their municipality's
	// citizen provider, each with an agenda topic of their own (before the
	// "fremmed under-id" target copies the sub-ids).
	w.signInCitizens(t, own, other, foreign)
	mixed := &mxTarget{name: "fremmed under-id", municipality: "A", team: own.team, facilitators: own.facilitators,
		params: map[string]string{}, secrets: other.secrets, foreignChildren: true}
	for k, v := range own.params {
		mixed.params[k] = v
	}
	for _, k := range mxChildParams {
		mixed.params[k] = other.params[k]
	}
	w.targets = []*mxTarget{own, other, foreign, mixed}
	for _, c := range w.clients {
		c.get("/") // shows, and so forgets, the set-up's last flash message
	}
	w.youthOf = map[string]int64{}
	for _, tg := range w.targets {
		id, _ := strconv.ParseInt(tg.params["id"], 10, 64)
		w.youthOf[tg.name] = id
	}

	rows, err = app.DB.Pool.Query(ctx, `SELECT table_name FROM information_schema.tables
		 WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('sessions', 'goose_db_version', 'audit_log')
		 ORDER BY table_name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		w.tables = append(w.tables, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(w.tables) < 20 {
		t.Fatalf("only %d tables to watch", len(w.tables))
	}
	return w
}

// mxExpectStatus fails the fixture's set-up on an unexpected answer.
func mxExpectStatus(t *testing.T, what string, resp response, want int) {
	t.Helper()
	if resp.status != want {
		t.Fatalf("set-up: %s: status %d, want %d\n%s", what, resp.status, want, formErrors(resp.body))
	}
}

// youth makes a young person as owner, with second on the team (and as
// contact person, handing over to owner), a journal note, an effort, a
// consent, a referral, a meeting (facilitated by facilitator, when given)
// with an agenda item and a plan item; and the municipality's room, fixed
// meeting day and unit.
func (w *mxWorld) youth(t *testing.T, municipality, name, owner, second, facilitator string, cprSerial int) *mxTarget {
	t.Helper()
	app := w.app
	ctx := context.Background()
	c := app.as(owner)
	id, cpr := app.createYouthWithCPR(owner, name, cprSerial)
	p := youthPath(id)
	tg := &mxTarget{municipality: municipality, youthName: name, team: []string{owner, second}, cpr: cpr, params: map[string]string{
		"id": itoa64(id), "userID": app.uid(second), "item": "journaling", "token": "ikke-en-rigtig-nøgle",
	}}
	if facilitator != "" {
		tg.facilitators = []string{facilitator}
	}
	sqlID := func(key, query string, args ...any) {
		t.Helper()
		var v int64
		if err := app.DB.Pool.QueryRow(ctx, query, args...).Scan(&v); err != nil {
			t.Fatalf("set-up: the %s of %s: %v", key, name, err)
		}
		tg.params[key] = itoa64(v)
	}
	secret := func(s string) string {
		tg.secrets = append(tg.secrets, s)
		return s
	}
	secret(name)

	mxExpectStatus(t, "add to team", c.post(p+"/team", url.Values{"user_id": {app.uid(second)}, "team_role": {"Mentor"}}), http.StatusSeeOther)
	mxExpectStatus(t, "first contact person", c.post(p+"/contact-person", url.Values{"user_id": {app.uid(second)}, "reason": {"Den unges ønske."}}), http.StatusSeeOther)
	mxExpectStatus(t, "hand over", c.post(p+"/contact-person", url.Values{"user_id": {app.uid(owner)}, "reason": {"Overdragelse."}}), http.StatusSeeOther)
	sqlID("hid", `SELECT id FROM contact_handovers WHERE youth_id = $1`, id)

	mxExpectStatus(t, "journal note", c.post(p+"/notes", url.Values{"spoken_with": {"Den unge"}, "occurred_on": {iso(-2)},
		"occurred_time": {"10:00"}, "topic": {secret("Notatemne om " + name)}, "agreed": {secret("Aftalt med " + name)}}), http.StatusSeeOther)
	tg.journalTexts = []string{"Notatemne om " + name, "Aftalt med " + name}
	sqlID("nid", `SELECT id FROM journal_notes WHERE youth_id = $1`, id)

	var unit int64
	if err := app.DB.Pool.QueryRow(ctx, `SELECT unit_id FROM users WHERE email = $1`, second).Scan(&unit); err != nil {
		t.Fatal(err)
	}
	mxExpectStatus(t, "effort", c.post(p+"/efforts", url.Values{"unit": {itoa64(unit)}, "description": {secret("Indsats for " + name)},
		"responsible": {app.uid(second)}, "starts_on": {iso(-21)}, "status": {"ongoing"}}), http.StatusSeeOther)
	sqlID("eid", `SELECT id FROM efforts WHERE youth_id = $1`, id)

	mxExpectStatus(t, "consent", c.post(p+"/consents", url.Values{"given_by": {"youth"}, "given_on": {iso(-21)},
		"expires_on": {iso(344)}, "unit_scope": {"all"}, "covers_health": {"1"}, "note": {secret("Samtykkenote for " + name)}}), http.StatusSeeOther)
	sqlID("cid", `SELECT id FROM consents WHERE youth_id = $1`, id)

	mxExpectStatus(t, "referral", c.post(p+"/referrals", url.Values{"situation": {secret("Situationen for " + name)},
		"tried": {"Samtaler."}, "needed": {"En voksen."}}), http.StatusSeeOther)
	sqlID("referral", `SELECT id FROM visitation_referrals WHERE youth_id = $1`, id)

	meeting := url.Values{"kind": {"samarbejdsmoede"}, "starts_at": {isoAt(9, "10:00")}}
	if facilitator != "" {
		meeting.Set("facilitator_id", app.uid(facilitator))
	}
	resp := c.post(p+"/meetings", meeting)
	mxExpectStatus(t, "meeting", resp, http.StatusSeeOther)
	tg.params["mid"] = strings.TrimPrefix(resp.location(t), "/meetings/")
	if facilitator != "" {
		var got int64
		if err := app.DB.Pool.QueryRow(ctx, `SELECT facilitator_id FROM meetings WHERE id = $1`, tg.params["mid"]).Scan(&got); err != nil || got != app.Users[facilitator].ID {
			t.Fatalf("set-up: the meeting's facilitator is %d (%v), want %s", got, err, facilitator)
		}
	}
	mp := "/meetings/" + tg.params["mid"]
	mxExpectStatus(t, "agenda item", c.post(mp+"/agenda", url.Values{"text": {secret("Dagsordenpunkt for " + name)}}), http.StatusSeeOther)
	sqlID("iid", `SELECT id FROM agenda_items WHERE meeting_id = $1`, tg.params["mid"])
	mxExpectStatus(t, "plan item", c.post(mp+"/plan", url.Values{"text": {secret("Jeg skal lykkes, siger " + name)},
		"owner": {"youth"}, "due": {iso(23)}}), http.StatusSeeOther)
	sqlID("pid", `SELECT id FROM plan_items WHERE meeting_id = $1`, tg.params["mid"])

	// The municipality's own things, made by its administrator.
	admin := w.clients["admin@"+strings.ToLower(municipality)+".example"]
	mun := app.Users[owner].MunicipalityID
	room := "Mødelokale " + name
	mxExpectStatus(t, "room", admin.post("/admin/rooms", url.Values{"name": {room}, "address": {"Rådhuset"}, "has_screen": {"1"}, "active": {"1"}}), http.StatusSeeOther)
	sqlID("room", `SELECT id FROM meeting_rooms WHERE name = $1`, room)
	mxExpectStatus(t, "meeting day", admin.post("/admin/rooms/days", url.Values{"room_id": {tg.params["room"]}, "weekday": {"2"},
		"starts": {"09:00"}, "ends": {"12:00"}}), http.StatusSeeOther)
	sqlID("did", `SELECT id FROM meeting_days WHERE room_id = $1`, tg.params["room"])
	unitName := "Enhed for " + name
	mxExpectStatus(t, "unit", admin.post("/admin/units", url.Values{"name": {unitName}}), http.StatusSeeOther)
	sqlID("unitID", `SELECT id FROM units WHERE municipality_id = $1 AND name = $2`, mun, unitName)
	tg.params["uid"] = app.uid(second)

	// The municipality's identity provider and one role mapping. It is
	// switched off: the public sign-in routes (mxCheckPublic) then answer
	// without reaching out to a provider that does not exist.
	slug := "mx-" + strings.ToLower(strings.Fields(name)[0])
	mxExpectStatus(t, "identity provider", admin.post("/admin/sign-in", url.Values{"protocol": {"oidc"}, "slug": {slug},
		"display_name": {"Login " + name}, "oidc_issuer": {"https://idp." + strings.ToLower(municipality) + ".example"},
		"oidc_client_id": {"kui"}}), http.StatusSeeOther)
	sqlID("idp", `SELECT id FROM identity_providers WHERE slug = $1`, slug)
	tg.params["slug"] = slug
	mxExpectStatus(t, "role mapping", admin.post("/admin/sign-in/"+tg.params["idp"]+"/roles", url.Values{"value": {"kui." + slug},
		"role": {"caseworker"}, "unit_id": {tg.params["unitID"]}}), http.StatusSeeOther)
	sqlID("mapping", `SELECT id FROM identity_provider_roles WHERE idp_id = $1`, tg.params["idp"])

	// A line of the owner's "Venter på dig" and a failed e-mail to them, as
	// the store and the sender would write them.
	sqlID("notification", `INSERT INTO notifications (municipality_id, user_id, kind, youth_id, subject_id, occasion, created_at)
		VALUES ($1, $2, 'turning_18', $3, $3, $4, $5) RETURNING id`, mun, app.Users[owner].ID, id, day(80), fixedNow)
	sqlID("oid", `INSERT INTO email_outbox (municipality_id, user_id, idem_key, kind, state, attempts, last_error, created_at)
		VALUES ($1, $2, 'mx:' || $3::text, 'turning_18', 'failed', 1, '550 mailbox unavailable', $4) RETURNING id`,
		mun, app.Users[owner].ID, name, fixedNow)
	return tg
}

// checksum is a digest of every table's rows but the sessions' and the
// audit log's (see newAudit): it changes when anything is written.
func (w *mxWorld) checksum(t *testing.T) map[string]string {
	t.Helper()
	var parts []string
	for _, tbl := range w.tables {
		parts = append(parts, fmt.Sprintf(`%s, (SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM %s x)`,
			quoteLiteral(tbl), tbl))
	}
	var raw map[string]string
	if err := w.app.DB.Pool.QueryRow(context.Background(), `SELECT json_build_object(`+strings.Join(parts, ", ")+`)`).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	return raw
}

func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func changedTables(before, after map[string]string) []string {
	var out []string
	for k, v := range after {
		if before[k] != v {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func (w *mxWorld) lastAudit(t *testing.T) int64 {
	t.Helper()
	var id int64
	if err := w.app.DB.Pool.QueryRow(context.Background(), `SELECT coalesce(max(id), 0) FROM audit_log`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// newAudit lists the audit rows written after row since that a refused
// request may not write: any but a read of a young person the actor may
// see (the parent of a foreign sub-id is read before the sub-id is not
// found, and that read is rightly logged).
func (w *mxWorld) newAudit(t *testing.T, since int64, u casework.User, tg *mxTarget) []string {
	t.Helper()
	rows, err := w.app.DB.Pool.Query(context.Background(), `SELECT action, coalesce(youth_id, 0) FROM audit_log WHERE id > $1 ORDER BY id`, since)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var action string
		var youth int64
		if err := rows.Scan(&action, &youth); err != nil {
			t.Fatal(err)
		}
		if tg != nil && tg.foreignChildren && tg.mayView(u) && youth == w.youthOf[tg.name] {
			continue
		}
		out = append(out, action)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// mxDo sends one request and reads the answer; an event stream is not
// read (it never ends), only its status and headers.
func mxDo(t *testing.T, c *client, method, path string, form url.Values) response {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		return response{status: resp.StatusCode, header: resp.Header}
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// mxPlausibleForm is one form for every POST route: a value for every field
// kui's forms have, valid where it can be, so a refused request that checks
// only its input would get through to the store. user_id is the actor's
// own id: an attempt to join the team or become contact person.
func mxPlausibleForm(u casework.User) url.Values {
	id := itoa64(u.ID)
	return url.Values{
		"name": {"Matrix Navn"}, "birth_date": {"2010-03-12"}, "level": {"bump"}, "need_category": {"koordineret"},
		"education_status": {"9. klasse"}, "education_plan": {"Matrixplan"}, "version": {"1"},
		"status": {"closed"}, "reason": {"Matrixgrund"}, "user_id": {id}, "team_role": {"Matrix"}, "chosen_on": {iso(-2)},
		"note": {"Matrixnote"}, "wish_user_id": {id}, "needs": {"Matrixbehov"}, "decline_reason": {"Matrix"},
		"situation": {"Matrixsituation"}, "tried": {"Matrixforsøg"}, "needed": {"Matrixbehov"},
		"spoken_with": {"Matrixperson"}, "occurred_on": {iso(-2)}, "occurred_time": {"10:00"}, "topic": {"Matrixemne"},
		"agreed": {"Matrixaftale"}, "unit": {"1"}, "description": {"Matrixindsats"}, "responsible": {id},
		"starts_on": {iso(-21)}, "given_by": {"youth"}, "given_on": {iso(-21)}, "expires_on": {iso(344)},
		"unit_scope": {"all"}, "withdrawn_on": {iso(-1)}, "withdrawn_by": {"youth"}, "done": {"1"}, "done_on": {iso(-1)},
		"due_on": {iso(9)}, "comment": {"Matrixkommentar"}, "measured_on": {iso(-2)}, "professional_step": {"3"},
		"youth_step": {"3"}, "youth_words": {"Matrixord"}, "kind": {"samarbejdsmoede"}, "starts_at": {isoAt(10, "10:00")},
		"minutes": {"60"}, "facilitator_id": {id}, "text": {"Jeg skal matrixteste."}, "owner": {"youth"}, "due": {iso(23)},
		"raised_by": {"youth"}, "token": {"matrix-" + id}, "direction": {"up"}, "outcome": {"done"}, "went_well": {"Godt"},
		"went_badly": {"Skidt"}, "address": {"Matrixvej 1"}, "has_screen": {"1"}, "active": {"1"}, "room_id": {"1"},
		"weekday": {"2"}, "starts": {"09:00"}, "ends": {"12:00"}, "agenda_lead_days": {"3"},
		"protocol": {"oidc"}, "slug": {"mx-matrix"}, "display_name": {"Matrixlogin"}, "oidc_issuer": {"https://idp.matrix.example"},
		"oidc_client_id": {"matrix"}, "enabled": {"1"}, "value": {"matrix.value"}, "role": {"caseworker"}, "password_login": {"1"},
		"code": {"123456"}, "state": {"matrix-state"}, "SAMLResponse": {"bWF0cml4"}, "RelayState": {"matrix-state"},
	}
}

type mxRoute struct{ method, pattern string }

func (w *mxWorld) routes(t *testing.T) []mxRoute {
	t.Helper()
	srv := server.NewServer(slog.New(slog.DiscardHandler), w.app.DB, server.Config{RequestTimeLimit: testRequestTimeLimit})
	defer srv.Close()
	var out []mxRoute
	err := chi.Walk(srv.Routes(), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		route = strings.ReplaceAll(route, "/*/", "/")
		out = append(out, mxRoute{method, route})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].pattern != out[j].pattern {
			return out[i].pattern < out[j].pattern
		}
		return out[i].method < out[j].method
	})
	if len(out) < 50 {
		t.Fatalf("the route table has only %d routes", len(out))
	}
	return out
}

func fillPath(pattern string, params map[string]string) string {
	return mxParamRE.ReplaceAllStringFunc(pattern, func(m string) string {
		return url.PathEscape(params[paramKey(pattern, m[1:len(m)-1])])
	})
}

// mxViolation is one broken rule, one line of the failure's table.
type mxViolation struct {
	kind, route, actor, target, got, want string
}

// Kinds of violation: what a refused user got to see or change, and a
// refusal with the wrong status (nothing seen, nothing changed).
const (
	mxReveals = "viser"
	mxChanges = "ændrer"
	mxStatus  = "status"
	mxBroken  = "fejl"
)

func TestMatrixEveryRouteEveryRole(t *testing.T) {
	start := time.Now()
	w := newMxWorld(t)
	routes := w.routes(t)
	t.Logf("set-up in %v; %d routes", time.Since(start).Round(time.Millisecond), len(routes))

	var violations []mxViolation
	violate := func(kind string, r mxRoute, a mxActor, tg *mxTarget, got, want string) {
		target := "-"
		if tg != nil {
			target = tg.name
		}
		violations = append(violations, mxViolation{kind, r.method + " " + r.pattern, a.email + " (" + a.what + ")", target, got, want})
	}
	var noID []string
	var requests, refusals, allowedGets int
	asIfMissing := map[string]int{} // route → refusals answered as for a missing record, not 404/403
	// check sends the request(s) of one cell of the matrix and records what
	// breaks the rules.
	check := func(r mxRoute, a mxActor, tg *mxTarget, path string, want mxWant) {
		u := w.user(a)
		c := w.clients[a.email]
		if want.allowed {
			if r.method != http.MethodGet {
				return // allowed changes are the areas' own tests (and the young person's, citizenActs); here they would move the fixture
			}
			requests++
			allowedGets++
			resp := mxDo(t, c, r.method, path, nil)
			w.checkHeaders(r, a, tg, resp, violate)
			switch {
			case resp.status >= 500:
				violate(mxBroken, r, a, tg, strconv.Itoa(resp.status), "et svar uden fejl")
			case want.statuses != nil:
				if !slices.Contains(want.statuses, resp.status) {
					violate(mxStatus, r, a, tg, strconv.Itoa(resp.status), fmt.Sprintf("%v: %s", want.statuses, want.why))
				}
			case tg == nil && resp.status >= 400:
				// Without an id only the role decides: a role the gates let
				// in must get the page (or mxRoleGates is wrong).
				violate(mxStatus, r, a, tg, strconv.Itoa(resp.status), "siden (rollen har adgang efter mxRoleGates)")
			}
			w.checkCitizenBody(r, a, tg, resp, "", violate)
			return
		}
		forms := []url.Values{nil}
		if r.method == http.MethodPost {
			forms = []url.Values{{}, mxPlausibleForm(u)}
		}
		for _, form := range forms {
			requests++
			refusals++
			before, audited := w.checksum(t), w.lastAudit(t)
			resp := mxDo(t, c, r.method, path, form)
			after := w.checksum(t)
			w.checkHeaders(r, a, tg, resp, violate)
			kind := ""
			if r.method == http.MethodPost {
				kind = " (tom formular)"
				if len(form) > 0 {
					kind = " (udfyldt formular)"
				}
			}
			switch {
			case slices.Contains(want.statuses, resp.status):
				if loc := resp.header.Get("Location"); want.location != "" && loc != want.location {
					violate(mxStatus, r, a, tg, fmt.Sprintf("%d til %q%s", resp.status, loc, kind), fmt.Sprintf("%d til %q: %s", resp.status, want.location, want.why))
				}
			// (A young person's page that shows another's sub-id as it shows
			// a missing one must still refuse it: 4xx.)
			case want.location == "" && (!mxSignedInCitizen(a) || resp.status >= 400) && w.likeMissing(t, r, c, tg, path, form, resp):
				asIfMissing[fmt.Sprintf("%s %s → %d%s", r.method, r.pattern, resp.status, kind)]++
			case want.location != "":
				violate(mxStatus, r, a, tg, strconv.Itoa(resp.status)+kind, fmt.Sprintf("%v til %q: %s", want.statuses, want.location, want.why))
			default:
				violate(mxStatus, r, a, tg, strconv.Itoa(resp.status)+kind, fmt.Sprintf("%v: %s (eller som for en post, der ikke findes)", want.statuses, want.why))
			}
			w.checkCitizenBody(r, a, tg, resp, kind, violate)
			if tg != nil {
				for _, s := range tg.secrets {
					if strings.Contains(resp.body, s) {
						violate(mxReveals, r, a, tg, fmt.Sprintf("svaret viser %q%s", s, kind), "intet om den unge")
					}
				}
			}
			if changed := changedTables(before, after); len(changed) > 0 {
				violate(mxChanges, r, a, tg, "skrev i "+strings.Join(changed, ", ")+kind, "ingen ændring")
			}
			if rows := w.newAudit(t, audited, u, tg); len(rows) > 0 {
				violate(mxChanges, r, a, tg, "auditlog: "+strings.Join(rows, ", ")+kind, "ingen auditlinje for en afvist handling")
			}
		}
	}

	for _, r := range routes {
		key := r.method + " " + r.pattern
		if mxPublic[key] {
			continue
		}
		scope, keys, err := mxScopeOf(r.pattern)
		if err != nil {
			t.Error(err)
			continue
		}
		if scope == mxNoID {
			noID = append(noID, key)
			for _, a := range w.actors() {
				check(r, a, nil, r.pattern, w.expect(a, r, scope, nil, r.pattern))
			}
			continue
		}
		// The foreign sub-id target only for routes with a parent and a
		// sub-id: /youth/{id}/notes/{nid}/…, /meetings/{mid}/plan/{pid}/….
		parent, child := false, false
		for _, k := range keys {
			parent = parent || k == "id" || k == "mid"
			child = child || slices.Contains(mxChildParams, k)
		}
		for _, tg := range w.targets {
			if tg.foreignChildren && !(parent && child) {
				continue
			}
			path := fillPath(r.pattern, tg.params)
			for _, a := range w.actors() {
				check(r, a, tg, path, w.expect(a, r, scope, tg, path))
			}
		}
	}

	// The young person's own caseworker opens every page under it: the
	// matrix reaches real records, so its refusals are not an accident of
	// wrong ids.
	owner := mxActors[0]
	for _, r := range routes {
		if r.method != http.MethodGet {
			continue
		}
		scope, _, err := mxScopeOf(r.pattern)
		if err != nil || scope != mxYouth || !mxExpect(w.app.Users[owner.email], r.pattern, scope, w.targets[0]).allowed {
			continue
		}
		resp := mxDo(t, w.clients[owner.email], r.method, fillPath(r.pattern, w.targets[0].params), nil)
		if resp.status != http.StatusOK {
			violate(mxBroken, r, owner, w.targets[0], strconv.Itoa(resp.status), "200: teamets egen sagsbehandler")
		}
	}

	w.checkPublic(t, routes, func(kind string, r mxRoute, who string, got, want string) {
		violations = append(violations, mxViolation{kind, r.method + " " + r.pattern, who, "-", got, want})
	})

	// The young person acts on their own case: every POST under /ung, last
	// (it moves the fixture: a topic removed, a consent withdrawn).
	w.citizenActs(t, routes, violate)

	t.Logf("%d requests (%d refused, %d allowed reads) in %v", requests, refusals, allowedGets, time.Since(start).Round(time.Millisecond))
	t.Logf("routes without ids (role gates only): %s", strings.Join(noID, ", "))
	if len(asIfMissing) > 0 {
		var lines []string
		for k, n := range asIfMissing {
			lines = append(lines, fmt.Sprintf("    %s (%d×)", k, n))
		}
		sort.Strings(lines)
		t.Logf("refused without a 404/403, with the very answer a missing record gets (the form is checked before the record is looked up):\n%s", strings.Join(lines, "\n"))
	}
	if refusals < 500 {
		t.Errorf("only %d refused requests: the matrix does not cover the routes", refusals)
	}
	if len(violations) > 0 {
		sort.SliceStable(violations, func(i, j int) bool { return violations[i].kind > violations[j].kind })
		var b strings.Builder
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "art\troute\tbruger\tden unge\tsvar\tskulle være")
		for _, v := range violations {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", v.kind, v.route, v.actor, v.target, v.got, v.want)
		}
		tw.Flush()
		t.Errorf("%d violations of the access rules:\n%s", len(violations), b.String())
	}
}

// unsubscribeToken is the real unsubscribe link's token of a user and kind.
func (w *mxWorld) unsubscribeToken(t *testing.T, email string, kind casework.Kind) string {
	t.Helper()
	secret, err := w.app.DB.UnsubscribeSecret(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return casework.UnsubscribeToken(secret, w.app.Users[email].ID, kind)
}

// mxMissingID is an id no record has.
const mxMissingID = "987654321"

// likeMissing tells whether a refusal that is not a 404/403 still reveals
// nothing: it is the very answer the same request gets for records that do
// not exist (ids and one-time form tokens aside), as the contract puts it,
// "as if it did not exist". Handlers that check a form before they look
// the record up answer 422 either way. Without ids (a role gate), an
// answer about the form alone (422, nothing written) reveals nothing
// either.
func (w *mxWorld) likeMissing(t *testing.T, r mxRoute, c *client, tg *mxTarget, path string, form url.Values, resp response) bool {
	t.Helper()
	if tg == nil {
		return resp.status == http.StatusUnprocessableEntity
	}
	ghost := map[string]string{}
	for k, v := range tg.params {
		ghost[k] = v
		if _, err := strconv.ParseInt(v, 10, 64); err == nil && (!tg.foreignChildren || slices.Contains(mxChildParams, k)) {
			ghost[k] = mxMissingID
		}
	}
	ghostPath := fillPath(r.pattern, ghost)
	if ghostPath == path {
		return false
	}
	other := mxDo(t, c, r.method, ghostPath, form)
	return other.status == resp.status && mxNormalise(other.body, r.pattern, ghost) == mxNormalise(resp.body, r.pattern, tg.params)
}

var mxTokenRE = regexp.MustCompile(`value="[A-Za-z0-9_-]{20,}"`)

// mxNormalise takes out of a page what differs between two ids: the ids
// in links and anchors (/meetings/1000007/plan/1000012, #plan-1000012) and
// the one-time form tokens. The fixture's ids are seven digits (see
// newMxWorld), so they are not mistaken for other numbers.
func mxNormalise(body, pattern string, params map[string]string) string {
	for _, m := range mxParamRE.FindAllStringSubmatch(pattern, -1) {
		if v := params[paramKey(pattern, m[1])]; v != "" {
			re := regexp.MustCompile(`([/#-])` + regexp.QuoteMeta(v) + `\b`)
			body = re.ReplaceAllString(body, "${1}{"+m[1]+"}")
		}
	}
	return mxTokenRE.ReplaceAllString(body, `value=""`)
}

// checkHeaders: every answer carries the security headers.
func (w *mxWorld) checkHeaders(r mxRoute, a mxActor, tg *mxTarget, resp response, violate func(string, mxRoute, mxActor, *mxTarget, string, string)) {
	if csp := resp.header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		violate(mxBroken, r, a, tg, fmt.Sprintf("Content-Security-Policy %q", csp), "script-src 'self' uden unsafe-inline")
	}
	if resp.header.Get("X-Content-Type-Options") != "nosniff" {
		violate(mxBroken, r, a, tg, "uden X-Content-Type-Options", "nosniff")
	}
}

// checkPublic sends every public sign-in route, as each kind of user (in
// a session of its own: a route may sign it out) and as nobody, with the
// municipalities' providers' slugs and an unknown one: whatever the flows
// answer, it is never a server error, never a young person's data, and
// nothing is written but a started or refused sign-in.
func (w *mxWorld) checkPublic(t *testing.T, routes []mxRoute, violate func(kind string, r mxRoute, who, got, want string)) {
	t.Helper()
	clients := map[string]*client{"(ingen)": w.app.anonymous()}
	for _, a := range mxActors {
		clients[a.email] = w.app.as(a.email)
	}
	var secrets []string
	for _, tg := range w.targets {
		secrets = append(secrets, tg.secrets...)
		if tg.cpr != "" {
			secrets = append(secrets, mxCPRForms(tg.cpr)...)
		}
	}
	// The staff providers (switched off), A Kommune's citizen provider (on:
	// its sign-in reaches the real test provider) and an unknown slug.
	slugs := []string{w.targets[0].params["slug"], w.targets[2].params["slug"], w.cz.slugs[0], "mx-findes-ikke"}
	for _, r := range routes {
		key := r.method + " " + r.pattern
		if !mxPublic[key] || mxPublicUnchecked[key] {
			continue
		}
		paths := []string{r.pattern}
		if strings.Contains(r.pattern, "{token}") {
			paths = []string{strings.ReplaceAll(r.pattern, "{token}", "ikke-en-rigtig-nøgle"),
				strings.ReplaceAll(r.pattern, "{token}", w.unsubscribeToken(t, "uu@a.example", casework.KindHandover))}
		}
		if strings.Contains(r.pattern, "{slug}") {
			paths = nil
			for _, slug := range slugs {
				paths = append(paths, strings.ReplaceAll(r.pattern, "{slug}", slug))
			}
		}
		// The young people, signed in anew for each route: a route may sign
		// them out.
		routeClients := maps.Clone(clients)
		for _, a := range mxCitizenActors {
			if a.citizen != mxNoCase && a.citizen != mxAnonymous {
				routeClients[a.email] = w.signInCitizenFresh(t, a)
			}
		}
		for who, c := range routeClients {
			u := w.app.Users[who]
			for _, path := range paths {
				forms := []url.Values{nil}
				if r.method == http.MethodPost {
					forms = []url.Values{{}, mxPlausibleForm(u)}
				}
				for _, form := range forms {
					before := w.checksum(t)
					resp := mxDo(t, c, r.method, path+"?state=matrix-state&code=matrix", form)
					after := w.checksum(t)
					if resp.status >= 500 {
						violate(mxBroken, r, who, strconv.Itoa(resp.status)+" på "+path, "et svar uden serverfejl")
					}
					for _, s := range secrets {
						if strings.Contains(resp.body, s) {
							violate(mxReveals, r, who, fmt.Sprintf("svaret viser %q", s), "intet om nogen ung")
						}
					}
					for _, tbl := range changedTables(before, after) {
						if !mxPublicWrites[tbl] && !(mxIsCitizen(who) && mxCitizenSignOutWrites[key][tbl]) {
							violate(mxChanges, r, who, "skrev i "+tbl, "kun et påbegyndt eller afvist log ind")
						}
					}
					if csp := resp.header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
						violate(mxBroken, r, who, fmt.Sprintf("Content-Security-Policy %q", csp), "script-src 'self' uden unsafe-inline")
					}
				}
			}
		}
	}
}
