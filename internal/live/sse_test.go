package live

import (
	"bufio"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/pgtest"
)

// sseClient reads an event stream in the background, block by block (the
// lines up to a blank line).
type sseClient struct {
	resp   *http.Response
	blocks chan []string
}

func openStream(t *testing.T, ctx context.Context, url string) *sseClient {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	c := &sseClient{resp: resp, blocks: make(chan []string, 64)}
	go func() {
		defer close(c.blocks)
		r := bufio.NewReader(resp.Body)
		var block []string
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimSuffix(line, "\n")
			if line == "" {
				if block != nil {
					c.blocks <- block
					block = nil
				}
				continue
			}
			block = append(block, line)
		}
	}()
	return c
}

func (c *sseClient) want(t *testing.T, lines ...string) {
	t.Helper()
	select {
	case block, ok := <-c.blocks:
		if !ok {
			t.Fatalf("stream ended, want %q", lines)
		}
		if !slices.Equal(block, lines) {
			t.Fatalf("got %q, want %q", block, lines)
		}
	case <-time.After(eventWait):
		t.Fatalf("nothing within %v, want %q", eventWait, lines)
	}
}

func (c *sseClient) wantEnd(t *testing.T) {
	t.Helper()
	timeout := time.After(eventWait)
	for {
		select {
		case block, ok := <-c.blocks:
			if !ok {
				return
			}
			t.Fatalf("got %q, want the stream to end", block)
		case <-timeout:
			t.Fatalf("the stream still runs after %v", eventWait)
		}
	}
}

// streamServer serves /?topic=… as the app would: subscribe, stream,
// unsubscribe. What Stream returned goes to the channel.
func streamServer(t *testing.T, h *Hub, configure func(*http.Server)) (*httptest.Server, chan error) {
	t.Helper()
	returned := make(chan error, 10)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		events, cancel := h.Subscribe(r.URL.Query().Get("topic"))
		err := Stream(w, r, events)
		cancel()
		returned <- err
	}))
	if configure != nil {
		configure(srv.Config)
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, returned
}

func wantReturned(t *testing.T, returned chan error) {
	t.Helper()
	select {
	case err := <-returned:
		if err != nil {
			t.Fatalf("Stream: %v", err)
		}
	case <-time.After(eventWait):
		t.Fatalf("Stream still running after %v", eventWait)
	}
}

func TestStreamSendsResyncThenChangesAndEndsOnClose(t *testing.T) {
	t.Parallel()
	dbURL := pgtest.NewDatabase(t)
	h := startHub(t, dbURL)
	conn := connect(t, dbURL)
	srv, returned := streamServer(t, h, nil)
	topic := Topic("meeting", 7)
	c := openStream(t, context.Background(), srv.URL+"/?topic="+url.QueryEscape(topic))

	if c.resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", c.resp.StatusCode)
	}
	for name, value := range map[string]string{
		"Content-Type":      "text/event-stream",
		"Cache-Control":     "no-store",
		"X-Accel-Buffering": "no",
	} {
		if got := c.resp.Header.Get(name); got != value {
			t.Errorf("%s: %q, want %q", name, got, value)
		}
	}
	c.want(t, "retry: 1000", "event: resync", "data: ")

	notify(t, conn, Topic("meeting", 8)) // another meeting: not sent
	notify(t, conn, topic)
	c.want(t, "event: change", "data: "+topic)

	pids := listenerPIDs(t, conn)
	if _, err := conn.Exec(context.Background(), "SELECT pg_terminate_backend($1)", pids[0]); err != nil {
		t.Fatal(err)
	}
	// Offline while the hub reconnects (unless the resync follows so fast
	// that the two are written as one), then the resync.
	select {
	case block := <-c.blocks:
		if !slices.Equal(block, []string{"event: offline", "data: " + topic}) && !slices.Equal(block, []string{"event: resync", "data: " + topic}) {
			t.Fatalf("after the LISTEN connection was terminated: %q, want offline or resync", block)
		}
		if block[0] == "event: offline" {
			c.want(t, "event: resync", "data: "+topic)
		}
	case <-time.After(eventWait):
		t.Fatalf("nothing within %v after the LISTEN connection was terminated", eventWait)
	}
	notify(t, conn, topic)
	c.want(t, "event: change", "data: "+topic)

	h.Close()
	c.wantEnd(t)
	wantReturned(t, returned)
}

func TestStreamEndsAndUnsubscribesWhenTheClientLeaves(t *testing.T) {
	t.Parallel()
	h := startHub(t, pgtest.NewDatabase(t))
	srv, returned := streamServer(t, h, nil)
	topic := Topic("meeting", 7)
	ctx, cancel := context.WithCancel(context.Background())
	c := openStream(t, ctx, srv.URL+"/?topic="+url.QueryEscape(topic))
	c.want(t, "retry: 1000", "event: resync", "data: ")
	if n := subscribers(h, topic); n != 1 {
		t.Fatalf("%d subscribers while streaming, want 1", n)
	}
	cancel()
	wantReturned(t, returned)
	if n := subscribers(h, topic); n != 0 {
		t.Fatalf("%d subscribers after the client left, want 0", n)
	}
}

