package server

import (
	"net/http"

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
	h, items, ok := underYouth(s, w, r, s.db.Checklist)
	if !ok {
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
	id, ok := s.id(w, r, "id")
	if !ok {
		return
	}
	kind := casework.ChecklistKind(chi.URLParam(r, "item"))
	if !kind.Valid() {
		s.fail(w, r, casework.NotFound())
		return
	}
	if !s.posted(w, r) {
		return
	}
	f := r.PostForm
	form := casework.ChecklistForm{Done: f.Get("done") != "", DoneOn: f.Get("done_on"), DueOn: f.Get("due_on"), Comment: f.Get("comment"), Version: formVersion(r)}
	d, err := form.Validate(s.today())
	if err == nil {
		err = s.db.UpdateChecklistItem(ctx, *userFrom(ctx), id, kind, form.Version, d)
	}
	s.endForm(w, r, err, formEnd{To: web.YouthPath(id, "/checklist#item-"+string(kind)), Flash: web.T(ctx).CaseT.ChecklistSaved,
		Invalid: func(status int, problems map[string]casework.Problem) {
			s.showChecklist(w, r, status, kind, form, problems, false)
		},
		Conflict: func(status int, _ casework.Problem) { s.showChecklist(w, r, status, kind, form, nil, true) }})
}
