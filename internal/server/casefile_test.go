package server_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"kui/internal/casework"
	"kui/web"
)

// The case's working tools: the journal, consents and the gating of
// sensitive notes, efforts, the contact person's checklist, and the notice
// before the 18th birthday.

// cfJoinTeam puts the user on the young person's team, in the database.
func cfJoinTeam(t *testing.T, app *testApp, youthID int64, email string) {
	t.Helper()
	u := app.Users[email]
	if _, err := app.DB.Pool.Exec(context.Background(), `
		INSERT INTO team_members (municipality_id, youth_id, user_id, added_by, joined_at) VALUES ($1, $2, $3, $3, $4)`,
		u.MunicipalityID, youthID, u.ID, fixedNow); err != nil {
		t.Fatalf("put %s on the team: %v", email, err)
	}
}

// cfMakeContactPerson makes a team member the young person's contact person.
func cfMakeContactPerson(t *testing.T, app *testApp, youthID int64, email string) {
	t.Helper()
	u := app.Users[email]
	if _, err := app.DB.Pool.Exec(context.Background(), `
		INSERT INTO contact_persons (municipality_id, youth_id, user_id, source, reason, assigned_by, started_at)
		VALUES ($1, $2, $3, 'direct', 'Den unges ønske', $3, $4)`, u.MunicipalityID, youthID, u.ID, fixedNow); err != nil {
		t.Fatalf("make %s contact person: %v", email, err)
	}
}

// cfNoteForm is a note of a conversation yesterday, at 14.30.
func cfNoteForm(topic string) url.Values {
	return url.Values{
		"spoken_with": {"Mor (Anne Testesen)"}, "occurred_on": {iso(-1)}, "occurred_time": {"14:30"},
		"topic": {topic}, "agreed": {"Vi mødes igen om to uger."},
	}
}

