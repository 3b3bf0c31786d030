package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"kui/internal/casework"
)

// ovQuarter is the first day of the quarter n quarters after the test
// clock's (before, for n < 0): ovQuarter(0) is 1 October 2026 on the
// default clock, ovQuarter(-1) 1 July 2026.
func ovQuarter(n int) time.Time { return casework.QuarterStart(testToday).AddDate(0, 3*n, 0) }

// ovOn is the day n days into the quarter that starts on start, as a form
// writes it, but never after today: a measurement may not lie in the
// future, so early in the quarter of today it falls on today.
func ovOn(start time.Time, n int) string {
	d := start.AddDate(0, 0, n)
	if d.After(testToday) {
		d = testToday
	}
	return d.Format(time.DateOnly)
}

func TestProgressionIsRecordedAndCharted(t *testing.T) {
	app := newTestApp(t)
	id := app.createYouth("uu@a.example", "Petra Progression")
	uu := app.as("uu@a.example")
	path := youthPath(id) + "/progression"

	empty := uu.get(path)
	if empty.status != http.StatusOK || !strings.Contains(empty.body, "Der er ikke målt progression endnu") || !strings.Contains(empty.body, `data-testid="progression-due"`) {
		t.Fatalf("empty progression page: %d", empty.status)
	}
	bad := uu.post(path, url.Values{"measured_on": {iso(32)}, "professional_step": {"9"}, "youth_step": {"2"}, "youth_words": {"Det går fint"}})
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "Datoen ligger i fremtiden") || !strings.Contains(bad.body, "Det går fint") {
		t.Errorf("invalid measurement: %d", bad.status)
	}
	for _, m := range []url.Values{
		{"measured_on": {ovOn(ovQuarter(-1), 45)}, "professional_step": {"1"}, "youth_step": {"2"}, "youth_words": {"Jeg kommer ikke i skole"}},
		{"measured_on": {ovOn(ovQuarter(0), 40)}, "professional_step": {"3"}, "youth_step": {"3"}, "youth_words": {"Jeg er startet på FGU"}, "comment": {"Stabilt fremmøde"}},
	} {
		if resp := uu.post(path, m); resp.status != http.StatusSeeOther {
			t.Fatalf("record: %d %s", resp.status, resp.body)
		}
	}
	page := uu.get(path)
	if got := strings.Count(page.body, `data-testid="progression-row"`); got != 2 {
		t.Errorf("%d rows, want 2", got)
	}
	for _, want := range []string{`data-testid="progression-chart"`, `role="img"`, "<title id=\"chart-title\">", "Jeg er startet på FGU", "Afklaring og opbygning"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("progression page lacks %q", want)
		}
	}
	if strings.Contains(page.body, `data-testid="progression-due"`) {
		t.Error("the quarter is measured, yet the page says it is due")
	}
	if resp := app.as("mentor@a.example").get(path); resp.status != http.StatusNotFound {
		t.Errorf("a caseworker off the team: %d, want 404", resp.status)
	}
	if resp := app.as("mentor@a.example").post(path, url.Values{"measured_on": {ovOn(ovQuarter(0), 40)}, "professional_step": {"3"}, "youth_step": {"3"}, "youth_words": {"x"}}); resp.status != http.StatusNotFound {
		t.Errorf("recording for a young person one may not see: %d", resp.status)
	}
	if n := countRows(t, app, `SELECT count(*) FROM audit_log WHERE youth_id = $1 AND action = 'progression.record'`, id); n != 2 {
		t.Errorf("%d audit rows for two measurements", n)
	}
}

