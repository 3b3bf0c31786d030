package server_test

// The access matrix's young people (issue 14): each case's young person
// signs in through their municipality's citizen provider (the real test
// OpenID Provider, matched by CPR), and so does one without a case (refused:
// as good as nobody). What they may reach follows from two rules, not from a
// list of routes: the /ung pages are for a citizen session only, and each
// young person reaches their own case there and nothing else; every other
// route answers a citizen 404. See matrix_test.go for the matrix itself.

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"kui/internal/casework"
	"kui/internal/demoidp"
	"kui/internal/server"
)

// mxCitizen is no role of casework's: it names the gate of /ung in
// mxRoleGates (a citizen session only).
const mxCitizen casework.Role = "citizen"

// The kinds of young person that are not a case's own.
const (
	mxNoCase    = "(uden sag)"
	mxAnonymous = "(ingen)"
)

// mxCitizenActors: a case's young person is named by the target whose
// young person they are (newMxWorld's targets), so "eget team" is A1 (the
// target case's own young person), "andet team" A2 (another case in the
// same municipality), "anden kommune" B1 (a case in B Kommune, signed in
// through B Kommune's own provider).
var mxCitizenActors = []mxActor{
	{email: "ung:eget team", what: "den unge selv (A1)", citizen: "eget team"},
	{email: "ung:andet team", what: "en anden ung i kommunen (A2)", citizen: "andet team"},
	{email: "ung:anden kommune", what: "en ung i en anden kommune (B1)", citizen: "anden kommune"},
	{email: "ung:uden sag", what: "en ung uden sag (log ind afvist)", citizen: mxNoCase},
	{email: "(ingen)", what: "ikke logget ind", citizen: mxAnonymous},
}

// mxOpenToAll are the routes that answer anyone, whoever is signed in:
// probes (the session probe answers 401 to anyone but a professional) and
// the professionals' login page (a young person signed in sees it as
// nobody does). They tell nobody anything about anybody (checkCitizenBody).
var mxOpenToAll = map[string]bool{"GET /healthz": true, "GET /readyz": true, "GET /session/ping": true, "GET /login": true}

// mxCitizenSignOutWrites: what a young person's own request to a public
// route may write besides mxPublicWrites: signing out ends their session.
var mxCitizenSignOutWrites = map[string]map[string]bool{"POST /ung/logout": {"citizen_sessions": true}}

func mxUng(pattern string) bool { return pattern == "/ung" || strings.HasPrefix(pattern, "/ung/") }

func mxIsCitizen(who string) bool { return strings.HasPrefix(who, "ung:") }

// mxSignedInCitizen: a case's young person, signed in.
func mxSignedInCitizen(a mxActor) bool {
	return a.citizen != "" && a.citizen != mxNoCase && a.citizen != mxAnonymous
}

// mxCPRForms are the ways a CPR number is written: 10 digits and DDMMYY-XXXX.
func mxCPRForms(cpr string) []string { return []string{cpr, cpr[:6] + "-" + cpr[6:]} }

// mxCitizenWorld is the citizen side of the fixture.
type mxCitizenWorld struct {
	providers map[string]*citizenIdP // "A", "B" → the municipality's citizen provider
	usernames map[string]string      // actor → username at their municipality's provider
	at        map[string]string      // actor → their municipality ("A", "B")
	slugs     []string               // the citizen providers' slugs, A's first
}

// actors are every kind of user: the professionals, then the young people
// and nobody.
func (w *mxWorld) actors() []mxActor {
	return append(slices.Clone(mxActors), mxCitizenActors...)
}

// user is the professional an actor is, or for a young person a user with
// no id, no municipality and the role mxCitizen (for mxPlausibleForm and
// newAudit, which read nothing else of it).
func (w *mxWorld) user(a mxActor) casework.User {
	if a.citizen == "" {
		return w.app.Users[a.email]
	}
	return casework.User{Role: mxCitizen, Name: a.what}
}

// expect is what a request must answer, by the kind of actor.
func (w *mxWorld) expect(a mxActor, r mxRoute, scope mxScope, tg *mxTarget, path string) mxWant {
	if a.citizen == "" {
		return mxExpect(w.app.Users[a.email], r.pattern, scope, tg)
	}
	return mxExpectCitizen(a, r, scope, tg, path)
}

