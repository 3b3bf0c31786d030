package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// devMailpitBin is where `make deps-run` builds Mailpit (the Makefile's
// mailpit target).
const devMailpitBin = ".data/bin/mailpit"

// devMailpit is the mail catcher `kui dev` runs when SMTP_URL is unset: a
// real SMTP server on 127.0.0.1 whose web page shows what kui sent.
type devMailpit struct {
	SMTPURL string // for kui: smtp://127.0.0.1:P?tls=none
	WebURL  string // for people
	cmd     *exec.Cmd
	done    chan struct{}
}

// startDevMailpit starts .data/bin/mailpit on 127.0.0.1:1025/8025, or on
// free ports when those are taken, keeping its messages in
// .data/mailpit.db. Without the binary it returns nil and no error.
func startDevMailpit(ctx context.Context, log io.Writer) (*devMailpit, error) {
	bin, err := filepath.Abs(devMailpitBin)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(bin); errors.Is(err, os.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	smtpAddr, webAddr := localAddr("127.0.0.1:1025"), localAddr("127.0.0.1:8025")
	if smtpAddr == "" || webAddr == "" {
		return nil, errors.New("mailpit: no free port on 127.0.0.1")
	}
	cmd := exec.Command(bin, "--smtp", smtpAddr, "--listen", webAddr, "--database", ".data/mailpit.db",
		"--disable-version-check", "--quiet")
	cmd.Stdout, cmd.Stderr = log, log
	// Its own process group: Ctrl-C in the terminal reaches kui, which
	// stops Mailpit itself at exit, like the cluster.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("mailpit: %w", err)
	}
	m := &devMailpit{SMTPURL: "smtp://" + smtpAddr + "?tls=none", WebURL: "http://" + webAddr, cmd: cmd, done: make(chan struct{})}
	go func() { cmd.Wait(); close(m.done) }()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, m.WebURL+"/readyz", nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return m, nil
			}
		}
		select {
		case <-m.done:
			return nil, errors.New("mailpit exited at start")
		case <-ctx.Done():
			m.Stop()
			return nil, ctx.Err()
		default:
		}
		if time.Now().After(deadline) {
			m.Stop()
			return nil, errors.New("mailpit did not answer within 30 s")
		}
	}
}

// Stop stops Mailpit and waits for it.
func (m *devMailpit) Stop() {
	m.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-m.done:
	case <-time.After(10 * time.Second):
		m.cmd.Process.Kill()
		<-m.done
	}
}

// localAddr is preferred when it is free, else a free port on 127.0.0.1.
func localAddr(preferred string) string {
	for _, a := range []string{preferred, "127.0.0.1:0"} {
		if ln, err := net.Listen("tcp", a); err == nil {
			addr := ln.Addr().String()
			ln.Close()
			return addr
		}
	}
	return ""
}