func TestSnapshotCountsAndExport(t *testing.T) {
	app := newTestApp(t)
	uu := app.as("uu@a.example")
	measure := func(id int64, date, step string) {
		t.Helper()
		resp := uu.post(youthPath(id)+"/progression", url.Values{"measured_on": {date}, "professional_step": {step}, "youth_step": {step}, "youth_words": {"ord"}})
		if resp.status != http.StatusSeeOther {
			t.Fatalf("measure: %d", resp.status)
		}
	}
	// The quarter of today and the one before; on the default clock 1 October
	// and 1 July 2026, and the measurements fall on the dates in the comments.
	this, last := ovQuarter(0), ovQuarter(-1)
	a := app.createYouth("uu@a.example", "Anna A") // bump: 2 last quarter → 4 now (up)
	measure(a, ovOn(last, 31), "2")                // 1 August
	measure(a, ovOn(this, 4), "3")                 // 5 October
	measure(a, ovOn(this, 45), "4")                // 15 November: the latest, or as late on the same day
	b := app.createYouth("uu@a.example", "Bent B") // 3 → 3 (same)
	measure(b, ovOn(last, 62), "3")                // 1 September
	measure(b, ovOn(this, 31), "3")                // 1 November
	c := app.createYouth("uu@a.example", "Carl C") // only this quarter
	measure(c, ovOn(this, 19), "1")                // 20 October
	app.createYouth("uu@a.example", "Dora D")      // not measured
	// Another municipality's measurements never count here.
	other := app.createYouth("uu@b.example", "Else E")
	if resp := app.as("uu@b.example").post(youthPath(other)+"/progression", url.Values{"measured_on": {ovOn(this, 31)}, "professional_step": {"5"}, "youth_step": {"5"}, "youth_words": {"x"}}); resp.status != http.StatusSeeOther {
		t.Fatal(resp.status)
	}

	koord := app.as("koordinator@a.example")
	page := koord.get("/overview/progression")
	if page.status != http.StatusOK {
		t.Fatalf("snapshot: %d", page.status)
	}
	if strings.Contains(page.body, "Anna A") || strings.Contains(page.body, "Else E") {
		t.Error("the snapshot shows names")
	}
	csv := koord.get("/overview/progression.csv")
	if csv.status != http.StatusOK || !strings.HasPrefix(csv.header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", csv.status, csv.header.Get("Content-Type"))
	}
	if !strings.HasPrefix(csv.body, "\ufeffgruppe;") {
		t.Errorf("the CSV does not start with a UTF-8 byte order mark, which Danish Excel needs: %q", csv.body[:min(len(csv.body), 12)])
	}
	wantName := fmt.Sprintf(`attachment; filename="progression-%d-K%d.csv"`, this.Year(), (int(this.Month())+2)/3)
	if got := csv.header.Get("Content-Disposition"); got != wantName {
		t.Errorf("Content-Disposition %q, want %q (named by quarter)", got, wantName)
	}
	for _, want := range []string{
		"niveau;Bump på vejen;1;0;1;1;0;3", // latest this quarter: Carl 1, Bent 3, Anna 4 — all created at level bump
		"i alt;;1;0;1;1;0;3",
		"sidste kvartal;;0;1;1;0;0;2",
		"nøgletal;målt i kvartalet;3",
		"nøgletal;ikke målt i kvartalet;1",
		"nøgletal;rykket op;1",
		"nøgletal;samme trin;1",
		"nøgletal;rykket ned;0",
	} {
		if !strings.Contains(csv.body, want) {
			t.Errorf("CSV lacks %q:\n%s", want, csv.body)
		}
	}
	if strings.Contains(csv.body, "Anna") {
		t.Error("the CSV export carries a name")
	}
	if n := countRows(t, app, `SELECT count(*) FROM audit_log WHERE action = 'progression.export' AND user_id = $1`, app.Users["koordinator@a.example"].ID); n != 1 {
		t.Errorf("%d audit rows for one export", n)
	}
	if resp := uu.get("/overview/progression"); resp.status != http.StatusForbidden {
		t.Errorf("a caseworker on the snapshot: %d, want 403", resp.status)
	}
}

func TestAdminWordsTheScale(t *testing.T) {
	app := newTestApp(t)
	admin := app.as("admin@a.example")
	form := url.Values{"step1": {"Langt væk"}, "step2": {"På vej"}, "step3": {""}, "step4": {"Tæt på"}, "step5": {"Klar"}}
	if resp := admin.post("/admin/progression-scale", form); resp.status != http.StatusUnprocessableEntity || !strings.Contains(resp.body, "Langt væk") {
		t.Errorf("missing label: %d", resp.status)
	}
	form.Set("step3", "Afklaring")
	if resp := admin.post("/admin/progression-scale", form); resp.status != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.status)
	}
	id := app.createYouth("uu@a.example", "Sune Skala")
	if page := app.as("uu@a.example").get(youthPath(id) + "/progression"); !strings.Contains(page.body, "3 – Afklaring") {
		t.Error("the municipality's own wording is not used")
	}
	if page := app.as("uu@b.example").get("/youth"); page.status != http.StatusOK {
		t.Fatal(page.status)
	}
	if resp := app.as("uu@a.example").post("/admin/progression-scale", form); resp.status != http.StatusForbidden {
		t.Errorf("caseworker editing the scale: %d", resp.status)
	}
}

// overviewFixture builds known data in A Kommune, with the edge cases the
// overview must not count: a former team member, an ended contact person,
// a cancelled meeting (with a plan item), a meeting beyond 14 days, a
// followed-up plan item and one the young person committed to.
type overviewFixture struct {
	app            *testApp
	y1, y2, meetNo int64
}