// mxExpectCitizen applies the young person's rules: nobody (and a young
// person whose sign-in was refused) is sent to sign in, to /ung/login under
// /ung and to /login elsewhere, as requireCitizen and requireUser say; a
// young person reaches their own /ung pages, and another young person's
// sub-ids there are not found; every other route is not found.
func mxExpectCitizen(a mxActor, r mxRoute, scope mxScope, tg *mxTarget, path string) mxWant {
	if mxOpenToAll[r.method+" "+r.pattern] {
		return mxWant{allowed: true, statuses: []int{http.StatusOK, http.StatusNoContent, http.StatusUnauthorized}, why: "åben for alle"}
	}
	if a.citizen == mxNoCase || a.citizen == mxAnonymous {
		login, first := "/login", "/"
		switch {
		case mxUng(r.pattern):
			login, first = "/ung/login", "/ung"
		case scope == mxSecret:
			return mxWant{statuses: []int{http.StatusNotFound}, why: "ukendt nøgle"}
		case strings.HasPrefix(r.pattern, "/static/"):
			return mxWant{statuses: []int{http.StatusNotFound}, why: "ingen sådan fil"}
		}
		if r.method == http.MethodGet && path != first {
			login += "?next=" + url.QueryEscape(path)
		}
		return mxWant{statuses: []int{http.StatusSeeOther}, location: login, why: "ikke logget ind: til log ind"}
	}
	if !mxUng(r.pattern) {
		return mxWant{statuses: []int{http.StatusNotFound}, why: "en ung kender ingen fagpersons side"}
	}
	if tg != nil && tg.name != a.citizen {
		return mxWant{statuses: []int{http.StatusNotFound}, why: "en anden ungs under-id"}
	}
	if r.method == http.MethodGet {
		return mxWant{allowed: true, statuses: []int{http.StatusOK}, why: "den unges egen side"}
	}
	return mxWant{allowed: true, statuses: []int{http.StatusSeeOther, http.StatusConflict, http.StatusUnprocessableEntity}, why: "den unges egen handling"}
}

// signInCitizens starts A and B Kommune's citizen providers (and an app
// instance that knows their secrets: the test app's URL moves to it), signs
// each case's young person in, and a young person with no case (refused:
// then no different from nobody); and gives each case's meeting an agenda
// topic its young person wrote in kui (the {iid} of /ung/moede/emner/{iid}/…).
func (w *mxWorld) signInCitizens(t *testing.T, targets ...*mxTarget) {
	t.Helper()
	app := w.app
	ctx := context.Background()
	byName := map[string]*mxTarget{}
	for _, tg := range targets {
		byName[tg.name] = tg
	}
	// A CPR number no case has, born the same day.
	noCase := targets[0].cpr[:6] + "4199"
	people := map[string][]demoidp.User{}
	w.cz = &mxCitizenWorld{usernames: map[string]string{}, at: map[string]string{}}
	for _, a := range mxCitizenActors {
		switch a.citizen {
		case mxAnonymous:
			continue
		case mxNoCase:
			people["A"] = append(people["A"], demoidp.User{Username: "mx-uden-sag", Name: "Ukendt Ung", CPR: noCase})
			w.cz.usernames[a.email], w.cz.at[a.email] = "mx-uden-sag", "A"
		default:
			tg := byName[a.citizen]
			if tg == nil {
				t.Fatalf("set-up: no target %q for %s", a.citizen, a.what)
			}
			username := "mx-" + strings.ToLower(strings.Fields(tg.youthName)[0])
			people[tg.municipality] = append(people[tg.municipality], demoidp.User{Username: username, Name: tg.youthName, CPR: tg.cpr})
			w.cz.usernames[a.email], w.cz.at[a.email] = username, tg.municipality
		}
	}
	w.cz.providers = app.mxCitizenProviders(t, people)
	w.cz.slugs = []string{w.cz.providers["A"].idp.Slug, w.cz.providers["B"].idp.Slug}

	for _, a := range mxCitizenActors {
		switch a.citizen {
		case mxAnonymous:
			w.clients[a.email] = app.anonymous()
		case mxNoCase:
			c, last := app.mxSignInCitizen(t, w.cz.providers[w.cz.at[a.email]], w.cz.usernames[a.email])
			if last.status != http.StatusForbidden || !strings.Contains(last.body, string(casework.RefusedNoCase)) {
				t.Fatalf("set-up: %s: sign-in answered %d, want 403 %s", a.what, last.status, casework.RefusedNoCase)
			}
			if r := c.get("/ung"); r.status != http.StatusSeeOther || r.header.Get("Location") != "/ung/login" {
				t.Fatalf("set-up: %s after the refusal: GET /ung %d to %q, want 303 to /ung/login (as nobody)", a.what, r.status, r.header.Get("Location"))
			}
			w.clients[a.email] = c
		default:
			tg := byName[a.citizen]
			c := w.signInCitizenFresh(t, a)
			w.clients[a.email] = c
			// The young person's own topic, as kui stores one they add
			// (migration 00011: no professional, their session).
			var session, item int64
			if err := app.DB.Pool.QueryRow(ctx, `SELECT id FROM citizen_sessions WHERE youth_id = $1 AND ended_at IS NULL`,
				tg.params["id"]).Scan(&session); err != nil {
				t.Fatalf("set-up: the citizen session of %s: %v", tg.youthName, err)
			}
			text := "Mit eget emne, skrevet af " + tg.youthName
			if err := app.DB.Pool.QueryRow(ctx, `INSERT INTO agenda_items (municipality_id, meeting_id, text, raised_by_youth,
				position, created_by_youth, youth_session_id, created_at)
				SELECT m.municipality_id, m.id, $2, true, (SELECT coalesce(max(position), 0) + 1 FROM agenda_items WHERE meeting_id = m.id),
				       true, $3, $4
				  FROM meetings m WHERE m.id = $1 RETURNING id`, tg.params["mid"], text, session, fixedNow).Scan(&item); err != nil {
				t.Fatalf("set-up: the agenda topic of %s: %v", tg.youthName, err)
			}
			tg.params["ungItem"] = itoa64(item)
			tg.secrets = append(tg.secrets, text)
		}
	}
}