// cfWriteNote writes a journal note through the server and returns its id.
func cfWriteNote(t *testing.T, c *client, youthID int64, form url.Values) int64 {
	t.Helper()
	resp := c.post(youthPath(youthID)+"/notes", form)
	if resp.status != http.StatusSeeOther {
		t.Fatalf("write note: status %d\n%s", resp.status, resp.body)
	}
	loc := resp.header.Get("Location")
	i := strings.Index(loc, "#note-")
	if i < 0 {
		t.Fatalf("after writing a note: redirect to %q, want the note's anchor", loc)
	}
	id, err := strconv.ParseInt(loc[i+len("#note-"):], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func cfAuditCount(t *testing.T, app *testApp, youthID int64, email string, action casework.AuditAction) int {
	t.Helper()
	return countRows(t, app, `SELECT count(*) FROM audit_log WHERE youth_id = $1 AND user_id = $2 AND action = $3`,
		youthID, app.Users[email].ID, string(action))
}

// cfISO is a date as a form writes it: "2026-11-24".
func cfISO(d time.Time) string { return d.Format(time.DateOnly) }

// cfBornEighteenIn is the birth date of someone who turns 18 on day(n),
// the test clock's today plus n days (on 1 March when day(n) is a 29
// February the birth year lacks).
func cfBornEighteenIn(n int) time.Time { return day(n).AddDate(-18, 0, 0) }

// cfEighteenth is the 18th birthday of someone born on born — 1 March for a
// 29 February birth in a common year, as Danish law counts it — and how
// many days after the test clock's today it is.
func cfEighteenth(born time.Time) (on time.Time, days int) {
	on = born.AddDate(18, 0, 0)
	return on, int(on.Sub(testToday) / (24 * time.Hour))
}

func TestCaseFileJournalIsAppendOnly(t *testing.T) {
	app := newTestApp(t)
	id := app.createYouth("uu@a.example", "Jonas Journal")
	cfJoinTeam(t, app, id, "mentor@a.example")
	uu := app.as("uu@a.example")

	page := uu.get(youthPath(id) + "/notes")
	if page.status != http.StatusOK || !strings.Contains(page.body, "Der er ingen journalnotater endnu.") {
		t.Fatalf("empty journal: status %d", page.status)
	}
	noteID := cfWriteNote(t, uu, id, cfNoteForm("Fravær i skolen og søvn."))
	page = uu.get(youthPath(id) + "/notes")
	for _, want := range []string{"Notatet er gemt i journalen.", "Samtale med Mor (Anne Testesen)", "Fravær i skolen og søvn.",
		"Vi mødes igen om to uger.", dkAt(-1, "14:30"), "Skrevet af Ulla Ungevejleder", `id="note-` + itoa64(noteID) + `"`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("journal lacks %q", want)
		}
	}
	if n := cfAuditCount(t, app, id, "uu@a.example", casework.AuditNoteCreate); n != 1 {
		t.Errorf("%d note.create audit rows, want 1", n)
	}
	if n := cfAuditCount(t, app, id, "uu@a.example", casework.AuditNoteList); n != 2 {
		t.Errorf("%d note.list audit rows, want 2 (two reads)", n)
	}

	// The database itself refuses to change or delete a note.
	ctx := context.Background()
	for _, sql := range []string{
		`UPDATE journal_notes SET topic = 'changed' WHERE id = $1`,
		`DELETE FROM journal_notes WHERE id = $1`,
	} {
		_, err := app.DB.Pool.Exec(ctx, sql, noteID)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.ConstraintName != "journal_notes_append_only" {
			t.Errorf("%s: err %v, want the append-only trigger to refuse", sql, err)
		}
	}
	if _, err := app.DB.Pool.Exec(ctx, `TRUNCATE journal_notes`); err == nil {
		t.Error("TRUNCATE journal_notes was allowed")
	}

	// A correction is a new note pointing at the old one.
	form := uu.get(youthPath(id) + "/notes/" + itoa64(noteID) + "/correct")
	if form.status != http.StatusOK || !strings.Contains(form.body, `value="Mor (Anne Testesen)"`) || !strings.Contains(form.body, "Fravær i skolen og søvn.</textarea>") {
		t.Fatalf("correction form: status %d, not filled with the note", form.status)
	}
	correction := cfNoteForm("Fravær i skolen, søvn og kost.")
	resp := uu.post(youthPath(id)+"/notes/"+itoa64(noteID)+"/correct", correction)
	if resp.status != http.StatusSeeOther {
		t.Fatalf("correct: status %d\n%s", resp.status, resp.body)
	}
	if n := countRows(t, app, `SELECT count(*) FROM journal_notes WHERE youth_id = $1`, id); n != 2 {
		t.Fatalf("%d notes after a correction, want 2", n)
	}
	var oldTopic string
	var correctionID int64
	if err := app.DB.Pool.QueryRow(ctx, `SELECT o.topic, c.id FROM journal_notes o JOIN journal_notes c ON c.corrects_id = o.id WHERE o.id = $1`, noteID).Scan(&oldTopic, &correctionID); err != nil {
		t.Fatalf("the correction does not point at the note: %v", err)
	}
	if oldTopic != "Fravær i skolen og søvn." {
		t.Errorf("the corrected note changed: %q", oldTopic)
	}
	page = uu.get(youthPath(id) + "/notes")
	for _, want := range []string{"Rettelsen er gemt.", "Rettet af Ulla Ungevejleder", `href="#note-` + itoa64(correctionID) + `"`,
		`href="#note-` + itoa64(noteID) + `"`, "Fravær i skolen, søvn og kost.", "Fravær i skolen og søvn."} {
		if !strings.Contains(page.body, want) {
			t.Errorf("journal after correction lacks %q", want)
		}
	}
	if n := cfAuditCount(t, app, id, "uu@a.example", casework.AuditNoteCorrect); n != 1 {
		t.Errorf("%d note.correct audit rows, want 1", n)
	}

	// A note is corrected once; the correction is what to correct next.
	if resp := uu.post(youthPath(id)+"/notes/"+itoa64(noteID)+"/correct", cfNoteForm("Igen.")); resp.status != http.StatusConflict ||
		!strings.Contains(resp.body, "Notatet er allerede rettet") {
		t.Errorf("second correction of the same note: status %d, want 409", resp.status)
	}
	if resp := uu.get(youthPath(id) + "/notes/" + itoa64(noteID) + "/correct"); resp.status != http.StatusConflict {
		t.Errorf("correction form of a corrected note: status %d, want 409", resp.status)
	}
	if resp := uu.post(youthPath(id)+"/notes/"+itoa64(correctionID)+"/correct", cfNoteForm("Tredje udgave.")); resp.status != http.StatusSeeOther {
		t.Errorf("correcting the correction: status %d", resp.status)
	}
	// Only the author corrects a note.
	mentor := app.as("mentor@a.example")
	if resp := mentor.get(youthPath(id) + "/notes/" + itoa64(noteID+2) + "/correct"); resp.status != http.StatusNotFound {
		t.Errorf("another member's correction form: status %d, want 404", resp.status)
	}
	if resp := mentor.post(youthPath(id)+"/notes/"+itoa64(noteID+2)+"/correct", cfNoteForm("Ikke min.")); resp.status != http.StatusNotFound {
		t.Errorf("another member's correction: status %d, want 404", resp.status)
	}
	if n := countRows(t, app, `SELECT count(*) FROM journal_notes WHERE youth_id = $1`, id); n != 3 {
		t.Errorf("%d notes, want 3 (note, correction, correction of the correction)", n)
	}
}

func TestCaseFileNoteValidation(t *testing.T) {
	app := newTestApp(t)
	id := app.createYouth("uu@a.example", "Vera Validering")
	uu := app.as("uu@a.example")
	form := cfNoteForm("Om <b>skole</b>")
	form.Set("spoken_with", " ")
	form.Set("occurred_time", "25.61")
	form.Set("occurred_on", iso(1)) // tomorrow
	resp := uu.post(youthPath(id)+"/notes", form)
	if resp.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", resp.status)
	}
	for _, want := range []string{`data-testid="form-error"`, "Skal udfyldes.", "Skriv et gyldigt klokkeslæt med timer og minutter.",
		`name="occurred_time" type="time" value=""`, `value="` + iso(1) + `"`, "Om &lt;b&gt;skole&lt;/b&gt;</textarea>"} {
		if !strings.Contains(resp.body, want) {
			t.Errorf("re-rendered form lacks %q", want)
		}
	}
	form = cfNoteForm("Fremtid")
	form.Set("occurred_on", iso(1))
	if resp := uu.post(youthPath(id)+"/notes", form); resp.status != http.StatusUnprocessableEntity || !strings.Contains(resp.body, "Datoen ligger i fremtiden.") {
		t.Errorf("a note dated tomorrow: status %d", resp.status)
	}
	form = cfNoteForm("Ukendt")
	form.Set("sensitive", "politik")
	if resp := uu.post(youthPath(id)+"/notes", form); resp.status != http.StatusUnprocessableEntity {
		t.Errorf("unknown sensitive kind: status %d", resp.status)
	}
	if n := countRows(t, app, `SELECT count(*) FROM journal_notes`); n != 0 {
		t.Errorf("%d notes written from invalid forms", n)
	}
}

