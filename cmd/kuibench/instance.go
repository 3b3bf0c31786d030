package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type instance struct {
	cmd  *exec.Cmd
	base string
	done chan struct{}
}

func startInstance(ctx context.Context, bin, dbURL, addr, logFile string, env ...string) (*instance, error) {
	log, err := os.Create(logFile)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(append(os.Environ(), "DATABASE_URL="+dbURL, "ADDR="+addr), env...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	in := &instance{cmd: cmd, base: "http://" + addr, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); log.Close(); close(in.done) }()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-in.done:
			return nil, fmt.Errorf("kui on %s exited; see %s", addr, logFile)
		case <-ctx.Done():
			in.stop()
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if resp, err := http.Get(in.base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return in, nil
			}
		}
	}
	in.stop()
	return nil, fmt.Errorf("kui on %s did not become ready; see %s", addr, logFile)
}

func (in *instance) stop() {
	_ = in.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-in.done:
	case <-time.After(20 * time.Second):
		_ = in.cmd.Process.Kill()
		<-in.done
	}
}

// peakRSS is the instance's high-water mark of resident memory, in KiB.
func (in *instance) peakRSS() int { return in.status("VmHWM:") }

// rss is the instance's resident memory now, in KiB.
func (in *instance) rss() int { return in.status("VmRSS:") }

// status reads a KiB field of the instance's /proc status; 0 when absent.
func (in *instance) status(field string) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", in.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, field) {
			f := strings.Fields(line)
			if len(f) >= 2 {
				n, _ := strconv.Atoi(f[1])
				return n
			}
		}
	}
	return 0
}
