package live

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// startHub runs a hub on url until the test ends and waits until it listens.
// configure, when set, adjusts the hub before Run.
func startHub(t *testing.T, url string, configure ...func(*Hub)) *Hub {
	t.Helper()
	h := NewHub(url, testLogger(t))
	for _, f := range configure {
		f(h)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
			h.Close()
		case <-time.After(10 * time.Second):
			t.Error("Run did not return within 10 s of its context ending")
		}
	})
	select {
	case <-h.Ready():
	case <-time.After(10 * time.Second):
		t.Fatal("the hub does not listen after 10 s")
	}
	return h
}

func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// notify announces topic the way the store does: pg_notify inside a
// transaction that then commits.
func notify(t *testing.T, conn *pgx.Conn, topic string) {
	t.Helper()
	err := pgx.BeginFunc(context.Background(), conn, func(tx pgx.Tx) error {
		_, err := tx.Exec(context.Background(), "SELECT pg_notify($1, $2)", Channel, topic)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// eventWait bounds every wait for an event that must come. It arrives in
// milliseconds; the bound is generous so that a busy machine only makes a
// test slower, never red.
const eventWait = 15 * time.Second

// next is the next event on ch, which must come within d.
func next(t *testing.T, ch <-chan Event, d time.Duration) Event {
	t.Helper()
	select {
	case ev, ok := <-ch:
		if !ok {
			t.Fatal("subscription closed, want an event")
		}
		return ev
	case <-time.After(d):
		t.Fatalf("no event within %v", d)
	}
	return Event{}
}

func want(t *testing.T, ch <-chan Event, ev Event) {
	t.Helper()
	if got := next(t, ch, eventWait); got != ev {
		t.Fatalf("got %+v, want %+v", got, ev)
	}
}

// empty fails when ch holds an event. Callers first wait for a later
// notification: the hub passes notifications on in commit order, so one
// sent before would be there by then.
func empty(t *testing.T, ch <-chan Event, what string) {
	t.Helper()
	select {
	case ev := <-ch:
		t.Fatalf("%s got %+v, want nothing", what, ev)
	default:
	}
}

func subscribers(h *Hub, topic string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.topics[topic])
}

// listenerPIDs are the backends of hubs (by application_name) on conn's
// database.
func listenerPIDs(t *testing.T, conn *pgx.Conn) []int32 {
	t.Helper()
	rows, _ := conn.Query(context.Background(),
		"SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database() ORDER BY pid",
		ApplicationName)
	pids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		t.Fatal(err)
	}
	return pids
}

func TestTopic(t *testing.T) {
	if got := Topic("meeting", 123); got != "meeting:123" {
		t.Errorf(`Topic("meeting", 123) = %q, want "meeting:123"`, got)
	}
	if got := Topic("youth", -1); got != "youth:-1" {
		t.Errorf(`Topic("youth", -1) = %q`, got)
	}
}

// Two app instances on one database: a change committed anywhere reaches
// the subscribers of its topic on both, and no one else.
func TestCommittedNotifyReachesSubscribersOfBothInstances(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	a, b := startHub(t, url), startHub(t, url)
	conn := connect(t, url)
	if pids := listenerPIDs(t, conn); len(pids) != 2 {
		t.Fatalf("hub backends %v, want one per hub", pids)
	}

	m1, m2 := Topic("meeting", 1), Topic("meeting", 2)
	a1, cancelA1 := a.Subscribe(m1)
	defer cancelA1()
	a1again, cancelA1again := a.Subscribe(m1)
	defer cancelA1again()
	b1, cancelB1 := b.Subscribe(m1)
	defer cancelB1()
	a2, cancelA2 := a.Subscribe(m2)
	defer cancelA2()
	b2, cancelB2 := b.Subscribe(m2)
	defer cancelB2()

	notify(t, conn, m1)
	for _, ch := range []<-chan Event{a1, a1again, b1} {
		want(t, ch, Event{Topic: m1})
	}
	notify(t, conn, m2)
	want(t, a2, Event{Topic: m2}) // the first thing they see: m1 did not leak
	want(t, b2, Event{Topic: m2})
	empty(t, a1, "a subscriber of meeting:1 on A")
	empty(t, a1again, "the second subscriber of meeting:1 on A")
	empty(t, b1, "a subscriber of meeting:1 on B")
}

// A notification travels only when its transaction commits.
func TestNotifyIsDeliveredOnlyOnCommit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := pgtest.NewDatabase(t)
	a, b := startHub(t, url), startHub(t, url)
	writer, marker := connect(t, url), connect(t, url)

	changed, other := Topic("meeting", 1), Topic("meeting", 2)
	var changedSubs, markerSubs []<-chan Event
	for _, h := range []*Hub{a, b} {
		ch, cancel := h.Subscribe(changed)
		defer cancel()
		changedSubs = append(changedSubs, ch)
		ch, cancel = h.Subscribe(other)
		defer cancel()
		markerSubs = append(markerSubs, ch)
	}
	settle := func(what string) {
		t.Helper()
		notify(t, marker, other)
		for _, ch := range markerSubs {
			want(t, ch, Event{Topic: other})
		}
		for _, ch := range changedSubs {
			empty(t, ch, what)
		}
	}

	tx, err := writer.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "SELECT pg_notify($1, $2)", Channel, changed); err != nil {
		t.Fatal(err)
	}
	settle("a subscriber, while the transaction is open")
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	settle("a subscriber, after the rollback")

	notify(t, writer, changed)
	for _, ch := range changedSubs {
		want(t, ch, Event{Topic: changed})
	}
}

