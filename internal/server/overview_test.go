package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestProgressionIsRecordedAndCharted(t *testing.T) {
	app := newTestApp(t)
	id := app.createYouth("uu@a.example", "Petra Progression")
	uu := app.as("uu@a.example")
	path := youthPath(id) + "/progression"

	empty := uu.get(path)
	if empty.status != http.StatusOK || !strings.Contains(empty.body, "Der er ikke målt progression endnu") || !strings.Contains(empty.body, `data-testid="progression-due"`) {
		t.Fatalf("empty progression page: %d", empty.status)
	}
	bad := uu.post(path, url.Values{"measured_on": {"2026-12-24"}, "professional_step": {"9"}, "youth_step": {"2"}, "youth_words": {"Det går fint"}})
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "Datoen ligger i fremtiden") || !strings.Contains(bad.body, "Det går fint") {
		t.Errorf("invalid measurement: %d", bad.status)
	}
	for _, m := range []url.Values{
		{"measured_on": {"2026-08-15"}, "professional_step": {"1"}, "youth_step": {"2"}, "youth_words": {"Jeg kommer ikke i skole"}},
		{"measured_on": {"2026-11-10"}, "professional_step": {"3"}, "youth_step": {"3"}, "youth_words": {"Jeg er startet på FGU"}, "comment": {"Stabilt fremmøde"}},
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
	if resp := app.as("mentor@a.example").post(path, url.Values{"measured_on": {"2026-11-10"}, "professional_step": {"3"}, "youth_step": {"3"}, "youth_words": {"x"}}); resp.status != http.StatusNotFound {
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
	a := app.createYouth("uu@a.example", "Anna A") // bump: 2 last quarter → 4 now (up)
	measure(a, "2026-08-01", "2")
	measure(a, "2026-10-05", "3")
	measure(a, "2026-11-15", "4")
	b := app.createYouth("uu@a.example", "Bent B") // 3 → 3 (same)
	measure(b, "2026-09-01", "3")
	measure(b, "2026-11-01", "3")
	c := app.createYouth("uu@a.example", "Carl C") // only this quarter
	measure(c, "2026-10-20", "1")
	app.createYouth("uu@a.example", "Dora D") // not measured
	// Another municipality's measurements never count here.
	other := app.createYouth("uu@b.example", "Else E")
	if resp := app.as("uu@b.example").post(youthPath(other)+"/progression", url.Values{"measured_on": {"2026-11-01"}, "professional_step": {"5"}, "youth_step": {"5"}, "youth_words": {"x"}}); resp.status != http.StatusSeeOther {
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
