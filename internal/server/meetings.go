package server

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"kui/internal/casework"
	"kui/internal/postgres"
	"kui/web"
)

// meetingRoutes: meetings, agendas, action plans, the big screen.
func (s *Server) meetingRoutes(r chi.Router) {
	r.Get("/youth/{id}/meetings", s.youthMeetings)
	r.Post("/youth/{id}/meetings", s.meetingCreate)

	r.Get("/meetings/{mid}", s.meetingShow)
	r.Get("/meetings/{mid}/edit", s.meetingEdit)
	r.Post("/meetings/{mid}/edit", s.meetingUpdate)
	r.Get("/meetings/{mid}/end", s.meetingCloseConfirm(casework.MeetingEnded))
	r.Post("/meetings/{mid}/end", s.meetingClose(casework.MeetingEnded))
	r.Get("/meetings/{mid}/cancel", s.meetingCloseConfirm(casework.MeetingCancelled))
	r.Post("/meetings/{mid}/cancel", s.meetingClose(casework.MeetingCancelled))

	r.Post("/meetings/{mid}/agenda", s.agendaAdd)
	r.Post("/meetings/{mid}/agenda/send", s.agendaSend)
	r.Post("/meetings/{mid}/agenda/{iid}/move", s.agendaMove)
	r.Post("/meetings/{mid}/agenda/{iid}/delete", s.agendaDelete)
	r.Get("/meetings/{mid}/agenda/print", s.meetingPrint(web.PrintAgenda))

	r.Post("/meetings/{mid}/plan", s.planAdd)
	r.Get("/meetings/{mid}/plan/print", s.meetingPrint(web.PrintPlan))
	r.Get("/meetings/{mid}/plan/{pid}/edit", s.planEdit)
	r.Post("/meetings/{mid}/plan/{pid}", s.planUpdate)
	r.Post("/meetings/{mid}/plan/{pid}/move", s.planMove)
	r.Post("/meetings/{mid}/plan/{pid}/delete", s.planDelete)
	r.Post("/meetings/{mid}/followup/{pid}", s.followupSave)

	s.screenRoutes(r)
	s.calendarRoutes(r)

	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(casework.RoleAdmin))
		r.Get("/admin/rooms", s.roomsAdmin)
		r.Post("/admin/rooms", s.roomCreate)
		r.Post("/admin/rooms/{rid}", s.roomUpdate)
		r.Post("/admin/rooms/days", s.meetingDayAdd)
		r.Post("/admin/rooms/days/{did}/delete", s.meetingDayDelete)
		r.Post("/admin/rooms/settings", s.meetingSettingsSave)
	})
}

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

// --- The young person's meetings tab and planning a meeting.

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
		slot, found, err := s.db.SuggestSlot(ctx, *u, h.ID, people, from, time.Duration(minutes)*time.Minute)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if found {
			v.Suggested = &slot
			v.Form.StartsAt = casework.FormatMeetingTime(slot.Start)
			v.Form.RoomID = strconv.FormatInt(slot.RoomID, 10)
		} else {
			v.NoSlot = true
		}
	}
	s.render(w, r, status, web.YouthMeetingsPage(v))
}

func (s *Server) meetingCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := userFrom(ctx)
	t := web.T(ctx)
	youthID, err := idParam(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	form := meetingForm(r.PostForm)
	d, err := form.Validate(s.now())
	if err == nil {
		var id int64
		if id, err = s.db.CreateMeeting(ctx, *u, youthID, d); err == nil {
			s.flash(r, "success", t.MeetingT.MeetingCreated)
			s.redirect(w, r, web.MeetingPath(id, ""))
			return
		}
	}
	problems := casework.FieldProblems(err)
	if problems == nil {
		s.fail(w, r, err)
		return
	}
	h, ok := s.youthHeading(w, r)
	if !ok {
		return
	}
	s.showYouthMeetings(w, r, h, http.StatusUnprocessableEntity, form, problems, false)
}

