package pgtest_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// migrated says whether url's database has goose's version table with at
// least one applied migration, and names the database.
func migrated(t *testing.T, url string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("connect %s: %v", url, err)
	}
	defer conn.Close(ctx)
	var name string
	var applied int
	err = conn.QueryRow(ctx,
		"SELECT current_database(), (SELECT count(*) FROM goose_db_version WHERE version_id > 0 AND is_applied)").
		Scan(&name, &applied)
	if err != nil {
		t.Fatalf("goose_db_version in %s: %v", url, err)
	}
	if applied == 0 {
		t.Fatalf("%s: no migration applied", name)
	}
	return name
}

func TestNewDatabaseGivesDistinctMigratedDatabases(t *testing.T) {
	var (
		mu    sync.Mutex
		names = map[string]bool{}
	)
	t.Run("group", func(t *testing.T) {
		for _, n := range []string{"a", "b", "c", "d"} {
			t.Run(n, func(t *testing.T) {
				t.Parallel()
				name := migrated(t, pgtest.NewDatabase(t))
				mu.Lock()
				defer mu.Unlock()
				if names[name] {
					t.Errorf("database %s handed out twice", name)
				}
				names[name] = true
			})
		}
	})
	if len(names) != 4 {
		t.Errorf("got %d distinct databases, want 4: %v", len(names), names)
	}
}

func TestDatabasesAreIsolated(t *testing.T) {
	ctx := context.Background()
	a, b := pgtest.NewDatabase(t), pgtest.NewDatabase(t)
	connA, err := pgx.Connect(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	defer connA.Close(ctx)
	if _, err := connA.Exec(ctx, "CREATE TABLE only_in_a (x int)"); err != nil {
		t.Fatal(err)
	}
	connB, err := pgx.Connect(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	defer connB.Close(ctx)
	var found bool
	if err := connB.QueryRow(ctx, "SELECT to_regclass('only_in_a') IS NOT NULL").Scan(&found); err != nil {
		t.Fatal(err)
	}
	if found {
		t.Fatal("a table made in one test database shows in another")
	}
}

func TestClusterIsShared(t *testing.T) {
	if pgtest.Cluster(t) != pgtest.Cluster(t) {
		t.Fatal("two clusters in one test binary")
	}
}
