package server

import (
	"net/http"
	"strconv"

	"kui/internal/casework"
	"kui/web"
)

func (s *Server) notesPage(w http.ResponseWriter, r *http.Request) {
	s.showNotes(w, r, http.StatusOK, web.NewNoteForm(s.now()), nil)
}

// showNotes renders the journal with the new-note form as given.
func (s *Server) showNotes(w http.ResponseWriter, r *http.Request, status int, form casework.NoteForm, problems map[string]casework.Problem) {
	h, ok := s.youthHeading(w, r)
	if !ok {
		return
	}
	notes, err := s.db.ListNotes(r.Context(), *userFrom(r.Context()), h.ID, s.today())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t := web.T(r.Context())
	v := web.NotesView{Page: s.page(r, t.CaseT.NotesTitle, web.NavYouth), Heading: h, Today: s.today(),
		Notes: notes, Form: form, Problems: problems}
	s.render(w, r, status, web.NotesPage(v))
}

func noteForm(r *http.Request) casework.NoteForm {
	f := r.PostForm
	return casework.NoteForm{
		SpokenWith:   f.Get("spoken_with"),
		OccurredOn:   f.Get("occurred_on"),
		OccurredTime: f.Get("occurred_time"),
		Topic:        f.Get("topic"),
		Agreed:       f.Get("agreed"),
		Sensitive:    f.Get("sensitive"),
	}
}

func (s *Server) noteCreate(w http.ResponseWriter, r *http.Request) {
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
	form := noteForm(r)
	d, err := form.Validate(s.now(), web.Copenhagen)
	if err == nil {
		var noteID int64
		if noteID, err = s.db.CreateNote(ctx, *userFrom(ctx), id, d); err == nil {
			s.flash(r, "success", web.T(ctx).CaseT.NoteCreated)
			s.redirect(w, r, caseFilePath(id, "/notes#note-"+strconv.FormatInt(noteID, 10)))
			return
		}
	}
	if problems := casework.FieldProblems(err); problems != nil {
		s.showNotes(w, r, http.StatusUnprocessableEntity, form, problems)
		return
	}
	s.fail(w, r, err)
}

func (s *Server) noteCorrectForm(w http.ResponseWriter, r *http.Request) {
	s.showNoteCorrection(w, r, http.StatusOK, nil, nil)
}

// showNoteCorrection renders the correction form: filled with the note's
// content, or as typed (form) with its problems.
func (s *Server) showNoteCorrection(w http.ResponseWriter, r *http.Request, status int, form *casework.NoteForm, problems map[string]casework.Problem) {
	ctx := r.Context()
	h, ok := s.youthHeading(w, r)
	if !ok {
		return
	}
	noteID, err := idParam(r, "nid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	original, err := s.db.NoteToCorrect(ctx, *userFrom(ctx), h.ID, noteID, s.today())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t := web.T(ctx)
	v := web.NoteCorrectView{Page: s.page(r, t.CaseT.NoteCorrectTitle, web.NavYouth), Heading: h, Today: s.today(),
		Original: original, Form: web.NoteFormFrom(original), Problems: problems}
	if form != nil {
		v.Form = *form
	}
	s.render(w, r, status, web.NoteCorrectPage(v))
}

func (s *Server) noteCorrect(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := idParam(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	noteID, err := idParam(r, "nid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	form := noteForm(r)
	d, err := form.Validate(s.now(), web.Copenhagen)
	if err == nil {
		var correctionID int64
		if correctionID, err = s.db.CorrectNote(ctx, *userFrom(ctx), id, noteID, d); err == nil {
			s.flash(r, "success", web.T(ctx).CaseT.NoteCorrected)
			s.redirect(w, r, caseFilePath(id, "/notes#note-"+strconv.FormatInt(correctionID, 10)))
			return
		}
	}
	if problems := casework.FieldProblems(err); problems != nil {
		s.showNoteCorrection(w, r, http.StatusUnprocessableEntity, &form, problems)
		return
	}
	s.fail(w, r, err)
}
