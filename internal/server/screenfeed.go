package server

import (
	"bytes"
	"context"
	"net/http"
	"sync/atomic"
	"time"

	"kui/internal/casework"
	"kui/internal/live"
	"kui/internal/postgres"
	"kui/web"
)

// screenFeed keeps the view-only big screens of this instance current
// (internal/live.Feed): per meeting with at least one screen open here, one
// read and one render of the screen's content per change, sent to every
// screen as "event: content". The editing facilitator's screen is not fed:
// it shows edit links, so it fetches its own content after each change.
type screenFeed struct {
	*live.Feed
	// renders counts the meetings read and rendered for the feed, checks
	// the access checks of its watchers (tests count them).
	renders atomic.Int64
	checks  atomic.Int64
}

// newScreenFeed makes the screen feed on the server's live hub; nil
// without one (the event streams answer 503 then).
func (s *Server) newScreenFeed() *screenFeed {
	if s.live == nil {
		return nil
	}
	sf := &screenFeed{}
	sf.Feed = live.NewFeed(s.live, live.FeedConfig{
		Kind: "meeting",
		Render: func(ctx context.Context, mid int64) ([]byte, error) {
			sf.renders.Add(1)
			return s.screenContent(ctx, mid)
		},
		Check: func(ctx context.Context, mid int64, viewers []live.Viewer) ([]bool, error) {
			sf.checks.Add(1)
			return s.screenWatchers(ctx, mid, viewers)
		},
		Recheck: screenRecheck,
		Logger:  s.log,
	})
	return sf
}

// screenRecheck: a screen whose viewer signed out, or lost access to the
// meeting, stops within one change, or this long when nothing changes.
const screenRecheck = time.Minute

// screenContent renders the changing part of a view-only big screen, once
// for all its viewers: a system read without an actor (MeetingForScreen).
// The content shows nothing that depends on who watches, and nothing but
// the young person's first name: never a CPR number.
func (s *Server) screenContent(ctx context.Context, mid int64) ([]byte, error) {
	m, err := s.db.MeetingForScreen(ctx, mid)
	if casework.Code(err) == casework.ENotFound {
		return nil, live.ErrGone
	}
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	ctx = web.WithCatalogue(ctx, &web.Danish)
	if err := web.ScreenContent(web.ScreenView{Meeting: m, Now: s.now()}).Render(ctx, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// screenWatchers checks, in one query, which of a meeting's viewers here
// may still watch its screen: still signed in with the same session, and
// still allowed to see the meeting.
func (s *Server) screenWatchers(ctx context.Context, mid int64, viewers []live.Viewer) ([]bool, error) {
	ws := make([]postgres.ScreenWatcher, len(viewers))
	for i, v := range viewers {
		ws[i] = postgres.ScreenWatcher{UserID: v.UserID, Session: v.Session}
	}
	// Sessions run on the wall clock, as the session store does.
	return s.db.ScreenWatchers(ctx, mid, ws, time.Now())
}

// screenEvents is the event stream of a view-only big screen
// (/meetings/{mid}/events?content=1): its first event is the screen's
// content, and so is every later one. Opening it is checked and recorded
// (one meeting.screen audit row per stream, none per update).
func (s *Server) screenEvents(w http.ResponseWriter, r *http.Request, mid int64) {
	ctx := r.Context()
	u := userFrom(ctx)
	if err := s.db.ScreenOpened(ctx, *u, mid); err != nil {
		s.fail(w, r, err)
		return
	}
	if s.screens == nil {
		w.Header().Set("Retry-After", "30")
		http.Error(w, "live updates are off", http.StatusServiceUnavailable)
		return
	}
	watch := s.screens.Watch(mid, live.Viewer{UserID: u.ID, Session: s.sessions.Token(ctx)})
	defer watch.Stop()
	_ = live.StreamContent(w, r, watch)
}
