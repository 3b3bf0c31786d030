package postgres_test

import (
	"context"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"kui/internal/pgtest"
	"kui/internal/postgres"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// Three instances starting at once on an empty database: the advisory lock
// lets one migrate, the others find nothing left to do.
func TestConcurrentStartsMigrateOnce(t *testing.T) {
	ctx := context.Background()
	cluster := pgtest.Cluster(t)
	if err := cluster.CreateDatabase(ctx, "concurrent_migrate"); err != nil {
		t.Fatal(err)
	}
	url := cluster.URL("concurrent_migrate")

	var wg sync.WaitGroup
	applied := make([]int, 3)
	errs := make([]error, 3)
	for i := range 3 {
		wg.Go(func() {
			results, err := postgres.Migrate(ctx, url)
			applied[i], errs[i] = len(results), err
		})
	}
	wg.Wait()
	total := 0
	for i, err := range errs {
		if err != nil {
			t.Fatalf("instance %d: %v", i, err)
		}
		total += applied[i]
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var migrations, rows int
	if err := conn.QueryRow(ctx, `SELECT count(DISTINCT version_id), count(*) FROM goose_db_version WHERE version_id > 0`).Scan(&migrations, &rows); err != nil {
		t.Fatal(err)
	}
	if migrations == 0 || rows != migrations || total != migrations {
		t.Errorf("%d migrations recorded in %d rows, %d applied by the instances together; each must run exactly once", migrations, rows, total)
	}
}