// TestCaseFileSensitiveNoteGating: a sensitive note is read by its author
// and the contact person, by other team members only under a valid consent
// that covers its kind and their unit; everyone else who sees the young
// person sees that it exists, and nobody outside sees anything.
func TestCaseFileSensitiveNoteGating(t *testing.T) {
	app := newTestApp(t)
	id := app.createYouth("uu@a.example", "Sigrid Samtykke")
	for _, email := range []string{"mentor@a.example", "jobcenter@a.example", "familie@a.example"} {
		cfJoinTeam(t, app, id, email)
	}
	cfMakeContactPerson(t, app, id, "mentor@a.example")
	uu := app.as("uu@a.example")
	const secret = "Diagnose: ADHD, medicin fra januar."
	form := cfNoteForm(secret)
	form.Set("sensitive", "health")
	cfWriteNote(t, uu, id, form)
	cfWriteNote(t, uu, id, cfNoteForm("Almindelig samtale om praktik."))

	clients := map[string]*client{}
	for _, email := range []string{"uu@a.example", "mentor@a.example", "jobcenter@a.example", "familie@a.example",
		"koordinator@a.example", "ssp@a.example", "tovholder@a.example", "admin@a.example", "koordinator@b.example", "uu@b.example"} {
		clients[email] = app.as(email)
	}
	check := func(stage string, reads map[string]bool) {
		t.Helper()
		for email, want := range reads {
			page := clients[email].get(youthPath(id) + "/notes")
			if page.status != http.StatusOK {
				t.Errorf("%s: %s gets status %d", stage, email, page.status)
				continue
			}
			if !strings.Contains(page.body, "Almindelig samtale om praktik.") {
				t.Errorf("%s: %s does not see the ordinary note", stage, email)
			}
			if got := strings.Contains(page.body, secret); got != want {
				t.Errorf("%s: %s reads the sensitive note: %v, want %v", stage, email, got, want)
			}
			if hidden := strings.Contains(page.body, "Følsom note — kræver samtykke"); hidden == want {
				t.Errorf("%s: %s sees the note's existence marker: %v, want %v", stage, email, hidden, !want)
			}
		}
	}
	outsiders := func(stage string) {
		t.Helper()
		for _, email := range []string{"ssp@a.example", "tovholder@a.example", "admin@a.example", "koordinator@b.example", "uu@b.example"} {
			if page := clients[email].get(youthPath(id) + "/notes"); page.status != http.StatusNotFound || strings.Contains(page.body, secret) {
				t.Errorf("%s: %s gets status %d, want 404", stage, email, page.status)
			}
		}
	}
	consent := func(c url.Values) {
		t.Helper()
		if resp := uu.post(youthPath(id)+"/consents", c); resp.status != http.StatusSeeOther {
			t.Fatalf("record consent: status %d\n%s", resp.status, resp.body)
		}
	}
	unitID := func(name string) string {
		var uid int64
		if err := app.DB.Pool.QueryRow(context.Background(), `SELECT id FROM units WHERE name = $1 AND municipality_id = $2`,
			name, app.Users["uu@a.example"].MunicipalityID).Scan(&uid); err != nil {
			t.Fatal(err)
		}
		return itoa64(uid)
	}

	check("no consent", map[string]bool{"uu@a.example": true, "mentor@a.example": true,
		"jobcenter@a.example": false, "familie@a.example": false, "koordinator@a.example": false})
	outsiders("no consent")
	if n := countRows(t, app, `SELECT count(*) FROM audit_log WHERE youth_id = $1 AND user_id = $2 AND action = 'note.list'
		AND detail LIKE '%sensitive_withheld=1%'`, id, app.Users["jobcenter@a.example"].ID); n != 1 {
		t.Errorf("jobcenter's read is not audited with the withheld note (%d rows)", n)
	}

	consent(url.Values{"given_by": {"youth"}, "given_on": {iso(-21)}, "expires_on": {cfISO(day(-21).AddDate(1, 0, 0))},
		"covers_religion": {"1"}, "unit_scope": {"all"}})
	check("consent to religion only", map[string]bool{"jobcenter@a.example": false, "familie@a.example": false})

	// Given 2025-01-01, ran out 2025-12-31 on the default clock.
	consent(url.Values{"given_by": {"guardian"}, "given_by_name": {"Anne Testesen"}, "given_on": {iso(-690)}, "expires_on": {iso(-326)},
		"covers_health": {"1"}, "unit_scope": {"all"}})
	check("expired health consent", map[string]bool{"jobcenter@a.example": false, "familie@a.example": false})

	consent(url.Values{"given_by": {"youth"}, "given_on": {iso(-2)}, "expires_on": {cfISO(day(-2).AddDate(1, 0, 0))},
		"covers_health": {"1"}, "unit_scope": {"some"}, "units": {unitID("Jobcenter")}})
	check("health consent for the Jobcenter", map[string]bool{"jobcenter@a.example": true, "familie@a.example": false,
		"koordinator@a.example": false, "uu@a.example": true, "mentor@a.example": true})

	var jobcenterConsent int64
	if err := app.DB.Pool.QueryRow(context.Background(), `SELECT id FROM consents WHERE youth_id = $1 AND NOT all_units`, id).Scan(&jobcenterConsent); err != nil {
		t.Fatal(err)
	}
	if resp := uu.post(youthPath(id)+"/consents/"+itoa64(jobcenterConsent)+"/withdraw", url.Values{
		"withdrawn_on": {iso(0)}, "withdrawn_by": {"youth"}}); resp.status != http.StatusSeeOther {
		t.Fatalf("withdraw: status %d\n%s", resp.status, resp.body)
	}
	check("health consent withdrawn", map[string]bool{"jobcenter@a.example": false, "familie@a.example": false})

	consent(url.Values{"given_by": {"youth"}, "given_on": {iso(0)}, "expires_on": {cfISO(day(0).AddDate(0, 6, 0))},
		"covers_health": {"1"}, "unit_scope": {"all"}})
	check("health consent for all units", map[string]bool{"jobcenter@a.example": true, "familie@a.example": true,
		"koordinator@a.example": false})
	outsiders("health consent for all units")

	// A member who leaves the team no longer sees the young person at all.
	if _, err := app.DB.Pool.Exec(context.Background(), `UPDATE team_members SET left_at = $3, removed_by = user_id
		WHERE youth_id = $1 AND user_id = $2`, id, app.Users["familie@a.example"].ID, fixedNow); err != nil {
		t.Fatal(err)
	}
	if page := clients["familie@a.example"].get(youthPath(id) + "/notes"); page.status != http.StatusNotFound {
		t.Errorf("former member: status %d, want 404", page.status)
	}
}