// The hub's backend is killed: it tells every subscriber it is offline,
// reconnects, tells them to resync, and passes notifications on again.
func TestResyncAfterTheListenConnectionIsTerminated(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := pgtest.NewDatabase(t)
	h := startHub(t, url)
	conn := connect(t, url)
	m1, m2 := Topic("meeting", 1), Topic("meeting", 2)
	s1, cancel1 := h.Subscribe(m1)
	defer cancel1()
	s2, cancel2 := h.Subscribe(m2)
	defer cancel2()

	pids := listenerPIDs(t, conn)
	if len(pids) != 1 {
		t.Fatalf("hub backends %v, want one", pids)
	}
	var ok bool
	if err := conn.QueryRow(ctx, "SELECT pg_terminate_backend($1)", pids[0]).Scan(&ok); err != nil || !ok {
		t.Fatalf("pg_terminate_backend: %v, %v", ok, err)
	}
	want(t, s1, Event{Topic: m1, Offline: true})
	want(t, s2, Event{Topic: m2, Offline: true})
	want(t, s1, Event{Topic: m1, Resync: true})
	want(t, s2, Event{Topic: m2, Resync: true})

	after := listenerPIDs(t, conn)
	if len(after) != 1 || after[0] == pids[0] {
		t.Fatalf("hub backends after the reconnect %v, want one other than %d", after, pids[0])
	}
	notify(t, conn, m1)
	want(t, s1, Event{Topic: m1})
	notify(t, conn, m2)
	want(t, s2, Event{Topic: m2})
	empty(t, s1, "meeting:1")
}

// While the hub is idle it pings its connection; the pings neither break
// it nor lose notifications.
func TestIdlePingsKeepTheConnection(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	h := startHub(t, url, func(h *Hub) { h.idle = 20 * time.Millisecond })
	conn := connect(t, url)
	topic := Topic("meeting", 1)
	s, cancel := h.Subscribe(topic)
	defer cancel()
	before := listenerPIDs(t, conn)
	for range 5 {
		time.Sleep(60 * time.Millisecond)
		notify(t, conn, topic)
		want(t, s, Event{Topic: topic})
	}
	if after := listenerPIDs(t, conn); len(after) != 1 || after[0] != before[0] {
		t.Fatalf("hub backends %v, then %v: the pings replaced the connection", before, after)
	}
}

