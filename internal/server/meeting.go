package server

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strconv"
	"time"

	"kui/internal/casework"
	"kui/internal/postgres"
	"kui/web"
)

// newFormToken is the one-time token of a form that creates something: the
// database takes each token once, so a double-clicked submit creates one
// item.
func newFormToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}

func meetingTitle(t *web.Catalogue, m casework.Meeting) string {
	return t.MeetingT.Kinds[m.Kind] + " " + t.Date(m.StartsAt)
}

// meetingForm reads the meeting form as typed.
func meetingForm(values map[string][]string) casework.MeetingForm {
	get := func(k string) string {
		if v := values[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	f := casework.MeetingForm{
		Kind:               get("kind"),
		StartsAt:           get("starts_at"),
		Minutes:            get("minutes"),
		RoomID:             get("room_id"),
		Place:              get("place"),
		FacilitatorID:      get("facilitator_id"),
		YouthAttends:       get("youth_attends") != "",
		Participants:       values["participants"],
		ParticipantsChosen: get("participants_chosen") != "",
	}
	f.Version, _ = strconv.Atoi(get("version"))
	return f
}

func (s *Server) youthMeetings(w http.ResponseWriter, r *http.Request) {
	h, ok := s.youthHeading(w, r)
	if !ok {
		return
	}
	u := userFrom(r.Context())
	form := casework.MeetingForm{Kind: string(casework.KindCooperation), Minutes: strconv.Itoa(casework.DefaultMeetingMinutes), FacilitatorID: strconv.FormatInt(u.ID, 10)}
	q := r.URL.Query()
	suggest := q.Get("suggest") != ""
	if suggest {
		form = meetingForm(q)
	}
	s.showYouthMeetings(w, r, h, http.StatusOK, form, nil, suggest)
}

// showYouthMeetings renders the meetings tab with the form as given; with
// suggest it proposes the next free slot on the fixed meeting days.
func (s *Server) showYouthMeetings(w http.ResponseWriter, r *http.Request, h casework.YouthHeading, status int, form casework.MeetingForm, problems map[string]casework.Problem, suggest bool) {
	ctx := r.Context()
	u := userFrom(ctx)
	t := web.T(ctx)
	list, plans, err := s.db.YouthMeetings(ctx, *u, h.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	opts, err := s.db.MeetingOptions(ctx, *u, h.ID, s.today())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.YouthMeetingsView{
		Page: s.page(r, t.MeetingT.TabTitle, web.NavYouth), Heading: h, Now: s.now(),
		Meetings: list, Plans: plans, Options: opts, Form: form, Problems: problems,
	}
	if suggest {
		minutes, err := strconv.Atoi(form.Minutes)
		if err != nil || minutes <= 0 {
			minutes = casework.DefaultMeetingMinutes
		}
		var people []int64
		if fid, err := strconv.ParseInt(form.FacilitatorID, 10, 64); err == nil {
			people = append(people, fid)
		}
		if form.ParticipantsChosen {
			for _, p := range form.Participants {
				if id, err := strconv.ParseInt(p, 10, 64); err == nil {
					people = append(people, id)
				}
			}
		} else {
			for _, m := range opts.Team {
				people = append(people, m.UserID)
			}
		}
		// From tomorrow: a proposal for today would leave no time to send the agenda.
		today := v.Now.In(web.Copenhagen)
		from := time.Date(today.Year(), today.Month(), today.Day()+1, 0, 0, 0, 0, web.Copenhagen)
		p, err := s.db.SuggestSlot(ctx, *u, h.ID, people, from, time.Duration(minutes)*time.Minute)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if p.Found {
			v.Suggested = &p
			v.Form.StartsAt = casework.FormatMeetingTime(p.Slot.Start)
			v.Form.RoomID = strconv.FormatInt(p.Slot.RoomID, 10)
		} else {
			v.NoSlot = &p
		}
	}
	s.render(w, r, status, web.YouthMeetingsPage(v))
}

func (s *Server) meetingCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	youthID, ok := s.id(w, r, "id")
	if !ok || !s.posted(w, r) {
		return
	}
	form := meetingForm(r.PostForm)
	d, err := form.Validate(s.now())
	var id int64
	if err == nil {
		id, err = s.db.CreateMeeting(ctx, *userFrom(ctx), youthID, d)
	}
	s.endForm(w, r, err, formEnd{To: web.MeetingPath(id, ""), Flash: web.T(ctx).MeetingT.MeetingCreated,
		Invalid: func(status int, problems map[string]casework.Problem) {
			if h, ok := s.youthHeading(w, r); ok {
				s.showYouthMeetings(w, r, h, status, form, problems, false)
			}
		}})
}

// loadMeetingPage reads the meeting and the young person's heading for a
// page under the meeting. On failure it has answered and returns false.
func (s *Server) loadMeetingPage(w http.ResponseWriter, r *http.Request, view postgres.MeetingView) (casework.Meeting, casework.YouthHeading, bool) {
	ctx := r.Context()
	u := userFrom(ctx)
	mid, err := idParam(r, "mid")
	if err != nil {
		s.fail(w, r, err)
		return casework.Meeting{}, casework.YouthHeading{}, false
	}
	m, err := s.db.ViewMeeting(ctx, *u, mid, view)
	if err != nil {
		s.fail(w, r, err)
		return casework.Meeting{}, casework.YouthHeading{}, false
	}
	h, err := s.db.YouthHeading(ctx, *u, m.YouthID)
	if err != nil {
		s.fail(w, r, err)
		return casework.Meeting{}, casework.YouthHeading{}, false
	}
	return m, h, true
}

func (s *Server) meetingShow(w http.ResponseWriter, r *http.Request) {
	s.showMeeting(w, r, http.StatusOK, func(*web.MeetingView) {})
}

// showMeeting renders the meeting's page; adjust puts in the form that came
// back with problems, if any.
func (s *Server) showMeeting(w http.ResponseWriter, r *http.Request, status int, adjust func(*web.MeetingView)) {
	m, h, ok := s.loadMeetingPage(w, r, postgres.ViewMeetingPage)
	if !ok {
		return
	}
	t := web.T(r.Context())
	v := web.MeetingView{
		Page: s.page(r, meetingTitle(t, m), web.NavYouth), Heading: h, Now: s.now(), Meeting: m,
		AgendaToken: newFormToken(), PlanToken: newFormToken(), FollowupTokens: map[int64]string{},
	}
	for _, p := range m.Previous {
		v.FollowupTokens[p.ID] = newFormToken()
	}
	adjust(&v)
	s.render(w, r, status, web.MeetingPage(v))
}

func (s *Server) meetingEdit(w http.ResponseWriter, r *http.Request) {
	m, h, ok := s.loadMeetingPage(w, r, postgres.ViewMeetingPage)
	if !ok {
		return
	}
	if !m.Open() {
		s.fail(w, r, casework.Conflict(casework.ProblemMeetingClosed))
		return
	}
	s.showMeetingEdit(w, r, m, h, http.StatusOK, web.MeetingFormFromMeeting(m), nil, false)
}

func (s *Server) showMeetingEdit(w http.ResponseWriter, r *http.Request, m casework.Meeting, h casework.YouthHeading, status int, form casework.MeetingForm, problems map[string]casework.Problem, stale bool) {
	ctx := r.Context()
	t := web.T(ctx)
	opts, err := s.db.MeetingOptions(ctx, *userFrom(ctx), m.YouthID, s.today())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.MeetingEditView{
		Page: s.page(r, t.MeetingT.EditTitle, web.NavYouth), Heading: h, Now: s.now(), Meeting: m,
		Options: opts, Form: form, Problems: problems, Stale: stale,
	}
	s.render(w, r, status, web.MeetingEditPage(v))
}

func (s *Server) meetingUpdate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	mid, ok := s.id(w, r, "mid")
	if !ok || !s.posted(w, r) {
		return
	}
	m, h, ok := s.loadMeetingPage(w, r, postgres.ViewMeetingPage)
	if !ok {
		return
	}
	form := meetingForm(r.PostForm)
	form.Kind = string(m.Kind)
	form.ParticipantsChosen = true
	d, err := form.Validate(s.now())
	if err == nil {
		err = s.db.UpdateMeeting(ctx, *userFrom(ctx), mid, form.Version, d)
	}
	s.endForm(w, r, err, formEnd{To: web.MeetingPath(mid, ""), Flash: web.T(ctx).MeetingT.MeetingSaved,
		Invalid: func(status int, problems map[string]casework.Problem) {
			s.showMeetingEdit(w, r, m, h, status, form, problems, false)
		},
		ConflictOn: casework.ProblemStaleVersion,
		Conflict: func(status int, _ casework.Problem) {
			form.Version = m.Version
			s.showMeetingEdit(w, r, m, h, status, form, nil, true)
		}})
}

func (s *Server) meetingCloseConfirm(to casework.MeetingStatus) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		m, h, ok := s.loadMeetingPage(w, r, postgres.ViewMeetingPage)
		if !ok {
			return
		}
		if !m.Open() {
			s.fail(w, r, casework.Conflict(casework.ProblemMeetingClosed))
			return
		}
		t := web.T(r.Context())
		title := t.MeetingT.EndTitle
		if to == casework.MeetingCancelled {
			title = t.MeetingT.CancelTitle
		}
		v := web.MeetingCloseView{Page: s.page(r, title, web.NavYouth), Heading: h, Now: s.now(), Meeting: m, To: to}
		s.render(w, r, http.StatusOK, web.MeetingClosePage(v))
	}
}

