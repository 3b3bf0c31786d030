package server_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"kui/internal/casework"
	"kui/internal/demoidp"
)

// A young person signs in with MitID through NemLog-in (OIOSAML 3): kui's
// citizen SAML provider reads the CPR attribute, matches the case in the
// ACS and keeps only the case's id with the pending sign-in. The demo SAML
// IdP stands in for NemLog-in.

const citizenSAMLSlug = "a-nemlogin"

// citizenSAML starts a demo NemLog-in for these people and connects it to
// A Kommune as its citizen provider (no role mappings, no CVR).
func (w *samlWorld) citizenSAML(people ...demoidp.User) *demoidp.SAML {
	t := w.t
	t.Helper()
	for i := range people {
		if people[i].Email == "" {
			people[i].Email = people[i].Username // the demo IdP's NameID
		}
	}
	p, err := demoidp.StartSAML(demoidp.SAMLOptions{CVR: samlCVR, Title: "MitID (test)", Users: demoidp.NewUsers(people...)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	if _, err := w.a.DB.UpsertIdP(context.Background(), "A Kommune", casework.IdP{Slug: citizenSAMLSlug, DisplayName: "MitID",
		Protocol: casework.MethodSAML, Enabled: true, Audience: casework.AudienceCitizen,
		SAMLMetadata: string(p.MetadataXML), SAMLOIOSAML: true, SAMLMinLoA: "Substantial"}); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(w.kui + "/saml/" + citizenSAMLSlug + "/metadata")
	if err != nil {
		t.Fatal(err)
	}
	spMD, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("kui's SP metadata: %d %v", resp.StatusCode, err)
	}
	if err := p.SetSPMetadata(spMD); err != nil {
		t.Fatal(err)
	}
	return p
}

// citizenRefused checks a refused citizen sign-in at the ACS: the status,
// the calm page with the code and the way back to the young person's login,
// the security log's refusal, no citizen session.
func (w *samlWorld) citizenRefused(resp response, status int, reason casework.SignInRefusal, b samlBrowser) {
	w.t.Helper()
	if resp.status != status || !strings.Contains(resp.body, `data-testid="refusal-code">`+string(reason)+`<`) {
		w.t.Errorf("status %d, want %d with code %s: %.300s", resp.status, status, reason, resp.body)
	}
	if !strings.Contains(resp.body, `href="/ung/login" data-testid="refusal-back"`) {
		w.t.Error("the refusal page does not lead back to the young person's login")
	}
	if ev, method, got := w.lastSecurityEvent(); ev != casework.EventRefused || method != casework.MethodSAML || got != string(reason) {
		w.t.Errorf("security log: %s %s %q, want refused saml %q", ev, method, got, reason)
	}
	if r := b.c.get("/ung"); r.status != http.StatusSeeOther {
		w.t.Errorf("after the refusal GET /ung: %d, want 303", r.status)
	}
	var open int
	if err := w.a.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM citizen_sessions WHERE ended_at IS NULL`).Scan(&open); err != nil {
		w.t.Fatal(err)
	}
	if open != 0 {
		w.t.Errorf("%d open citizen sessions after a refusal", open)
	}
}

// noCPRInPending fails when a pending sign-in holds a CPR number (or any
// of these), in any column.
func (w *samlWorld) noCPRInPending(secrets ...string) {
	w.t.Helper()
	rows, err := w.a.DB.Pool.Query(context.Background(), `SELECT p::text FROM pending_logins p`)
	if err != nil {
		w.t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var row string
		if err := rows.Scan(&row); err != nil {
			w.t.Fatal(err)
		}
		for _, s := range secrets {
			if strings.Contains(row, s) {
				w.t.Errorf("a pending sign-in holds %q: %s", s, row)
			}
		}
	}
}

func TestCitizenSAMLSignIn(t *testing.T) {
	w := newSAMLWorld(t)
	a := w.a
	youthID, cpr := a.createYouthWithCPR("uu@a.example", "Mikkel Hansen", 123)
	// B Kommune's young person; and A Kommune's case without a CPR.
	_, cprB := a.createYouthWithCPR("uu@b.example", "Bo Bertelsen", 124)
	birth := day(0).AddDate(-16, -3, 0)
	d, err := casework.YouthForm{Name: "Uden Nummer", BirthDate: birth.Format(time.DateOnly), Level: "bump",
		NeedCategory: "koordineret", JoinTeam: true}.Validate(fixedNow, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.DB.CreateYouth(context.Background(), a.Users["uu@a.example"], d); err != nil {
		t.Fatal(err)
	}
	noCaseCPR := birth.Format("020106") + "4125" // fits the case without a CPR, which never matches
	p := w.citizenSAML(
		demoidp.User{Username: "mikkel", Name: "Mikkel Hansen", CPR: cpr},
		demoidp.User{Username: "erhverv", Name: "Mikkel Hansen", CPR: cpr, Professional: true},
		demoidp.User{Username: "lav", Name: "Mikkel Hansen", CPR: cpr, LoA: "Low"},
		demoidp.User{Username: "uden-cpr", Name: "Uden CPR"},
		demoidp.User{Username: "bo", Name: "Bo Bertelsen", CPR: cprB},
		demoidp.User{Username: "uden-sag", Name: "Uden Nummer", CPR: noCaseCPR},
	)
	t.Cleanup(func() {
		logs := a.logs.String()
		for _, pd := range []string{cpr, cprB, noCaseCPR, cpr[:6] + "-" + cpr[6:], "Mikkel", "Bertelsen"} {
			if strings.Contains(logs, pd) {
				t.Errorf("the technical log holds personal data (%q)", pd)
			}
		}
	})

	t.Run("happy path", func(t *testing.T) {
		w := *w
		w.t = t
		b := w.browser()
		acs, form := w.login(p, b, citizenSAMLSlug, "mikkel")
		resp := b.postACS(acs, form)
		if resp.status != http.StatusSeeOther || resp.location(t) != "/login/idp/"+citizenSAMLSlug+"/finish" {
			t.Fatalf("ACS: %d to %q: %.300s", resp.status, resp.header.Get("Location"), resp.body)
		}
		// Between the steps, the pending sign-in holds the case's id, never the CPR.
		w.noCPRInPending(cpr, cpr[:6]+"-"+cpr[6:])
		var asserted string
		if err := a.DB.Pool.QueryRow(context.Background(), `SELECT coalesce(asserted::text, '') FROM pending_logins`).Scan(&asserted); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(asserted, `"youth_id"`) {
			t.Errorf("asserted identity without the case's id: %s", asserted)
		}
		fin := b.c.get(strings.TrimPrefix(resp.header.Get("Location"), w.kui))
		if fin.status != http.StatusSeeOther || !strings.HasPrefix(fin.location(t), "/ung") {
			t.Fatalf("finish: %d to %q: %.300s", fin.status, fin.header.Get("Location"), fin.body)
		}
		if home := b.c.get("/ung"); home.status != http.StatusOK || !strings.Contains(home.body, "Hej Mikkel") {
			t.Fatalf("/ung: %d %.300s", home.status, home.body)
		}
		// A citizen session is never a professional's.
		if r := b.c.get("/"); r.status != http.StatusNotFound {
			t.Errorf("citizen GET /: %d, want 404", r.status)
		}
		var withUser int
		if err := a.DB.Pool.QueryRow(context.Background(),
			`SELECT count(*) FROM sessions WHERE position('user_id'::bytea in data) > 0`).Scan(&withUser); err != nil {
			t.Fatal(err)
		}
		if withUser != 0 {
			t.Errorf("%d sessions hold a user id after a citizen sign-in", withUser)
		}
		var n int
		if err := a.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM security_log
			 WHERE event = 'sign_in' AND method = 'saml' AND youth_id = $1 AND user_id IS NULL`, youthID).Scan(&n); err != nil || n != 1 {
			t.Errorf("security log sign-ins of the young person: %d (%v)", n, err)
		}
		w.noCPRInPending(cpr)

		// A professional changes the CPR: the young person's next request is signed out.
		var version int
		if err := a.DB.Pool.QueryRow(context.Background(), `SELECT version FROM youth WHERE id = $1`, youthID).Scan(&version); err != nil {
			t.Fatal(err)
		}
		d, err := casework.YouthForm{Name: "Mikkel Hansen", BirthDate: birth.Format(time.DateOnly), CPR: birth.Format("020106") + "4127",
			Level: "bump", NeedCategory: "koordineret"}.Validate(fixedNow, false)
		if err != nil {
			t.Fatal(err)
		}
		if err := a.DB.UpdateYouth(context.Background(), a.Users["uu@a.example"], youthID, version, d); err != nil {
			t.Fatal(err)
		}
		if r := b.c.get("/ung/plan"); r.status != http.StatusSeeOther || r.location(t) != "/ung/login" {
			t.Errorf("after the CPR changed GET /ung/plan: %d to %q", r.status, r.header.Get("Location"))
		}
		var reason string
		if err := a.DB.Pool.QueryRow(context.Background(), `SELECT coalesce(end_reason, '') FROM citizen_sessions
			 WHERE youth_id = $1 ORDER BY id DESC LIMIT 1`, youthID).Scan(&reason); err != nil || reason != "cpr_changed" {
			t.Errorf("citizen session end_reason %q (%v), want cpr_changed", reason, err)
		}
		// The old CPR opens nothing any more.
		b2 := w.browser()
		acs, form = w.login(p, b2, citizenSAMLSlug, "mikkel")
		w.citizenRefused(b2.postACS(acs, form), http.StatusForbidden, casework.RefusedNoCase, b2)
	})

	for _, tc := range []struct {
		user   string
		reason casework.SignInRefusal
	}{
		{"erhverv", casework.RefusedProfessional},
		{"lav", casework.RefusedLoA},
		{"uden-cpr", casework.RefusedNoCPR},
		{"bo", casework.RefusedNoCase},       // B Kommune's case: never through A Kommune's provider
		{"uden-sag", casework.RefusedNoCase}, // a case without a CPR never matches
	} {
		t.Run(string(tc.reason)+" "+tc.user, func(t *testing.T) {
			w := *w
			w.t = t
			b := w.browser()
			acs, form := w.login(p, b, citizenSAMLSlug, tc.user)
			w.citizenRefused(b.postACS(acs, form), http.StatusForbidden, tc.reason, b)
			w.noCPRInPending(cpr, cprB, noCaseCPR)
		})
	}
}

