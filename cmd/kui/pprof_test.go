package main

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
)

func TestProfilerOnlyOnTheLoopback(t *testing.T) {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, addr := range []string{"0.0.0.0:0", ":0", "10.1.2.3:6060", "example.org:6060", "nonsense"} {
		env := func(k string) string { return map[string]string{"PPROF_ADDR": addr}[k] }
		if _, err := startProfiler(env, logger); err == nil {
			t.Errorf("PPROF_ADDR=%s was accepted", addr)
		}
	}
	stop, err := startProfiler(func(string) string { return "" }, logger)
	if err != nil {
		t.Fatalf("without PPROF_ADDR: %v", err)
	}
	stop()

	// A free loopback port, then the profiler on it.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	stop, err = startProfiler(func(k string) string { return map[string]string{"PPROF_ADDR": addr}[k] }, logger)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	resp, err := http.Get("http://" + addr + "/debug/pprof/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "goroutine") {
		t.Errorf("the profile index: %d %.200s", resp.StatusCode, body)
	}
}
