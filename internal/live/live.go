// Package live tells open pages that something they show has changed:
// PostgreSQL LISTEN/NOTIFY in, Server-Sent Events out.
//
// # The contract
//
// A store method that changes something a page shows live announces it
// inside its writing transaction:
//
//	SELECT pg_notify('kui_live', 'meeting:123')
//
// The channel is [Channel]; the payload is a topic, made by [Topic] (the
// store may hard-code both in SQL rather than import this package). PostgreSQL
// delivers the notification only when the transaction commits, to every
// session listening on the channel, so a rolled-back change announces
// nothing and a reader told of a change always finds it committed. A topic
// names what changed, never what it now says: no personal data travels
// through here.
//
// # One LISTEN connection per app instance
//
// Each app instance runs one [Hub], which holds one dedicated connection
// (outside the pool: LISTEN belongs to a session, and a pooled connection
// goes back to others) that listens on the channel and fans each
// notification out to the subscribers of its topic in this process. With
// several instances behind a load balancer every instance listens, so a
// change written through instance A reaches a screen streaming from
// instance B. One connection per instance, not per open screen, keeps
// PostgreSQL's connection count independent of how many screens are open,
// and a notification costs O(subscribers of its topic), with no polling.
//
// # Resync
//
// NOTIFY is fire-and-forget: a notification sent while no connection of ours
// listens is lost. So when the LISTEN connection breaks (database restart,
// pg_terminate_backend, a network blip — an idle connection is pinged so a
// silent one is noticed) the hub reconnects with a short backoff, and once
// it listens again it sends every subscriber that may have missed something
// an Event with Resync set: reload the whole state rather than wait for a
// change. While it does not listen, every subscriber it had has been sent
// an Event with Offline set, so a page can say it is not current. Likewise a subscriber that does not keep up is never waited for:
// its backlog is replaced by one Resync. [Stream] starts every stream with a
// resync event, so a browser that (re)connects always reloads once.
//
// # Content feeds
//
// A stream made by [Stream] tells its page only that something changed, and
// the page fetches it again under its own access check: with 500 screens on
// one meeting, every change costs 500 reads. A [Feed] turns that around for
// one app instance: per topic it holds ONE subscription while at least one
// local stream watches the topic, reads and renders the topic's content
// ONCE per change (a system read, without an actor: the render function
// must show nothing that depends on who watches), and hands the rendered
// content to every local watcher. [StreamContent] writes it out as
// "event: content".
//
// Who may watch is checked when a watch begins (by the caller, before
// [Feed.Watch], with whatever audit row that needs) and again, for all the
// topic's watchers in one call, before every change is rendered and every
// Recheck interval: a watcher who may no longer see the topic, or whose
// session has ended, is sent "event: resync" and its stream ends, so a
// logout or a lost team membership reaches its screen within one change or
// one interval. The notification still carries only its topic: content
// travels only from an instance to the watchers it has checked.
package live

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// Channel is the PostgreSQL notification channel the hub listens on.
// internal/postgres spells it out in SQL: pg_notify('kui_live', topic).
const Channel = "kui_live"

// ApplicationName is the application_name of the hub's LISTEN connection,
// so it can be told apart in pg_stat_activity.
const ApplicationName = "kui-live"

// Topic names one thing that changes, as the notification payload and the
// subscription key: Topic("meeting", 123) is "meeting:123".
func Topic(kind string, id int64) string {
	return kind + ":" + strconv.FormatInt(id, 10)
}

// Event tells a subscriber that its topic changed (Resync false), or that
// changes may have been missed and the whole state must be reloaded (Resync
// true), or that the hub lost its database connection and nothing can be
// reloaded until a Resync follows (Offline true). Topic is the
// subscription's topic in every case.
type Event struct {
	Topic   string
	Resync  bool
	Offline bool
}

