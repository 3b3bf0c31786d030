// Package pglocal starts and stops a local PostgreSQL cluster from the
// server binaries installed on this machine (Debian's postgresql package),
// without Docker. `make run` keeps its durable cluster under .data/postgres;
// tests get a throwaway, non-durable one in a temporary folder.
//
// # Layout
//
// Everything lives under Options.Dir: the cluster in Dir/data, the server log
// in Dir/postgres.log, the unix socket in Dir (only when the path is short
// enough for a socket; clients connect over TCP on 127.0.0.1 anyway), and the
// chosen port in Dir/port.
//
// # Ports
//
// With Options.Port set, that port is used. With Port 0:
//   - if Dir/port names a port that is free, it is used again, so a durable
//     cluster keeps its address across runs;
//   - otherwise a durable cluster prefers 5433 (next to a system cluster on
//     5432, which we never use) when it is free, and a non-durable one takes
//     any free port on 127.0.0.1;
//   - the port taken is written to Dir/port.
//
// If Dir/data is already being served by a running postmaster (say, left over
// by a process that was killed), Start reuses that server and its port.
//
// # Users
//
// initdb refuses to run as root. When this process is root, Dir is handed to
// the postgres OS user and initdb and pg_ctl run through `runuser -u postgres
// --`; every parent folder of Dir gets the search (o+x) bit if it lacks it, so
// that user can reach Dir. As any other user they run directly.
//
// The cluster trusts every local connection (initdb -A trust) and listens on
// 127.0.0.1 only; the superuser is "postgres".
package pglocal

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// DefaultDurablePort is the port a durable cluster asks for first.
const DefaultDurablePort = 5433

// Options says where and how to run a cluster.
type Options struct {
	// Dir is the root folder: the cluster lives in Dir/data, the unix
	// socket in Dir, the log in Dir/postgres.log, the port in Dir/port.
	Dir string
	// Port is the TCP port on 127.0.0.1; 0 picks one (see the package doc).
	Port int
	// Durable false (tests) turns off fsync, synchronous_commit and
	// full_page_writes: fast, and a crash may lose the data. true keeps
	// PostgreSQL's durable defaults.
	Durable bool
	// Ephemeral stops the server (if running) and removes Dir when this
	// process exits, however it exits, even without calling Stop (a test
	// binary killed by -timeout): a small watchdog process, holding the read
	// end of a pipe only this process writes to, does it when that pipe
	// closes. Meant for tests.
	Ephemeral bool
	// Log receives progress lines for humans; nil discards them.
	Log io.Writer
}

// Cluster is a running (or stopped) local PostgreSQL server.
type Cluster struct {
	dir       string
	dataDir   string
	logFile   string
	binDir    string
	port      int
	durable   bool
	ephemeral bool
	asUser    string // "postgres" when we are root, else ""
	socketDir string // "" when the path is too long for a unix socket
	log       io.Writer

	mu      sync.Mutex
	running bool
}

// watchdogPipes holds the write ends of the Ephemeral watchdogs' pipes for
// the life of the process: closing one (or letting the garbage collector
// close it) tells that watchdog this process is gone.
var (
	watchdogMu    sync.Mutex
	watchdogPipes []*os.File
)

