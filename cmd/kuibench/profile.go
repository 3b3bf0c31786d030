package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
)

// profileAddr is where the first instance serves its profiles with -profile.
func profileAddr(o options) string { return "127.0.0.1:" + strconv.Itoa(o.port+100) }

// startProfile takes a CPU profile of the first instance over the whole mix
// (its warm-up and its measured part) into file, when -profile is set; the
// returned wait blocks until it is written. Read it with
// `go tool pprof -top .data/bench/kui .data/bench/cpu-mix.pprof`.
func startProfile(ctx context.Context, o options, out io.Writer, file string) (wait func()) {
	if !o.profile {
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		seconds := int((o.warmup + o.mixDuration).Seconds())
		url := fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", profileAddr(o), max(1, seconds))
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err == nil {
			err = saveProfile(req, file)
		}
		if err != nil {
			fmt.Fprintln(out, "profile:", err)
			return
		}
		fmt.Fprintln(out, "CPU profile of the first instance during the mix:", file)
	}()
	return func() { <-done }
}

func saveProfile(req *http.Request, file string) error {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", req.URL, resp.Status)
	}
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
