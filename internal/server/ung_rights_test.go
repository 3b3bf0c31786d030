package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"kui/internal/casework"
	"kui/internal/demoidp"
)

// The young person's rights on their own pages: their own progression
// rating, withdrawing a consent (at once, as theirs), who has read their
// case, and all kui holds about them — never the CPR number, a journal note
// or a coordination meeting.

// ungRightsApp is A Kommune with Mikkel, who has a CPR number, signed in
// through the citizen provider.
func ungRightsApp(t *testing.T) (*testApp, int64, string, *client) {
	t.Helper()
	a := newTestApp(t)
	youthID, cpr := a.createYouthWithCPR("uu@a.example", "Mikkel Hansen", 123)
	p := a.citizenProvider(t, demoidp.User{Username: "mikkel", Name: "Mikkel Hansen", CPR: cpr})
	// The sign-in lands on /ung/plan, another page (a stub answering 501
	// until it is built): what counts here is the session.
	c, last := a.signInCitizen(t, p, "mikkel")
	if last.status >= 400 && last.status != http.StatusNotImplemented {
		t.Fatalf("citizen sign-in: status %d", last.status)
	}
	return a, youthID, cpr, c
}

// ungYouthAudit counts the young person's own audit rows of an action.
func ungYouthAudit(t *testing.T, a *testApp, youthID int64, action casework.AuditAction) int {
	t.Helper()
	return countRows(t, a, `SELECT count(*) FROM audit_log WHERE youth_id = $1 AND action = $2
		AND actor_kind = 'youth' AND user_id IS NULL AND citizen_session_id IS NOT NULL`, youthID, string(action))
}

// ungNoCPR fails when a body shows the CPR number in any form.
func ungNoCPR(t *testing.T, what, body, cpr string) {
	t.Helper()
	for _, form := range []string{cpr, cpr[:6] + "-" + cpr[6:], cpr[:6] + "-xxxx", cpr[:6] + "-XXXX", cpr[6:]} {
		if strings.Contains(body, form) {
			t.Errorf("%s shows the CPR number (%q)", what, form)
		}
	}
	if m := regexp.MustCompile(`\b\d{6}-?\d{4}\b`).FindString(body); m != "" {
		t.Errorf("%s shows something like a CPR number: %q", what, m)
	}
}

func TestUngRightsProgressionOwnRating(t *testing.T) {
	a, youthID, cpr, c := ungRightsApp(t)
	page := c.get("/ung/udvikling")
	if page.status != http.StatusOK || !strings.Contains(page.body, "Hvordan går det lige nu?") ||
		!strings.Contains(page.body, "Klar til uddannelse eller job") || !strings.Contains(page.body, "<legend") {
		t.Fatalf("GET /ung/udvikling: %d", page.status)
	}
	ungNoCPR(t, "/ung/udvikling", page.body, cpr)

	// A step off the scale comes back with what was typed and a Danish message.
	bad := c.post("/ung/udvikling", url.Values{"step": {"7"}, "words": {"Det går fint med skolen"}})
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "Det går fint med skolen") ||
		!strings.Contains(bad.body, "Vælg en af mulighederne.") {
		t.Fatalf("bad step: %d", bad.status)
	}
	noWords := c.post("/ung/udvikling", url.Values{"step": {"3"}, "words": {"  "}})
	if noWords.status != http.StatusUnprocessableEntity || !strings.Contains(noWords.body, "Skal udfyldes.") ||
		!regexp.MustCompile(`value="3"[^>]*checked`).MatchString(noWords.body) {
		t.Fatalf("no words: %d", noWords.status)
	}
	if n := countRows(t, a, `SELECT count(*) FROM youth_self_ratings`); n != 0 {
		t.Fatalf("a refused rating was stored (%d rows)", n)
	}

	if r := c.post("/ung/udvikling", url.Values{"step": {"2"}, "words": {"Svært at komme op om morgenen"}}); r.status != http.StatusSeeOther || r.location(t) != "/ung/udvikling" {
		t.Fatalf("rate: %d", r.status)
	}
	// The same quarter again: the answer is replaced, not added.
	if r := c.post("/ung/udvikling", url.Values{"step": {"3"}, "words": {"Bedre nu, jeg har fået en mentor"}}); r.status != http.StatusSeeOther {
		t.Fatalf("rate again: %d", r.status)
	}
	var step int
	var words string
	var quarter, created, updated string
	if err := a.DB.Pool.QueryRow(context.Background(), `SELECT step, words, quarter_start::text, created_at::text, updated_at::text
		 FROM youth_self_ratings WHERE youth_id = $1`, youthID).Scan(&step, &words, &quarter, &created, &updated); err != nil {
		t.Fatal(err)
	}
	if step != 3 || words != "Bedre nu, jeg har fået en mentor" || quarter != casework.QuarterStart(day(0)).Format("2006-01-02") {
		t.Errorf("stored rating: %d %q %s", step, words, quarter)
	}
	if n := countRows(t, a, `SELECT count(*) FROM youth_self_ratings WHERE youth_id = $1`, youthID); n != 1 {
		t.Errorf("ratings: %d, want 1", n)
	}
	page = c.get("/ung/udvikling")
	for _, want := range []string{"Tak. Dit svar er gemt.", "Bedre nu, jeg har fået en mentor", `data-testid="ung-chart"`,
		`data-testid="ung-own-table"`, `data-testid="ung-rated"`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("/ung/udvikling after rating lacks %q", want)
		}
	}
	if got := ungYouthAudit(t, a, youthID, casework.AuditUngRate); got != 2 {
		t.Errorf("rating audit rows: %d, want 2", got)
	}
	if got := ungYouthAudit(t, a, youthID, casework.AuditUngProgression); got < 2 {
		t.Errorf("progression read audit rows: %d", got)
	}
}

