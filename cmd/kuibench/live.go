package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// measureLive opens SSE clients on the big screen's event stream, spread
// over both instances, then posts plan items through the first instance one
// at a time and times, for every client, the moment the change arrives.
// The clock starts before the POST is sent, so the numbers include the
// request that commits the edit: an upper bound of commit-to-screen.
func measureLive(ctx context.Context, o options, bases []string, cookie string, meetingID int64) (string, error) {
	path := "/meetings/" + strconv.FormatInt(meetingID, 10)
	type arrival struct {
		client int
		at     time.Time
	}
	arrivals := make(chan arrival, o.sseClients*(o.liveEdits+4))
	ready := make(chan error, o.sseClients)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for c := range o.sseClients {
		wg.Go(func() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, bases[c%len(bases)]+path+"/events", nil)
			req.Header.Set("Cookie", cookie)
			req.Header.Set("Accept", "text/event-stream")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				ready <- err
				return
			}
			defer resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				ready <- fmt.Errorf("events: status %d", resp.StatusCode)
				return
			}
			sc := bufio.NewScanner(resp.Body)
			first := true
			for sc.Scan() {
				line := sc.Text()
				switch {
				case line == "event: resync" && first:
					first = false
					ready <- nil
				case line == "event: change":
					arrivals <- arrival{client: c, at: time.Now()}
				}
			}
		})
	}
	for range o.sseClients {
		if err := <-ready; err != nil {
			return "", err
		}
	}
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var latencies []float64
	for e := range o.liveEdits {
		form := url.Values{"text": {"Jeg skal møde op hver dag, punkt " + strconv.Itoa(e)}, "owner": {"youth"},
			"due": {time.Now().AddDate(0, 3, 0).Format(time.DateOnly)}, "goal": {"personligt"}, "token": {fmt.Sprintf("live-%d-%d", time.Now().UnixNano(), e)}}
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, bases[0]+path+"/plan", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Cookie", cookie)
		start := time.Now()
		resp, err := hc.Do(req)
		if err != nil {
			return "", err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			return "", fmt.Errorf("plan edit: status %d", resp.StatusCode)
		}
		got := map[int]bool{}
		timeout := time.After(5 * time.Second)
		for len(got) < o.sseClients {
			select {
			case a := <-arrivals:
				if !got[a.client] {
					got[a.client] = true
					latencies = append(latencies, float64(a.at.Sub(start).Microseconds())/1000)
				}
			case <-timeout:
				return "", fmt.Errorf("edit %d reached %d of %d screens within 5 s", e, len(got), o.sseClients)
			}
		}
		time.Sleep(50 * time.Millisecond)
		// Drain stragglers (a merged double delivery) before the next edit.
		for len(arrivals) > 0 {
			<-arrivals
		}
	}
	cancel()
	wg.Wait()
	slices.Sort(latencies)
	q := func(p float64) float64 { return latencies[min(len(latencies)-1, int(p*float64(len(latencies))))] }
	return fmt.Sprintf("BENCH name=live rps=0 p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f clients=%d edits=%d instances=%d",
		q(0.50), q(0.95), q(0.99), o.sseClients, o.liveEdits, len(bases)), nil
}
