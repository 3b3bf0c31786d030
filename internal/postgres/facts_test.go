package postgres_test

import (
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"kui/internal/casework"
	"kui/internal/postgres"
	"kui/migrations"
)

// youthFactsFromScratch is what youth_facts must hold, written here the
// other way round from the migration's view (grouped joins, not one
// subquery per young person), over the base tables only.
const youthFactsFromScratch = `
	WITH c AS (SELECT youth_id, count(*) FILTER (WHERE ended_at IS NULL) AS open, max(ended_at) AS last_end FROM contact_persons GROUP BY 1),
	t AS (SELECT youth_id, count(*) FILTER (WHERE left_at IS NULL) AS size, max(left_at) AS last_left FROM team_members GROUP BY 1),
	m AS (SELECT youth_id, max(starts_at) AS last FROM meetings WHERE status <> 'cancelled' GROUP BY 1),
	p AS (SELECT youth_id, max(measured_on) AS last FROM progression_measurements GROUP BY 1)
	SELECT y.id, y.municipality_id, y.status, y.name, y.birth_date, y.created_at,
	       coalesce(c.open, 0)::integer, coalesce(t.size, 0)::integer,
	       greatest(y.created_at, c.last_end), greatest(y.created_at, t.last_left),
	       coalesce(m.last, y.created_at), coalesce((p.last::timestamp AT TIME ZONE 'Europe/Copenhagen'), y.created_at)
	  FROM youth y LEFT JOIN c ON c.youth_id = y.id LEFT JOIN t ON t.youth_id = y.id
	  LEFT JOIN m ON m.youth_id = y.id LEFT JOIN p ON p.youth_id = y.id`

const professionalFactsFromScratch = `
	WITH t AS (SELECT user_id, count(*) AS n FROM team_members WHERE left_at IS NULL GROUP BY 1),
	c AS (SELECT user_id, count(*) AS n FROM contact_persons WHERE ended_at IS NULL GROUP BY 1),
	i AS (SELECT owner_id AS user_id, count(*) AS n FROM plan_items WHERE open AND owner_id IS NOT NULL GROUP BY 1)
	SELECT u.id, u.municipality_id, coalesce(t.n, 0)::integer, coalesce(c.n, 0)::integer, coalesce(i.n, 0)::integer
	  FROM users u LEFT JOIN t ON t.user_id = u.id LEFT JOIN c ON c.user_id = u.id LEFT JOIN i ON i.user_id = u.id`

// factsDiff lists the rows of table that differ from want, both ways:
// "extra" is in the table and not in want, "missing" the other way.
func factsDiff(t *testing.T, db *postgres.DB, table, want string) []string {
	t.Helper()
	rows, err := db.Pool.Query(t.Context(), `WITH want AS (`+want+`), got AS (SELECT * FROM `+pgx.Identifier{table}.Sanitize()+`)
		SELECT 'extra', x::text FROM (TABLE got EXCEPT TABLE want) x
		UNION ALL
		SELECT 'missing', x::text FROM (TABLE want EXCEPT TABLE got) x
		ORDER BY 2, 1`)
	if err != nil {
		t.Fatal(err)
	}
	var diff []string
	var kind, row string
	if _, err := pgx.ForEachRow(rows, []any{&kind, &row}, func() error {
		diff = append(diff, kind+" "+row)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return diff
}

// checkFacts fails the test when a fact row differs from the base tables.
func checkFacts(t *testing.T, db *postgres.DB) {
	t.Helper()
	for table, want := range map[string]string{"youth_facts": youthFactsFromScratch, "professional_facts": professionalFactsFromScratch} {
		if diff := factsDiff(t, db, table, want); len(diff) > 0 {
			t.Errorf("%s differs from the base tables in %d rows:\n  %s", table, len(diff), strings.Join(diff, "\n  "))
		}
	}
}

// The triggers keep the facts through every change the overview's and the
// between-chairs fixtures make (handovers, a cancelled meeting, a
// followed-up item, a status change and back …); the migration's backfill
// computes the same from what is there, and going down and up again on a
// database in use loses nothing.
func TestFactsFollowTheFixturesAndTheMigrationBothWays(t *testing.T) {
	t.Parallel()
	o := newOverviewFixture(t)
	checkFacts(t, o.db)
	c := newChairsFixture(t)
	checkFacts(t, c.db)
	if n := c.count(`SELECT count(*) FROM youth_facts`); n != len(c.youth) {
		t.Errorf("%d youth_facts rows for %d young people", n, len(c.youth))
	}

	cfg, err := pgx.ParseConfig(c.url)
	c.ok(err)
	sqlDB := stdlib.OpenDB(*cfg)
	defer sqlDB.Close()
	provider, err := goose.NewProvider(goose.DialectPostgres, sqlDB, migrations.FS)
	c.ok(err)
	_, err = provider.DownTo(c.ctx, 14)
	c.ok(err)
	if n := c.count(`SELECT count(*) FROM pg_class WHERE relname IN ('youth_facts', 'professional_facts', 'youth_facts_computed', 'contact_handovers_pending')`); n != 0 {
		t.Errorf("down: %d of the facts' relations are left", n)
	}
	// A change while the facts are gone: the backfill must see it.
	c.status(c.ulla, c.youth["Otto Ny"], "anchored")
	_, err = provider.UpTo(c.ctx, 15)
	c.ok(err)
	checkFacts(t, c.db)
	if n := c.count(`SELECT count(*) FROM youth_facts WHERE youth_id = $1 AND status = 'anchored'`, c.youth["Otto Ny"]); n != 1 {
		t.Error("the backfill did not see the change made while the facts were gone")
	}
	groups, err := c.db.BetweenChairs(c.ctx, c.coordinator, clockNow, clockToday)
	c.ok(err)
	if len(groups) != len(casework.ChairCategories) {
		t.Errorf("%d groups after going down and up", len(groups))
	}
}
