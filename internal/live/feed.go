package live

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"
)

// ErrGone is what a render function returns when the topic no longer has
// content anybody may watch (the meeting is gone): every watcher of it is
// told to reload (resync) and its stream ends.
var ErrGone = errors.New("live: the topic has no content any more")

// Viewer is who watches a feed: a user, signed in with a session (its
// token). The access check of a feed is asked about viewers.
type Viewer struct {
	UserID  int64
	Session string
}

// FeedConfig is what a feed is made of.
type FeedConfig struct {
	// Kind is the topics' kind: a watch of id follows Topic(Kind, id).
	Kind string
	// Render reads and renders the content of id once, for every watcher
	// (see ErrGone). It runs on the feed's own context, never a request's.
	Render func(ctx context.Context, id int64) ([]byte, error)
	// Check tells, in one call, which of viewers may still watch id:
	// allowed[i] for viewers[i]. An error leaves every watcher as it is.
	Check func(ctx context.Context, id int64, viewers []Viewer) (allowed []bool, err error)
	// Recheck is how often Check runs while nothing changes; a minute when
	// zero.
	Recheck time.Duration
	// Logger gets the feed's failures (never content); nil discards.
	Logger *slog.Logger
}

// Feed timing: how long one render or check may take, and how soon a
// failed render is tried again (doubling up to maxRetry).
const (
	defaultRecheck = time.Minute
	workTimeout    = 10 * time.Second
	minRetry       = 500 * time.Millisecond
	maxRetry       = 5 * time.Second
)

// Feed keeps the rendered content of one kind of topic current for the
// watchers in this app instance. Make one with NewFeed on a running hub,
// Watch per open stream, and Close at shutdown (closing the hub ends every
// watch too).
type Feed struct {
	hub *Hub
	cfg FeedConfig
	log *slog.Logger

	ctx    context.Context // ends with Close: renders and checks run on it
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu     sync.Mutex
	closed bool
	topics map[int64]*feedTopic
}

// feedTopic is one topic with local watchers: its subscription, its last
// content, and the goroutine (run) that keeps it current.
type feedTopic struct {
	id          int64
	events      <-chan Event
	unsubscribe func()
	stop        chan struct{} // closed when the last watch ends
	// Guarded by Feed.mu.
	watches map[*Watch]struct{}
	content []byte // the last render; nil before the first
	offline bool   // the hub lost its connection since the last render
}

// NewFeed returns a feed of cfg.Kind topics, subscribing through hub.
func NewFeed(hub *Hub, cfg FeedConfig) *Feed {
	if cfg.Recheck <= 0 {
		cfg.Recheck = defaultRecheck
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Feed{hub: hub, cfg: cfg, log: log, ctx: ctx, cancel: cancel, topics: make(map[int64]*feedTopic)}
}

// Watch begins a watch of topic id for v, who the caller has checked may
// see it. The watch's first event is the topic's current content (at once
// when another local watcher has it; after one render when v is the
// first). Call Stop when the stream ends. After Close, the watch has ended.
func (f *Feed) Watch(id int64, v Viewer) *Watch {
	w := &Watch{Viewer: v, feed: f, signal: make(chan struct{}, 1)}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		w.finish(endClosed)
		return w
	}
	tp := f.topics[id]
	if tp == nil {
		events, unsubscribe := f.hub.Subscribe(Topic(f.cfg.Kind, id))
		tp = &feedTopic{id: id, events: events, unsubscribe: unsubscribe, stop: make(chan struct{}), watches: make(map[*Watch]struct{})}
		f.topics[id] = tp
		f.wg.Add(1)
		go f.run(tp)
	}
	w.topic = tp
	tp.watches[w] = struct{}{}
	if tp.content != nil {
		w.push(watchEvent{content: tp.content})
		if tp.offline {
			w.push(watchEvent{offline: true})
		}
	}
	return w
}

// Close ends every watch (their streams end without a resync, so browsers
// reconnect, to another instance if this one stops) and waits for the
// topics' goroutines. Later watches have ended at once.
func (f *Feed) Close() {
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		return
	}
	f.closed = true
	for _, tp := range f.topics {
		f.endTopicLocked(tp, endClosed)
	}
	f.mu.Unlock()
	f.cancel()
	f.wg.Wait()
}

// run keeps tp current until its last watch ends, the feed closes or the
// hub ends the subscription: a render at the start, after every change
// and resync (changes already queued are rendered once), and again after
// a failed render; a check every Recheck.
func (f *Feed) run(tp *feedTopic) {
	defer f.wg.Done()
	recheck := time.NewTicker(f.cfg.Recheck)
	defer recheck.Stop()
	var retry <-chan time.Time
	backoff := minRetry
	// The first render checks nobody: every watcher was checked as its
	// watch began.
	due, first := true, true
	for {
		if due {
			due = false
			err := f.refresh(tp, !first, true)
			first = false
			switch {
			case err == nil:
				backoff = minRetry
			case errors.Is(err, ErrGone):
				f.mu.Lock()
				for w := range tp.watches {
					f.endWatchLocked(w, endDenied)
				}
				f.mu.Unlock()
			case f.ctx.Err() != nil:
				return
			default:
				f.log.Warn("live: feed render failed; trying again", "kind", f.cfg.Kind, "err", err, "retry_in", backoff)
				f.setOffline(tp)
				retry = time.After(backoff)
				backoff = min(2*backoff, maxRetry)
			}
		}
		select {
		case <-tp.stop:
			return
		case <-f.ctx.Done():
			return
		case ev, ok := <-tp.events:
			for more := true; more; {
				if !ok {
					f.mu.Lock()
					f.endTopicLocked(tp, endClosed)
					f.mu.Unlock()
					return
				}
				if ev.Offline {
					f.setOffline(tp)
				} else {
					due = true
				}
				select {
				case ev, ok = <-tp.events:
				default:
					more = false
				}
			}
			if due {
				retry = nil
			}
		case <-recheck.C:
			if err := f.refresh(tp, true, false); err != nil && f.ctx.Err() == nil {
				f.log.Warn("live: feed check failed", "kind", f.cfg.Kind, "err", err)
			}
		case <-retry:
			retry = nil
			due = true
		}
	}
}

