package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kui/internal/casework"
)

// preferencesOf reads a user's stored e-mail choices (no row: the default).
func (a *testApp) preferencesOf(email string) map[string]string {
	a.t.Helper()
	rows, err := a.DB.Pool.Query(context.Background(), `SELECT kind, delivery FROM notification_preferences WHERE user_id = $1`, a.Users[email].ID)
	if err != nil {
		a.t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, d string
		if err := rows.Scan(&k, &d); err != nil {
			a.t.Fatal(err)
		}
		out[k] = d
	}
	return out
}

func TestNotificationSettingsSaveAnd422(t *testing.T) {
	a := newTestApp(t)
	uu := a.as("uu@a.example")
	page := uu.get("/settings/notifications")
	if page.status != http.StatusOK {
		t.Fatalf("GET /settings/notifications: %d\n%s", page.status, page.body)
	}
	for _, want := range []string{"<fieldset", "<legend", `name="kind_handover"`, "Med det samme",
		"I en daglig oversigt kl. 7 på arbejdsdage", "Ikke på e-mail", "aldrig navne, CPR-numre"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the settings lack %q", want)
		}
	}
	if strings.Contains(page.body, `name="kind_chairs_handover"`) {
		t.Error("a caseworker is offered the coordinators' kinds")
	}
	if !strings.Contains(a.as("koordinator@a.example").get("/settings/notifications").body, `name="kind_chairs_handover"`) {
		t.Error("a coordinator is not offered the between-chairs kinds")
	}

	form := url.Values{}
	for _, k := range casework.Kinds {
		if strings.Contains(page.body, `name="kind_`+string(k)+`"`) {
			form.Set("kind_"+string(k), string(casework.DeliverDaily))
		}
	}
	form.Set("kind_handover", string(casework.DeliverOff))

	// An unknown value: 422, the form as sent, nothing saved.
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("kind_agenda_due", "hver-time")
	resp := uu.post("/settings/notifications", bad)
	if resp.status != http.StatusUnprocessableEntity {
		t.Fatalf("an unknown choice: %d, want 422", resp.status)
	}
	if !strings.Contains(resp.body, "Vælg en af mulighederne.") {
		t.Error("the 422 does not say what is wrong")
	}
	if !strings.Contains(resp.body, `id="pref-handover-off" name="kind_handover" value="off" class="form-radio" checked`) {
		t.Error("the 422 does not keep the other choices as sent")
	}
	if got := a.preferencesOf("uu@a.example"); len(got) != 0 {
		t.Errorf("the 422 saved %v", got)
	}

	resp = uu.post("/settings/notifications", form)
	if resp.status != http.StatusSeeOther || resp.location(t) != "/settings/notifications" {
		t.Fatalf("save: %d → %s\n%s", resp.status, resp.header.Get("Location"), resp.body)
	}
	if got := a.preferencesOf("uu@a.example"); got["handover"] != "off" || got["plan_due"] != "daily" {
		t.Errorf("stored %v, want handover off, plan_due daily", got)
	}
	page = uu.get("/settings/notifications")
	if !strings.Contains(page.body, "Dine valg er gemt.") {
		t.Error("no message after saving")
	}
	if !strings.Contains(page.body, `id="pref-handover-off" name="kind_handover" value="off" class="form-radio" checked`) {
		t.Error("the saved choice is not shown")
	}
	if resp := a.as("admin@a.example").get("/settings/notifications"); resp.status != http.StatusForbidden {
		t.Errorf("an administrator's settings: %d, want 403", resp.status)
	}
}

func TestUnsubscribeLink(t *testing.T) {
	a := newTestApp(t)
	secret, err := a.DB.UnsubscribeSecret(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	token := casework.UnsubscribeToken(secret, a.Users["uu@a.example"].ID, casework.KindAgendaDue)
	nobody := a.anonymous()

	// Opening the link (as a mail scanner does) changes nothing.
	page := nobody.get("/unsubscribe/" + token)
	if page.status != http.StatusOK || !strings.Contains(page.body, "Vil du ikke længere have e-mail om »En dagsorden skal sendes«?") {
		t.Fatalf("GET the link: %d\n%s", page.status, page.body)
	}
	if got := a.preferencesOf("uu@a.example"); len(got) != 0 {
		t.Errorf("opening the link saved %v", got)
	}

	// Forged: signed with another secret, another user, or no token at all.
	for _, forged := range []string{
		casework.UnsubscribeToken([]byte("not the server's secret"), a.Users["uu@a.example"].ID, casework.KindAgendaDue),
		strings.Replace(token, token[:4], "MTAw", 1), "ikke-en-nøgle",
	} {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			var resp response
			if method == http.MethodGet {
				resp = nobody.get("/unsubscribe/" + forged)
			} else {
				resp = nobody.post("/unsubscribe/"+forged, url.Values{})
			}
			if resp.status != http.StatusNotFound || !strings.Contains(resp.body, "Linket til at afmelde e-mail er ikke gyldigt.") {
				t.Errorf("%s a forged token %q: %d, want the Danish 404", method, forged, resp.status)
			}
		}
	}
	if got := a.preferencesOf("uu@a.example"); len(got) != 0 {
		t.Errorf("a forged token saved %v", got)
	}

	// A browser's POST from another site is still refused (CSRF).
	req, err := http.NewRequest(http.MethodPost, a.URL+"/unsubscribe/"+token, strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	if resp := nobody.do(req); resp.status != http.StatusForbidden {
		t.Errorf("a cross-site browser POST: %d, want 403", resp.status)
	}
	if got := a.preferencesOf("uu@a.example"); len(got) != 0 {
		t.Errorf("a cross-site POST saved %v", got)
	}

	// The one-click unsubscribe of RFC 8058: a mail client's POST without a
	// session, Origin or Sec-Fetch-Site passes the cross-origin protection.
	resp := nobody.post("/unsubscribe/"+token, url.Values{"List-Unsubscribe": {"One-Click"}})
	if resp.status != http.StatusOK || !strings.Contains(resp.body, "Du får ikke længere e-mail om »En dagsorden skal sendes«.") {
		t.Fatalf("POST the link: %d\n%s", resp.status, resp.body)
	}
	if !strings.Contains(resp.body, `href="/settings/notifications"`) {
		t.Error("the confirmation does not link to the settings")
	}
	if got := a.preferencesOf("uu@a.example"); got["agenda_due"] != "off" || len(got) != 1 {
		t.Errorf("after unsubscribing: %v, want agenda_due off only", got)
	}
}
