package live

import (
	"bytes"
	"errors"
	"net/http"
	"strings"
	"time"
)

const (
	// pingInterval: a comment line this often keeps proxies and load
	// balancers from closing an idle stream, and lets a write to a client
	// that has gone fail, which ends the stream.
	pingInterval = 15 * time.Second
	// writeTimeout bounds each write: a client that stops reading is
	// dropped instead of holding the handler forever.
	writeTimeout = 10 * time.Second
	// maxBatch events already waiting are written together, coalesced.
	maxBatch = subscriberBuffer
)

// Stream answers r with a Server-Sent Events stream of events, until the
// request's context ends (the client went away, the server shuts down) or
// events is closed (the subscription ended, Hub.Close); it returns nil then,
// and an error when the response cannot be streamed (no Flush) or a write
// fails. The caller subscribes and checks access first:
//
//	events, cancel := hub.Subscribe(live.Topic("meeting", id))
//	defer cancel()
//	_ = live.Stream(w, r, events)
//
// What the client reads:
//
//	retry: 1000           (reconnect after 1 s when the stream breaks)
//	event: resync         at once, and when changes may have been missed:
//	data: meeting:123     reload everything (data is empty on the first)
//	event: change         the topic changed: reload it
//	data: meeting:123
//	event: offline        the database is out of reach: the page is not
//	data: meeting:123     current until the next resync
//	: ping                a comment every 15 s while idle
//
// Events carry only their topic, never content. Events already queued when
// one is written are coalesced: one per topic, a resync covering changes.
//
// Each write gets its own deadline, replacing http.Server's WriteTimeout,
// which would otherwise end every stream that long after it began.
func Stream(w http.ResponseWriter, r *http.Request, events <-chan Event) error {
	return stream(w, r, events, pingInterval)
}

// eventWriter sets an event stream's headers on w and returns the
// function that sends what buf holds: with its own write deadline (an
// http.Server's WriteTimeout would end every stream that long after it
// began), flushed, and buf emptied.
func eventWriter(w http.ResponseWriter, buf *bytes.Buffer) func() error {
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	h.Del("Content-Length")
	return func() error {
		if err := rc.SetWriteDeadline(time.Now().Add(writeTimeout)); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return err
		}
		if _, err := w.Write(buf.Bytes()); err != nil {
			return err
		}
		buf.Reset()
		return rc.Flush()
	}
}

func stream(w http.ResponseWriter, r *http.Request, events <-chan Event, ping time.Duration) error {
	var buf bytes.Buffer
	write := eventWriter(w, &buf)

	w.WriteHeader(http.StatusOK)
	buf.WriteString("retry: 1000\n")
	writeEvent(&buf, Event{Resync: true})
	if err := write(); err != nil {
		return err
	}

	ticker := time.NewTicker(ping)
	defer ticker.Stop()
	batch := make([]Event, 0, maxBatch)
	for {
		select {
		case <-r.Context().Done():
			return nil
		case <-ticker.C:
			buf.WriteString(": ping\n\n")
			if err := write(); err != nil {
				return err
			}
		case ev, ok := <-events:
			if !ok {
				return nil
			}
			batch = append(batch[:0], ev)
			open := true
		more:
			for open && len(batch) < maxBatch {
				select {
				case ev, ok := <-events:
					if !ok {
						open = false
						break more
					}
					batch = append(batch, ev)
				default:
					break more
				}
			}
			for _, ev := range coalesce(batch) {
				writeEvent(&buf, ev)
			}
			if err := write(); err != nil {
				return err
			}
			if !open {
				return nil
			}
			ticker.Reset(ping)
		}
	}
}

// writeEvent appends ev in the event-stream format. A topic never holds a
// line break (Topic makes none); one that did is cut, not passed on as an
// extra field.
func writeEvent(buf *bytes.Buffer, ev Event) {
	switch {
	case ev.Offline:
		buf.WriteString("event: offline\ndata: ")
	case ev.Resync:
		buf.WriteString("event: resync\ndata: ")
	default:
		buf.WriteString("event: change\ndata: ")
	}
	topic := ev.Topic
	if i := strings.IndexAny(topic, "\r\n"); i >= 0 {
		topic = topic[:i]
	}
	buf.WriteString(topic)
	buf.WriteString("\n\n")
}