// refresh, with check, checks tp's watchers, ending the watches of those
// who may no longer see it, and then, with render, renders it once and
// hands the content to every watch. The check comes first, so a viewer who
// lost access never gets what changed after.
func (f *Feed) refresh(tp *feedTopic, check, render bool) error {
	ctx, cancel := context.WithTimeout(f.ctx, workTimeout)
	defer cancel()
	f.mu.Lock()
	watches := make([]*Watch, 0, len(tp.watches))
	for w := range tp.watches {
		watches = append(watches, w)
	}
	f.mu.Unlock()
	if check && len(watches) > 0 && f.cfg.Check != nil {
		viewers := make([]Viewer, len(watches))
		for i, w := range watches {
			viewers[i] = w.Viewer
		}
		allowed, err := f.cfg.Check(ctx, tp.id, viewers)
		if err != nil {
			return err
		}
		f.mu.Lock()
		for i, w := range watches {
			if i >= len(allowed) || !allowed[i] {
				f.endWatchLocked(w, endDenied)
			}
		}
		f.mu.Unlock()
	}
	if !render {
		return nil
	}
	content, err := f.cfg.Render(ctx, tp.id)
	if err != nil {
		return err
	}
	if content == nil {
		content = []byte{}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	tp.content, tp.offline = content, false
	for w := range tp.watches {
		w.push(watchEvent{content: content})
	}
	return nil
}

// setOffline tells tp's watchers that what they show may not be current,
// until the next render.
func (f *Feed) setOffline(tp *feedTopic) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if tp.offline {
		return
	}
	tp.offline = true
	for w := range tp.watches {
		w.push(watchEvent{offline: true})
	}
}

// endTopicLocked ends every watch of tp and forgets tp. Called with f.mu
// held.
func (f *Feed) endTopicLocked(tp *feedTopic, how end) {
	for w := range tp.watches {
		w.finish(how)
	}
	clear(tp.watches)
	f.forgetLocked(tp)
}

// endWatchLocked ends one watch of its topic. Called with f.mu held.
func (f *Feed) endWatchLocked(w *Watch, how end) {
	tp := w.topic
	if _, ok := tp.watches[w]; !ok {
		return
	}
	delete(tp.watches, w)
	w.finish(how)
	if len(tp.watches) == 0 {
		f.forgetLocked(tp)
	}
}

// forgetLocked drops tp once it has no watches: it unsubscribes, its
// goroutine stops, and the next watch of its id starts afresh.
func (f *Feed) forgetLocked(tp *feedTopic) {
	if f.topics[tp.id] == tp {
		delete(f.topics, tp.id)
		tp.unsubscribe()
		close(tp.stop)
	}
}

// Watchers is the number of watches of id in this instance (for tests).
func (f *Feed) Watchers(id int64) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if tp := f.topics[id]; tp != nil {
		return len(tp.watches)
	}
	return 0
}

// end is how a watch ended.
type end int

const (
	endNot    end = iota
	endClosed     // the feed or the hub closed: the stream just ends
	endDenied     // the viewer may no longer watch: resync, then the end
)

// watchEvent is one thing a watch passes to its stream: content, or that
// the content may not be current (offline).
type watchEvent struct {
	content []byte
	offline bool
}

// Watch is one stream's view of a feed. Its events never wait for a slow
// stream: newer content replaces content not yet written.
type Watch struct {
	Viewer
	feed  *Feed
	topic *feedTopic // nil when it ended before it began

	signal chan struct{} // a token when there is something to take

	mu      sync.Mutex
	pending []watchEvent // at most: content, then offline
	ended   end
}

// push queues ev: content replaces everything queued (it is newer, and
// current); offline follows the content, once.
func (w *Watch) push(ev watchEvent) {
	w.mu.Lock()
	if ev.offline {
		if n := len(w.pending); n == 0 || !w.pending[n-1].offline {
			w.pending = append(w.pending, ev)
		}
	} else {
		w.pending = append(w.pending[:0], ev)
	}
	w.mu.Unlock()
	w.wake()
}

func (w *Watch) finish(how end) {
	w.mu.Lock()
	if w.ended == endNot {
		w.ended = how
	}
	w.mu.Unlock()
	w.wake()
}

func (w *Watch) wake() {
	select {
	case w.signal <- struct{}{}:
	default:
	}
}

// take returns what is queued, and how the watch ended (endNot while it
// goes on).
func (w *Watch) take() ([]watchEvent, end) {
	w.mu.Lock()
	defer w.mu.Unlock()
	evs := w.pending
	w.pending = nil
	return evs, w.ended
}

// Stop ends the watch (when its stream ends); the topic's subscription
// ends with its last watch.
func (w *Watch) Stop() {
	f := w.feed
	f.mu.Lock()
	defer f.mu.Unlock()
	if w.topic != nil {
		f.endWatchLocked(w, endClosed)
	}
}