// Start makes sure a cluster exists in o.Dir/data (running initdb when the
// folder holds none) and starts it with pg_ctl start -w. An existing cluster
// is reused; a stale postmaster.pid left by a crash is removed; a server
// already running on that data folder is adopted.
func Start(ctx context.Context, o Options) (*Cluster, error) {
	if o.Dir == "" {
		return nil, errors.New("pglocal: Options.Dir is empty")
	}
	dir, err := filepath.Abs(o.Dir)
	if err != nil {
		return nil, fmt.Errorf("pglocal: %w", err)
	}
	c := &Cluster{
		dir:       dir,
		dataDir:   filepath.Join(dir, "data"),
		logFile:   filepath.Join(dir, "postgres.log"),
		durable:   o.Durable,
		ephemeral: o.Ephemeral,
		log:       o.Log,
	}
	if c.log == nil {
		c.log = io.Discard
	}
	if os.Geteuid() == 0 {
		c.asUser = "postgres"
	}
	// A unix socket path must fit in 107 bytes.
	if len(filepath.Join(dir, ".s.PGSQL.65535")) < 100 {
		c.socketDir = dir
	}

	if err := c.prepareDir(); err != nil {
		return nil, err
	}

	version, err := c.clusterVersion()
	if err != nil {
		return nil, err
	}
	c.binDir, err = binDirFor(version)
	if err != nil {
		return nil, err
	}

	if err := c.startWatchdog(); err != nil {
		return nil, err
	}

	if version == "" {
		if err := c.initdb(ctx); err != nil {
			return nil, err
		}
	}

	adopted, err := c.adoptRunning()
	if err != nil {
		return nil, err
	}
	if adopted {
		fmt.Fprintf(c.log, "PostgreSQL: already running in %s on 127.0.0.1:%d\n", c.dataDir, c.port)
		return c, nil
	}

	if err := c.startServer(ctx, o.Port); err != nil {
		return nil, err
	}
	return c, nil
}

// URL is a connection string for database dbname as the superuser postgres,
// e.g. postgres://postgres@127.0.0.1:5433/kui?sslmode=disable.
func (c *Cluster) URL(dbname string) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.User("postgres"),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(c.port)),
		Path:     "/" + dbname,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

// Port is the TCP port the server listens on, on 127.0.0.1.
func (c *Cluster) Port() int { return c.port }

// Dir is the cluster's root folder (Options.Dir, made absolute).
func (c *Cluster) Dir() string { return c.dir }

// CreateDatabase creates database name unless it exists.
func (c *Cluster) CreateDatabase(ctx context.Context, name string) error {
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		return fmt.Errorf("pglocal: connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))

	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return fmt.Errorf("pglocal: look for database %q: %w", name, err)
	}
	if exists {
		return nil
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "42P04" { // duplicate_database: created meanwhile
		return nil
	}
	if err != nil {
		return fmt.Errorf("pglocal: create database %q: %w", name, err)
	}
	return nil
}

// Stop stops the server (pg_ctl stop -m fast -w) and keeps its files, so
// Restart can start it again. Stopping a stopped cluster does nothing.
func (c *Cluster) Stop() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.running {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if out, err := c.pgctl(ctx, "stop", "-D", c.dataDir, "-m", "fast", "-w"); err != nil {
		return fmt.Errorf("pglocal: pg_ctl stop: %w\n%s", err, tail(out, 10))
	}
	c.running = false
	fmt.Fprintf(c.log, "PostgreSQL: stopped\n")
	return nil
}

// Restart starts the cluster again on the same port, stopping it first if
// it is running. Tests use it after Stop to see how code copes with the
// database going away and coming back.
func (c *Cluster) Restart(ctx context.Context) error {
	if err := c.Stop(); err != nil {
		return err
	}
	return c.startServer(ctx, c.port)
}

// prepareDir creates Dir and, as root, hands it to the postgres user and
// makes sure that user can reach it.
func (c *Cluster) prepareDir() error {
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return fmt.Errorf("pglocal: %w", err)
	}
	if c.asUser == "" {
		return nil
	}
	u, err := user.Lookup(c.asUser)
	if err != nil {
		return fmt.Errorf("pglocal: running as root needs the %q OS user (created by Debian's postgresql package: apt-get install -y postgresql): %w", c.asUser, err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)

	// Every parent folder needs the search bit for the postgres user.
	for p := filepath.Dir(c.dir); ; p = filepath.Dir(p) {
		fi, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("pglocal: %w", err)
		}
		if fi.Mode().Perm()&0o001 == 0 {
			if err := os.Chmod(p, fi.Mode().Perm()|0o001); err != nil {
				return fmt.Errorf("pglocal: let the postgres user reach %s: %w", c.dir, err)
			}
			fmt.Fprintf(c.log, "PostgreSQL: chmod o+x %s so the postgres user can reach %s\n", p, c.dir)
		}
		if p == filepath.Dir(p) {
			break
		}
	}

	// Hand Dir (and anything in it, e.g. a cluster made by another user) to postgres.
	return filepath.WalkDir(c.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if st, ok := info.Sys().(*syscall.Stat_t); ok && int(st.Uid) == uid && int(st.Gid) == gid {
			return nil
		}
		if err := os.Lchown(path, uid, gid); err != nil {
			return fmt.Errorf("pglocal: chown %s to postgres: %w", path, err)
		}
		return nil
	})
}