func (s *Server) meetingClose(to casework.MeetingStatus) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		mid, ok := s.id(w, r, "mid")
		if !ok {
			return
		}
		err := s.db.CloseMeeting(ctx, *userFrom(ctx), mid, to)
		t := web.T(ctx)
		flash := t.MeetingT.MeetingCancelledFlash
		if to == casework.MeetingEnded {
			flash = t.MeetingT.MeetingEndedFlash
		}
		s.endForm(w, r, err, formEnd{To: web.MeetingPath(mid, ""), Flash: flash})
	}
}

// backTo is where a change of a meeting's content leads: the big screen it
// was made from, or the meeting's page at the given fragment.
func backTo(r *http.Request, mid int64, fragment string) string {
	if fromScreen(r) {
		return web.MeetingPath(mid, "/screen?edit=1")
	}
	return web.MeetingPath(mid, fragment)
}

// meetingFormEnd ends a form posted on a meeting's page or, when onScreen
// is given, on its big screen (fromScreen): done, back where it came from,
// with flash on the page only (the screen shows the change itself); with
// field problems, that page again with the form as typed.
type meetingFormEnd struct {
	To, Flash string
	OnPage    func(v *web.MeetingView, problems map[string]casework.Problem)
	OnScreen  func(v *web.ScreenView, problems map[string]casework.Problem)
}

