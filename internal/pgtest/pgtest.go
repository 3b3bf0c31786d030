// Package pgtest gives tests a real PostgreSQL: a fresh, fully migrated
// database per test, cloned from a template (pgtestdb + goose, from
// kui/migrations.FS), on a throwaway cluster that each test binary starts
// once, lazily, with pglocal (non-durable, in a temporary folder, on a free
// port, so the parallel test binaries of `go test ./...` never share one).
//
// Use it with
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
//	func TestSomething(t *testing.T) {
//		url := pgtest.NewDatabase(t)
//		...
//	}
//
// The cluster's folder is removed when the test binary exits, even when it is
// killed by -timeout; Main stops the server as soon as the tests are done.
// A missing PostgreSQL fails the test with the command that installs it; it
// never skips.
package pgtest

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx", for pgtestdb and goose
	"github.com/peterldowns/pgtestdb"
	"github.com/peterldowns/pgtestdb/migrators/goosemigrator"

	"kui/internal/pglocal"
	"kui/migrations"
)

var (
	once     sync.Once
	cluster  *pglocal.Cluster
	started  bool // guarded by once
	errStart error
)

// Main runs the tests, stops the cluster if one was started, and exits with
// the tests' code. Use it as TestMain.
func Main(m interface{ Run() int }) {
	code := m.Run()
	if started && cluster != nil {
		if err := cluster.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest:", err)
		}
	}
	os.Exit(code)
}

// Cluster is this test binary's shared cluster, started on first use. Tests
// that stop it (to see code cope with a lost database) must Restart it and
// must not run in parallel with other tests of the same package.
func Cluster(t testing.TB) *pglocal.Cluster {
	t.Helper()
	once.Do(func() {
		started = true
		cluster, errStart = startCluster()
	})
	if errStart != nil {
		t.Fatalf("pgtest: no PostgreSQL for the tests: %v", errStart)
	}
	return cluster
}

// StopCluster stops the shared cluster, for a test of an outage (which
// must not run in parallel with other tests of its package), and returns
// restart, which starts it again. A test that ends before restarting it
// has it restarted in its cleanup.
func StopCluster(t testing.TB) (restart func()) {
	t.Helper()
	c := Cluster(t)
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	down := true
	start := func() error {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		return c.Restart(ctx)
	}
	t.Cleanup(func() {
		if down {
			if err := start(); err != nil {
				t.Errorf("restart PostgreSQL: %v", err)
			}
		}
	})
	return func() {
		t.Helper()
		if err := start(); err != nil {
			t.Fatal(err)
		}
		down = false
	}
}

func startCluster() (*pglocal.Cluster, error) {
	dir, err := os.MkdirTemp("", "kui-pgtest-")
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c, err := pglocal.Start(ctx, pglocal.Options{Dir: dir, Ephemeral: true})
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	return c, nil
}

// NewDatabase creates a fresh database with every migration applied and
// returns its URL. It is dropped when the test passes and kept (its URL is
// logged) when it fails. Safe for parallel tests.
//
// The URL connects as pgtestdb's role pgtdbuser, which owns the database
// but is not a superuser, like the application's role in production.
// Connections still open when the test ends are terminated.
func NewDatabase(t testing.TB) string {
	t.Helper()
	c := Cluster(t)
	conf := pgtestdb.Custom(t, pgtestdb.Config{
		DriverName:                "pgx",
		Host:                      "127.0.0.1",
		Port:                      strconv.Itoa(c.Port()),
		User:                      "postgres",
		Database:                  "postgres",
		Options:                   "sslmode=disable",
		ForceTerminateConnections: true,
	}, migrator)
	return conf.URL()
}

var migrator = goosemigrator.New(".", goosemigrator.WithFS(migrations.FS))
