package live

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"kui/internal/pgtest"
)

// testTopics stands in for what a feed renders: per id a version that the
// test moves on before it notifies, the users who may watch, and how many
// renders and checks the feed asked for.
type testTopics struct {
	mu      sync.Mutex
	version map[int64]int
	allowed map[int64]bool // by user id
	fail    error          // returned by the next renders while set
	renders int
	checks  int
}

func newTestTopics() *testTopics {
	return &testTopics{version: map[int64]int{}, allowed: map[int64]bool{}}
}

func (s *testTopics) render(_ context.Context, id int64) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.renders++
	if s.fail != nil {
		return nil, s.fail
	}
	return []byte(fmt.Sprintf("<p>%d v%d</p>\n<p>line two</p>", id, s.version[id])), nil
}

func (s *testTopics) check(_ context.Context, _ int64, viewers []Viewer) ([]bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.checks++
	ok := make([]bool, len(viewers))
	for i, v := range viewers {
		ok[i] = s.allowed[v.UserID]
	}
	return ok, nil
}

func (s *testTopics) bump(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.version[id]++
}

func (s *testTopics) set(f func(*testTopics)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s)
}

func (s *testTopics) count() (renders, checks int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.renders, s.checks
}

func content(id int64, v int) string { return fmt.Sprintf("<p>%d v%d</p>\n<p>line two</p>", id, v) }

// nextFrom is the next thing a watch passes on: "content …", "offline",
// or "end closed" / "end denied" once it ended.
func nextFrom(t *testing.T, w *Watch) string {
	t.Helper()
	timeout := time.After(eventWait)
	for {
		w.mu.Lock()
		switch {
		case len(w.pending) > 0:
			ev := w.pending[0]
			w.pending = w.pending[1:]
			w.mu.Unlock()
			if ev.offline {
				return "offline"
			}
			return "content " + string(ev.content)
		case w.ended == endClosed:
			w.mu.Unlock()
			return "end closed"
		case w.ended == endDenied:
			w.mu.Unlock()
			return "end denied"
		}
		w.mu.Unlock()
		select {
		case <-w.signal:
		case <-timeout:
			t.Fatalf("nothing from the watch within %v", eventWait)
		}
	}
}

