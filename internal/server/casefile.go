package server

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"kui/internal/casework"
	"kui/web"
)

// caseFileRoutes: the case's working tools — efforts, journal notes,
// consents, the contact person's checklist.
func (s *Server) caseFileRoutes(r chi.Router) {
	r.Get("/youth/{id}/notes", s.notesPage)
	r.Post("/youth/{id}/notes", s.noteCreate)
	r.Get("/youth/{id}/notes/{nid}/correct", s.noteCorrectForm)
	r.Post("/youth/{id}/notes/{nid}/correct", s.noteCorrect)

	r.Get("/youth/{id}/efforts", s.effortsPage)
	r.Post("/youth/{id}/efforts", s.effortCreate)
	r.Get("/youth/{id}/efforts/{eid}/edit", s.effortEdit)
	r.Post("/youth/{id}/efforts/{eid}", s.effortUpdate)

	r.Get("/youth/{id}/consents", s.consentsPage)
	r.Post("/youth/{id}/consents", s.consentCreate)
	r.Get("/youth/{id}/consents/{cid}/withdraw", s.consentWithdrawForm)
	r.Post("/youth/{id}/consents/{cid}/withdraw", s.consentWithdraw)

	r.Get("/youth/{id}/checklist", s.checklistPage)
	r.Post("/youth/{id}/checklist/{item}", s.checklistUpdate)
}

func caseFilePath(youthID int64, rest string) string {
	return "/youth/" + strconv.FormatInt(youthID, 10) + rest
}

// ---------------------------------------------------------------------------
// The journal.

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

// ---------------------------------------------------------------------------
// Efforts.

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

// ---------------------------------------------------------------------------
// Consents.

func (s *Server) consentsPage(w http.ResponseWriter, r *http.Request) {
	s.showConsents(w, r, http.StatusOK, web.NewConsentForm(s.today()), nil)
}

func (s *Server) showConsents(w http.ResponseWriter, r *http.Request, status int, form casework.ConsentForm, problems map[string]casework.Problem) {
	h, ok := s.youthHeading(w, r)
	if !ok {
		return
	}
	list, err := s.db.ListConsents(r.Context(), *userFrom(r.Context()), h.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t := web.T(r.Context())
	v := web.ConsentsView{Page: s.page(r, t.CaseT.ConsentsTitle, web.NavYouth), Heading: h, Today: s.today(),
		List: list, Form: form, Problems: problems}
	s.render(w, r, status, web.ConsentsPage(v))
}

func consentForm(r *http.Request) casework.ConsentForm {
	f := r.PostForm
	return casework.ConsentForm{
		GivenBy:        f.Get("given_by"),
		GivenByName:    f.Get("given_by_name"),
		GivenOn:        f.Get("given_on"),
		ExpiresOn:      f.Get("expires_on"),
		CoversHealth:   f.Get("covers_health") != "",
		CoversReligion: f.Get("covers_religion") != "",
		CoversOther:    f.Get("covers_other") != "",
		UnitScope:      f.Get("unit_scope"),
		Units:          f["units"],
		Note:           f.Get("note"),
	}
}

func (s *Server) consentCreate(w http.ResponseWriter, r *http.Request) {
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
	form := consentForm(r)
	d, err := form.Validate(s.today())
	if err == nil {
		if _, err = s.db.CreateConsent(ctx, *userFrom(ctx), id, d); err == nil {
			s.flash(r, "success", web.T(ctx).CaseT.ConsentCreated)
			s.redirect(w, r, caseFilePath(id, "/consents"))
			return
		}
	}
	if problems := casework.FieldProblems(err); problems != nil {
		s.showConsents(w, r, http.StatusUnprocessableEntity, form, problems)
		return
	}
	s.fail(w, r, err)
}

func (s *Server) consentWithdrawForm(w http.ResponseWriter, r *http.Request) {
	s.showConsentWithdraw(w, r, http.StatusOK, casework.WithdrawalForm{WithdrawnOn: s.today().Format("2006-01-02")}, nil)
}

// showConsentWithdraw renders the page that confirms a withdrawal. A
// consent already withdrawn has nothing left to confirm.
func (s *Server) showConsentWithdraw(w http.ResponseWriter, r *http.Request, status int, form casework.WithdrawalForm, problems map[string]casework.Problem) {
	ctx := r.Context()
	h, ok := s.youthHeading(w, r)
	if !ok {
		return
	}
	consentID, err := idParam(r, "cid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	consent, err := s.db.Consent(ctx, *userFrom(ctx), h.ID, consentID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !consent.WithdrawnOn.IsZero() {
		s.fail(w, r, casework.Conflict(casework.ProblemConsentWithdrawn))
		return
	}
	t := web.T(ctx)
	v := web.ConsentWithdrawView{Page: s.page(r, t.CaseT.ConsentWithdrawTitle, web.NavYouth), Heading: h, Today: s.today(),
		Consent: consent, Form: form, Problems: problems}
	s.render(w, r, status, web.ConsentWithdrawPage(v))
}

func (s *Server) consentWithdraw(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := idParam(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	consentID, err := idParam(r, "cid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	f := r.PostForm
	form := casework.WithdrawalForm{WithdrawnOn: f.Get("withdrawn_on"), WithdrawnBy: f.Get("withdrawn_by"), WithdrawnByName: f.Get("withdrawn_by_name")}
	givenOn, err := s.db.ConsentGivenOn(ctx, *userFrom(ctx), id, consentID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := form.Validate(s.today(), givenOn)
	if err == nil {
		err = s.db.WithdrawConsent(ctx, *userFrom(ctx), id, consentID, d)
	}
	if err == nil {
		s.flash(r, "success", web.T(ctx).CaseT.ConsentWithdrawn)
		s.redirect(w, r, caseFilePath(id, "/consents"))
		return
	}
	if problems := casework.FieldProblems(err); problems != nil {
		s.showConsentWithdraw(w, r, http.StatusUnprocessableEntity, form, problems)
		return
	}
	s.fail(w, r, err)
}

// ---------------------------------------------------------------------------
// The contact person's checklist.

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