func TestCaseFileConsents(t *testing.T) {
	app := newTestApp(t)
	id := app.createYouth("uu@a.example", "Carla Consent")
	uu := app.as("uu@a.example")
	page := uu.get(youthPath(id) + "/consents")
	if page.status != http.StatusOK || !strings.Contains(page.body, "Der er ikke registreret samtykker.") || !strings.Contains(page.body, "intet gyldigt samtykke") {
		t.Fatalf("empty consents page: status %d", page.status)
	}
	// A parent must be named; the expiry must come after the day given;
	// some units means at least one.
	given, expires := day(-12), day(-12).AddDate(1, 0, 0)
	resp := uu.post(youthPath(id)+"/consents", url.Values{"given_by": {"guardian"}, "given_on": {cfISO(given)},
		"expires_on": {iso(-21)}, "unit_scope": {"some"}, "covers_health": {"1"}, "note": {"Ligger i <ESDH>"}})
	if resp.status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid consent: status %d", resp.status)
	}
	for _, want := range []string{"Skal udfyldes.", "Samtykket skal gælde til en dato efter", "Vælg mindst én enhed",
		`value="` + cfISO(given) + `"`, "Ligger i &lt;ESDH&gt;</textarea>"} {
		if !strings.Contains(resp.body, want) {
			t.Errorf("re-rendered consent form lacks %q", want)
		}
	}
	if !strings.Contains(resp.body, `id="f-covers_health" name="covers_health" value="1" class="form-checkbox" checked`) {
		t.Error("the ticked health box was not kept")
	}
	if n := countRows(t, app, `SELECT count(*) FROM consents`); n != 0 {
		t.Fatalf("%d consents written from an invalid form", n)
	}
	// A unit of another municipality is not a choice.
	var otherUnit int64
	if err := app.DB.Pool.QueryRow(context.Background(), `INSERT INTO units (municipality_id, name) VALUES ($1, 'Fremmed enhed') RETURNING id`,
		app.Users["uu@b.example"].MunicipalityID).Scan(&otherUnit); err != nil {
		t.Fatal(err)
	}
	if resp := uu.post(youthPath(id)+"/consents", url.Values{"given_by": {"youth"}, "given_on": {cfISO(given)},
		"expires_on": {cfISO(expires)}, "unit_scope": {"some"}, "units": {itoa64(otherUnit)}}); resp.status != http.StatusUnprocessableEntity {
		t.Errorf("consent naming another municipality's unit: status %d, want 422", resp.status)
	}
	if n := countRows(t, app, `SELECT count(*) FROM consents`); n != 0 {
		t.Fatalf("%d consents written with a foreign unit", n)
	}

	if resp := uu.post(youthPath(id)+"/consents", url.Values{"given_by": {"guardian"}, "given_by_name": {"Anne Testesen"},
		"given_on": {cfISO(given)}, "expires_on": {cfISO(expires)}, "covers_health": {"1"}, "unit_scope": {"all"}}); resp.status != http.StatusSeeOther {
		t.Fatalf("consent: status %d\n%s", resp.status, resp.body)
	}
	// Given 2025-01-01, ran out 2025-06-30 on the default clock.
	if resp := uu.post(youthPath(id)+"/consents", url.Values{"given_by": {"youth"},
		"given_on": {iso(-690)}, "expires_on": {iso(-510)}, "covers_religion": {"1"}, "unit_scope": {"all"}}); resp.status != http.StatusSeeOther {
		t.Fatalf("old consent: status %d", resp.status)
	}
	page = uu.get(youthPath(id) + "/consents")
	for _, want := range []string{"Samtykket er registreret.", "Anne Testesen (forælder/værge)", web.Danish.Day(given) + " til og med " + web.Danish.Day(expires),
		`data-state="valid"`, `data-state="expired"`, "Udløbet", "Helbredsoplysninger", "Alle kommunens enheder"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("consents page lacks %q", want)
		}
	}
	if strings.Contains(page.body, "intet gyldigt samtykke") {
		t.Error("the page says there is no valid consent")
	}

	var consentID int64
	if err := app.DB.Pool.QueryRow(context.Background(), `SELECT id FROM consents WHERE covers_health`).Scan(&consentID); err != nil {
		t.Fatal(err)
	}
	withdraw := youthPath(id) + "/consents/" + itoa64(consentID) + "/withdraw"
	confirm := uu.get(withdraw)
	if confirm.status != http.StatusOK || !strings.Contains(confirm.body, "kan ikke genoptages") || !strings.Contains(confirm.body, `value="`+iso(0)+`"`) {
		t.Fatalf("withdrawal page: status %d", confirm.status)
	}
	if resp := uu.post(withdraw, url.Values{"withdrawn_on": {iso(-21)}, "withdrawn_by": {"guardian"}}); resp.status != http.StatusUnprocessableEntity ||
		!strings.Contains(resp.body, "før det blev givet") || !strings.Contains(resp.body, "Skal udfyldes.") {
		t.Errorf("withdrawal before given, by an unnamed parent: status %d", resp.status)
	}
	if resp := uu.post(withdraw, url.Values{"withdrawn_on": {iso(-1)}, "withdrawn_by": {"guardian"}, "withdrawn_by_name": {"Anne Testesen"}}); resp.status != http.StatusSeeOther {
		t.Fatalf("withdraw: status %d\n%s", resp.status, resp.body)
	}
	if resp := uu.post(withdraw, url.Values{"withdrawn_on": {iso(0)}, "withdrawn_by": {"youth"}}); resp.status != http.StatusConflict {
		t.Errorf("second withdrawal: status %d, want 409", resp.status)
	}
	if resp := uu.get(withdraw); resp.status != http.StatusConflict {
		t.Errorf("withdrawal page of a withdrawn consent: status %d, want 409", resp.status)
	}
	page = uu.get(youthPath(id) + "/consents")
	for _, want := range []string{`data-state="withdrawn"`, "Trukket tilbage", dk(-1) + " af Anne Testesen (forælder/værge)", "intet gyldigt samtykke"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("consents page after withdrawal lacks %q", want)
		}
	}
	// The history is kept by the database: a consent is not changed or deleted.
	ctx := context.Background()
	for _, sql := range []string{
		`UPDATE consents SET covers_religion = true WHERE id = $1`,
		`UPDATE consents SET withdrawn_on = NULL, withdrawn_by = NULL, withdrawal_recorded_by = NULL, withdrawal_recorded_at = NULL WHERE id = $1`,
		`DELETE FROM consents WHERE id = $1`,
	} {
		if _, err := app.DB.Pool.Exec(ctx, sql, consentID); err == nil {
			t.Errorf("%s was allowed", sql)
		}
	}
	for action, want := range map[casework.AuditAction]int{casework.AuditConsentCreate: 2, casework.AuditConsentWithdraw: 1,
		casework.AuditConsentList: 5} { // every page that showed the list, the two 422s included
		if n := cfAuditCount(t, app, id, "uu@a.example", action); n != want {
			t.Errorf("%d %s audit rows, want %d", n, action, want)
		}
	}
}