func TestUngRightsConsentWithdrawal(t *testing.T) {
	a, youthID, cpr, c := ungRightsApp(t)
	ctx := context.Background()
	cfJoinTeam(t, a, youthID, "jobcenter@a.example")
	uu := a.as("uu@a.example")
	jobcenter := a.as("jobcenter@a.example")
	const secret = "Diagnose: angst, i behandling hos psykolog."
	note := cfNoteForm(secret)
	note.Set("sensitive", "health")
	cfWriteNote(t, uu, youthID, note)
	if r := uu.post(youthPath(youthID)+"/consents", url.Values{"given_by": {"youth"}, "given_on": {iso(-10)},
		"expires_on": {cfISO(day(-10).AddDate(1, 0, 0))}, "covers_health": {"1"}, "unit_scope": {"all"}}); r.status != http.StatusSeeOther {
		t.Fatalf("record consent: %d", r.status)
	}
	var consentID int64
	if err := a.DB.Pool.QueryRow(ctx, `SELECT id FROM consents WHERE youth_id = $1`, youthID).Scan(&consentID); err != nil {
		t.Fatal(err)
	}
	if page := jobcenter.get(youthPath(youthID) + "/notes"); !strings.Contains(page.body, secret) {
		t.Fatal("with the consent, the team member does not read the sensitive note")
	}

	// Another young person's consent: not found, and nothing changes.
	other := a.createYouth("uu@a.example", "Anden Ung")
	if r := uu.post(youthPath(other)+"/consents", url.Values{"given_by": {"youth"}, "given_on": {iso(-10)},
		"expires_on": {cfISO(day(-10).AddDate(1, 0, 0))}, "covers_health": {"1"}, "unit_scope": {"all"}}); r.status != http.StatusSeeOther {
		t.Fatalf("record the other consent: %d", r.status)
	}
	var otherConsent int64
	if err := a.DB.Pool.QueryRow(ctx, `SELECT id FROM consents WHERE youth_id = $1`, other).Scan(&otherConsent); err != nil {
		t.Fatal(err)
	}
	for _, r := range []response{c.get("/ung/samtykker/" + itoa64(otherConsent) + "/traek-tilbage"),
		c.post("/ung/samtykker/"+itoa64(otherConsent)+"/traek-tilbage", nil)} {
		if r.status != http.StatusNotFound || strings.Contains(r.body, "Anden Ung") {
			t.Errorf("another's consent: %d, want 404", r.status)
		}
	}
	if n := countRows(t, a, `SELECT count(*) FROM consents WHERE id = $1 AND withdrawn_on IS NULL`, otherConsent); n != 1 {
		t.Error("another's consent was withdrawn")
	}

	list := c.get("/ung/samtykker")
	if list.status != http.StatusOK || !strings.Contains(list.body, "Om dit helbred") || !strings.Contains(list.body, `data-testid="ung-consent-withdraw"`) {
		t.Fatalf("GET /ung/samtykker: %d", list.status)
	}
	ungNoCPR(t, "/ung/samtykker", list.body, cpr)
	path := "/ung/samtykker/" + itoa64(consentID) + "/traek-tilbage"
	confirm := c.get(path)
	if confirm.status != http.StatusOK || !strings.Contains(confirm.body, "Vil du trække dit samtykke tilbage? Det gælder med det samme.") ||
		!strings.Contains(confirm.body, `method="post"`) || !strings.Contains(confirm.body, `href="/ung/samtykker"`) {
		t.Fatalf("confirm page: %d", confirm.status)
	}
	if r := c.post(path, nil); r.status != http.StatusSeeOther || r.location(t) != "/ung/samtykker" {
		t.Fatalf("withdraw: %d", r.status)
	}
	// At once: the team member's very next request no longer reads the note.
	if page := jobcenter.get(youthPath(youthID) + "/notes"); page.status != http.StatusOK || strings.Contains(page.body, secret) {
		t.Errorf("after the withdrawal the team member gets %d and reads the note: %v", page.status, strings.Contains(page.body, secret))
	}
	var by string
	var byYouth, recorderNull bool
	var on string
	if err := a.DB.Pool.QueryRow(ctx, `SELECT withdrawn_by, withdrawal_by_youth, withdrawal_recorded_by IS NULL, withdrawn_on::text
		 FROM consents WHERE id = $1`, consentID).Scan(&by, &byYouth, &recorderNull, &on); err != nil {
		t.Fatal(err)
	}
	if by != "youth" || !byYouth || !recorderNull || on != iso(0) {
		t.Errorf("withdrawal stored as %s %v %v %s", by, byYouth, recorderNull, on)
	}
	list = c.get("/ung/samtykker")
	if !strings.Contains(list.body, "Dit samtykke er trukket tilbage. Det gælder fra nu.") || !strings.Contains(list.body, "Du trak det selv tilbage her.") {
		t.Error("the young person's consents page does not show the withdrawal")
	}
	// The professionals see it was the young person, in kui.
	pro := uu.get(youthPath(youthID) + "/consents")
	if pro.status != http.StatusOK || !strings.Contains(pro.body, "Trukket tilbage af den unge selv i kui") {
		t.Errorf("the professional's consents page: %d, no mark of the young person's withdrawal", pro.status)
	}
	// Twice: a conflict in Danish.
	for _, r := range []response{c.post(path, nil), c.get(path)} {
		if r.status != http.StatusConflict || !strings.Contains(r.body, "Samtykket er allerede trukket tilbage.") {
			t.Errorf("second withdrawal: %d", r.status)
		}
	}
	// A consent that has run out has nothing left to withdraw.
	if r := uu.post(youthPath(youthID)+"/consents", url.Values{"given_by": {"guardian"}, "given_by_name": {"Anne Hansen"},
		"given_on": {iso(-690)}, "expires_on": {iso(-326)}, "covers_other": {"1"}, "unit_scope": {"all"}}); r.status != http.StatusSeeOther {
		t.Fatalf("record an old consent: %d", r.status)
	}
	var expired int64
	if err := a.DB.Pool.QueryRow(ctx, `SELECT id FROM consents WHERE youth_id = $1 AND given_by = 'guardian'`, youthID).Scan(&expired); err != nil {
		t.Fatal(err)
	}
	if r := c.post("/ung/samtykker/"+itoa64(expired)+"/traek-tilbage", nil); r.status != http.StatusConflict ||
		!strings.Contains(r.body, "Samtykket gælder ikke længere.") {
		t.Errorf("withdrawing a consent that ran out: %d", r.status)
	}
	if page := c.get("/ung/samtykker"); !strings.Contains(page.body, "Anne Hansen (forælder eller værge)") ||
		strings.Count(page.body, `data-testid="ung-consent-withdraw"`) != 0 {
		t.Error("the consents page does not show the parent's old consent, or offers to withdraw one that cannot be")
	}
	if got := ungYouthAudit(t, a, youthID, casework.AuditUngConsentWithdraw); got != 1 {
		t.Errorf("withdrawal audit rows: %d, want 1", got)
	}
	if got := ungYouthAudit(t, a, youthID, casework.AuditUngConsents); got < 3 {
		t.Errorf("consent read audit rows: %d", got)
	}
}

