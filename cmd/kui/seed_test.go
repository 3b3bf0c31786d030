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

// The young person's own kui in the demo: Mikkel has a CPR number the demo
// MitID reads from the database, a next meeting whose agenda is still open
// to him, his contact person's work phone and last quarter's own rating;
// the unknown young person's CPR matches no case.
func TestSeedDemoForTheYoungPerson(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	db, err := postgres.Open(ctx, pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := seedDemo(ctx, db, now); err != nil {
		t.Fatal(err)
	}
	people, unknown, err := demoCitizens(ctx, db, now)
	if err != nil {
		t.Fatal(err)
	}
	var mikkel string
	for _, c := range people {
		if c.FirstName == "Mikkel" {
			mikkel = string(c.CPR)
		}
		if c.FirstName == "Lukas" {
			t.Error("the demo MitID offers another municipality's young person")
		}
	}
	var stored string
	if err := db.Pool.QueryRow(ctx, `SELECT cpr FROM youth WHERE name = 'Mikkel Jensen'`).Scan(&stored); err != nil || stored != mikkel {
		t.Errorf("Mikkel's CPR in the demo MitID %q, in the database %q (%v)", mikkel, stored, err)
	}
	var n int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM youth WHERE cpr = $1`, string(unknown)).Scan(&n); err != nil || n != 0 {
		t.Errorf("the unknown young person's CPR matches %d cases (%v)", n, err)
	}
	var open bool
	var phone string
	var ratings int
	if err := db.Pool.QueryRow(ctx, `
		SELECT EXISTS (SELECT 1 FROM meetings m JOIN youth y ON y.id = m.youth_id WHERE y.name = 'Mikkel Jensen'
		                  AND m.status = 'planned' AND m.kind = 'samarbejdsmoede' AND m.agenda_sent_at IS NULL AND m.agenda_send_by >= $1::date),
		       (SELECT u.work_phone FROM contact_persons c JOIN users u ON u.id = c.user_id JOIN youth y ON y.id = c.youth_id
		         WHERE y.name = 'Mikkel Jensen' AND c.ended_at IS NULL),
		       (SELECT count(*) FROM youth_self_ratings)`, now).Scan(&open, &phone, &ratings); err != nil {
		t.Fatal(err)
	}
	if !open || phone == "" || ratings != 1 {
		t.Errorf("Mikkel's next meeting open to his topics %v, contact person's work phone %q, own ratings %d", open, phone, ratings)
	}
}