// --- One meeting.

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
	u := userFrom(ctx)
	mid, err := idParam(r, "mid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.fail(w, r, err)
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
		if err = s.db.UpdateMeeting(ctx, *u, mid, form.Version, d); err == nil {
			s.flash(r, "success", web.T(ctx).MeetingT.MeetingSaved)
			s.redirect(w, r, web.MeetingPath(mid, ""))
			return
		}
	}
	switch {
	case casework.Code(err) == casework.EConflict && conflictProblem(err) == casework.ProblemStaleVersion:
		form.Version = m.Version
		s.showMeetingEdit(w, r, m, h, http.StatusConflict, form, nil, true)
	case casework.FieldProblems(err) != nil:
		s.showMeetingEdit(w, r, m, h, http.StatusUnprocessableEntity, form, casework.FieldProblems(err), false)
	default:
		s.fail(w, r, err)
	}
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
		mid, err := idParam(r, "mid")
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if err := s.db.CloseMeeting(ctx, *userFrom(ctx), mid, to); err != nil {
			s.fail(w, r, err)
			return
		}
		t := web.T(ctx)
		if to == casework.MeetingEnded {
			s.flash(r, "success", t.MeetingT.MeetingEndedFlash)
		} else {
			s.flash(r, "success", t.MeetingT.MeetingCancelledFlash)
		}
		s.redirect(w, r, web.MeetingPath(mid, ""))
	}
}

// --- The agenda.

// fromScreen tells that a form was sent from the big screen, which is where
// its answer goes back to.
func fromScreen(r *http.Request) bool { return r.PostForm.Get("return") == "screen" }

// backTo is where a change of a meeting's content leads: the big screen it
// was made from, or the meeting's page at the given fragment.
func backTo(r *http.Request, mid int64, fragment string) string {
	if fromScreen(r) {
		return web.MeetingPath(mid, "/screen?edit=1")
	}
	return web.MeetingPath(mid, fragment)
}

