package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kui/internal/casework"
)

// addOutbox writes an outgoing e-mail as the store and the sender do.
func (a *testApp) addOutbox(email, kind, state string, attempts int, lastError string) int64 {
	a.t.Helper()
	u := a.Users[email]
	var id int64
	if err := a.DB.Pool.QueryRow(context.Background(), `INSERT INTO email_outbox
		(municipality_id, user_id, idem_key, kind, state, attempts, last_error, created_at)
		VALUES ($1, $2, 'test:' || gen_random_uuid()::text, $3, $4, $5, $6, $7) RETURNING id`,
		u.MunicipalityID, u.ID, kind, state, attempts, lastError, fixedNow).Scan(&id); err != nil {
		a.t.Fatal(err)
	}
	return id
}

func TestOutboxForAdministratorsOfTheMunicipality(t *testing.T) {
	a := newTestApp(t)
	a.addOutbox("uu@a.example", string(casework.KindHandover), "sent", 1, "")
	failed := a.addOutbox("mentor@a.example", string(casework.KindAgendaDue), "failed", 3, "550 sending SMTP RCPT TO command")
	a.addOutbox("tovholder@a.example", "digest", "off", 0, "")
	foreign := a.addOutbox("uu@b.example", string(casework.KindHandover), "failed", 1, "554 rejected")

	admin := a.as("admin@a.example")
	page := admin.get("/admin/outbox")
	if page.status != http.StatusOK {
		t.Fatalf("GET /admin/outbox: %d\n%s", page.status, page.body)
	}
	if n := strings.Count(page.body, `data-testid="outbox-row"`); n != 3 {
		t.Errorf("%d rows, want the municipality's 3", n)
	}
	for _, want := range []string{"Ulla Ungevejleder", "Mads Mentor", "Sendt", "Fejlet", "Ikke sendt (slået fra)", "Daglig oversigt",
		"En dagsorden skal sendes", "550 sending SMTP RCPT TO command", "Send igen"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the outbox lacks %q", want)
		}
	}
	for _, never := range []string{"uu@a.example", "mentor@a.example", "Bente Ungevejleder", "554 rejected"} {
		if strings.Contains(page.body, never) {
			t.Errorf("the outbox shows %q (an address, or another municipality's)", never)
		}
	}
	if n := strings.Count(page.body, `data-testid="outbox-retry"`); n != 1 {
		t.Errorf("%d »Send igen« buttons, want 1 (the failed row)", n)
	}
	if !strings.Contains(admin.get("/admin").body, `href="/admin/outbox"`) {
		t.Error("the admin index does not link to the outbox")
	}

	for _, email := range []string{"uu@a.example", "koordinator@a.example"} {
		if resp := a.as(email).get("/admin/outbox"); resp.status != http.StatusForbidden {
			t.Errorf("%s: /admin/outbox %d, want 403", email, resp.status)
		}
	}

	// Another municipality's row is not found.
	if resp := admin.post("/admin/outbox/"+itoa64(foreign)+"/retry", url.Values{}); resp.status != http.StatusNotFound {
		t.Errorf("retry another municipality's row: %d, want 404", resp.status)
	}
	var state string
	if err := a.DB.Pool.QueryRow(context.Background(), `SELECT state FROM email_outbox WHERE id = $1`, foreign).Scan(&state); err != nil || state != "failed" {
		t.Errorf("another municipality's row: %q (%v), want still failed", state, err)
	}

	resp := admin.post("/admin/outbox/"+itoa64(failed)+"/retry", url.Values{})
	if resp.status != http.StatusSeeOther || resp.location(t) != "/admin/outbox" {
		t.Fatalf("retry: %d → %s", resp.status, resp.header.Get("Location"))
	}
	if err := a.DB.Pool.QueryRow(context.Background(), `SELECT state FROM email_outbox WHERE id = $1`, failed).Scan(&state); err != nil || state == "failed" {
		t.Errorf("after »Send igen« the row is %q (%v), want no longer failed", state, err)
	}
	if page := admin.get("/admin/outbox"); !strings.Contains(page.body, "E-mailen sendes igen.") {
		t.Error("no message after »Send igen«")
	}
}