func TestUngRightsAccessLogAndData(t *testing.T) {
	a, youthID, cpr, c := ungRightsApp(t)
	uu := a.as("uu@a.example")
	if r := uu.get(youthPath(youthID)); r.status != http.StatusOK {
		t.Fatalf("professional views the young person: %d", r.status)
	}
	// The young person's own reads are theirs, and not in the list.
	c.get("/ung/udvikling")
	c.get("/ung")

	log := c.get("/ung/indsigt")
	if log.status != http.StatusOK {
		t.Fatalf("GET /ung/indsigt: %d", log.status)
	}
	line := regexp.MustCompile(`(?s)<li class="ung-item" data-testid="ung-access-line" data-action="youth.view">.*?</li>`).FindString(log.body)
	if line == "" || !strings.Contains(line, "Så dine oplysninger") || !strings.Contains(line, "UU/Ungevejledning") {
		t.Fatalf("the access log lacks the professional's view with unit and purpose:\n%s", line)
	}
	if strings.Contains(log.body, "Ulla Ungevejleder") {
		t.Error("the access log names the professional though the municipality does not show names")
	}
	if strings.Contains(log.body, `data-action="ung.`) {
		t.Error("the access log lists the young person's own reads")
	}
	ungNoCPR(t, "/ung/indsigt", log.body, cpr)

	admin := a.as("admin@a.example")
	if r := admin.get("/admin/sign-in/citizen"); r.status != http.StatusOK || !strings.Contains(r.body, "Vis fagpersonernes navne i &#39;Hvem har set min sag&#39;") {
		t.Fatalf("GET /admin/sign-in/citizen: %d", r.status)
	}
	if r := uu.post("/admin/sign-in/citizen", url.Values{"access_log_names": {"1"}}); r.status != http.StatusForbidden {
		t.Errorf("a caseworker sets the names: %d", r.status)
	}
	if r := admin.post("/admin/sign-in/citizen", url.Values{"access_log_names": {"1"}}); r.status != http.StatusSeeOther {
		t.Fatalf("admin sets the names: %d", r.status)
	}
	log = c.get("/ung/indsigt")
	if !strings.Contains(log.body, "Ulla Ungevejleder") {
		t.Error("with names on, the access log does not name the professional")
	}
	// A line from before kui recorded the unit at the time: the unit the
	// professional is in now, said so.
	if _, err := a.DB.Pool.Exec(context.Background(), `UPDATE audit_log SET actor_unit_id = NULL
		 WHERE youth_id = $1 AND action = 'youth.view'`, youthID); err != nil {
		t.Fatal(err)
	}
	if log := c.get("/ung/indsigt"); !strings.Contains(log.body, "UU/Ungevejledning (hvor personen er nu)") {
		t.Error("an old line does not say the unit is the professional's unit now")
	}
	if got := ungYouthAudit(t, a, youthID, casework.AuditUngAccessLog); got != 3 {
		t.Errorf("access log audit rows: %d, want 3", got)
	}

	// Data: a journal note, a coordination meeting and a cooperation meeting.
	const noteText = "Samtale med mor om økonomi og gæld."
	cfWriteNote(t, uu, youthID, cfNoteForm(noteText))
	const coordSecret = "Drøftelse af bekymring fra skolen"
	coord := mtCreateMeeting(t, uu, youthID, mtMeetingOf("koordinationsmoede", isoAt(8, "09:00")))
	mtExpect(t, "coordination topic", uu.post(mtPath(coord, "/agenda"), url.Values{"text": {coordSecret}}), http.StatusSeeOther)
	coop := mtCreateMeeting(t, uu, youthID, mtMeetingOf("samarbejdsmoede", isoAt(9, "10:00")))
	mtExpect(t, "cooperation topic", uu.post(mtPath(coop, "/agenda"), url.Values{"text": {"Skole og fravær"}}), http.StatusSeeOther)
	c.post("/ung/udvikling", url.Values{"step": {"4"}, "words": {"Jeg er næsten klar"}})

	data := c.get("/ung/data")
	if data.status != http.StatusOK {
		t.Fatalf("GET /ung/data: %d", data.status)
	}
	for _, want := range []string{"Mikkel Hansen", "Skole og fravær", "Samarbejdsmøde", "Jeg er næsten klar", "Så dine oplysninger",
		`href="/ung/data.json"`, "Ulla Ungevejleder"} {
		if !strings.Contains(data.body, want) {
			t.Errorf("/ung/data lacks %q", want)
		}
	}
	file := c.get("/ung/data.json")
	if file.status != http.StatusOK || !strings.HasPrefix(file.header.Get("Content-Type"), "application/json") ||
		file.header.Get("Content-Disposition") != `attachment; filename="mine-data-kui.json"` {
		t.Fatalf("GET /ung/data.json: %d %q %q", file.status, file.header.Get("Content-Type"), file.header.Get("Content-Disposition"))
	}
	var parsed map[string]any
	if err := json.Unmarshal([]byte(file.body), &parsed); err != nil {
		t.Fatalf("the file is not JSON: %v", err)
	}
	for _, key := range []string{"name", "birth_date", "guardians", "team", "meetings", "consents", "own_ratings", "efforts", "access_log"} {
		if _, ok := parsed[key]; !ok {
			t.Errorf("the file lacks %q", key)
		}
	}
	if meetings, _ := parsed["meetings"].([]any); len(meetings) != 1 {
		t.Errorf("the file has %d meetings, want 1 (no coordination meeting)", len(meetings))
	}
	for what, body := range map[string]string{"/ung/data": data.body, "/ung/data.json": file.body} {
		ungNoCPR(t, what, body, cpr)
		for _, never := range []string{noteText, coordSecret, "koordinationsmøde", "Koordinationsmøde", "cpr"} {
			if strings.Contains(body, never) {
				t.Errorf("%s shows %q", what, never)
			}
		}
	}
	if got := ungYouthAudit(t, a, youthID, casework.AuditUngData); got != 2 {
		t.Errorf("data audit rows: %d, want 2", got)
	}
}
