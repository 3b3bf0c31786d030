package main

import (
	"context"
	"testing"
	"time"

	"kui/internal/pgtest"
	"kui/internal/postgres"
)

// The demo data must load through the store on any day of the week and
// leave a practice worth looking at: every demo login works, teams,
// contact persons, a pending handover and referral, meetings with plans,
// notes and progression.
func TestSeedDemo(t *testing.T) {
	ctx := context.Background()
	for _, day := range []time.Time{
		time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC), // a Sunday
		time.Date(2027, 2, 24, 15, 0, 0, 0, time.UTC),  // a Wednesday
	} {
		db, err := postgres.Open(ctx, pgtest.NewDatabase(t))
		if err != nil {
			t.Fatal(err)
		}
		if err := seedDemo(ctx, db, day); err != nil {
			t.Fatalf("seed on %s: %v", day.Weekday(), err)
		}
		for _, u := range demoUsers {
			if _, hash, err := db.UserForLogin(ctx, u.Email); err != nil || hash == "" {
				t.Errorf("demo login %s: %v", u.Email, err)
			}
		}
		counts := map[string]int{}
		for _, table := range []string{"youth", "team_members", "contact_persons", "contact_handovers", "visitation_referrals",
			"meetings", "plan_items", "journal_notes", "consents", "efforts", "progression_measurements"} {
			var n int
			if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM `+table).Scan(&n); err != nil {
				t.Fatal(err)
			}
			counts[table] = n
			if n == 0 {
				t.Errorf("demo data has no %s", table)
			}
		}
		if counts["youth"] != len(demoYouth) {
			t.Errorf("%d young people, want %d", counts["youth"], len(demoYouth))
		}
		db.Close()
	}
}
