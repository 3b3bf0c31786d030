package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"kui/internal/demoidp"
)

// A young person signs in through the citizen provider, is matched to their
// case by CPR, and reaches their own pages only.
func TestCitizenSignInOpensTheirOwnPages(t *testing.T) {
	a := newTestApp(t)
	youthID, cpr := a.createYouthWithCPR("uu@a.example", "Mikkel Hansen", 123)
	p := a.citizenProvider(t, demoidp.User{Username: "mikkel", Name: "Mikkel Hansen", CPR: cpr},
		demoidp.User{Username: "ukendt", Name: "Ukendt Ung", CPR: "0101104999"},
		demoidp.User{Username: "uden-cpr", Name: "Uden CPR"})

	c, last := a.signInCitizen(t, p, "mikkel")
	if last.status != http.StatusNotImplemented && last.status != http.StatusOK {
		t.Fatalf("after sign-in: status %d", last.status)
	}
	home := c.get("/ung")
	if home.status != http.StatusOK || !strings.Contains(home.body, "Hej Mikkel") {
		t.Fatalf("/ung: %d %q", home.status, home.body)
	}
	if strings.Contains(home.body, cpr) || strings.Contains(home.body, cpr[:6]+"-") {
		t.Error("the young person's page shows the CPR number")
	}
	// A professional's route is not there for a citizen.
	for _, path := range []string{"/", "/youth", "/admin", "/inbox"} {
		if r := c.get(path); r.status != http.StatusNotFound {
			t.Errorf("citizen GET %s: %d, want 404", path, r.status)
		}
	}
	// One sign-in line in the security log, naming the young person and no user.
	var n int
	if err := a.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM security_log
		 WHERE event = 'sign_in' AND youth_id = $1 AND user_id IS NULL`, youthID).Scan(&n); err != nil || n != 1 {
		t.Errorf("security log sign-ins of the young person: %d (%v)", n, err)
	}
	// A professional's session gets 403 on the young person's pages.
	if r := a.as("uu@a.example").get("/ung"); r.status != http.StatusForbidden {
		t.Errorf("professional GET /ung: %d, want 403", r.status)
	}
	// Anonymous: sent to sign in.
	if r := a.anonymous().get("/ung/plan"); r.status != http.StatusSeeOther || r.location(t) != "/ung/login" {
		t.Errorf("anonymous GET /ung/plan: %d %s", r.status, r.header.Get("Location"))
	}
	// Unknown CPR and no CPR are refused, calmly, with no session.
	for user, reason := range map[string]string{"ukendt": "no_case", "uden-cpr": "no_cpr"} {
		c, last := a.signInCitizen(t, p, user)
		if last.status != http.StatusForbidden || !strings.Contains(last.body, reason) {
			t.Errorf("%s: %d, want 403 %s", user, last.status, reason)
		}
		if r := c.get("/ung"); r.status != http.StatusSeeOther {
			t.Errorf("%s after refusal: GET /ung %d", user, r.status)
		}
	}
	// Signing out ends the session row.
	if r := c.post("/ung/logout", nil); r.status != http.StatusSeeOther {
		t.Fatalf("logout: %d", r.status)
	}
	if r := c.get("/ung"); r.status != http.StatusSeeOther {
		t.Errorf("after logout GET /ung: %d", r.status)
	}
	if err := a.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM citizen_sessions WHERE ended_at IS NULL`).Scan(&n); err != nil || n != 0 {
		t.Errorf("open citizen sessions after logout: %d (%v)", n, err)
	}
}
