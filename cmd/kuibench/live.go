package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Live: big screens watching one meeting, spread over both instances, and
// how long a plan edit takes to reach every one of them.
//
// Two servers are understood. One that sends the screen's content in its
// events (`?content=1`) starts a stream with `event: content`, the screen
// as it is; every later `event: content` is an edit arriving, rendered. One
// that does not starts with `event: resync` and announces an edit with
// `event: change` (the screen then fetches it, which is not timed here).

// liveMode is what a screen's stream turned out to carry.
type liveMode string

const (
	liveContent liveMode = "content" // the rendered screen in every event
	liveChange  liveMode = "change"  // only that the meeting changed
)

// sseEvents calls each with the name of every complete event in r (one
// ended by a blank line; "message" when it has no name), until r ends.
// Comments and the other fields are skipped; data may be long.
func sseEvents(r io.Reader, each func(name string)) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 8<<20)
	name, fields := "", 0
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if fields > 0 {
				if name == "" {
					name = "message"
				}
				each(name)
			}
			name, fields = "", 0
		case strings.HasPrefix(line, ":"):
		case strings.HasPrefix(line, "event:"):
			name = strings.TrimSpace(strings.TrimPrefix(line, "event:"))
			fields++
		default:
			fields++
		}
	}
	return sc.Err()
}

// screenWatcher turns a stream's events into readiness and arrivals: the
// first event says the screen is up and what its stream carries; after it,
// an edit arrives as `content`, or as `change` on a server without content.
type screenWatcher struct {
	mode  liveMode
	ready bool
}

// event returns whether this event is the screen's first (ready) and
// whether it is an edit arriving.
func (w *screenWatcher) event(name string) (ready, arrived bool) {
	if !w.ready {
		w.ready = true
		w.mode = liveChange
		if name == "content" {
			w.mode = liveContent
		}
		return true, false
	}
	return false, name == "content" || (w.mode == liveChange && name == "change")
}

// raiseFileLimit lifts this process's limit of open files to its hard
// limit (the kui instances it starts inherit it) and fails when even that
// is too low for the screens: each is a socket here and one in an
// instance, and the mix's connections and the database's come on top.
func raiseFileLimit(screens int) error {
	need := uint64(3*screens + 1000)
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
		return err
	}
	if l.Cur < l.Max {
		l.Cur = l.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
			return err
		}
	}
	if l.Cur < need {
		return fmt.Errorf("open files are limited to %d, and %d screens need about %d: raise `ulimit -n`", l.Cur, screens, need)
	}
	return nil
}

// measureLive opens SSE clients on the meeting's event stream, spread over
// both instances, then posts plan items through the first instance one at
// a time and times, for every client, the moment the edit arrives. The
// clock starts before the POST is sent, so the numbers include the request
// that commits the edit: an upper bound of commit-to-screen. Once the edits
// are through, with every screen still open, it calls whileOpen.
func measureLive(ctx context.Context, o options, bases []string, cookie string, meetingID int64, whileOpen func()) (string, error) {
	path := "/meetings/" + strconv.FormatInt(meetingID, 10)
	type arrival struct {
		client int
		at     time.Time
	}
	type start struct {
		mode liveMode
		err  error
	}
	arrivals := make(chan arrival, o.sseClients*(o.liveEdits+4))
	ready := make(chan start, o.sseClients)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// One connection per screen, as browsers hold them; no limit per host.
	screens := &http.Client{Transport: &http.Transport{
		MaxConnsPerHost:     0,
		MaxIdleConnsPerHost: o.sseClients,
		IdleConnTimeout:     time.Minute,
	}}
	defer screens.CloseIdleConnections()
	var wg sync.WaitGroup
	for c := range o.sseClients {
		wg.Go(func() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, bases[c%len(bases)]+path+"/events?content=1", nil)
			req.Header.Set("Cookie", cookie)
			req.Header.Set("Accept", "text/event-stream")
			resp, err := screens.Do(req)
			if err != nil {
				ready <- start{err: err}
				return
			}
			defer resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				ready <- start{err: fmt.Errorf("events: status %d", resp.StatusCode)}
				return
			}
			var w screenWatcher
			_ = sseEvents(resp.Body, func(name string) {
				isReady, arrived := w.event(name)
				if isReady {
					ready <- start{mode: w.mode}
				}
				if arrived {
					arrivals <- arrival{client: c, at: time.Now()}
				}
			})
			if !w.ready {
				ready <- start{err: errors.New("events: the stream ended before its first event")}
			}
		})
	}
	modes := map[liveMode]int{}
	readyBy := time.After(60 * time.Second)
	for range o.sseClients {
		select {
		case s := <-ready:
			if s.err != nil {
				return "", s.err
			}
			modes[s.mode]++
		case <-readyBy:
			return "", fmt.Errorf("%d of %d screens were up within 60 s", modes[liveContent]+modes[liveChange], o.sseClients)
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	lat := newLatency()
	for e := range o.liveEdits {
		form := url.Values{"text": {"Jeg skal møde op hver dag, punkt " + strconv.Itoa(e)}, "owner": {"youth"},
			"due": {time.Now().AddDate(0, 3, 0).Format(time.DateOnly)}, "goal": {"personligt"}, "token": {fmt.Sprintf("live-%d-%d", time.Now().UnixNano(), e)}}
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, bases[0]+path+"/plan", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Cookie", cookie)
		sent := time.Now()
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
					lat.record(a.at.Sub(sent))
				}
			case <-timeout:
				return "", fmt.Errorf("edit %d reached %d of %d screens within 5 s", e, len(got), o.sseClients)
			case <-ctx.Done():
				return "", ctx.Err()
			}
		}
		time.Sleep(50 * time.Millisecond)
		// Drain stragglers (a merged double delivery) before the next edit.
		for len(arrivals) > 0 {
			<-arrivals
		}
	}
	whileOpen()
	cancel()
	wg.Wait()
	mode := liveContent
	switch {
	case modes[liveContent] == 0:
		mode = liveChange
	case modes[liveChange] > 0:
		mode = "mixed"
	}
	s := lat.summary()
	return fmt.Sprintf("BENCH name=live rps=0 p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f clients=%d edits=%d instances=%d events=%s",
		s.p50, s.p95, s.p99, s.max, o.sseClients, o.liveEdits, len(bases), mode), nil
}