// A subscriber that does not read never holds up the others; when it
// overflows, its backlog becomes one resync, and it keeps working.
func TestSlowSubscriberDoesNotBlockOthers(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	h := startHub(t, url)
	conn := connect(t, url)
	topic := Topic("meeting", 1)
	slow, cancelSlow := h.Subscribe(topic)
	defer cancelSlow()
	fast, cancelFast := h.Subscribe(topic)
	defer cancelFast()

	// The reader takes each change before the next is sent: it keeps up,
	// however the two cores are shared, while the other never reads.
	const n = 3*subscriberBuffer + 5
	for range n {
		if _, err := conn.Exec(context.Background(), "SELECT pg_notify($1, $2)", Channel, topic); err != nil {
			t.Fatal(err)
		}
		want(t, fast, Event{Topic: topic})
	}

	var backlog []Event
	for len(slow) > 0 {
		backlog = append(backlog, <-slow)
	}
	if len(backlog) == 0 || len(backlog) > subscriberBuffer {
		t.Fatalf("slow subscriber holds %d events, want 1..%d", len(backlog), subscriberBuffer)
	}
	if backlog[0] != (Event{Topic: topic, Resync: true}) {
		t.Fatalf("slow subscriber's backlog starts with %+v, want a resync", backlog[0])
	}
	for _, ev := range backlog[1:] {
		if ev != (Event{Topic: topic}) {
			t.Fatalf("after the resync: %+v, want changes", ev)
		}
	}
	notify(t, conn, topic)
	want(t, slow, Event{Topic: topic})
}

// Close ends every subscription, also under concurrent subscribes and
// cancels, and stops Run.
func TestCloseEndsSubscriptionsAndRun(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	h := NewHub(url, testLogger(t))
	done := make(chan error, 1)
	go func() { done <- h.Run(context.Background()) }()
	select {
	case <-h.Ready():
	case <-time.After(10 * time.Second):
		t.Fatal("the hub does not listen after 10 s")
	}
	if err := h.Run(context.Background()); err == nil {
		t.Error("a second Run on one hub returned nil")
	}

	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		chans []<-chan Event
	)
	for i := range 50 {
		wg.Go(func() {
			ch, cancel := h.Subscribe(Topic("meeting", int64(i%5)))
			mu.Lock()
			chans = append(chans, ch)
			mu.Unlock()
			if i%3 == 0 {
				cancel()
				cancel() // twice is harmless
			} else if i%3 == 1 {
				defer cancel() // after Close
			}
		})
		if i == 25 {
			h.Close()
		}
	}
	wg.Wait()
	h.Close() // twice is harmless
	for i, ch := range chans {
		select {
		case _, ok := <-ch:
			if ok {
				// A resync from the first LISTEN is fine; then it must close.
				if _, ok := <-ch; ok {
					t.Fatalf("subscription %d still open after Close", i)
				}
			}
		case <-time.After(eventWait):
			t.Fatalf("subscription %d still open after Close", i)
		}
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run after Close: %v", err)
		}
	case <-time.After(eventWait):
		t.Fatalf("Run still going %v after Close", eventWait)
	}
	if n := subscribers(h, Topic("meeting", 1)); n != 0 {
		t.Errorf("%d subscribers left after Close", n)
	}
}

// The database goes away and comes back: a subscriber from before is told
// it is offline; subscribers from before and from during the outage get a
// resync, then changes again. Not parallel: it stops the shared cluster.
func TestResyncAfterDatabaseRestart(t *testing.T) {
	url := pgtest.NewDatabase(t)
	h := startHub(t, url)
	topic := Topic("meeting", 1)
	before, cancelBefore := h.Subscribe(topic)
	defer cancelBefore()

	cluster := pgtest.Cluster(t)
	if err := cluster.Stop(); err != nil {
		t.Fatal(err)
	}
	restarted := false
	defer func() {
		if !restarted {
			_ = cluster.Restart(context.Background())
		}
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		h.mu.Lock()
		listening := h.listening
		h.mu.Unlock()
		if !listening {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the hub still listens 10 s after the database stopped")
		}
		time.Sleep(10 * time.Millisecond)
	}
	want(t, before, Event{Topic: topic, Offline: true})
	during, cancelDuring := h.Subscribe(topic)
	defer cancelDuring()
	time.Sleep(300 * time.Millisecond) // a few failed reconnects
	empty(t, before, "a subscriber while the database is down")
	empty(t, during, "a subscriber from during the outage")

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := cluster.Restart(ctx); err != nil {
		t.Fatal(err)
	}
	restarted = true
	want(t, before, Event{Topic: topic, Resync: true})
	want(t, during, Event{Topic: topic, Resync: true})

	conn := connect(t, url)
	notify(t, conn, topic)
	want(t, before, Event{Topic: topic})
	want(t, during, Event{Topic: topic})
}