func (s *Server) agendaAdd(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	mid, err := idParam(r, "mid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	form := casework.AgendaForm{Text: r.PostForm.Get("text"), RaisedBy: r.PostForm.Get("raised_by"), Token: r.PostForm.Get("token")}
	kind, err := s.db.AgendaMeetingKind(ctx, *userFrom(ctx), mid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := form.Validate(kind)
	if err == nil {
		err = s.db.AddAgendaItem(ctx, *userFrom(ctx), mid, d, form.Token)
	}
	if err == nil {
		if !fromScreen(r) {
			s.flash(r, "success", web.T(ctx).MeetingT.AgendaAdded)
		}
		s.redirect(w, r, backTo(r, mid, "#agenda"))
		return
	}
	problems := casework.FieldProblems(err)
	if problems == nil {
		s.fail(w, r, err)
		return
	}
	if fromScreen(r) {
		s.showScreen(w, r, http.StatusUnprocessableEntity, func(v *web.ScreenView) {
			v.Agenda, v.AgendaProb, v.AgendaTok = form, problems, form.Token
		})
		return
	}
	s.showMeeting(w, r, http.StatusUnprocessableEntity, func(v *web.MeetingView) {
		v.Agenda, v.AgendaProblems, v.AgendaToken = form, problems, form.Token
	})
}

func (s *Server) agendaSend(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	mid, err := idParam(r, "mid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.db.SendAgenda(ctx, *userFrom(ctx), mid, s.now())
	if err == nil {
		s.flash(r, "success", web.T(ctx).MeetingT.AgendaSentFlash)
		s.redirect(w, r, web.MeetingPath(mid, "#agenda"))
		return
	}
	if p := casework.FieldProblems(err); p != nil {
		s.showMeeting(w, r, http.StatusUnprocessableEntity, func(v *web.MeetingView) { v.SendProblem = p["agenda"] })
		return
	}
	s.fail(w, r, err)
}

// direction reads the move buttons' direction: up, or down.
func direction(r *http.Request) (up bool, err error) {
	switch r.PostForm.Get("direction") {
	case "up":
		return true, nil
	case "down":
		return false, nil
	}
	return false, casework.Invalid(map[string]casework.Problem{"direction": casework.ProblemUnknownChoice})
}

func (s *Server) agendaMove(w http.ResponseWriter, r *http.Request) {
	s.moveItem(w, r, "iid", "#agenda-", s.db.MoveAgendaItem)
}

func (s *Server) planMove(w http.ResponseWriter, r *http.Request) {
	s.moveItem(w, r, "pid", "#plan-", s.db.MovePlanItem)
}

// moveItem moves an agenda or plan item one place, and goes back to it.
func (s *Server) moveItem(w http.ResponseWriter, r *http.Request, param, fragment string, move func(ctx context.Context, actor casework.User, mid, id int64, up bool) error) {
	ctx := r.Context()
	mid, err := idParam(r, "mid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := idParam(r, param)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	up, err := direction(r)
	if err == nil {
		err = move(ctx, *userFrom(ctx), mid, id, up)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, web.MeetingPath(mid, fragment+strconv.FormatInt(id, 10)))
}

func (s *Server) agendaDelete(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	mid, err := idParam(r, "mid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	iid, err := idParam(r, "iid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.DeleteAgendaItem(ctx, *userFrom(ctx), mid, iid); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "success", web.T(ctx).MeetingT.AgendaRemoved)
	s.redirect(w, r, web.MeetingPath(mid, "#agenda"))
}

// --- The action plan.

func planForm(r *http.Request) casework.PlanForm {
	f := r.PostForm
	form := casework.PlanForm{Text: f.Get("text"), Owner: f.Get("owner"), Due: f.Get("due"), Goal: f.Get("goal"), Token: f.Get("token")}
	form.Version, _ = strconv.Atoi(f.Get("version"))
	return form
}

func (s *Server) planAdd(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	mid, err := idParam(r, "mid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	form := planForm(r)
	d, err := form.Validate(s.today())
	if err == nil {
		if err = s.db.AddPlanItem(ctx, *userFrom(ctx), mid, d, form.Token); err == nil {
			if !fromScreen(r) {
				s.flash(r, "success", web.T(ctx).MeetingT.PlanAdded)
			}
			s.redirect(w, r, backTo(r, mid, "#plan"))
			return
		}
	}
	problems := casework.FieldProblems(err)
	if problems == nil {
		s.fail(w, r, err)
		return
	}
	if fromScreen(r) {
		s.showScreen(w, r, http.StatusUnprocessableEntity, func(v *web.ScreenView) {
			v.Plan, v.Problems, v.PlanToken = form, problems, form.Token
		})
		return
	}
	s.showMeeting(w, r, http.StatusUnprocessableEntity, func(v *web.MeetingView) {
		v.Plan, v.PlanProblems, v.PlanToken = form, problems, form.Token
	})
}

func (s *Server) planEdit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	m, h, ok := s.loadMeetingPage(w, r, postgres.ViewMeetingPage)
	if !ok {
		return
	}
	pid, err := idParam(r, "pid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !m.Open() {
		s.fail(w, r, casework.Conflict(casework.ProblemMeetingClosed))
		return
	}
	item, err := s.db.PlanItem(ctx, *userFrom(ctx), m.ID, pid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ret := ""
	if r.URL.Query().Get("return") == "screen" {
		ret = "screen"
	}
	s.renderPlanEdit(w, r, http.StatusOK, web.PlanEditView{Meeting: m, Heading: h, Item: item, Form: formFromPlanItem(item), Return: ret})
}

func formFromPlanItem(p casework.PlanItem) casework.PlanForm {
	f := casework.PlanForm{Text: p.Text, Owner: casework.OwnerYouth, Due: p.Due.Format(time.DateOnly), Goal: string(p.Goal), Version: p.Version}
	if !p.OwnerYouth {
		f.Owner = strconv.FormatInt(p.OwnerID, 10)
	}
	return f
}

func (s *Server) renderPlanEdit(w http.ResponseWriter, r *http.Request, status int, v web.PlanEditView) {
	t := web.T(r.Context())
	v.Page = s.page(r, t.MeetingT.PlanEditTitle, web.NavYouth)
	v.Now = s.now()
	s.render(w, r, status, web.PlanEditPage(v))
}

func (s *Server) planUpdate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := userFrom(ctx)
	pid, err := idParam(r, "pid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	m, h, ok := s.loadMeetingPage(w, r, postgres.ViewMeetingPage)
	if !ok {
		return
	}
	form := planForm(r)
	v := web.PlanEditView{Meeting: m, Heading: h, Item: casework.PlanItem{ID: pid}, Form: form}
	if fromScreen(r) {
		v.Return = "screen"
	}
	d, err := form.Validate(s.today())
	if err == nil {
		if err = s.db.UpdatePlanItem(ctx, *u, m.ID, pid, form.Version, d); err == nil {
			if !fromScreen(r) {
				s.flash(r, "success", web.T(ctx).MeetingT.PlanSaved)
			}
			s.redirect(w, r, backTo(r, m.ID, "#plan-"+strconv.FormatInt(pid, 10)))
			return
		}
	}
	switch {
	case casework.Code(err) == casework.EConflict && conflictProblem(err) == casework.ProblemPlanChanged:
		// Someone saved first: show both texts; the next save starts from
		// the version now stored.
		current, cerr := s.db.PlanItem(ctx, *u, m.ID, pid)
		if cerr != nil {
			s.fail(w, r, cerr)
			return
		}
		v.Conflict = &current
		v.Item = current
		v.Form.Version = current.Version
		s.renderPlanEdit(w, r, http.StatusConflict, v)
	case casework.FieldProblems(err) != nil:
		v.Problems = casework.FieldProblems(err)
		s.renderPlanEdit(w, r, http.StatusUnprocessableEntity, v)
	default:
		s.fail(w, r, err)
	}
}

func (s *Server) planDelete(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	mid, err := idParam(r, "mid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pid, err := idParam(r, "pid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	if err := s.db.DeletePlanItem(ctx, *userFrom(ctx), mid, pid, version); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "success", web.T(ctx).MeetingT.PlanDeleted)
	s.redirect(w, r, web.MeetingPath(mid, "#plan"))
}

func (s *Server) followupSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	mid, err := idParam(r, "mid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pid, err := idParam(r, "pid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	f := r.PostForm
	form := casework.FollowupForm{
		Outcome: f.Get("outcome"), WentWell: f.Get("went_well"), WentBadly: f.Get("went_badly"),
		Carry: f.Get("carry") != "", Due: f.Get("due"), Token: f.Get("token"),
	}
	d, err := form.Validate(s.today())
	if err == nil {
		if err = s.db.RecordFollowup(ctx, *userFrom(ctx), mid, pid, d, form.Token); err == nil {
			s.flash(r, "success", web.T(ctx).MeetingT.FollowupSaved)
			s.redirect(w, r, web.MeetingPath(mid, "#followup-"+strconv.FormatInt(pid, 10)))
			return
		}
	}
	problems := casework.FieldProblems(err)
	if problems == nil {
		s.fail(w, r, err)
		return
	}
	s.showMeeting(w, r, http.StatusUnprocessableEntity, func(v *web.MeetingView) {
		v.FollowupItem, v.Followup, v.FollowupProblems = pid, form, problems
		v.FollowupTokens[pid] = form.Token
	})
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

// homeMeetings are the front page's next meetings of the user and the
// agendas they must send.
func (s *Server) homeMeetings(r *http.Request, u casework.User) (web.HomeMeetingsView, error) {
	v := web.HomeMeetingsView{Now: s.now(), UserID: u.ID}
	var err error
	if v.Meetings, err = s.db.MyMeetings(r.Context(), u, s.now(), 10); err != nil {
		return v, err
	}
	if u.Role != casework.RoleCoordinator {
		v.Alerts, err = s.db.AgendaAlerts(r.Context(), u, s.now())
	}
	return v, err
}
