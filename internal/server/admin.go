package server

import (
	"net/http"
	"strconv"

	"kui/internal/casework"
	"kui/web"
)

func (s *Server) showUnits(w http.ResponseWriter, r *http.Request, status int, adjust func(*web.UnitsView)) {
	ctx := r.Context()
	units, err := s.db.ListUnits(ctx, *userFrom(ctx))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.UnitsView{Page: s.page(r, web.T(ctx).TeamT.UnitsTitle, web.NavAdmin), Units: units}
	adjust(&v)
	s.render(w, r, status, web.UnitsPage(v))
}

func (s *Server) unitsShow(w http.ResponseWriter, r *http.Request) {
	s.showUnits(w, r, http.StatusOK, func(*web.UnitsView) {})
}

func (s *Server) unitAdd(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !s.posted(w, r) {
		return
	}
	typed := r.PostForm.Get("name")
	name, err := casework.ValidateUnitName(typed)
	if err == nil {
		err = s.db.AddUnit(ctx, *userFrom(ctx), name)
	}
	s.endForm(w, r, err, formEnd{To: "/admin/units", Flash: web.T(ctx).TeamT.UnitAdded,
		Invalid: func(status int, problems map[string]casework.Problem) {
			s.showUnits(w, r, status, func(v *web.UnitsView) { v.NewName, v.Problems = typed, problems })
		}})
}

func (s *Server) unitRename(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	unitID, ok := s.id(w, r, "unitID")
	if !ok || !s.posted(w, r) {
		return
	}
	typed := r.PostForm.Get("name")
	name, err := casework.ValidateUnitName(typed)
	if err == nil {
		err = s.db.RenameUnit(ctx, *userFrom(ctx), unitID, name)
	}
	s.endForm(w, r, err, formEnd{To: "/admin/units", Flash: web.T(ctx).TeamT.UnitRenamed,
		Invalid: func(status int, problems map[string]casework.Problem) {
			s.showUnits(w, r, status, func(v *web.UnitsView) { v.RenameID, v.RenameName, v.RenameProblem = unitID, typed, problems["name"] })
		}})
}

func (s *Server) scalePage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	scale, err := s.db.ProgressionScale(ctx, *userFrom(ctx))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var form casework.ScaleForm
	for _, st := range scale {
		if st.Step >= 1 && st.Step <= len(form.Labels) {
			form.Labels[st.Step-1] = st.Label
		}
	}
	s.render(w, r, http.StatusOK, web.ScalePage(web.ScaleView{Page: s.page(r, web.T(ctx).OverT.ScaleTitle, ""), Form: form}))
}

func (s *Server) scaleSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !s.posted(w, r) {
		return
	}
	var form casework.ScaleForm
	for i := range form.Labels {
		form.Labels[i] = r.PostForm.Get("step" + strconv.Itoa(i+1))
	}
	scale, err := form.Validate()
	if err == nil {
		err = s.db.SetProgressionScale(ctx, *userFrom(ctx), scale)
	}
	s.endForm(w, r, err, formEnd{To: "/admin/progression-scale", Flash: web.T(ctx).OverT.ScaleSaved,
		Invalid: func(status int, problems map[string]casework.Problem) {
			v := web.ScaleView{Page: s.page(r, web.T(ctx).OverT.ScaleTitle, ""), Form: form, Problems: problems}
			s.render(w, r, status, web.ScalePage(v))
		}})
}

func (s *Server) thresholdsPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	th, err := s.db.Thresholds(ctx, *userFrom(ctx))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	form := casework.ThresholdsForm{ContactCases: strconv.Itoa(th.ContactCases), Teams: strconv.Itoa(th.Teams),
		OverdueItems: strconv.Itoa(th.OverdueItems), MeetingIntervalDays: strconv.Itoa(th.MeetingIntervalDays)}
	s.render(w, r, http.StatusOK, web.ThresholdsPage(web.ThresholdsView{Page: s.page(r, web.T(ctx).OverT.Load.Thresholds, ""), Form: form}))
}

func (s *Server) thresholdsSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !s.posted(w, r) {
		return
	}
	f := r.PostForm
	form := casework.ThresholdsForm{ContactCases: f.Get("contact_cases"), Teams: f.Get("teams"),
		OverdueItems: f.Get("overdue_items"), MeetingIntervalDays: f.Get("meeting_interval_days")}
	th, err := form.Validate()
	if err == nil {
		err = s.db.SetThresholds(ctx, *userFrom(ctx), th)
	}
	s.endForm(w, r, err, formEnd{To: "/admin/thresholds", Flash: web.T(ctx).OverT.Load.ThresholdsSaved,
		Invalid: func(status int, problems map[string]casework.Problem) {
			v := web.ThresholdsView{Page: s.page(r, web.T(ctx).OverT.Load.Thresholds, ""), Form: form, Problems: problems}
			s.render(w, r, status, web.ThresholdsPage(v))
		}})
}

// adminIndex lists the administrator's settings pages.
func (s *Server) adminIndex(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, web.AdminPage(s.page(r, web.T(r.Context()).AdminTitle, web.NavAdmin)))
}