func newOverviewFixture(t *testing.T) overviewFixture {
	app := newTestApp(t)
	ctx := t.Context()
	id := func(email string) int64 { return app.Users[email].ID }
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := app.DB.Pool.Exec(ctx, sql, args...); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	scalar := func(sql string, args ...any) int64 {
		t.Helper()
		var v int64
		if err := app.DB.Pool.QueryRow(ctx, sql, args...).Scan(&v); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return v
	}
	uu := app.Users["uu@a.example"]
	f := overviewFixture{app: app, y1: app.createYouth("uu@a.example", "Yrsa Et"), y2: app.createYouth("uu@a.example", "Yngve To")}
	for _, email := range []string{"mentor@a.example", "jobcenter@a.example", "familie@a.example"} {
		if err := app.DB.AddTeamMember(ctx, uu, f.y1, id(email), ""); err != nil {
			t.Fatal(err)
		}
	}
	daysAgo := func(n int) time.Time { return fixedNow.Add(-time.Duration(n) * 24 * time.Hour) }
	exec(`UPDATE team_members SET left_at = $4, removed_by = $2 WHERE youth_id = $1 AND user_id = $3`, f.y1, id("uu@a.example"), id("familie@a.example"), fixedNow)
	exec(`INSERT INTO contact_persons (municipality_id, youth_id, user_id, source, reason, assigned_by, started_at, ended_at, end_reason, ended_by)
	      VALUES ($1, $2, $3, 'direct', 'før', $3, $4, $5, 'handover', $3)`, uu.MunicipalityID, f.y1, id("uu@a.example"), daysAgo(60), daysAgo(10))
	exec(`INSERT INTO contact_persons (municipality_id, youth_id, user_id, source, reason, assigned_by, started_at)
	      VALUES ($1, $2, $3, 'handover', 'nu', $4, $5)`, uu.MunicipalityID, f.y1, id("mentor@a.example"), id("uu@a.example"), daysAgo(10))
	exec(`INSERT INTO contact_handovers (municipality_id, youth_id, from_user_id, to_user_id, reason, requested_by, requested_at)
	      VALUES ($1, $2, $3, $4, 'skifte', $3, $5)`, uu.MunicipalityID, f.y1, id("mentor@a.example"), id("uu@a.example"), daysAgo(4))
	// Yrsa turns 18 in 30 days; Yngve, 16, is far from it and has waited
	// since 120 days ago.
	exec(`UPDATE youth SET birth_date = $2 WHERE id = $1`, f.y1, day(30).AddDate(-18, 0, 0))
	exec(`UPDATE youth SET birth_date = $2, created_at = $3 WHERE id = $1`, f.y2, day(0).AddDate(-16, 0, 0), daysAgo(120))

	// meeting plans a meeting startsIn from now, whose agenda is to be sent
	// by day(sendBy).
	meeting := func(startsIn time.Duration, status string, sendBy int, participants ...string) int64 {
		t.Helper()
		starts := fixedNow.Add(startsIn)
		mid := scalar(`INSERT INTO meetings (municipality_id, youth_id, kind, starts_at, ends_at, facilitator_id, youth_attends, parents_attend, agenda_send_by, created_by, created_at)
		      VALUES ($1, $2, 'samarbejdsmoede', $3::timestamptz, $3::timestamptz + interval '1 hour', $4, true, true, $5, $4, $6) RETURNING id`,
			uu.MunicipalityID, f.y1, starts, id("tovholder@a.example"), day(sendBy), fixedNow)
		for _, p := range participants {
			exec(`INSERT INTO meeting_participants (municipality_id, meeting_id, user_id) VALUES ($1, $2, $3)`, uu.MunicipalityID, mid, id(p))
		}
		return mid
	}
	past := meeting(-30*24*time.Hour, "", -37, "uu@a.example", "mentor@a.example")
	// item is a plan item of the past meeting, due on day(due).
	item := func(owner string, due int) int64 {
		t.Helper()
		var ownerID any
		if owner != "" {
			ownerID = id(owner)
		}
		return scalar(`INSERT INTO plan_items (municipality_id, meeting_id, text, owner_youth, owner_id, due, goal, position, created_by, created_at, updated_at)
		      VALUES ($1, $2, 'Jeg skal noget', $3, $4, $5, 'personligt', (SELECT count(*) FROM plan_items WHERE meeting_id = $2), $6, $7, $7) RETURNING id`,
			uu.MunicipalityID, past, owner == "", ownerID, day(due), id("uu@a.example"), fixedNow)
	}
	item("mentor@a.example", -10) // open, overdue
	item("mentor@a.example", 10)  // open
	followed := item("uu@a.example", -5)
	item("", -5) // the young person's own
	f.meetNo = meeting(3*24*time.Hour, "", -2, "uu@a.example", "mentor@a.example")
	exec(`INSERT INTO plan_followups (plan_item_id, municipality_id, meeting_id, outcome, recorded_by, recorded_at) VALUES ($1, $2, $3, 'done', $4, $5)`,
		followed, uu.MunicipalityID, f.meetNo, id("uu@a.example"), fixedNow)
	exec(`UPDATE meetings SET status = 'ended', closed_at = $2, closed_by = facilitator_id WHERE id = $1`, past, fixedNow)
	meeting(20*24*time.Hour, "", 13, "uu@a.example")
	cancelled := meeting(2*24*time.Hour, "", 5, "uu@a.example")
	exec(`INSERT INTO plan_items (municipality_id, meeting_id, text, owner_youth, owner_id, due, goal, position, created_by, created_at, updated_at)
	      VALUES ($1, $2, 'Jeg skal noget', false, $3, $4, 'personligt', 0, $3, $5, $5)`, uu.MunicipalityID, cancelled, id("uu@a.example"), day(-1), fixedNow)
	exec(`UPDATE meetings SET status = 'cancelled', closed_at = $2, closed_by = facilitator_id WHERE id = $1`, cancelled, fixedNow)
	return f
}

