package server_test

import (
	"bufio"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kui/internal/server"
)

// screenStream reads a view-only screen's event stream: each event as its
// name, a space, and its data lines joined by "\n", as EventSource does.
type screenStream struct {
	events chan string
}

func openScreenStream(t *testing.T, c *client, base string, mid int64) *screenStream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+mtPath(mid, "/events?content=1"), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		resp.Body.Close()
		t.Fatalf("GET events?content=1: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	s := &screenStream{events: make(chan string, 16)}
	go func() {
		defer resp.Body.Close()
		defer close(s.events)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		var event string
		var data []string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = append(data, strings.TrimPrefix(line, "data: "))
			case line == "" && event != "":
				s.events <- event + " " + strings.Join(data, "\n")
				event, data = "", nil
			}
		}
	}()
	return s
}

// next is the stream's next event; "end" once it has ended.
func (s *screenStream) next(t *testing.T) string {
	t.Helper()
	select {
	case ev, ok := <-s.events:
		if !ok {
			return "end"
		}
		return ev
	case <-time.After(mtWithin):
		t.Fatalf("no event within %v", mtWithin)
	}
	return ""
}

// content waits for the stream's next event, which must be content, and
// returns the content.
func (s *screenStream) content(t *testing.T) string {
	t.Helper()
	ev := s.next(t)
	if !strings.HasPrefix(ev, "content ") {
		t.Fatalf("event %q, want content", ev)
	}
	return strings.TrimPrefix(ev, "content ")
}

func screenAuditRows(t *testing.T, app *testApp, mid int64) int {
	t.Helper()
	return countRows(t, app, `SELECT count(*) FROM audit_log WHERE action = 'meeting.screen' AND detail = $1`, "meeting="+itoa64(mid))
}

// Two instances on one database, twenty view-only screens on each: every
// screen's first event is the meeting's content; one edit reaches every
// screen as new content, read and rendered once per instance, not once per
// screen. The audit log holds one meeting.screen row per stream opened and
// none per update; the content never holds the young person's CPR number.
func TestScreenFeedRendersOncePerInstancePerChange(t *testing.T) {
	f := newMtFixture(t)
	id := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("samarbejdsmoede", isoAt(9, "10:00")))
	mtExpect(t, "agenda", f.uu.post(mtPath(id, "/agenda"), url.Values{"text": {"Skolen"}}), http.StatusSeeOther)
	srvA, urlA := f.app.startServer(f.app.DB, server.Config{})
	srvB, urlB := f.app.startServer(f.app.DB, server.Config{})
	mentor := f.app.as("mentor@a.example")

	// Someone who may not see the meeting gets no stream and no audit row.
	if got := f.app.as("jobcenter@a.example").get(mtPath(id, "/events?content=1")).status; got != http.StatusNotFound {
		t.Errorf("content events for an outsider: %d", got)
	}
	before := screenAuditRows(t, f.app, id)

	const perInstance = 20
	var streams []*screenStream
	for _, base := range []string{urlA, urlB} {
		for i := range perInstance {
			c := f.uu
			if i%2 == 1 {
				c = mentor
			}
			streams = append(streams, openScreenStream(t, c, base, id))
		}
	}
	for i, s := range streams {
		c := s.content(t)
		if !strings.Contains(c, "Skolen") || !strings.Contains(c, `data-testid="screen-agenda-item"`) {
			t.Fatalf("screen %d's first content lacks the agenda:\n%s", i, c)
		}
	}
	for name, srv := range map[string]*server.Server{"A": srvA, "B": srvB} {
		if n := server.ScreenWatchers(srv, id); n != perInstance {
			t.Errorf("instance %s feeds %d screens, want %d", name, n, perInstance)
		}
		if n := server.ScreenRenders(srv); n != 1 {
			t.Errorf("instance %s rendered the meeting %d times for %d screens opening, want 1", name, n, perInstance)
		}
	}
	if got := screenAuditRows(t, f.app, id); got != before+2*perInstance {
		t.Errorf("%d meeting.screen audit rows for %d streams opened, want %d", got-before, 2*perInstance, 2*perInstance)
	}

	// One edit, through the first app instance (neither A nor B).
	const text = "Jeg skal i skole hver dag"
	mtExpect(t, "plan", f.uu.post(mtPath(id, "/plan"), mtPlanForm(text, "youth", iso(23))), http.StatusSeeOther)
	for i, s := range streams {
		c := s.content(t)
		if !strings.Contains(c, text) || !strings.Contains(c, `data-testid="screen-plan-item"`) {
			t.Fatalf("screen %d's content after the edit lacks the plan item:\n%s", i, c)
		}
		for _, never := range []string{mtCPRDate, mtCPRSerial, "Jensen", "/edit"} {
			if strings.Contains(c, never) {
				t.Errorf("screen %d's content holds %q", i, never)
			}
		}
	}
	for name, srv := range map[string]*server.Server{"A": srvA, "B": srvB} {
		if n := server.ScreenRenders(srv); n != 2 {
			t.Errorf("instance %s rendered %d times for one change to %d screens, want 1 (and 1 at the start)", name, n-1, perInstance)
		}
		if n := server.ScreenChecks(srv); n != 1 {
			t.Errorf("instance %s checked its screens' viewers %d times for one change, want 1", name, n)
		}
	}
	if got := screenAuditRows(t, f.app, id); got != before+2*perInstance {
		t.Errorf("the update wrote %d meeting.screen audit rows, want none", got-before-2*perInstance)
	}
}

