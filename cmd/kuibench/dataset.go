package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"

	"kui/internal/pglocal"
	"kui/internal/postgres"
	"kui/migrations"
)

// prepareDatabase returns a database holding the synthetic data set for
// these options and this schema, loading it only when it is not there yet.
func prepareDatabase(ctx context.Context, cluster *pglocal.Cluster, o options, out io.Writer) (string, error) {
	h := sha256.New()
	_ = fs.WalkDir(migrations.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := fs.ReadFile(migrations.FS, path)
			h.Write(b)
		}
		return nil
	})
	name := fmt.Sprintf("bench_%d_%d_%s", o.youth, o.seed, hex.EncodeToString(h.Sum(nil))[:10])
	url := cluster.URL(name)
	if err := cluster.CreateDatabase(ctx, name); err != nil {
		return "", err
	}
	if _, err := postgres.Migrate(ctx, url); err != nil {
		return "", err
	}
	db, err := postgres.Open(ctx, url)
	if err != nil {
		return "", err
	}
	defer db.Close()
	var loaded bool
	if err := db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM municipalities WHERE name = 'Syntetisk Kommune 01')`).Scan(&loaded); err != nil {
		return "", err
	}
	if loaded {
		fmt.Fprintf(out, "Using the cached data set %s\n", name)
		return url, settleReminders(ctx, db, out)
	}
	fmt.Fprintf(out, "Loading the synthetic data set (%d young people, seed %d) …\n", o.youth, o.seed)
	report, err := db.SeedSynthetic(ctx, postgres.DefaultSyntheticOptions(o.youth, o.seed))
	if err != nil {
		return "", err
	}
	rows := 0
	for _, r := range report.Rows {
		fmt.Fprintf(out, "  %-24s %10d\n", r.Table, r.Rows)
		rows += r.Rows
	}
	fmt.Fprintf(out, "BENCH name=load seconds=%.1f rows=%d\n", report.Duration.Seconds(), rows)
	return url, settleReminders(ctx, db, out)
}

// settleReminders runs today's reminder sweep before the instances start,
// and takes its e-mail as sent. The synthetic data set has about 170,000
// open plan items past their due date, far more than a municipality in use
// has, and the first sweep of a day notifies each owner of each: without
// this the instances' own sweep at start would queue some 40,000 e-mails,
// and River working them off would run through every measurement. A
// municipality in use sends the day's reminders once in the morning.
func settleReminders(ctx context.Context, db *postgres.DB, out io.Writer) error {
	n, err := db.RunReminders(ctx)
	if err != nil {
		return fmt.Errorf("reminders: %w", err)
	}
	tag, err := db.Pool.Exec(ctx, `UPDATE email_outbox SET state = 'off' WHERE state = 'waiting'`)
	if err != nil {
		return err
	}
	if _, err := db.Pool.Exec(ctx, `DELETE FROM river.river_job WHERE kind = 'email' AND finalized_at IS NULL`); err != nil {
		return err
	}
	fmt.Fprintf(out, "Today's reminders: %d new, %d e-mails taken as sent\n", n, tag.RowsAffected())
	return nil
}