func TestCaseFileEfforts(t *testing.T) {
	app := newTestApp(t)
	id := app.createYouth("uu@a.example", "Emil Effort")
	cfJoinTeam(t, app, id, "mentor@a.example")
	uu := app.as("uu@a.example")
	ctx := context.Background()
	var mentorUnit int64
	if err := app.DB.Pool.QueryRow(ctx, `SELECT unit_id FROM users WHERE email = 'mentor@a.example'`).Scan(&mentorUnit); err != nil {
		t.Fatal(err)
	}
	mentor := app.Users["mentor@a.example"]

	page := uu.get(youthPath(id) + "/efforts")
	if page.status != http.StatusOK || !strings.Contains(page.body, "Der er ikke registreret indsatser endnu.") {
		t.Fatalf("empty efforts page: %d", page.status)
	}
	if !strings.Contains(page.body, `<optgroup label="Teamet om den unge"><option value="`+itoa64(mentor.ID)+`"`) &&
		!strings.Contains(page.body, `<optgroup label="Teamet om den unge"><option value="`+itoa64(app.Users["uu@a.example"].ID)+`"`) {
		t.Error("the responsible list does not offer the team first")
	}

	valid := url.Values{"unit": {itoa64(mentorUnit)}, "description": {"Mentorstøtte to timer om ugen"}, "responsible": {itoa64(mentor.ID)},
		"starts_on": {iso(-21)}, "ends_on": {""}, "status": {"ongoing"}}
	bad := url.Values{}
	for k, v := range valid {
		bad[k] = v
	}
	bad.Set("ends_on", iso(-52)) // before it started
	bad.Set("description", "")
	resp := uu.post(youthPath(id)+"/efforts", bad)
	if resp.status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid effort: status %d", resp.status)
	}
	for _, want := range []string{"Slutdatoen ligger før startdatoen.", "Skal udfyldes.", `value="` + iso(-52) + `"`, `value="` + iso(-21) + `"`,
		`<option value="` + itoa64(mentor.ID) + `" selected`, `<option value="ongoing" selected`} {
		if !strings.Contains(resp.body, want) {
			t.Errorf("re-rendered effort form lacks %q", want)
		}
	}
	bad = url.Values{}
	for k, v := range valid {
		bad[k] = v
	}
	bad.Set("status", "completed")
	if resp := uu.post(youthPath(id)+"/efforts", bad); resp.status != http.StatusUnprocessableEntity || !strings.Contains(resp.body, "Skriv slutdatoen, når indsatsen er afsluttet") {
		t.Errorf("completed effort without end: status %d", resp.status)
	}
	bad.Set("status", "ongoing")
	bad.Set("responsible", itoa64(app.Users["uu@b.example"].ID))
	if resp := uu.post(youthPath(id)+"/efforts", bad); resp.status != http.StatusUnprocessableEntity || !strings.Contains(resp.body, "Vælg en af mulighederne.") {
		t.Errorf("responsible from another municipality: status %d", resp.status)
	}
	if n := countRows(t, app, `SELECT count(*) FROM efforts`); n != 0 {
		t.Fatalf("%d efforts written from invalid forms", n)
	}

	if resp := uu.post(youthPath(id)+"/efforts", valid); resp.status != http.StatusSeeOther || resp.location(t) != youthPath(id)+"/efforts" {
		t.Fatalf("create effort: status %d", resp.status)
	}
	page = uu.get(youthPath(id) + "/efforts")
	if n := strings.Count(page.body, `data-testid="effort-row"`); n != 1 {
		t.Fatalf("%d effort rows, want 1", n)
	}
	for _, want := range []string{"Indsatsen er tilføjet.", "Mentorstøtte to timer om ugen", "Mads Mentor", "fra " + dk(-21), "I gang"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("efforts page lacks %q", want)
		}
	}

	var effortID int64
	if err := app.DB.Pool.QueryRow(ctx, `SELECT id FROM efforts WHERE youth_id = $1`, id).Scan(&effortID); err != nil {
		t.Fatal(err)
	}
	edit := uu.get(youthPath(id) + "/efforts/" + itoa64(effortID) + "/edit")
	if edit.status != http.StatusOK || !strings.Contains(edit.body, `name="version" value="1"`) {
		t.Fatalf("edit form: status %d", edit.status)
	}
	update := url.Values{"version": {"1"}}
	for k, v := range valid {
		update[k] = v
	}
	update.Set("status", "completed")
	update.Set("ends_on", iso(-2))
	if resp := uu.post(youthPath(id)+"/efforts/"+itoa64(effortID), update); resp.status != http.StatusSeeOther {
		t.Fatalf("update effort: status %d\n%s", resp.status, resp.body)
	}
	// The same edit again names a version that is no longer there.
	update.Set("description", "Mentorstøtte, forlænget")
	resp = uu.post(youthPath(id)+"/efforts/"+itoa64(effortID), update)
	if resp.status != http.StatusConflict || !strings.Contains(resp.body, "En anden har gemt ændringer") ||
		!strings.Contains(resp.body, "Mentorstøtte, forlænget</textarea>") || !strings.Contains(resp.body, `name="version" value="2"`) {
		t.Errorf("stale edit: status %d, want 409 with the typed values and the new version", resp.status)
	}
	page = uu.get(youthPath(id) + "/efforts")
	if !strings.Contains(page.body, dk(-21)+" – "+dk(-2)) || !strings.Contains(page.body, "Afsluttet") || strings.Contains(page.body, "forlænget") {
		t.Error("the efforts page does not show the saved edit only")
	}
	for action, want := range map[casework.AuditAction]int{casework.AuditEffortCreate: 1, casework.AuditEffortUpdate: 1,
		casework.AuditEffortEditing: 2, casework.AuditEffortList: 6} { // every page that showed them, 422s and 409 included
		if n := cfAuditCount(t, app, id, "uu@a.example", action); n != want {
			t.Errorf("%d %s audit rows, want %d", n, action, want)
		}
	}
	// Someone outside cannot see or edit it.
	other := app.as("ssp@a.example")
	if resp := other.get(youthPath(id) + "/efforts/" + itoa64(effortID) + "/edit"); resp.status != http.StatusNotFound {
		t.Errorf("outsider's edit form: %d", resp.status)
	}
	update.Set("version", "2")
	if resp := other.post(youthPath(id)+"/efforts/"+itoa64(effortID), update); resp.status != http.StatusNotFound {
		t.Errorf("outsider's edit: %d", resp.status)
	}
}