func loadRow(t *testing.T, body string, userID int64) string {
	t.Helper()
	marker := `data-testid="load-row" data-user="` + strconv.FormatInt(userID, 10) + `"`
	i := strings.Index(body, marker)
	if i < 0 {
		t.Fatalf("no load row for user %d", userID)
	}
	row := body[i:]
	return row[:strings.Index(row, "</tr>")]
}

func cellValue(t *testing.T, row, testid string) string {
	t.Helper()
	i := strings.Index(row, `data-testid="`+testid+`">`)
	if i < 0 {
		t.Fatalf("no %s cell in %s", testid, row)
	}
	cell := row[i+len(`data-testid="`+testid+`">`):]
	cell = cell[:strings.Index(cell, "</td>")]
	for strings.Contains(cell, "<") { // strip a link and a badge
		a, b := strings.Index(cell, "<"), strings.Index(cell, ">")
		cell = cell[:a] + " " + cell[b+1:]
	}
	return strings.Fields(cell)[0]
}

func TestOverviewCountsKnownData(t *testing.T) {
	f := newOverviewFixture(t)
	app := f.app
	koord := app.as("koordinator@a.example")
	page := koord.get("/overview")
	if page.status != http.StatusOK {
		t.Fatalf("overview: %d", page.status)
	}
	want := map[string]map[string]string{
		"uu@a.example":        {"load-teams": "2", "load-contact": "0", "load-meetings": "1", "load-open": "0", "load-overdue": "0"},
		"mentor@a.example":    {"load-teams": "1", "load-contact": "1", "load-meetings": "1", "load-open": "2", "load-overdue": "1"},
		"familie@a.example":   {"load-teams": "0", "load-contact": "0", "load-meetings": "0", "load-open": "0", "load-overdue": "0"},
		"tovholder@a.example": {"load-teams": "0", "load-contact": "0", "load-meetings": "1", "load-open": "0", "load-overdue": "0"},
		"jobcenter@a.example": {"load-teams": "1", "load-contact": "0", "load-meetings": "0", "load-open": "0", "load-overdue": "0"},
	}
	for email, cells := range want {
		row := loadRow(t, page.body, app.Users[email].ID)
		for testid, v := range cells {
			if got := cellValue(t, row, testid); got != v {
				t.Errorf("%s %s = %s, want %s", email, testid, got, v)
			}
		}
	}
	if strings.Contains(page.body, `data-user="`+strconv.FormatInt(app.Users["admin@a.example"].ID, 10)+`"`) ||
		strings.Contains(page.body, "Bo Koordinator") {
		t.Error("the overview lists an administrator or another municipality's staff")
	}
	if got := strings.Count(page.body, `data-testid="load-row"`); got != 8 {
		t.Errorf("%d load rows, want the 8 professionals of A Kommune", got)
	}
	if strings.Contains(page.body, "Yrsa") {
		t.Error("the load overview names a young person")
	}

	// Sorting by overdue items puts the mentor first; filtering by unit leaves one row.
	sorted := koord.get("/overview?sort=overdue&desc=1")
	if i, j := strings.Index(sorted.body, "Mads Mentor"), strings.Index(sorted.body, "Ulla Ungevejleder"); i < 0 || j < 0 || i > j {
		t.Error("sorting by overdue items does not put the mentor first")
	}
	if unit := koord.get("/overview?unit=Mentor"); strings.Count(unit.body, `data-testid="load-row"`) != 1 {
		t.Errorf("unit filter: %d rows", strings.Count(unit.body, `data-testid="load-row"`))
	}
	// An administrator's threshold of one team marks Ulla (two teams), not the mentor (one).
	admin := app.as("admin@a.example")
	if resp := admin.post("/admin/thresholds", url.Values{"contact_cases": {"0"}, "teams": {"1"}, "overdue_items": {"5"}, "meeting_interval_days": {"90"}}); resp.status != http.StatusUnprocessableEntity || !strings.Contains(resp.body, "helt tal") {
		t.Errorf("threshold 0: %d, want 422", resp.status)
	}
	if resp := admin.post("/admin/thresholds", url.Values{"contact_cases": {"5"}, "teams": {"1"}, "overdue_items": {"5"}, "meeting_interval_days": {"90"}}); resp.status != http.StatusSeeOther {
		t.Fatalf("thresholds: %d", resp.status)
	}
	marked := koord.get("/overview").body
	if row := loadRow(t, marked, app.Users["uu@a.example"].ID); !strings.Contains(row, "over grænsen") {
		t.Error("two teams over a threshold of one is not marked")
	}
	if row := loadRow(t, marked, app.Users["mentor@a.example"].ID); strings.Contains(row, "over grænsen") {
		t.Error("one team is marked over a threshold of one")
	}
	drill := koord.get("/overview/professionals/" + strconv.FormatInt(app.Users["mentor@a.example"].ID, 10))
	if drill.status != http.StatusOK || !strings.Contains(drill.body, "Yrsa Et") || !strings.Contains(drill.body, "Overskredet") {
		t.Errorf("drill-down: %d", drill.status)
	}
	if resp := app.as("uu@a.example").get("/overview"); resp.status != http.StatusForbidden {
		t.Errorf("caseworker on the overview: %d, want 403", resp.status)
	}
	if resp := app.as("admin@a.example").get("/overview"); resp.status != http.StatusOK {
		t.Errorf("admin on the overview: %d, want 200", resp.status)
	}
	if resp := app.as("koordinator@b.example").get("/overview/professionals/" + strconv.FormatInt(app.Users["mentor@a.example"].ID, 10)); resp.status != http.StatusNotFound {
		t.Errorf("another municipality's coordinator drilling down: %d, want 404", resp.status)
	}
}