func wantFrom(t *testing.T, w *Watch, want string) {
	t.Helper()
	if got := nextFrom(t, w); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func startFeed(t *testing.T, h *Hub, s *testTopics, recheck time.Duration) *Feed {
	t.Helper()
	f := NewFeed(h, FeedConfig{Kind: "meeting", Render: s.render, Check: s.check, Recheck: recheck, Logger: testLogger(t)})
	t.Cleanup(f.Close)
	return f
}

// Twenty watches of one topic share one subscription: the topic is
// rendered once when the first begins and once per change, and every watch
// gets each content; a later watch gets the current content at once.
func TestFeedRendersOncePerChangeForAllWatches(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	h := startHub(t, url)
	s := newTestTopics()
	s.set(func(s *testTopics) { s.allowed[1] = true })
	f := startFeed(t, h, s, time.Hour)

	watches := make([]*Watch, 20)
	for i := range watches {
		watches[i] = f.Watch(7, Viewer{UserID: 1, Session: "s" + strconv.Itoa(i)})
	}
	for _, w := range watches {
		wantFrom(t, w, "content "+content(7, 0))
	}
	if got := subscribers(h, Topic("meeting", 7)); got != 1 {
		t.Fatalf("%d hub subscriptions for 20 watches, want 1", got)
	}
	if r, _ := s.count(); r != 1 {
		t.Fatalf("%d renders for 20 watches, want 1", r)
	}

	conn := connect(t, url)
	s.bump(7)
	notify(t, conn, Topic("meeting", 7))
	for _, w := range watches {
		wantFrom(t, w, "content "+content(7, 1))
	}
	if r, c := s.count(); r != 2 || c != 1 {
		t.Fatalf("after one change: %d renders and %d checks, want 2 and 1", r, c)
	}

	late := f.Watch(7, Viewer{UserID: 1, Session: "late"})
	wantFrom(t, late, "content "+content(7, 1))
	if r, _ := s.count(); r != 2 {
		t.Fatalf("a later watch caused a render: %d", r)
	}

	// The subscription ends with the last watch.
	late.Stop()
	for _, w := range watches {
		w.Stop()
	}
	if got := subscribers(h, Topic("meeting", 7)); got != 0 {
		t.Fatalf("%d hub subscriptions after every watch stopped", got)
	}
	if got := f.Watchers(7); got != 0 {
		t.Fatalf("%d watchers after every watch stopped", got)
	}
}

// A viewer who may no longer watch is ended (denied) before the next
// content is rendered, and does not get it; the others do.
func TestFeedEndsAViewerWhoLostAccessAtTheNextChange(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	h := startHub(t, url)
	s := newTestTopics()
	s.set(func(s *testTopics) { s.allowed[1], s.allowed[2] = true, true })
	f := startFeed(t, h, s, time.Hour)
	stays, leaves := f.Watch(3, Viewer{UserID: 1}), f.Watch(3, Viewer{UserID: 2})
	wantFrom(t, stays, "content "+content(3, 0))
	wantFrom(t, leaves, "content "+content(3, 0))

	s.set(func(s *testTopics) { s.allowed[2] = false; s.version[3]++ })
	notify(t, connect(t, url), Topic("meeting", 3))
	wantFrom(t, stays, "content "+content(3, 1))
	wantFrom(t, leaves, "end denied")
	if got := f.Watchers(3); got != 1 {
		t.Fatalf("%d watchers, want 1", got)
	}
}

// Without a change, the check runs every Recheck interval.
func TestFeedRechecksWhileNothingChanges(t *testing.T) {
	t.Parallel()
	h := startHub(t, pgtest.NewDatabase(t))
	s := newTestTopics()
	s.set(func(s *testTopics) { s.allowed[1] = true })
	f := startFeed(t, h, s, 50*time.Millisecond)
	w := f.Watch(4, Viewer{UserID: 1})
	wantFrom(t, w, "content "+content(4, 0))
	s.set(func(s *testTopics) { s.allowed[1] = false })
	wantFrom(t, w, "end denied")
	if r, _ := s.count(); r != 1 {
		t.Errorf("%d renders, want 1: a recheck renders nothing", r)
	}
}

// A render that fails says offline and is tried again; ErrGone ends every
// watch with a resync.
func TestFeedRenderFailsThenRecovers(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	h := startHub(t, url)
	s := newTestTopics()
	s.set(func(s *testTopics) { s.allowed[1] = true })
	f := startFeed(t, h, s, time.Hour)
	w := f.Watch(5, Viewer{UserID: 1})
	wantFrom(t, w, "content "+content(5, 0))

	s.set(func(s *testTopics) { s.fail = errors.New("database unreachable"); s.version[5]++ })
	notify(t, connect(t, url), Topic("meeting", 5))
	wantFrom(t, w, "offline")
	s.set(func(s *testTopics) { s.fail = nil })
	wantFrom(t, w, "content "+content(5, 1))

	s.set(func(s *testTopics) { s.fail = ErrGone })
	notify(t, connect(t, url), Topic("meeting", 5))
	wantFrom(t, w, "end denied")
}

// Closing the hub, or the feed, ends every watch without a resync; a watch
// after Close has ended at once.
func TestFeedEndsWatchesWhenTheHubOrFeedCloses(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	s := newTestTopics()
	s.set(func(s *testTopics) { s.allowed[1] = true })

	h := startHub(t, url)
	f := startFeed(t, h, s, time.Hour)
	w := f.Watch(6, Viewer{UserID: 1})
	wantFrom(t, w, "content "+content(6, 0))
	h.Close()
	wantFrom(t, w, "end closed")

	h2 := startHub(t, url)
	f2 := startFeed(t, h2, s, time.Hour)
	w2 := f2.Watch(6, Viewer{UserID: 1})
	wantFrom(t, w2, "content "+content(6, 0))
	f2.Close()
	wantFrom(t, w2, "end closed")
	wantFrom(t, f2.Watch(6, Viewer{UserID: 1}), "end closed")
	w2.Stop() // after Close: nothing to do
}

// StreamContent writes the content as one "content" event with a data
// line per line, and a denied viewer's resync before the end.
func TestStreamContentWritesContentThenResync(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	h := startHub(t, url)
	s := newTestTopics()
	s.set(func(s *testTopics) { s.allowed[1] = true })
	f := startFeed(t, h, s, time.Hour)
	returned := make(chan error, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		watch := f.Watch(8, Viewer{UserID: 1})
		defer watch.Stop()
		returned <- StreamContent(w, r, watch)
	}))
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	c := openStream(t, ctx, srv.URL)
	c.want(t, "retry: 1000", "event: content", "data: <p>8 v0</p>", "data: <p>line two</p>")

	s.set(func(s *testTopics) { s.allowed[1] = false; s.version[8]++ })
	notify(t, connect(t, url), Topic("meeting", 8))
	c.want(t, "event: resync", "data: meeting:8")
	c.wantEnd(t)
	wantReturned(t, returned)
}

func TestWriteContentSplitsLines(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":             "event: content\ndata: \n\n",
		"a":            "event: content\ndata: a\n\n",
		"a\nb":         "event: content\ndata: a\ndata: b\n\n",
		"a\r\nb\rc\n":  "event: content\ndata: a\ndata: b\ndata: c\ndata: \n\n",
		"event: x\n\n": "event: content\ndata: event: x\ndata: \ndata: \n\n",
	} {
		var buf bytes.Buffer
		writeContent(&buf, []byte(in))
		if got := buf.String(); got != want {
			t.Errorf("writeContent(%q) = %q, want %q", in, got, want)
		}
	}
}