func TestCaseFileChecklist(t *testing.T) {
	app := newTestApp(t)
	id := app.createYouth("uu@a.example", "Karl Kontakt")
	uu := app.as("uu@a.example")

	page := uu.get(youthPath(id) + "/checklist")
	if page.status != http.StatusOK {
		t.Fatalf("checklist: status %d", page.status)
	}
	if n := strings.Count(page.body, `data-testid="checklist-item"`); n != 6 {
		t.Errorf("%d checklist items, want 6", n)
	}
	for _, want := range []string{"Mødefrekvens aftalt", "Samarbejdsaftale", "Indsatser koordineret", "Uddannelsesplan opdateret", "Indkald til møde", "Journalføring"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("checklist lacks %q", want)
		}
	}
	if n := countRows(t, app, `SELECT count(*) FROM checklist_items WHERE youth_id = $1`, id); n != 6 {
		t.Fatalf("%d checklist rows, want 6", n)
	}
	uu.get(youthPath(id) + "/checklist")
	if n := countRows(t, app, `SELECT count(*) FROM checklist_items WHERE youth_id = $1`, id); n != 6 {
		t.Fatalf("%d checklist rows after a second visit, want 6", n)
	}
	if overview := uu.get(youthPath(id)); strings.Contains(overview.body, `data-testid="checklist-overdue-count"`) {
		t.Error("the overview shows overdue items before any has a due date")
	}

	// Two items due in the past: both overdue, on the checklist and the overview.
	for _, item := range []string{"meeting_frequency", "collaboration_agreement"} {
		resp := uu.post(youthPath(id)+"/checklist/"+item, url.Values{"version": {"1"}, "due_on": {iso(-7)}, "comment": {"Aftales på formødet"}})
		if resp.status != http.StatusSeeOther {
			t.Fatalf("set due date on %s: status %d\n%s", item, resp.status, resp.body)
		}
	}
	page = uu.get(youthPath(id) + "/checklist")
	if n := strings.Count(page.body, `data-testid="item-overdue"`); n != 2 {
		t.Errorf("%d items marked overdue, want 2", n)
	}
	if !strings.Contains(page.body, "2 punkter på kontaktpersonens tjekliste er over fristen.") || !strings.Contains(page.body, "Aftales på formødet</textarea>") {
		t.Error("the checklist does not show the overdue count and the comment")
	}
	overview := uu.get(youthPath(id))
	if !strings.Contains(overview.body, `data-testid="checklist-overdue-count"`) || !strings.Contains(overview.body, "2 punkter på kontaktpersonens tjekliste er over fristen.") {
		t.Error("the overview does not show the overdue count")
	}

	// Done: no longer overdue; dated today when no date is given.
	if resp := uu.post(youthPath(id)+"/checklist/meeting_frequency", url.Values{"version": {"2"}, "done": {"1"}, "due_on": {iso(-7)}}); resp.status != http.StatusSeeOther {
		t.Fatalf("mark done: status %d", resp.status)
	}
	overview = uu.get(youthPath(id))
	if !strings.Contains(overview.body, "1 punkt på kontaktpersonens tjekliste er over fristen.") {
		t.Error("the overview does not show 1 overdue item after one was done")
	}
	if n := countRows(t, app, `SELECT count(*) FROM checklist_items WHERE youth_id = $1 AND item = 'meeting_frequency' AND done AND done_on = $2`, id, day(0)); n != 1 {
		t.Error("the done item is not dated today")
	}

	// A stale version and a bad date are refused, the typed values kept.
	resp := uu.post(youthPath(id)+"/checklist/meeting_frequency", url.Values{"version": {"2"}, "comment": {"Gammel udgave"}})
	if resp.status != http.StatusConflict || !strings.Contains(resp.body, "En anden har gemt dette punkt") || !strings.Contains(resp.body, "Gammel udgave</textarea>") {
		t.Errorf("stale checklist save: status %d", resp.status)
	}
	resp = uu.post(youthPath(id)+"/checklist/journaling", url.Values{"version": {"1"}, "done": {"1"}, "done_on": {iso(9)}})
	if resp.status != http.StatusUnprocessableEntity || !strings.Contains(resp.body, "Datoen ligger i fremtiden.") || !strings.Contains(resp.body, `value="`+iso(9)+`"`) {
		t.Errorf("done in the future: status %d", resp.status)
	}
	if resp := uu.post(youthPath(id)+"/checklist/no_such_item", url.Values{"version": {"1"}}); resp.status != http.StatusNotFound {
		t.Errorf("unknown item: status %d", resp.status)
	}
	for action, want := range map[casework.AuditAction]int{casework.AuditChecklistUpdate: 3, casework.AuditChecklistView: 5} {
		if n := cfAuditCount(t, app, id, "uu@a.example", action); n != want {
			t.Errorf("%d %s audit rows, want %d", n, action, want)
		}
	}
}

