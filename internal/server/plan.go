package server

import (
	"net/http"
	"strconv"
	"time"

	"kui/internal/casework"
	"kui/internal/postgres"
	"kui/web"
)

func (s *Server) planMove(w http.ResponseWriter, r *http.Request) {
	s.moveItem(w, r, "pid", "#plan-", s.db.MovePlanItem)
}

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
	s.redirect(w, r, meetingLink(mid, "#plan"))
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
			s.redirect(w, r, meetingLink(mid, "#followup-"+strconv.FormatInt(pid, 10)))
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