// coalesce keeps one event per topic, in the order topics first appear; a
// resync for a topic absorbs its changes, since the client reloads after
// all of them; an offline event and what follows it replace each other,
// so the last state wins. It reuses batch's array.
func coalesce(batch []Event) []Event {
	out := batch[:0]
	for _, ev := range batch {
		seen := false
		for i := range out {
			if out[i].Topic == ev.Topic {
				if ev.Offline || out[i].Offline {
					out[i] = ev
				} else {
					out[i].Resync = out[i].Resync || ev.Resync
				}
				seen = true
				break
			}
		}
		if !seen {
			out = append(out, ev)
		}
	}
	return out
}

// StreamContent answers r with a Server-Sent Events stream of a feed's
// content for watch, until the request's context ends, the watch ends
// (Feed.Close, Hub.Close: the stream just ends, and the browser reconnects)
// or the viewer may no longer watch (resync, then the end). It returns nil
// then, and an error when the response cannot be streamed or a write
// fails. The caller checks access, writes its audit row and watches first:
//
//	watch := feed.Watch(id, viewer)
//	defer watch.Stop()
//	_ = live.StreamContent(w, r, watch)
//
// What the client reads:
//
//	retry: 1000           (with the first event: reconnect after 1 s when
//	                      the stream breaks)
//	event: content        first, and after every change: the content,
//	data: <div …>         one data line per line of it
//	data: …
//	event: offline        the database is out of reach: the content is not
//	data: meeting:123     current until the next content
//	event: resync         the viewer may no longer watch (signed out, lost
//	data: meeting:123     access): reload the page; the stream ends
//	: ping                a comment every 15 s while idle
//
// Content not yet written when newer content comes is replaced by it.
func StreamContent(w http.ResponseWriter, r *http.Request, watch *Watch) error {
	return streamContent(w, r, watch, pingInterval)
}

func streamContent(w http.ResponseWriter, r *http.Request, watch *Watch, ping time.Duration) error {
	var buf bytes.Buffer
	write := eventWriter(w, &buf)

	topic := ""
	if watch.topic != nil {
		topic = Topic(watch.feed.cfg.Kind, watch.topic.id)
	}
	// The headers go at once, so the client knows the stream is open; the
	// retry field goes with the first event, so that the first block a
	// client reads is that event, the content (readers that take every
	// block for an event, such as cmd/kuibench's, see it first).
	w.WriteHeader(http.StatusOK)
	if err := write(); err != nil { // nothing yet: the headers, flushed
		return err
	}
	retry := "retry: 1000\n"
	ticker := time.NewTicker(ping)
	defer ticker.Stop()
	for {
		select {
		case <-r.Context().Done():
			return nil
		case <-ticker.C:
			buf.WriteString(": ping\n\n")
			if err := write(); err != nil {
				return err
			}
		case <-watch.signal:
			evs, ended := watch.take()
			if len(evs) > 0 || ended == endDenied {
				buf.WriteString(retry)
				retry = ""
				for _, ev := range evs {
					if ev.offline {
						writeEvent(&buf, Event{Topic: topic, Offline: true})
					} else {
						writeContent(&buf, ev.content)
					}
				}
				if ended == endDenied {
					writeEvent(&buf, Event{Topic: topic, Resync: true})
				}
				if err := write(); err != nil {
					return err
				}
			}
			if ended != endNot {
				return nil
			}
			ticker.Reset(ping)
		}
	}
}

// writeContent appends content as one "content" event: a data line per
// line (the client joins them with "\n"; a "\r" ends a line too).
func writeContent(buf *bytes.Buffer, content []byte) {
	buf.WriteString("event: content\n")
	for {
		i := bytes.IndexAny(content, "\r\n")
		if i < 0 {
			break
		}
		buf.WriteString("data: ")
		buf.Write(content[:i])
		buf.WriteByte('\n')
		if content[i] == '\r' && i+1 < len(content) && content[i+1] == '\n' {
			i++
		}
		content = content[i+1:]
	}
	buf.WriteString("data: ")
	buf.Write(content)
	buf.WriteString("\n\n")
}