// clusterVersion is the major version of the cluster in Dir/data, or ""
// when there is none yet.
func (c *Cluster) clusterVersion() (string, error) {
	b, err := os.ReadFile(filepath.Join(c.dataDir, "PG_VERSION"))
	if err == nil {
		return strings.TrimSpace(string(b)), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("pglocal: %w", err)
	}
	entries, err := os.ReadDir(c.dataDir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("pglocal: %w", err)
	}
	if len(entries) > 0 {
		if c.ephemeral || !c.durable {
			if err := os.RemoveAll(c.dataDir); err != nil {
				return "", fmt.Errorf("pglocal: %w", err)
			}
			return "", nil
		}
		return "", fmt.Errorf("pglocal: %s is not empty but holds no PostgreSQL cluster (no PG_VERSION; an interrupted initdb?); move it away and try again", c.dataDir)
	}
	return "", nil
}

func (c *Cluster) initdb(ctx context.Context) error {
	fmt.Fprintf(c.log, "PostgreSQL: creating cluster in %s\n", c.dataDir)
	args := []string{
		"-D", c.dataDir,
		"-U", "postgres",
		"-A", "trust",
		"-E", "UTF8",
		"--locale=C.UTF-8",
	}
	if !c.durable {
		args = append(args, "--no-sync")
	}
	if out, err := c.run(ctx, "initdb", args...); err != nil {
		return fmt.Errorf("pglocal: initdb: %w\n%s", err, tail(out, 20))
	}
	return nil
}

// adoptRunning looks at Dir/data/postmaster.pid. A live postmaster serving
// this data folder is adopted (true). A stale file is removed, with any
// stale socket lock, so pg_ctl start does not trip over a reused PID.
func (c *Cluster) adoptRunning() (bool, error) {
	pidFile := filepath.Join(c.dataDir, "postmaster.pid")
	b, err := os.ReadFile(pidFile)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("pglocal: %w", err)
	}
	lines := strings.Split(string(b), "\n")
	pid, _ := strconv.Atoi(strings.TrimSpace(lines[0]))
	port := 0
	if len(lines) > 3 {
		port, _ = strconv.Atoi(strings.TrimSpace(lines[3]))
	}
	if pid > 0 && port > 0 && c.isOurPostmaster(pid) {
		c.port = port
		c.mu.Lock()
		c.running = true
		c.mu.Unlock()
		return true, nil
	}
	fmt.Fprintf(c.log, "PostgreSQL: removing stale %s (PID %d is not this cluster's server)\n", pidFile, pid)
	if err := os.Remove(pidFile); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, fmt.Errorf("pglocal: %w", err)
	}
	if c.socketDir != "" {
		locks, _ := filepath.Glob(filepath.Join(c.socketDir, ".s.PGSQL.*"))
		for _, l := range locks {
			_ = os.Remove(l)
		}
	}
	return false, nil
}

// isOurPostmaster says whether process pid is a postgres server whose
// working folder is this cluster's data folder (postgres chdirs there).
func (c *Cluster) isOurPostmaster(pid int) bool {
	comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
	if err != nil || !strings.HasPrefix(strings.TrimSpace(string(comm)), "postgres") {
		return false
	}
	cwd, err := os.Readlink(fmt.Sprintf("/proc/%d/cwd", pid))
	if err != nil {
		return false
	}
	want, err := filepath.EvalSymlinks(c.dataDir)
	if err != nil {
		want = c.dataDir
	}
	return cwd == want || cwd == c.dataDir
}

