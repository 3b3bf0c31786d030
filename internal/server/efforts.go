package server

import (
	"net/http"
	"strconv"

	"kui/internal/casework"
	"kui/web"
)

func (s *Server) effortsPage(w http.ResponseWriter, r *http.Request) {
	s.showEfforts(w, r, http.StatusOK, web.NewEffortForm(s.today()), nil)
}

func (s *Server) showEfforts(w http.ResponseWriter, r *http.Request, status int, form casework.EffortForm, problems map[string]casework.Problem) {
	h, ok := s.youthHeading(w, r)
	if !ok {
		return
	}
	list, err := s.db.ListEfforts(r.Context(), *userFrom(r.Context()), h.ID)
	if err != nil {
		s.fail(w, r, err)
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
	form.Version, _ = strconv.Atoi(f.Get("version"))
	return form
}

func (s *Server) effortCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := idParam(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	form := effortForm(r)
	d, err := form.Validate()
	if err == nil {
		if _, err = s.db.CreateEffort(ctx, *userFrom(ctx), id, d); err == nil {
			s.flash(r, "success", web.T(ctx).CaseT.EffortCreated)
			s.redirect(w, r, caseFilePath(id, "/efforts"))
			return
		}
	}
	if problems := casework.FieldProblems(err); problems != nil {
		s.showEfforts(w, r, http.StatusUnprocessableEntity, form, problems)
		return
	}
	s.fail(w, r, err)
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
	effortID, err := idParam(r, "eid")
	if err != nil {
		s.fail(w, r, err)
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
	id, err := idParam(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	effortID, err := idParam(r, "eid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	form := effortForm(r)
	d, err := form.Validate()
	if err == nil {
		if err = s.db.UpdateEffort(ctx, *userFrom(ctx), id, effortID, form.Version, d); err == nil {
			s.flash(r, "success", web.T(ctx).CaseT.EffortSaved)
			s.redirect(w, r, caseFilePath(id, "/efforts"))
			return
		}
	}
	switch {
	case casework.Code(err) == casework.EConflict:
		s.showEffortEdit(w, r, http.StatusConflict, &form, nil, true)
	case casework.FieldProblems(err) != nil:
		s.showEffortEdit(w, r, http.StatusUnprocessableEntity, &form, casework.FieldProblems(err), false)
	default:
		s.fail(w, r, err)
	}
}