func (s *Server) endMeetingForm(w http.ResponseWriter, r *http.Request, err error, e meetingFormEnd) {
	screen := e.OnScreen != nil && fromScreen(r)
	end := formEnd{To: e.To, Flash: e.Flash, Invalid: func(status int, problems map[string]casework.Problem) {
		s.showMeeting(w, r, status, func(v *web.MeetingView) { e.OnPage(v, problems) })
	}}
	if screen {
		end.Flash = ""
		end.Invalid = func(status int, problems map[string]casework.Problem) {
			s.showScreen(w, r, status, func(v *web.ScreenView) { e.OnScreen(v, problems) })
		}
	}
	s.endForm(w, r, err, end)
}

// meetingPrint is a print view for the young person: never of a
// coordination meeting.
func (s *Server) meetingPrint(what web.PrintKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		mid, err := idParam(r, "mid")
		if err != nil {
			s.fail(w, r, err)
			return
		}
		m, err := s.db.ViewMeeting(ctx, *userFrom(ctx), mid, postgres.ViewMeetingPrint)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if what == web.PrintPlan && !m.Kind.HasPlan() {
			s.fail(w, r, casework.NotFound())
			return
		}
		t := web.T(ctx)
		title := t.MeetingT.PrintAgendaTitle
		if what == web.PrintPlan {
			title = t.MeetingT.PrintPlanTitle
		}
		s.render(w, r, http.StatusOK, web.MeetingPrintPage(web.MeetingPrintView{Title: title, Meeting: m, What: what}))
	}
}
