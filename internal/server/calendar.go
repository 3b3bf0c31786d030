package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	ics "github.com/arran4/golang-ical"
	"github.com/go-chi/chi/v5"

	"kui/internal/casework"
	"kui/web"
)

// absoluteURL is path on the address users reach kui on: BASE_URL, or the
// address this request came to.
func (s *Server) absoluteURL(r *http.Request, path string) string {
	if s.baseURL != "" {
		return s.baseURL + path
	}
	scheme := "http"
	if r.TLS != nil || s.https {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

// calendarOf makes an iCalendar of meetings. Titles carry the kind and the
// young person's initials only: a calendar is shared with phones and mail
// servers, so no name, CPR number or content goes into it.
func (s *Server) calendarOf(r *http.Request, entries []casework.CalendarEntry) string {
	t := web.T(r.Context())
	cal := ics.NewCalendar()
	cal.SetMethod(ics.MethodPublish)
	cal.SetProductId("-//kui//Kommunal Ungeindsats//DA")
	cal.SetName(t.MeetingT.ICSCalendarName)
	cal.SetXWRCalName(t.MeetingT.ICSCalendarName)
	cal.SetXWRTimezone("Europe/Copenhagen")
	cal.SetRefreshInterval("PT1H")
	now := s.now()
	for _, e := range entries {
		ev := cal.AddEvent(fmt.Sprintf("meeting-%d@kui", e.MeetingID))
		ev.SetDtStampTime(now)
		ev.SetCreatedTime(e.CreatedAt)
		ev.SetStartAt(e.StartsAt)
		ev.SetEndAt(e.EndsAt)
		ev.SetSequence(e.Version)
		ev.SetSummary(fmt.Sprintf(t.MeetingT.ICSSummary, t.MeetingT.Kinds[e.Kind], e.YouthInitials))
		if loc := e.LocationLine(t.MeetingT.PlaceWithOther); loc != "" {
			ev.SetLocation(loc)
		}
		link := s.absoluteURL(r, web.MeetingPath(e.MeetingID, ""))
		ev.SetURL(link)
		ev.SetDescription(fmt.Sprintf(t.MeetingT.ICSDescription, link))
		ev.SetClass(ics.ClassificationConfidential)
		switch e.Status {
		case casework.MeetingCancelled:
			ev.SetStatus(ics.ObjectStatusCancelled)
		default:
			ev.SetStatus(ics.ObjectStatusConfirmed)
		}
	}
	return cal.Serialize(ics.WithNewLineWindows) // RFC 5545: lines end in CRLF; the library folds them at 75 octets
}

func writeCalendar(w http.ResponseWriter, filename, body string) {
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	_, _ = w.Write([]byte(body))
}

func (s *Server) meetingICS(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	mid, ok := s.id(w, r, "mid")
	if !ok {
		return
	}
	e, err := s.db.MeetingCalendar(ctx, *userFrom(ctx), mid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeCalendar(w, "moede-"+strconv.FormatInt(mid, 10)+".ics", s.calendarOf(r, []casework.CalendarEntry{e}))
}

// calendarFeed is the user's private feed of their meetings, read by
// calendar programs without a login: the secret in the address is the key.
func (s *Server) calendarFeed(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutSuffix(chi.URLParam(r, "token"), ".ics")
	if !ok {
		token = chi.URLParam(r, "token")
	}
	if len(token) < 32 || len(token) > 64 {
		s.fail(w, r, casework.NotFound())
		return
	}
	entries, err := s.db.CalendarFeed(r.Context(), token, s.now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeCalendar(w, "kui.ics", s.calendarOf(r, entries))
}

// CalendarFeedPath is where the feed with the given secret is read.
func CalendarFeedPath(token string) string { return "/calendar/" + token + ".ics" }

func (s *Server) calendarPage(w http.ResponseWriter, r *http.Request) {
	s.showCalendarPage(w, r, "")
}

func (s *Server) showCalendarPage(w http.ResponseWriter, r *http.Request, token string) {
	ctx := r.Context()
	since, err := s.db.CalendarFeedSince(ctx, *userFrom(ctx))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.CalendarFeedView{Page: s.page(r, web.T(ctx).MeetingT.FeedTitle, web.NavHome), Since: since}
	if token != "" {
		v.URL = s.absoluteURL(r, CalendarFeedPath(token))
	}
	s.render(w, r, http.StatusOK, web.CalendarFeedPage(v))
}

// calendarRenew makes a new feed address and shows it, once: only its hash
// is kept, so it is answered here rather than after a redirect.
func (s *Server) calendarRenew(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	token, err := s.db.RenewCalendarFeed(ctx, *userFrom(ctx))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showCalendarPage(w, r, token)
}

func (s *Server) calendarStop(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	err := s.db.StopCalendarFeed(ctx, *userFrom(ctx))
	s.endForm(w, r, err, formEnd{To: "/calendar", Flash: web.T(ctx).MeetingT.FeedStopped})
}