// signInCitizenFresh signs a case's young person in anew (a session of its
// own) and checks they reach their front page.
func (w *mxWorld) signInCitizenFresh(t *testing.T, a mxActor) *client {
	t.Helper()
	c, last := w.app.mxSignInCitizen(t, w.cz.providers[w.cz.at[a.email]], w.cz.usernames[a.email])
	// The sign-in lands on /ung/plan.
	if last.status != http.StatusOK {
		t.Fatalf("set-up: %s: the sign-in ended with %d", a.what, last.status)
	}
	if r := c.get("/ung"); r.status != http.StatusOK {
		t.Fatalf("set-up: %s: GET /ung %d after signing in", a.what, r.status)
	}
	return c
}

// mxCitizenProviders is citizenProvider (citizen_helpers_test.go) for more
// than one municipality: one test OpenID Provider per municipality ("A",
// "B") with these people, connected to "<m> Kommune" as its citizen
// provider, and one new app instance that knows all their client secrets
// (the test app's URL moves to it: clients made afterwards talk to it).
func (a *testApp) mxCitizenProviders(t *testing.T, people map[string][]demoidp.User) map[string]*citizenIdP {
	t.Helper()
	ms := make([]string, 0, len(people))
	secrets := map[string]string{}
	for m := range people {
		ms = append(ms, m)
		secrets["KUI_IDP_MX_"+m+"_MITID_SECRET"] = "mx-citizen-secret-" + m
	}
	sort.Strings(ms)
	a.URL = a.startInstanceWith(a.DB, server.Config{Secret: func(name string) string { return secrets[name] }})
	out := map[string]*citizenIdP{}
	for _, m := range ms {
		slug := "mx-" + strings.ToLower(m) + "-mitid"
		env := "KUI_IDP_MX_" + m + "_MITID_SECRET"
		us := people[m]
		for i := range us {
			if us[i].Email == "" {
				us[i].Email = us[i].Username
			}
		}
		users := demoidp.NewUsers(us...)
		p, err := demoidp.StartOIDC(demoidp.OIDCOptions{ClientID: "kui-" + slug, ClientSecret: secrets[env],
			RedirectURIs: []string{a.URL + "/login/idp/" + slug + "/callback"}, Title: "MitID " + m + " (test)", Users: users})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(p.Close)
		idp, err := a.DB.UpsertIdP(context.Background(), m+" Kommune", casework.IdP{Slug: slug, DisplayName: "MitID " + m,
			Protocol: casework.MethodOIDC, Enabled: true, Audience: casework.AudienceCitizen, OIDCIssuer: p.Issuer,
			OIDCClientID: "kui-" + slug, OIDCSecretEnv: env, OIDCScopes: []string{"openid", "profile"},
			OIDCCPRClaim: demoidp.CPRClaim})
		if err != nil {
			t.Fatal(err)
		}
		out[m] = &citizenIdP{p: p, idp: idp, users: users}
	}
	return out
}

// mxSignInCitizen is signInCitizen at any citizen provider: the real flow
// from /login/idp/{slug}; a client with that session (not following
// redirects) and kui's last answer.
func (a *testApp) mxSignInCitizen(t *testing.T, p *citizenIdP, username string) (*client, response) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	follow := &http.Client{Jar: jar}
	resp, err := p.p.SignIn(context.Background(), follow, a.URL+"/login/idp/"+p.idp.Slug, username)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	c := &client{t: t, base: a.URL, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	return c, response{status: resp.StatusCode, header: resp.Header, body: string(body)}
}

