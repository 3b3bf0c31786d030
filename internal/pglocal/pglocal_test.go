package pglocal_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/pglocal"
)

func selectOne(t *testing.T, url string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("connect %s: %v", url, err)
	}
	defer conn.Close(ctx)
	var one int
	if err := conn.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("SELECT 1 = %d, %v", one, err)
	}
}

func start(t *testing.T, o pglocal.Options) *pglocal.Cluster {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c, err := pglocal.Start(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Stop() })
	return c
}

func TestStartSelectStop(t *testing.T) {
	t.Parallel()
	var log strings.Builder
	c := start(t, pglocal.Options{Dir: t.TempDir(), Log: &log})
	if c.Port() == 0 {
		t.Fatal("no port")
	}
	selectOne(t, c.URL("postgres"))

	if err := c.CreateDatabase(context.Background(), "kui-test"); err != nil {
		t.Fatal(err)
	}
	if err := c.CreateDatabase(context.Background(), "kui-test"); err != nil {
		t.Fatalf("second CreateDatabase: %v", err)
	}
	selectOne(t, c.URL("kui-test"))

	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := c.Stop(); err != nil {
		t.Fatalf("second Stop: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if conn, err := pgx.Connect(ctx, c.URL("postgres")); err == nil {
		conn.Close(ctx)
		t.Fatal("connected after Stop")
	}
	if !strings.Contains(log.String(), "PostgreSQL: creating cluster in") {
		t.Errorf("log lacks the initdb line:\n%s", log.String())
	}
}

// A cluster folder is reused on the next Start, keeps its data and port, and
// a postmaster.pid left by a crash (whose PID now belongs to another
// process) does not stop it from starting.
func TestReuseDurableClusterWithStalePID(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ctx := context.Background()
	// Remembered from the start: a port of this test's own, not the 5433 a
	// durable cluster prefers, which another run on the machine may take
	// while this cluster is stopped.
	if err := os.WriteFile(filepath.Join(dir, "port"), []byte(strconv.Itoa(freePort(t))), 0o644); err != nil {
		t.Fatal(err)
	}

	c := start(t, pglocal.Options{Dir: dir, Durable: true})
	port := c.Port()
	if err := c.CreateDatabase(ctx, "kept"); err != nil {
		t.Fatal(err)
	}
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	saved, err := os.ReadFile(filepath.Join(dir, "port"))
	if err != nil || strings.TrimSpace(string(saved)) != strconv.Itoa(port) {
		t.Fatalf("Dir/port = %q, %v; want %d", saved, err, port)
	}

	// After a crash and a reboot the PID in postmaster.pid may belong to
	// another live process of the same user: PostgreSQL alone then refuses
	// to start ("lock file "postmaster.pid" already exists").
	stale := fmt.Sprintf("%d\n%s\n1700000000\n%d\n%s\n127.0.0.1\n  1234567  7\nready   \n",
		sameUserProcess(t), filepath.Join(dir, "data"), port, dir)
	if err := os.WriteFile(filepath.Join(dir, "data", "postmaster.pid"), []byte(stale), 0o600); err != nil {
		t.Fatal(err)
	}

	c2 := start(t, pglocal.Options{Dir: dir, Durable: true})
	if c2.Port() != port {
		t.Errorf("port after restart = %d, want the remembered %d", c2.Port(), port)
	}
	selectOne(t, c2.URL("kept"))

	// A server already running on the folder is adopted, not started twice.
	c3 := start(t, pglocal.Options{Dir: dir, Durable: true})
	if c3.Port() != port {
		t.Errorf("adopted port = %d, want %d", c3.Port(), port)
	}
	selectOne(t, c3.URL("kept"))
}

// sameUserProcess starts a process running as the user the server runs as
// (postgres when we are root) and returns its PID.
func sameUserProcess(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("sleep", "300")
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatal(err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	return cmd.Process.Pid
}

func TestRestart(t *testing.T) {
	t.Parallel()
	c := start(t, pglocal.Options{Dir: t.TempDir(), Ephemeral: true})
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := c.Restart(context.Background()); err != nil {
		t.Fatal(err)
	}
	selectOne(t, c.URL("postgres"))
}

func TestBinDir(t *testing.T) {
	dir, err := pglocal.BinDir()
	if err != nil {
		t.Fatal(err)
	}
	for _, tool := range []string{"initdb", "pg_ctl", "postgres"} {
		if _, err := os.Stat(filepath.Join(dir, tool)); err != nil {
			t.Errorf("BinDir %s: %v", dir, err)
		}
	}
}

// freePort is a TCP port on 127.0.0.1 that nothing listens on now.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