func TestBetweenChairsListsKnownCases(t *testing.T) {
	f := newOverviewFixture(t)
	koord := f.app.as("koordinator@a.example")
	page := koord.get("/overview/between-chairs")
	if page.status != http.StatusOK {
		t.Fatalf("between chairs: %d", page.status)
	}
	section := func(cat string) string {
		i := strings.Index(page.body, `data-testid="chairs-`+cat+`"`)
		if i < 0 {
			t.Fatalf("no section %s", cat)
		}
		s := page.body[i:]
		return s[:strings.Index(s, "</section>")]
	}
	want := map[string][]string{
		"no_contact":     {"Yngve To"},
		"handover":       {"Yrsa Et"},
		"referral":       {},
		"small_team":     {"Yngve To"},
		"agenda":         {"Yrsa Et"},
		"no_meeting":     {"Yngve To"},
		"no_progression": {"Yngve To"},
		"turning_18":     {"Yrsa Et"},
	}
	for cat, names := range want {
		s := section(cat)
		if got := strings.Count(s, `data-testid="chair-entry"`); got != len(names) {
			t.Errorf("%s: %d entries, want %d", cat, got, len(names))
		}
		for _, n := range names {
			if !strings.Contains(s, n) {
				t.Errorf("%s lacks %s", cat, n)
			}
		}
	}
	if s := section("no_meeting"); !strings.Contains(s, "Ventet 120 dage") {
		t.Error("the wait is not shown in days")
	}
	if s := section("handover"); !strings.Contains(s, "Ventet 4 dage") {
		t.Error("the handover's wait is wrong")
	}
	if n := countRows(t, f.app, `SELECT count(*) FROM audit_log WHERE action = 'overview.between_chairs'`); n != 1 {
		t.Errorf("%d audit rows for one read", n)
	}
	if resp := f.app.as("admin@a.example").get("/overview/between-chairs"); resp.status != http.StatusForbidden {
		t.Errorf("admin: %d, want 403", resp.status)
	}
	if resp := f.app.as("koordinator@b.example").get("/overview/between-chairs"); strings.Contains(resp.body, "Yngve") {
		t.Error("another municipality's coordinator sees the young people")
	}
}