// Tuning. Hub.idle starts as defaultIdle; tests shorten it.
const (
	// subscriberBuffer events wait for a subscriber before its backlog is
	// replaced by one Resync.
	subscriberBuffer = 32
	minBackoff       = 100 * time.Millisecond
	maxBackoff       = 2 * time.Second
	connectTimeout   = 5 * time.Second
	pingTimeout      = 5 * time.Second
	// defaultIdle is how long the LISTEN connection may stay silent before
	// the hub pings it: a dead peer without a TCP reset is otherwise only
	// noticed by the kernel's keepalive, minutes later.
	defaultIdle = 15 * time.Second
)

// Hub holds the LISTEN connection and the subscriptions of one app
// instance. Make one with NewHub, start Run in a goroutine, Subscribe per
// open stream, and Close at shutdown.
type Hub struct {
	connString string
	logger     *slog.Logger
	idle       time.Duration

	ready     chan struct{} // closed when LISTEN is first active
	readyOnce sync.Once
	done      chan struct{} // closed by Close
	running   atomic.Bool

	mu        sync.Mutex
	closed    bool
	listening bool // a LISTEN is active now: nothing can be missed
	topics    map[string]map[*subscription]struct{}
}

type subscription struct {
	topic string
	ch    chan Event
	// stale: notifications may have been missed since it subscribed (no
	// LISTEN was active then, or one broke since); the next LISTEN sends it
	// a Resync. Guarded by Hub.mu.
	stale bool
}

// NewHub returns a hub that will listen through its own connection to
// connString: the pool's URL does, as long as it reaches PostgreSQL directly
// or through session pooling (LISTEN does not survive transaction pooling).
// Nothing connects until Run. A nil logger discards.
func NewHub(connString string, logger *slog.Logger) *Hub {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Hub{
		connString: connString,
		logger:     logger,
		idle:       defaultIdle,
		ready:      make(chan struct{}),
		done:       make(chan struct{}),
		topics:     make(map[string]map[*subscription]struct{}),
	}
}

// Ready is closed once the hub first listens: from then on committed
// notifications reach the subscribers, or, across an outage, a Resync does
// (tests wait for it before writing).
func (h *Hub) Ready() <-chan struct{} { return h.ready }

// Run listens until ctx ends or the hub is closed, reconnecting whenever the
// connection breaks (100 ms, doubling to 2 s between attempts) and sending
// Resync to the subscribers after each reconnect. It returns nil then, and an
// error only when it cannot start: a connection string it cannot parse, or a
// second Run on the same hub.
func (h *Hub) Run(ctx context.Context) error {
	if !h.running.CompareAndSwap(false, true) {
		return errors.New("live: Run called twice on one hub")
	}
	cfg, err := pgx.ParseConfig(h.connString)
	if err != nil {
		return fmt.Errorf("live: %w", err)
	}
	cfg.RuntimeParams["application_name"] = ApplicationName

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-h.done:
			cancel()
		case <-ctx.Done():
		}
	}()

	backoff := minBackoff
	var downSince time.Time // zero while listening or before the first attempt
	for {
		err := h.listen(ctx, cfg, func() {
			backoff = minBackoff
			if !downSince.IsZero() {
				h.logger.Info("live: listening again", "down", time.Since(downSince).Round(time.Millisecond))
				downSince = time.Time{}
			}
		})
		h.lost()
		if ctx.Err() != nil {
			return nil
		}
		if downSince.IsZero() {
			downSince = time.Now()
			h.logger.Warn("live: LISTEN connection lost; reconnecting", "err", err)
		} else {
			h.logger.Debug("live: reconnect failed", "err", err, "retry_in", backoff)
		}
		// ±20 % jitter, so instances do not reconnect in lockstep.
		wait := backoff - backoff/5 + rand.N(2*backoff/5+1)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		backoff = min(2*backoff, maxBackoff)
	}
}

