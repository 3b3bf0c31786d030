package server_test

// A page is shown only once its audit row is committed: when the row
// cannot be written, the page is the 503 page and shows nothing of the
// young person.

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"kui/internal/pgtest"
)

// TestAuditDatabaseOutage: a young person's page is shown with its one
// audit row; while PostgreSQL is stopped the page is the 503 page without
// the name; once it is back, the log holds one row for the first view and
// at most one for the second. Not parallel: it stops the test binary's
// shared cluster.
func TestAuditDatabaseOutage(t *testing.T) {
	app := newTestApp(t)
	id := app.createYouth("uu@a.example", "Yrsa Udfald")
	uu := app.as("uu@a.example")

	page := uu.get(youthPath(id))
	if page.status != http.StatusOK || !strings.Contains(page.body, "Yrsa Udfald") {
		t.Fatalf("the young person's page: %d, the name shown: %v", page.status, strings.Contains(page.body, "Yrsa Udfald"))
	}
	views := `SELECT count(*) FROM audit_log WHERE action = 'youth.view' AND youth_id = $1`
	if n := countRows(t, app, views, id); n != 1 {
		t.Fatalf("%d youth.view rows after the first view, want 1", n)
	}

	restart := pgtest.StopCluster(t)
	page = uu.get(youthPath(id))
	if page.status != http.StatusServiceUnavailable {
		t.Errorf("the young person's page while PostgreSQL is down: %d, want 503", page.status)
	}
	if strings.Contains(page.body, "Yrsa Udfald") {
		t.Error("the 503 page shows the young person's name")
	}

	restart()
	if n := countRows(t, app, views, id); n < 1 || n > 2 {
		t.Errorf("%d youth.view rows after the outage, want the first view's and at most one more", n)
	}
}

// TestAuditRowRefused: the database answers the reads but refuses the
// audit row (a trigger raises, as a full disk or a lost privilege would
// make the INSERT fail). The young person's page, their journal and the
// list are the 503 page and show no name; once rows are written again, the
// pages are shown, each with its row.
func TestAuditRowRefused(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	id := app.createYouth("uu@a.example", "Yrsa Afvist")
	uu := app.as("uu@a.example")
	exec := func(sql string) {
		t.Helper()
		if _, err := app.DB.Pool.Exec(context.Background(), sql); err != nil {
			t.Fatal(err)
		}
	}
	exec(`CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no audit rows'; END $$`)
	exec(`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_audit()`)

	pages := []string{youthPath(id), youthPath(id) + "/notes", "/youth?q=afvist"}
	for _, path := range pages {
		page := uu.get(path)
		if page.status != http.StatusServiceUnavailable {
			t.Errorf("GET %s without its audit row: %d, want 503", path, page.status)
		}
		if strings.Contains(page.body, "Yrsa Afvist") {
			t.Errorf("GET %s without its audit row shows the young person's name", path)
		}
	}
	if n := countRows(t, app, `SELECT count(*) FROM audit_log WHERE action IN ('youth.view', 'note.list', 'youth.list')`); n != 0 {
		t.Errorf("%d page views logged while the rows were refused", n)
	}

	exec(`DROP TRIGGER refuse_audit ON audit_log`)
	for _, path := range pages {
		page := uu.get(path)
		if page.status != http.StatusOK || !strings.Contains(page.body, "Yrsa Afvist") {
			t.Errorf("GET %s once rows are written again: %d", path, page.status)
		}
	}
	if n := countRows(t, app, `SELECT count(*) FROM audit_log WHERE action IN ('youth.view', 'note.list', 'youth.list')`); n != len(pages) {
		t.Errorf("%d page views logged, want %d", n, len(pages))
	}
}
