package server

import (
	"context"
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
	h, notes, ok := underYouth(s, w, r, func(ctx context.Context, u casework.User, id int64) ([]casework.JournalNote, error) {
		return s.db.ListNotes(ctx, u, id, s.today())
	})
	if !ok {
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
	id, ok := s.id(w, r, "id")
	if !ok || !s.posted(w, r) {
		return
	}
	form := noteForm(r)
	d, err := form.Validate(s.now(), web.Copenhagen)
	var noteID int64
	if err == nil {
		noteID, err = s.db.CreateNote(ctx, *userFrom(ctx), id, d)
	}
	s.endForm(w, r, err, formEnd{To: web.YouthPath(id, "/notes#note-"+strconv.FormatInt(noteID, 10)), Flash: web.T(ctx).CaseT.NoteCreated,
		Invalid: func(status int, problems map[string]casework.Problem) { s.showNotes(w, r, status, form, problems) }})
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
	noteID, ok := s.id(w, r, "nid")
	if !ok {
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
	ids, ok := s.ids(w, r, "id", "nid")
	if !ok || !s.posted(w, r) {
		return
	}
	form := noteForm(r)
	d, err := form.Validate(s.now(), web.Copenhagen)
	var correctionID int64
	if err == nil {
		correctionID, err = s.db.CorrectNote(ctx, *userFrom(ctx), ids[0], ids[1], d)
	}
	s.endForm(w, r, err, formEnd{To: web.YouthPath(ids[0], "/notes#note-"+strconv.FormatInt(correctionID, 10)), Flash: web.T(ctx).CaseT.NoteCorrected,
		Invalid: func(status int, problems map[string]casework.Problem) {
			s.showNoteCorrection(w, r, status, &form, problems)
		}})
}