// startServer runs pg_ctl start -w on port (0 picks one). A picked port that
// someone else grabs before the server binds it is replaced by another.
func (c *Cluster) startServer(ctx context.Context, port int) error {
	picked := port == 0
	for attempt := 1; ; attempt++ {
		p := port
		if picked {
			var err error
			if p, err = c.pickPort(attempt > 1); err != nil {
				return err
			}
		}
		c.port = p
		fmt.Fprintf(c.log, "PostgreSQL: starting on 127.0.0.1:%d (log: %s)\n", p, c.logFile)

		logStart := fileSize(c.logFile)
		settings := []string{
			"-c listen_addresses=127.0.0.1",
			"-p " + strconv.Itoa(p),
		}
		if c.socketDir != "" {
			settings = append(settings, "-k "+c.socketDir)
		} else {
			settings = append(settings, "-c unix_socket_directories=''")
		}
		if !c.durable {
			settings = append(settings,
				"-c fsync=off",
				"-c synchronous_commit=off",
				"-c full_page_writes=off",
			)
		}
		// Two instances' pools, River and the LISTEN connections, with
		// room to spare (PostgreSQL's default is 100).
		settings = append(settings, "-c max_connections=200")
		out, err := c.pgctl(ctx, "start", "-D", c.dataDir, "-l", c.logFile, "-w", "-t", "120", "-o", strings.Join(settings, " "))
		if err == nil {
			c.mu.Lock()
			c.running = true
			c.mu.Unlock()
			if picked {
				_ = c.writeFile(filepath.Join(c.dir, "port"), []byte(strconv.Itoa(p)+"\n"))
			}
			return nil
		}
		serverLog := readFrom(c.logFile, logStart)
		if picked && attempt < 5 && bytes.Contains(serverLog, []byte("could not bind")) {
			continue
		}
		return fmt.Errorf("pglocal: pg_ctl start on port %d: %w\n%s\n--- %s:\n%s", p, err, tail(out, 10), c.logFile, tail(serverLog, 20))
	}
}

// pickPort chooses a port when Options.Port is 0 (see the package doc).
// avoidSaved skips the remembered and default ports after a failed bind.
func (c *Cluster) pickPort(avoidSaved bool) (int, error) {
	if !avoidSaved {
		if b, err := os.ReadFile(filepath.Join(c.dir, "port")); err == nil {
			if p, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && p > 0 && portFree(p) {
				return p, nil
			}
		}
		if c.durable && portFree(DefaultDurablePort) {
			return DefaultDurablePort, nil
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pglocal: find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func portFree(port int) bool {
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return false
	}
	l.Close()
	return true
}

// writeFile writes a file in Dir, owned by the postgres user when root.
func (c *Cluster) writeFile(path string, data []byte) error {
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return err
	}
	if c.asUser != "" {
		if u, err := user.Lookup(c.asUser); err == nil {
			uid, _ := strconv.Atoi(u.Uid)
			gid, _ := strconv.Atoi(u.Gid)
			_ = os.Chown(path, uid, gid)
		}
	}
	return nil
}

// startWatchdog starts, for an Ephemeral cluster, a process in its own
// session that waits for EOF on a pipe whose only writer is this process,
// then stops the server and removes Dir. It lives as long as this process.
func (c *Cluster) startWatchdog() error {
	if !c.ephemeral {
		return nil
	}
	r, w, err := os.Pipe()
	if err != nil {
		return fmt.Errorf("pglocal: watchdog pipe: %w", err)
	}
	stop := shellQuote(c.command("pg_ctl", "stop", "-D", c.dataDir, "-m", "immediate", "-w")...)
	script := "read -r _ ; " + stop + " >/dev/null 2>&1 ; rm -rf " + shellQuote(c.dir)
	cmd := exec.Command("/bin/sh", "-c", script)
	cmd.Stdin = r
	cmd.Dir = "/"
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		r.Close()
		w.Close()
		return fmt.Errorf("pglocal: start watchdog: %w", err)
	}
	r.Close()
	go func() { _ = cmd.Wait() }() // reap it should it end early
	watchdogMu.Lock()
	watchdogPipes = append(watchdogPipes, w)
	watchdogMu.Unlock()
	return nil
}