// listen connects, LISTENs, calls onListening, and passes notifications on
// until the connection fails or ctx ends.
func (h *Hub) listen(ctx context.Context, cfg *pgx.ConnConfig, onListening func()) error {
	connectCtx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	conn, err := pgx.ConnectConfig(connectCtx, cfg)
	if err != nil {
		return err
	}
	defer func() {
		closeCtx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = conn.Close(closeCtx)
	}()
	if _, err := conn.Exec(connectCtx, "LISTEN "+pgx.Identifier{Channel}.Sanitize()); err != nil {
		return err
	}
	cancel()
	h.listeningNow()
	onListening()

	for {
		waitCtx, cancel := context.WithTimeout(ctx, h.idle)
		n, err := conn.WaitForNotification(waitCtx)
		idle := waitCtx.Err() != nil
		cancel()
		if err == nil {
			h.publish(n.Payload)
			continue
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if !idle {
			return err
		}
		// Silent for a while: make sure the connection is still there. A
		// timeout does not close a pgx connection; notifications that come
		// in during the ping are kept for the next WaitForNotification.
		pingCtx, cancel := context.WithTimeout(ctx, pingTimeout)
		err = conn.Ping(pingCtx)
		cancel()
		if err != nil {
			return fmt.Errorf("ping: %w", err)
		}
	}
}

// listeningNow marks LISTEN active and resyncs every subscriber that may
// have missed a notification while it was not.
func (h *Hub) listeningNow() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.listening = true
	for _, subs := range h.topics {
		for sub := range subs {
			if sub.stale {
				sub.stale = false
				h.deliver(sub, Event{Topic: sub.topic, Resync: true})
			}
		}
	}
	h.readyOnce.Do(func() { close(h.ready) })
}

// lost marks LISTEN inactive: every subscriber may now miss notifications,
// and is told so (Offline) until the Resync of the next LISTEN: a page can
// show that it is not current while the database is out of reach.
func (h *Hub) lost() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.listening {
		return
	}
	h.listening = false
	for _, subs := range h.topics {
		for sub := range subs {
			sub.stale = true
			h.deliver(sub, Event{Topic: sub.topic, Offline: true})
		}
	}
}

// publish passes one notification to the subscribers of its topic.
func (h *Hub) publish(topic string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for sub := range h.topics[topic] {
		h.deliver(sub, Event{Topic: topic})
	}
}

// deliver queues ev for sub without ever blocking. A full queue means the
// subscriber is behind: its whole backlog is replaced by one Resync, which
// covers every change in it and this one (the subscriber reloads after they
// all committed). Called with h.mu held; the hub is the only sender, so
// after the drain there is room.
func (h *Hub) deliver(sub *subscription, ev Event) {
	select {
	case sub.ch <- ev:
		return
	default:
	}
	for drained := false; !drained; {
		select {
		case <-sub.ch:
		default:
			drained = true
		}
	}
	select {
	case sub.ch <- Event{Topic: sub.topic, Resync: true}:
	default:
	}
}

// Subscribe returns a channel of the events for topic and a func that ends
// the subscription (and closes the channel); call it when the stream ends.
// The channel is buffered and never blocks the hub (see Event.Resync).
// After Close, Subscribe returns a closed channel.
func (h *Hub) Subscribe(topic string) (<-chan Event, func()) {
	sub := &subscription{topic: topic, ch: make(chan Event, subscriberBuffer)}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		close(sub.ch)
		return sub.ch, func() {}
	}
	sub.stale = !h.listening
	subs := h.topics[topic]
	if subs == nil {
		subs = make(map[*subscription]struct{})
		h.topics[topic] = subs
	}
	subs[sub] = struct{}{}
	return sub.ch, func() { h.unsubscribe(sub) }
}

func (h *Hub) unsubscribe(sub *subscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	subs := h.topics[sub.topic]
	if _, ok := subs[sub]; !ok {
		return // cancelled before, or the hub is closed
	}
	delete(subs, sub)
	if len(subs) == 0 {
		delete(h.topics, sub.topic)
	}
	close(sub.ch)
}

// Close ends every subscription (closing its channel, so open streams
// finish) and stops Run. Later subscriptions get a closed channel. Call it
// when the server shuts down, before waiting for requests to finish, e.g.
// with http.Server.RegisterOnShutdown(hub.Close): a stream never finishes
// on its own.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	for _, subs := range h.topics {
		for sub := range subs {
			close(sub.ch)
		}
	}
	clear(h.topics)
	close(h.done)
}