// A screen whose viewer signs out, and one whose viewer leaves the young
// person's team, are told to reload (resync) at the next change, and their
// streams end without the new content; a screen of someone still on the
// team gets it.
func TestScreenFeedEndsTheStreamOfAViewerWhoLostAccess(t *testing.T) {
	f := newMtFixture(t)
	id := mtCreateMeeting(t, f.uu, f.youthID, mtMeetingOf("samarbejdsmoede", isoAt(9, "10:00")))
	srv, base := f.app.startServer(f.app.DB, server.Config{})
	signsOut := f.app.as("uu@a.example") // a second session of uu's
	mentor := f.app.as("mentor@a.example")

	stays := openScreenStream(t, f.uu, base, id)
	out := openScreenStream(t, signsOut, base, id)
	removed := openScreenStream(t, mentor, base, id)
	for _, s := range []*screenStream{stays, out, removed} {
		s.content(t)
	}

	mtExpect(t, "sign out", signsOut.post("/logout", nil), http.StatusSeeOther)
	mtExpect(t, "remove from the team", f.uu.post(youthPath(f.youthID)+"/team/"+f.userID("mentor@a.example")+"/remove", nil), http.StatusSeeOther)
	const text = "Jeg skal i skole hver dag"
	mtExpect(t, "plan", f.uu.post(mtPath(id, "/plan"), mtPlanForm(text, "youth", iso(23))), http.StatusSeeOther)

	if c := stays.content(t); !strings.Contains(c, text) {
		t.Error("the screen of a viewer still on the team lacks the change")
	}
	for name, s := range map[string]*screenStream{"signed out": out, "off the team": removed} {
		if ev := s.next(t); !strings.HasPrefix(ev, "resync ") {
			t.Errorf("%s: event %q, want resync", name, ev)
		}
		if ev := s.next(t); ev != "end" {
			t.Errorf("%s: event %q after the resync, want the end", name, ev)
		}
	}
	if n := server.ScreenWatchers(srv, id); n != 1 {
		t.Errorf("the instance still feeds %d screens, want 1", n)
	}
	// Neither may open the stream again.
	if got := mentor.get(mtPath(id, "/events?content=1")).status; got != http.StatusNotFound {
		t.Errorf("the former team member's new stream: %d, want 404", got)
	}
}