// A staff provider never opens the young person's pages, even when its
// answer carries a CPR number: the person signs in as the professional.
func TestCitizenSAMLStaffProviderWithCPRIsStaff(t *testing.T) {
	w := newSAMLWorld(t)
	_, cpr := w.a.createYouthWithCPR("uu@a.example", "Mikkel Hansen", 123)
	p := w.provider(samlProvider{slug: "a-saml", users: demoidp.NewUsers(
		demoidp.User{Username: samlUser, Email: samlUser, Name: samlUserName, Roles: []string{privCaseworker}, CPR: cpr})})
	b := w.browser()
	resp := w.signIn(p, b, "a-saml", samlUser)
	if resp.status != http.StatusSeeOther || resp.location(t) != "/" {
		t.Fatalf("finish: %d to %q", resp.status, resp.header.Get("Location"))
	}
	if !b.signedIn() {
		t.Fatal("not signed in as the professional")
	}
	if r := b.c.get("/ung"); r.status != http.StatusForbidden {
		t.Errorf("professional GET /ung: %d, want 403", r.status)
	}
	var n int
	if err := w.a.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM citizen_sessions`).Scan(&n); err != nil || n != 0 {
		t.Errorf("citizen sessions after a staff sign-in: %d (%v)", n, err)
	}
	w.noCPRInPending(cpr)
}
