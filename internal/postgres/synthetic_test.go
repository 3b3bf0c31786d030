package postgres_test

import (
	"context"
	"testing"

	"kui/internal/pgtest"
	"kui/internal/postgres"
)

func TestSyntheticDataIsDeterministicAndKeepsTheRules(t *testing.T) {
	ctx := context.Background()
	digest := func(seed uint64) (string, *postgres.DB) {
		db, err := postgres.Open(ctx, pgtest.NewDatabase(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(db.Close)
		report, err := db.SeedSynthetic(ctx, postgres.DefaultSyntheticOptions(2000, seed))
		if err != nil {
			t.Fatal(err)
		}
		if len(report.Rows) == 0 || report.Rows[0].Table != "municipalities" {
			t.Fatalf("report %+v", report)
		}
		var d string
		if err := db.Pool.QueryRow(ctx, `SELECT md5(string_agg(y.name || y.birth_date || coalesce(y.cpr, '') || y.level || y.status, ',' ORDER BY y.id)) FROM youth y`).Scan(&d); err != nil {
			t.Fatal(err)
		}
		return d, db
	}
	a, db := digest(7)
	b, _ := digest(7)
	c, _ := digest(8)
	if a != b || a == c {
		t.Errorf("same seed gave %s and %s; another seed %s", a, b, c)
	}

	var youth, bigYouth, over5, contactOffTeam, twoContacts int
	q := func(sql string, dst *int) {
		t.Helper()
		if err := db.Pool.QueryRow(ctx, sql).Scan(dst); err != nil {
			t.Fatal(err)
		}
	}
	q(`SELECT count(*) FROM youth`, &youth)
	q(`SELECT count(*) FROM youth y JOIN municipalities m ON m.id = y.municipality_id WHERE m.name = 'Syntetisk Kommune 01'`, &bigYouth)
	q(`SELECT count(*) FROM (SELECT youth_id FROM team_members WHERE left_at IS NULL GROUP BY youth_id HAVING count(*) > 5) x`, &over5)
	q(`SELECT count(*) FROM contact_persons c WHERE c.ended_at IS NULL AND NOT EXISTS (
	     SELECT 1 FROM team_members tm WHERE tm.youth_id = c.youth_id AND tm.user_id = c.user_id AND tm.left_at IS NULL)`, &contactOffTeam)
	q(`SELECT count(*) FROM (SELECT youth_id FROM contact_persons WHERE ended_at IS NULL GROUP BY youth_id HAVING count(*) > 1) x`, &twoContacts)
	if youth != 2000 || bigYouth != 200 || over5 != 0 || contactOffTeam != 0 || twoContacts != 0 {
		t.Errorf("youth %d (want 2000), in the large municipality %d (want 200), teams over 5: %d, contact persons off the team: %d, two contact persons: %d",
			youth, bigYouth, over5, contactOffTeam, twoContacts)
	}
	var disabled, meetings, items, planned, wrongOpen int
	q(`SELECT count(*) FROM plan_items p WHERE p.open = EXISTS (SELECT 1 FROM plan_followups f WHERE f.plan_item_id = p.id)`, &wrongOpen)
	if wrongOpen != 0 {
		t.Errorf("%d plan items whose open flag disagrees with their follow-up", wrongOpen)
	}
	q(`SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D'`, &disabled)
	q(`SELECT count(*) FROM meetings`, &meetings)
	q(`SELECT count(*) FROM plan_items`, &items)
	q(`SELECT count(*) FROM meetings WHERE status = 'planned'`, &planned)
	if disabled != 0 || meetings != 5*2000 || items < 2*meetings || planned == 0 {
		t.Errorf("%d triggers left disabled; %d meetings (want %d), %d plan items, %d planned meetings", disabled, meetings, 5*2000, items, planned)
	}
	// The facts were computed at the end of the load, not row by row.
	checkFacts(t, db)
	u, hash, err := db.UserForLogin(ctx, postgres.SyntheticCoordinator)
	if err != nil || u.Role != "coordinator" || hash == "" {
		t.Errorf("the benchmark's coordinator: %+v, %v", u, err)
	}
	// New rows get ids after the synthetic ones.
	if _, err := db.Pool.Exec(ctx, `INSERT INTO municipalities (name) VALUES ('Ny Kommune')`); err != nil {
		t.Errorf("sequences were not moved past the copied ids: %v", err)
	}
}
