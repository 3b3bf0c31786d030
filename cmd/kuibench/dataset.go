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
		return url, nil
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
	return url, nil
}
