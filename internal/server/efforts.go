package server

import (
	"net/http"

	"kui/internal/casework"
	"kui/web"
)

func (s *Server) effortsPage(w http.ResponseWriter, r *http.Request) {
	s.showEfforts(w, r, http.StatusOK, web.NewEffortForm(s.today()), nil)
}

func (s *Server) showEfforts(w http.ResponseWriter, r *http.Request, status int, form casework.EffortForm, problems map[string]casework.Problem) {
	h, list, ok := underYouth(s, w, r, s.db.ListEfforts)
	if !ok {
		return
	}
	t := web.T(r.Context())
	v := web.EffortsView{Page: s.page(r, t.CaseT.EffortsTitle, web.NavYouth), Heading: h, Today: s.today(),
		List: list, Form: form, Problems: problems}
	s.render(w, r, status, web.EffortsPage(v))
}

func effortForm(r *http.Request) casework.EffortForm {
	f := r.PostForm
	form := casework.EffortForm{
		Unit:        f.Get("unit"),
		Description: f.Get("description"),
		Responsible: f.Get("responsible"),
		StartsOn:    f.Get("starts_on"),
		EndsOn:      f.Get("ends_on"),
		Status:      f.Get("status"),
	}
	form.Version = formVersion(r)
	return form
}

func (s *Server) effortCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, ok := s.id(w, r, "id")
	if !ok || !s.posted(w, r) {
		return
	}
	form := effortForm(r)
	d, err := form.Validate()
	if err == nil {
		_, err = s.db.CreateEffort(ctx, *userFrom(ctx), id, d)
	}
	s.endForm(w, r, err, formEnd{To: web.YouthPath(id, "/efforts"), Flash: web.T(ctx).CaseT.EffortCreated,
		Invalid: func(status int, problems map[string]casework.Problem) { s.showEfforts(w, r, status, form, problems) }})
}

func (s *Server) effortEdit(w http.ResponseWriter, r *http.Request) {
	s.showEffortEdit(w, r, http.StatusOK, nil, nil, false)
}

// showEffortEdit renders the edit form: filled with the stored effort, or
// as typed (form) with its problems, or after a conflict with the version
// now stored so the next save can succeed.
func (s *Server) showEffortEdit(w http.ResponseWriter, r *http.Request, status int, form *casework.EffortForm, problems map[string]casework.Problem, stale bool) {
	ctx := r.Context()
	h, ok := s.youthHeading(w, r)
	if !ok {
		return
	}
	effortID, ok := s.id(w, r, "eid")
	if !ok {
		return
	}
	list, err := s.db.EffortForEdit(ctx, *userFrom(ctx), h.ID, effortID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	stored := list.Efforts[0]
	t := web.T(ctx)
	v := web.EffortEditView{Page: s.page(r, t.CaseT.EffortEditTitle, web.NavYouth), Heading: h, EffortID: effortID,
		Today: s.today(), Choices: list, Form: web.EffortFormFrom(stored), Problems: problems, Stale: stale}
	if form != nil {
		v.Form = *form
	}
	if stale {
		v.Form.Version = stored.Version
	}
	s.render(w, r, status, web.EffortEditPage(v))
}

func (s *Server) effortUpdate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ids, ok := s.ids(w, r, "id", "eid")
	if !ok || !s.posted(w, r) {
		return
	}
	form := effortForm(r)
	d, err := form.Validate()
	if err == nil {
		err = s.db.UpdateEffort(ctx, *userFrom(ctx), ids[0], ids[1], form.Version, d)
	}
	s.endForm(w, r, err, formEnd{To: web.YouthPath(ids[0], "/efforts"), Flash: web.T(ctx).CaseT.EffortSaved,
		Invalid: func(status int, problems map[string]casework.Problem) {
			s.showEffortEdit(w, r, status, &form, problems, false)
		},
		Conflict: func(status int, _ casework.Problem) { s.showEffortEdit(w, r, status, &form, nil, true) }})
}