// http.Server's ReadTimeout and WriteTimeout would end a long response;
// a stream outlives them.
func TestStreamOutlivesServerTimeouts(t *testing.T) {
	t.Parallel()
	dbURL := pgtest.NewDatabase(t)
	h := startHub(t, dbURL)
	conn := connect(t, dbURL)
	srv, returned := streamServer(t, h, func(s *http.Server) {
		s.ReadTimeout = 200 * time.Millisecond
		s.WriteTimeout = 200 * time.Millisecond
	})
	topic := Topic("meeting", 7)
	c := openStream(t, context.Background(), srv.URL+"/?topic="+url.QueryEscape(topic))
	c.want(t, "retry: 1000", "event: resync", "data: ")
	time.Sleep(600 * time.Millisecond)
	select {
	case err := <-returned:
		t.Fatalf("Stream returned %v after the server's timeouts", err)
	default:
	}
	notify(t, conn, topic)
	c.want(t, "event: change", "data: "+topic)
}

func TestStreamPingsWhileIdle(t *testing.T) {
	t.Parallel()
	events := make(chan Event)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = stream(w, r, events, 30*time.Millisecond)
	}))
	t.Cleanup(srv.Close)
	c := openStream(t, context.Background(), srv.URL)
	c.want(t, "retry: 1000", "event: resync", "data: ")
	c.want(t, ": ping")
	c.want(t, ": ping")
	close(events)
	c.wantEnd(t)
}

// Events already waiting are written together: one per topic, a resync
// absorbing changes, the last of offline and what follows it winning; a
// line break in a topic cannot add a field.
func TestStreamCoalescesWaitingEvents(t *testing.T) {
	t.Parallel()
	events := make(chan Event, 10)
	for _, ev := range []Event{
		{Topic: "a"}, {Topic: "a"}, {Topic: "b"}, {Topic: "a", Resync: true}, {Topic: "c"},
		{Topic: "x\ndata: injected"}, {Topic: "o"}, {Topic: "o", Offline: true}, {Topic: "r", Offline: true}, {Topic: "r", Resync: true},
	} {
		events <- ev
	}
	close(events)
	rec := httptest.NewRecorder()
	if err := Stream(rec, httptest.NewRequest(http.MethodGet, "/", nil), events); err != nil {
		t.Fatal(err)
	}
	const body = "retry: 1000\nevent: resync\ndata: \n\n" +
		"event: resync\ndata: a\n\n" +
		"event: change\ndata: b\n\n" +
		"event: change\ndata: c\n\n" +
		"event: change\ndata: x\n\n" +
		"event: offline\ndata: o\n\n" +
		"event: resync\ndata: r\n\n"
	if got := rec.Body.String(); got != body {
		t.Fatalf("body\n%q\nwant\n%q", got, body)
	}
	if !rec.Flushed {
		t.Error("not flushed")
	}
}

type unflushable struct{ h http.Header }

func (u unflushable) Header() http.Header         { return u.h }
func (u unflushable) Write(b []byte) (int, error) { return len(b), nil }
func (u unflushable) WriteHeader(int)             {}

func TestStreamNeedsFlush(t *testing.T) {
	t.Parallel()
	err := Stream(unflushable{http.Header{}}, httptest.NewRequest(http.MethodGet, "/", nil), make(chan Event))
	if !errors.Is(err, http.ErrNotSupported) {
		t.Fatalf("Stream on a writer without Flush: %v, want http.ErrNotSupported", err)
	}
}

// BenchmarkCommitToStream: 50 SSE clients of one meeting, half on each of
// two app instances; each iteration commits one change and waits until
// every client has read it. Reports the commit-to-read latency per client.
//
//	go test ./internal/live/ -run '^$' -bench CommitToStream
func BenchmarkCommitToStream(b *testing.B) {
	dbURL := pgtest.NewDatabase(b)
	topic := Topic("meeting", 1)
	var servers []*httptest.Server
	for range 2 {
		h := NewHub(dbURL, nil)
		ctx, cancel := context.WithCancel(context.Background())
		go h.Run(ctx)
		b.Cleanup(func() { cancel(); h.Close() })
		<-h.Ready()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			events, cancel := h.Subscribe(topic)
			defer cancel()
			_ = Stream(w, r, events)
		}))
		b.Cleanup(srv.Close)
		servers = append(servers, srv)
	}
	const clients = 50
	received := make(chan time.Time, clients)
	for i := range clients {
		req, _ := http.NewRequest(http.MethodGet, servers[i%2].URL, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { resp.Body.Close() })
		ready := make(chan struct{})
		go func() {
			sc := bufio.NewScanner(resp.Body)
			first := true
			for sc.Scan() {
				switch sc.Text() {
				case "event: resync":
					if first {
						close(ready)
						first = false
					}
				case "event: change":
					received <- time.Now()
				}
			}
		}()
		<-ready
	}
	conn, err := pgx.Connect(context.Background(), dbURL)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(context.Background())

	var latencies []time.Duration
	for b.Loop() {
		start := time.Now()
		if _, err := conn.Exec(context.Background(), "SELECT pg_notify($1, $2)", Channel, topic); err != nil {
			b.Fatal(err)
		}
		for range clients {
			select {
			case at := <-received:
				latencies = append(latencies, at.Sub(start))
			case <-time.After(5 * time.Second):
				b.Fatal("a client did not get the change within 5 s")
			}
		}
	}
	slices.Sort(latencies)
	pct := func(p float64) float64 {
		return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}