func TestCaseFileTurningEighteenNotice(t *testing.T) {
	app := newTestApp(t)
	create := func(name string, born time.Time) int64 {
		d, err := casework.YouthForm{Name: name, BirthDate: cfISO(born), Level: "bump", NeedCategory: "koordineret", JoinTeam: true}.Validate(fixedNow, true)
		if err != nil {
			t.Fatal(err)
		}
		id, err := app.DB.CreateYouth(context.Background(), app.Users["uu@a.example"], d)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	soonBorn := cfBornEighteenIn(60)
	soon := create("Sofie Snart", soonBorn)               // 18 in 60 days: 21 January 2027 on the default clock
	later := create("Lars Senere", cfBornEighteenIn(120)) // 18 in 120 days: 22 March 2027
	uu := app.as("uu@a.example")
	page := uu.get(youthPath(soon))
	eighteen, in := cfEighteenth(soonBorn)
	want := "Sofie Snart fylder 18 år den " + web.Danish.Day(eighteen) + " — om " + strconv.Itoa(in) + " dage."
	if !strings.Contains(page.body, `data-testid="turning-18"`) || !strings.Contains(page.body, want) {
		t.Errorf("no turning-18 notice %q for someone who turns 18 in 60 days", want)
	}
	if !strings.Contains(page.body, "forældrene er ikke længere automatisk en del af forløbet") {
		t.Error("the notice does not say what the transition means")
	}
	if page := uu.get(youthPath(later)); strings.Contains(page.body, `data-testid="turning-18"`) {
		t.Error("a turning-18 notice for someone who turns 18 in 120 days")
	}
}

// TestCaseFileAccess: every page and action of the case file answers 404 to
// anyone who may not see the young person, and writes nothing.
func TestCaseFileAccess(t *testing.T) {
	app := newTestApp(t)
	id := app.createYouth("uu@a.example", "Agnes Adgang")
	uu := app.as("uu@a.example")
	noteID := cfWriteNote(t, uu, id, cfNoteForm("Om adgang"))
	if resp := uu.post(youthPath(id)+"/consents", url.Values{"given_by": {"youth"}, "given_on": {iso(-21)}, "expires_on": {cfISO(day(-21).AddDate(1, 0, 0))}, "unit_scope": {"all"}}); resp.status != http.StatusSeeOther {
		t.Fatalf("consent: %d", resp.status)
	}
	var consentID int64
	if err := app.DB.Pool.QueryRow(context.Background(), `SELECT id FROM consents WHERE youth_id = $1`, id).Scan(&consentID); err != nil {
		t.Fatal(err)
	}
	p := youthPath(id)
	gets := []string{p + "/notes", p + "/notes/" + itoa64(noteID) + "/correct", p + "/efforts", p + "/consents",
		p + "/consents/" + itoa64(consentID) + "/withdraw", p + "/checklist"}
	posts := map[string]url.Values{
		p + "/notes": cfNoteForm("Indtrængen"),
		p + "/notes/" + itoa64(noteID) + "/correct": cfNoteForm("Indtrængen"),
		p + "/efforts":  {"unit": {"1"}, "description": {"x"}, "responsible": {"1"}, "starts_on": {iso(-21)}, "status": {"planned"}},
		p + "/consents": {"given_by": {"youth"}, "given_on": {iso(-21)}, "expires_on": {cfISO(day(-21).AddDate(1, 0, 0))}, "unit_scope": {"all"}},
		p + "/consents/" + itoa64(consentID) + "/withdraw": {"withdrawn_on": {iso(0)}, "withdrawn_by": {"youth"}},
		p + "/checklist/journaling":                        {"version": {"1"}, "done": {"1"}},
	}
	for _, email := range []string{"mentor@a.example", "tovholder@a.example", "admin@a.example", "koordinator@b.example", "uu@b.example"} {
		c := app.as(email)
		for _, path := range gets {
			if resp := c.get(path); resp.status != http.StatusNotFound {
				t.Errorf("%s GET %s: %d, want 404", email, path, resp.status)
			}
		}
		for path, form := range posts {
			if resp := c.post(path, form); resp.status != http.StatusNotFound {
				t.Errorf("%s POST %s: %d, want 404", email, path, resp.status)
			}
		}
	}
	if n := countRows(t, app, `SELECT count(*) FROM journal_notes`); n != 1 {
		t.Errorf("%d notes, want 1", n)
	}
	if n := countRows(t, app, `SELECT count(*) FROM consents WHERE withdrawn_on IS NULL`); n != 1 {
		t.Errorf("%d consents still in force, want 1", n)
	}
	if n := countRows(t, app, `SELECT count(*) FROM efforts`) + countRows(t, app, `SELECT count(*) FROM checklist_items WHERE done`); n != 0 {
		t.Errorf("%d efforts or done items written by outsiders", n)
	}
	// The coordinator sees the case file of the municipality's young people.
	koord := app.as("koordinator@a.example")
	for _, path := range []string{p + "/notes", p + "/efforts", p + "/consents", p + "/checklist"} {
		if resp := koord.get(path); resp.status != http.StatusOK {
			t.Errorf("coordinator GET %s: %d, want 200", path, resp.status)
		}
	}
}

// TestCaseFileConcurrentCorrectionsAndFirstViews: the database keeps the
// rules when many act at the same moment — a note is corrected once, and
// the checklist is created once.
func TestCaseFileConcurrentCorrectionsAndFirstViews(t *testing.T) {
	app := newTestApp(t)
	id := app.createYouth("uu@a.example", "Samtidig Sørensen")
	uu := app.Users["uu@a.example"]
	ctx := context.Background()
	d, err := casework.NoteForm{SpokenWith: "Den unge", OccurredOn: iso(-1), OccurredTime: "10:00", Topic: "Første udgave"}.
		Validate(fixedNow, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	noteID, err := app.DB.CreateNote(ctx, uu, id, d)
	if err != nil {
		t.Fatal(err)
	}
	const n = 12
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			c := d
			c.Topic = "Rettelse " + strconv.Itoa(i)
			_, errs[i] = app.DB.CorrectNote(ctx, uu, id, noteID, c)
		})
	}
	wg.Wait()
	ok, conflicts := 0, 0
	for _, err := range errs {
		switch casework.Code(err) {
		case "":
			ok++
		case casework.EConflict:
			conflicts++
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok != 1 || conflicts != n-1 {
		t.Errorf("%d corrections succeeded and %d conflicted, want 1 and %d", ok, conflicts, n-1)
	}
	if got := countRows(t, app, `SELECT count(*) FROM journal_notes WHERE corrects_id = $1`, noteID); got != 1 {
		t.Errorf("%d corrections stored, want 1", got)
	}
	if got := countRows(t, app, `SELECT count(*) FROM audit_log WHERE action = 'note.correct'`); got != 1 {
		t.Errorf("%d note.correct audit rows, want 1 (the failed ones wrote none)", got)
	}

	for range n {
		wg.Go(func() {
			if _, err := app.DB.Checklist(ctx, uu, id); err != nil {
				t.Errorf("checklist: %v", err)
			}
		})
	}
	wg.Wait()
	if got := countRows(t, app, `SELECT count(*) FROM checklist_items WHERE youth_id = $1`, id); got != len(casework.ChecklistKinds) {
		t.Errorf("%d checklist items after %d first views at once, want %d", got, n, len(casework.ChecklistKinds))
	}
}