// checkCitizenBody: whatever a young person (or nobody) is answered holds
// no CPR number (theirs included: no page of theirs shows one), nothing
// about another young person, and, on their own pages, not the journal's
// text (professionals' notes are not part of their view).
func (w *mxWorld) checkCitizenBody(r mxRoute, a mxActor, tg *mxTarget, resp response, kind string,
	violate func(string, mxRoute, mxActor, *mxTarget, string, string)) {
	if a.citizen == "" || resp.body == "" {
		return
	}
	for _, other := range w.targets {
		if other.foreignChildren {
			continue
		}
		for _, f := range mxCPRForms(other.cpr) {
			if strings.Contains(resp.body, f) {
				violate(mxReveals, r, a, tg, fmt.Sprintf("svaret viser CPR-nummeret for %s (%s)%s", other.youthName, f, kind), "intet CPR-nummer")
			}
		}
		if other.name == a.citizen {
			for _, s := range other.journalTexts {
				if strings.Contains(resp.body, s) {
					violate(mxReveals, r, a, tg, fmt.Sprintf("svaret viser journalens %q%s", s, kind), "ingen journalnotater for den unge")
				}
			}
			continue
		}
		if tg != nil && other.name == tg.name {
			continue // a refusal's check reads the target's secrets already
		}
		for _, s := range other.secrets {
			if strings.Contains(resp.body, s) {
				violate(mxReveals, r, a, tg, fmt.Sprintf("svaret viser %q om en anden ung%s", s, kind), "intet om andre unge")
			}
		}
	}
}

// mxCitizenForm is what the young person's forms are sent: mxPlausibleForm
// with the fields a young person's own forms may have (a topic, a rating of
// their own and its words).
func mxCitizenForm(u casework.User) url.Values {
	f := mxPlausibleForm(u)
	f.Set("text", "Jeg vil tale om matrixtest.")
	f.Set("step", "3")
	f.Set("words", "Det går fint, siger matrixtesten.")
	return f
}

// citizenActs: the young person of the target case sends every POST under
// /ung for their own case — add a topic, remove their own, withdraw their
// consent, rate themself — and gets the action done (303, within /ung) or
// refused calmly (409, 422); never an error. Every audit line it writes is
// the young person's own, about their own case. It runs last: it moves the
// fixture.
func (w *mxWorld) citizenActs(t *testing.T, routes []mxRoute,
	violate func(string, mxRoute, mxActor, *mxTarget, string, string)) {
	t.Helper()
	a, tg := mxCitizenActors[0], w.targets[0]
	if tg.name != a.citizen {
		t.Fatalf("the first citizen is %q's young person, the first target %q", a.citizen, tg.name)
	}
	c := w.clients[a.email]
	acted := 0
	for _, r := range routes {
		if r.method != http.MethodPost || !mxUng(r.pattern) || mxPublic[r.method+" "+r.pattern] {
			continue
		}
		acted++
		since := w.lastAudit(t)
		form := mxCitizenForm(w.user(a))
		form.Set("meeting", tg.params["mid"]) // the meeting whose agenda the topic is on
		resp := mxDo(t, c, r.method, fillPath(r.pattern, tg.params), form)
		w.checkHeaders(r, a, tg, resp, violate)
		want := mxExpectCitizen(a, r, mxYouth, tg, "")
		switch {
		case !slices.Contains(want.statuses, resp.status):
			kind := mxStatus
			if resp.status >= 500 {
				kind = mxBroken
			}
			violate(kind, r, a, tg, strconv.Itoa(resp.status), fmt.Sprintf("%v: %s", want.statuses, want.why))
		case resp.status == http.StatusSeeOther:
			if loc, err := url.Parse(resp.header.Get("Location")); err != nil || !mxUng(loc.Path) {
				violate(mxStatus, r, a, tg, fmt.Sprintf("303 til %q", resp.header.Get("Location")), "303 til en side under /ung")
			}
		}
		w.checkCitizenBody(r, a, tg, resp, "", violate)
		rows, err := w.app.DB.Pool.Query(context.Background(), `SELECT action, actor_kind, coalesce(youth_id, 0) FROM audit_log WHERE id > $1 ORDER BY id`, since)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var action, actor string
			var youth int64
			if err := rows.Scan(&action, &actor, &youth); err != nil {
				t.Fatal(err)
			}
			if actor != "youth" || youth != w.youthOf[tg.name] {
				violate(mxChanges, r, a, tg, fmt.Sprintf("auditlinje %s af %s om den unge %d", action, actor, youth), "den unges egen linje om egen sag")
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	if acted < 4 {
		t.Errorf("the young person sent only %d POSTs under /ung", acted)
	}
}
