package server

import (
	"net/http"

	"kui/internal/casework"
	"kui/internal/live"
	"kui/internal/postgres"
	"kui/web"
)

func (s *Server) screen(w http.ResponseWriter, r *http.Request) {
	s.showScreen(w, r, http.StatusOK, func(*web.ScreenView) {})
}

// loadScreen reads what the big screen shows. A coordination meeting has
// no screen: for it the screen does not exist (404).
func (s *Server) loadScreen(w http.ResponseWriter, r *http.Request) (web.ScreenView, bool) {
	ctx := r.Context()
	u := userFrom(ctx)
	mid, err := idParam(r, "mid")
	if err != nil {
		s.fail(w, r, err)
		return web.ScreenView{}, false
	}
	m, err := s.db.ViewMeeting(ctx, *u, mid, postgres.ViewMeetingScreen)
	if casework.Code(err) == casework.ENotFound && s.db.MeetingAccess(ctx, *u, mid, false) == nil {
		// A coordination meeting the user may see: say why there is no screen.
		t := web.T(ctx)
		s.render(w, r, http.StatusNotFound, web.NoScreenPage(web.Page{Title: t.MeetingT.NoScreenTitle, User: u}, mid))
		return web.ScreenView{}, false
	}
	if err != nil {
		s.fail(w, r, err)
		return web.ScreenView{}, false
	}
	t := web.T(ctx)
	v := web.ScreenView{
		Title: t.MeetingT.Kinds[m.Kind] + " · " + casework.FirstName(m.YouthName), Meeting: m, Now: s.now(),
		Edit: m.Open() && (r.URL.Query().Get("edit") != "" || r.Method == http.MethodPost),
	}
	return v, true
}

// showScreen renders the big screen; adjust puts in a form that came back
// with problems. In edit mode the facilitator writes from the screen.
func (s *Server) showScreen(w http.ResponseWriter, r *http.Request, status int, adjust func(*web.ScreenView)) {
	v, ok := s.loadScreen(w, r)
	if !ok {
		return
	}
	v.PlanToken, v.AgendaTok = newFormToken(), newFormToken()
	adjust(&v)
	s.render(w, r, status, web.ScreenPage(v))
}

// screenLive is the changing part of the big screen, fetched again by
// live.js after every change on the editing facilitator's screen (the
// view-only screen gets it through its event stream, screenfeed.go).
func (s *Server) screenLive(w http.ResponseWriter, r *http.Request) {
	v, ok := s.loadScreen(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, web.ScreenContent(v))
}

// meetingEvents streams an event after every change to the meeting (see
// internal/live). The events carry no content, only that something
// changed: the editing facilitator's screen fetches what it may see, under
// its own access check. With content=1 (the view-only big screen) the
// events carry the screen's content instead (screenEvents, screenfeed.go).
func (s *Server) meetingEvents(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	mid, ok := s.id(w, r, "mid")
	if !ok {
		return
	}
	if r.URL.Query().Get("content") != "" {
		s.screenEvents(w, r, mid)
		return
	}
	if err := s.db.MeetingAccess(ctx, *userFrom(ctx), mid, false); err != nil {
		s.fail(w, r, err)
		return
	}
	if s.live == nil {
		w.Header().Set("Retry-After", "30")
		http.Error(w, "live updates are off", http.StatusServiceUnavailable)
		return
	}
	events, cancel := s.live.Subscribe(live.Topic("meeting", mid))
	defer cancel()
	_ = live.Stream(w, r, events)
}
