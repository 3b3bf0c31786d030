package server

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"kui/internal/casework"
	"kui/web"
)

func (s *Server) checklistPage(w http.ResponseWriter, r *http.Request) {
	s.showChecklist(w, r, http.StatusOK, "", casework.ChecklistForm{}, nil, false)
}

// showChecklist renders the checklist; the item editing is shown as typed
// (form) with its problems, or after a conflict with the version now stored.
func (s *Server) showChecklist(w http.ResponseWriter, r *http.Request, status int, editing casework.ChecklistKind,
	form casework.ChecklistForm, problems map[string]casework.Problem, stale bool) {
	h, ok := s.youthHeading(w, r)
	if !ok {
		return
	}
	items, err := s.db.Checklist(r.Context(), *userFrom(r.Context()), h.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if stale {
		for _, i := range items {
			if i.Kind == editing {
				form.Version = i.Version
			}
		}
	}
	t := web.T(r.Context())
	v := web.ChecklistView{Page: s.page(r, t.CaseT.ChecklistTitle, web.NavYouth), Heading: h, Today: s.today(),
		Items: items, Editing: editing, Form: form, Problems: problems, Stale: stale}
	s.render(w, r, status, web.ChecklistPage(v))
}

func (s *Server) checklistUpdate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := idParam(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	kind := casework.ChecklistKind(chi.URLParam(r, "item"))
	if !kind.Valid() {
		s.fail(w, r, casework.NotFound())
		return
	}
	if err := parseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	f := r.PostForm
	form := casework.ChecklistForm{Done: f.Get("done") != "", DoneOn: f.Get("done_on"), DueOn: f.Get("due_on"), Comment: f.Get("comment")}
	form.Version, _ = strconv.Atoi(f.Get("version"))
	d, err := form.Validate(s.today())
	if err == nil {
		if err = s.db.UpdateChecklistItem(ctx, *userFrom(ctx), id, kind, form.Version, d); err == nil {
			s.flash(r, "success", web.T(ctx).CaseT.ChecklistSaved)
			s.redirect(w, r, caseFilePath(id, "/checklist#item-"+string(kind)))
			return
		}
	}
	switch {
	case casework.Code(err) == casework.EConflict:
		s.showChecklist(w, r, http.StatusConflict, kind, form, nil, true)
	case casework.FieldProblems(err) != nil:
		s.showChecklist(w, r, http.StatusUnprocessableEntity, kind, form, casework.FieldProblems(err), false)
	default:
		s.fail(w, r, err)
	}
}
