package server_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
	"kui/web"
)

// fixedNow is the test clock, kui's one clock in every server test: the
// store and the server both read it (postgres.WithClock), so a test reads
// back every date it wrote on the same day. 22 November 2026, 10:00 in
// Copenhagen, unless KUI_TEST_NOW (RFC 3339) moves it — the suite passes on
// any day, e.g. KUI_TEST_NOW=2028-02-29T09:00:00Z, or in the Easter holidays.
// Tests therefore write their dates relative to it: iso(n), dk(n) ….
var fixedNow = testNow()

func testNow() time.Time {
	v := os.Getenv("KUI_TEST_NOW")
	if v == "" {
		return time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		panic(fmt.Sprintf("KUI_TEST_NOW=%q: want RFC 3339, e.g. 2028-02-29T09:00:00Z: %v", v, err))
	}
	return t
}

// testToday is fixedNow's date in Copenhagen (a date value, casework.DateOf).
var testToday = casework.DateOf(fixedNow)

// day is the date n days after the test clock's today (before, for n < 0).
func day(n int) time.Time { return testToday.AddDate(0, 0, n) }

// iso is day(n) as a form writes it: "2026-11-24".
func iso(n int) string { return day(n).Format(time.DateOnly) }

// isoAt is a moment on day(n) as a datetime-local field writes it, in
// Copenhagen time: isoAt(2, "10:00") is "2026-11-24T10:00".
func isoAt(n int, clock string) string { return iso(n) + "T" + clock }

// dk is day(n) as the pages write it: "24. november 2026".
func dk(n int) string { return web.Danish.Day(day(n)) }

// dkAt is a moment on day(n) as the pages write it: "24. november 2026 kl. 10.00".
func dkAt(n int, clock string) string { return dk(n) + " kl. " + strings.Replace(clock, ":", ".", 1) }

// dkNow is the test clock's moment as the pages write it.
func dkNow() string { return web.Danish.DateTime(fixedNow) }

// workday is the offset of the first working day (not a weekend, not a
// Danish holiday) at or after day(n).
func workday(n int) int {
	for !casework.IsWorkingDay(day(n)) {
		n++
	}
	return n
}

// weekdayAt is the offset of the first wd at or after day(n).
func weekdayAt(n int, wd time.Weekday) int {
	for day(n).Weekday() != wd {
		n++
	}
	return n
}

// assertOneClock fails the test when a time kui stamped — created, changed,
// decided, ended, sent, audited — came from another clock than the test's:
// from PostgreSQL's now() or Go's time.Now, which read the real date. It
// looks at every timestamp column but those a user types (a note's time, a
// meeting's start and end), the sessions' expiry, deadline and revocation
// (the wall clock, by design: see postgres.SessionStore) and a SAML
// assertion's deadline (the provider's wall clock: see
// postgres.ConsumeSAMLKey).
func assertOneClock(t testing.TB, dbURL string) {
	t.Helper()
	wall := time.Now()
	if d := wall.Sub(fixedNow); d > -2*time.Hour && d < 2*time.Hour {
		return // the test clock is the real one: nothing to tell apart
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Errorf("one clock: %v", err)
		return
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `
		SELECT ARRAY[table_name::text, column_name::text] FROM information_schema.columns
		 WHERE table_schema = 'public' AND data_type = 'timestamp with time zone'
		   AND (table_name, column_name) NOT IN (('sessions', 'expiry'), ('sessions', 'deadline'), ('sessions', 'revoked_at'),
		                                         ('journal_notes', 'occurred_at'),
		                                         ('meetings', 'starts_at'), ('meetings', 'ends_at'),
		                                         ('saml_assertions_used', 'expires_at'))
		 ORDER BY 1`)
	if err != nil {
		t.Errorf("one clock: %v", err)
		return
	}
	columns, err := pgx.CollectRows(rows, pgx.RowTo[[2]string])
	if err != nil {
		t.Errorf("one clock: %v", err)
		return
	}
	if len(columns) < 10 {
		t.Errorf("one clock: only %d timestamp columns found", len(columns))
	}
	for _, c := range columns {
		var n int
		q := fmt.Sprintf(`SELECT count(*) FROM %s WHERE %s BETWEEN $1 AND $2`,
			pgx.Identifier{c[0]}.Sanitize(), pgx.Identifier{c[1]}.Sanitize())
		if err := conn.QueryRow(ctx, q, wall.Add(-time.Hour), wall.Add(time.Minute)).Scan(&n); err != nil {
			t.Errorf("one clock: %s.%s: %v", c[0], c[1], err)
			continue
		}
		if n > 0 {
			t.Errorf("%s.%s: %d rows stamped with the real time, not the test clock (%s): a now() in SQL or a time.Now in Go", c[0], c[1], n, fixedNow.Format(time.RFC3339))
		}
	}
}
