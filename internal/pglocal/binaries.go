package pglocal

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
)

// BinDir is the folder holding PostgreSQL's initdb, pg_ctl and postgres: the
// newest /usr/lib/postgresql/*/bin (Debian), else the folder of an initdb on
// PATH. When none is found and this process is root, it installs Debian's
// postgresql package and looks again; otherwise the error says what to run.
func BinDir() (string, error) { return binDirFor("") }

// binDirFor is BinDir, preferring the binaries of major version want (the
// version of an existing cluster) when they are installed.
func binDirFor(want string) (string, error) {
	if dir := findBinDir(want); dir != "" {
		return dir, nil
	}
	if os.Geteuid() != 0 {
		return "", errors.New("pglocal: PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin or on PATH; install them with: sudo apt-get install -y postgresql")
	}
	if err := aptInstallPostgres(); err != nil {
		return "", err
	}
	if dir := findBinDir(want); dir != "" {
		return dir, nil
	}
	return "", errors.New("pglocal: installed the postgresql package but still found no initdb in /usr/lib/postgresql/*/bin")
}

func findBinDir(want string) string {
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	type candidate struct {
		major int
		dir   string
	}
	var cands []candidate
	for _, m := range matches {
		dir := filepath.Dir(m)
		major, err := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
		if err != nil {
			continue
		}
		if !isExecutable(filepath.Join(dir, "pg_ctl")) {
			continue
		}
		cands = append(cands, candidate{major, dir})
	}
	slices.SortFunc(cands, func(a, b candidate) int { return b.major - a.major })
	for _, c := range cands {
		if strconv.Itoa(c.major) == want {
			return c.dir
		}
	}
	if len(cands) > 0 {
		return cands[0].dir
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		dir := filepath.Dir(p)
		if isExecutable(filepath.Join(dir, "pg_ctl")) {
			return dir
		}
	}
	return ""
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}

var aptMu sync.Mutex

// aptInstallPostgres runs apt-get install -y postgresql, with apt-get update
// first when the package lists are missing and again when the first install
// fails. Other processes (parallel test binaries) may do the same at once:
// apt waits for dpkg's lock instead of failing.
func aptInstallPostgres() error {
	aptMu.Lock()
	defer aptMu.Unlock()
	if findBinDir("") != "" {
		return nil
	}
	fmt.Fprintln(os.Stderr, "PostgreSQL: server binaries missing; running apt-get install -y postgresql")
	apt := func(args ...string) ([]byte, error) {
		args = append([]string{"-o", "DPkg::Lock::Timeout=600"}, args...)
		cmd := exec.Command("apt-get", args...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		return cmd.CombinedOutput()
	}
	lists, _ := filepath.Glob("/var/lib/apt/lists/*Packages*")
	if len(lists) == 0 {
		if out, err := apt("update"); err != nil {
			return fmt.Errorf("pglocal: apt-get update: %w\n%s", err, tail(out, 20))
		}
	}
	if _, err := apt("install", "-y", "postgresql"); err == nil {
		return nil
	}
	if out, err := apt("update"); err != nil {
		return fmt.Errorf("pglocal: apt-get update: %w\n%s", err, tail(out, 20))
	}
	if out, err := apt("install", "-y", "postgresql"); err != nil {
		return fmt.Errorf("pglocal: apt-get install -y postgresql: %w\n%s", err, tail(out, 20))
	}
	return nil
}
