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
	return casework.PlanForm{Text: f.Get("text"), Owner: f.Get("owner"), Due: f.Get("due"), Goal: f.Get("goal"), Token: f.Get("token"), Version: formVersion(r)}
}

func (s *Server) planAdd(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	mid, ok := s.id(w, r, "mid")
	if !ok || !s.posted(w, r) {
		return
	}
	form := planForm(r)
	d, err := form.Validate(s.today())
	if err == nil {
		err = s.db.AddPlanItem(ctx, *userFrom(ctx), mid, d, form.Token)
	}
	s.endMeetingForm(w, r, err, meetingFormEnd{To: backTo(r, mid, "#plan"), Flash: web.T(ctx).MeetingT.PlanAdded,
		OnPage: func(v *web.MeetingView, problems map[string]casework.Problem) {
			v.Plan, v.PlanProblems, v.PlanToken = form, problems, form.Token
		},
		OnScreen: func(v *web.ScreenView, problems map[string]casework.Problem) {
			v.Plan, v.Problems, v.PlanToken = form, problems, form.Token
		}})
}

func (s *Server) planEdit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	m, h, ok := s.loadMeetingPage(w, r, postgres.ViewMeetingPage)
	if !ok {
		return
	}
	pid, ok := s.id(w, r, "pid")
	if !ok {
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
	pid, ok := s.id(w, r, "pid")
	if !ok || !s.posted(w, r) {
		return
	}
	m, h, ok := s.loadMeetingPage(w, r, postgres.ViewMeetingPage)
	if !ok {
		return
	}
	form := planForm(r)
	v := web.PlanEditView{Meeting: m, Heading: h, Item: casework.PlanItem{ID: pid}, Form: form}
	end := formEnd{To: backTo(r, m.ID, "#plan-"+strconv.FormatInt(pid, 10)), Flash: web.T(ctx).MeetingT.PlanSaved,
		Invalid: func(status int, problems map[string]casework.Problem) {
			v.Problems = problems
			s.renderPlanEdit(w, r, status, v)
		},
		ConflictOn: casework.ProblemPlanChanged,
		Conflict: func(status int, _ casework.Problem) {
			// Someone saved first: show both texts; the next save starts
			// from the version now stored.
			current, err := s.db.PlanItem(ctx, *u, m.ID, pid)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			v.Conflict, v.Item, v.Form.Version = &current, current, current.Version
			s.renderPlanEdit(w, r, status, v)
		}}
	if fromScreen(r) {
		v.Return, end.Flash = "screen", ""
	}
	d, err := form.Validate(s.today())
	if err == nil {
		err = s.db.UpdatePlanItem(ctx, *u, m.ID, pid, form.Version, d)
	}
	s.endForm(w, r, err, end)
}

func (s *Server) planDelete(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ids, ok := s.ids(w, r, "mid", "pid")
	if !ok || !s.posted(w, r) {
		return
	}
	err := s.db.DeletePlanItem(ctx, *userFrom(ctx), ids[0], ids[1], formVersion(r))
	s.endForm(w, r, err, formEnd{To: web.MeetingPath(ids[0], "#plan"), Flash: web.T(ctx).MeetingT.PlanDeleted})
}

func (s *Server) followupSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ids, ok := s.ids(w, r, "mid", "pid")
	if !ok || !s.posted(w, r) {
		return
	}
	mid, pid := ids[0], ids[1]
	f := r.PostForm
	form := casework.FollowupForm{
		Outcome: f.Get("outcome"), WentWell: f.Get("went_well"), WentBadly: f.Get("went_badly"),
		Carry: f.Get("carry") != "", Due: f.Get("due"), Token: f.Get("token"),
	}
	d, err := form.Validate(s.today())
	if err == nil {
		err = s.db.RecordFollowup(ctx, *userFrom(ctx), mid, pid, d, form.Token)
	}
	s.endMeetingForm(w, r, err, meetingFormEnd{To: web.MeetingPath(mid, "#followup-"+strconv.FormatInt(pid, 10)), Flash: web.T(ctx).MeetingT.FollowupSaved,
		OnPage: func(v *web.MeetingView, problems map[string]casework.Problem) {
			v.FollowupItem, v.Followup, v.FollowupProblems = pid, form, problems
			v.FollowupTokens[pid] = form.Token
		}})
}
