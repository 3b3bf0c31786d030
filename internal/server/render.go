package server

import (
	"bytes"
	"cmp"
	"context"
	"log/slog"
	"net/http"

	"github.com/a-h/templ"

	"kui/internal/casework"
	"kui/web"
)

// render writes a whole page or nothing: the component renders into a
// buffer first, so a failure half-way never sends half a page. It renders
// even when the request's time is up (limitRequestTime): the page saying
// so must still reach the user. A form POST answered with 503 was not
// saved, because the database was out of reach: the page says so.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	ctx := context.WithoutCancel(r.Context())
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "5")
		if r.Method == http.MethodPost {
			ctx = web.WithNotSaved(ctx)
		}
	}
	var buf bytes.Buffer
	// Pages read today (the ages in lists) from the one clock.
	ctx = web.WithToday(ctx, s.today())
	if err := c.Render(ctx, &buf); err != nil {
		s.log.LogAttrs(r.Context(), slog.LevelError, "render failed", errorAttr(err))
		http.Error(w, "Der skete en fejl.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// page is the shell of a page for the signed-in user, with the flash message
// of the previous action, if any (shown once).
func (s *Server) page(r *http.Request, title string, nav web.NavItem) web.Page {
	ctx := r.Context()
	p := web.Page{Title: title, User: userFrom(ctx), Nav: nav}
	if u := p.User; u != nil && u.Role != casework.RoleAdmin {
		// The header's count of "Venter på dig": a failure shows no number,
		// never no page.
		n, err := s.db.InboxCount(ctx, *u)
		if err != nil {
			s.log.LogAttrs(ctx, slog.LevelWarn, "inbox count failed", errorAttr(err))
		}
		p.Inbox, p.InboxCounted = n, err == nil
	}
	if text := s.sessions.PopString(ctx, "flash_text"); text != "" {
		p.Flash = web.Flash{Kind: s.sessions.PopString(ctx, "flash_kind"), Text: text}
	}
	return p
}

// flash keeps a message for the next page the user sees.
func (s *Server) flash(r *http.Request, kind, text string) {
	s.sessions.Put(r.Context(), "flash_kind", kind)
	s.sessions.Put(r.Context(), "flash_text", text)
}

func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// formEnd tells endForm how a form POST ends in each outcome.
type formEnd struct {
	// To is where a done form leads (303), showing Flash there when set.
	To, Flash string
	// FlashKind is the flash's kind: "success" when empty.
	FlashKind string
	// Invalid renders the form again as typed, with its field problems.
	// Without it, field problems go the error path.
	Invalid func(status int, problems map[string]casework.Problem)
	// Conflict renders the form again after someone else changed the record
	// first: what was typed kept, and the version now stored (both texts
	// where the form shows them). Without it, a conflict goes the error path.
	Conflict func(status int, problem casework.Problem)
	// ConflictOn limits Conflict to this problem; other conflicts go the
	// error path.
	ConflictOn casework.Problem
}

// endForm is the one ending of a form POST: done → 303 with a flash; field
// problems → 422 with the form again, values kept; a conflict → 409 with
// the form again; the database out of reach → 503 with the form again as
// typed, saying it was not saved (or, when the form's page cannot be read
// either, the error path gives the typed text back); anything else → the
// error path (fail).
func (s *Server) endForm(w http.ResponseWriter, r *http.Request, err error, e formEnd) {
	err = withRefusedInput(r, err) // text the decoder refused (request.go)
	problems := casework.FieldProblems(err)
	conflict := casework.Code(err) == casework.EConflict
	switch {
	case err == nil:
		if e.Flash != "" {
			s.flash(r, cmp.Or(e.FlashKind, "success"), e.Flash)
		}
		s.redirect(w, r, e.To)
	case problems != nil && e.Invalid != nil:
		e.Invalid(http.StatusUnprocessableEntity, problems)
	case conflict && e.Conflict != nil && (e.ConflictOn == "" || conflictProblem(err) == e.ConflictOn):
		e.Conflict(http.StatusConflict, conflictProblem(err))
	case e.Invalid != nil && unavailable(err):
		s.log.LogAttrs(r.Context(), slog.LevelError, "form not saved: database unavailable",
			slog.String("method", r.Method), errorAttr(err))
		e.Invalid(http.StatusServiceUnavailable, map[string]casework.Problem{})
	default:
		s.fail(w, r, err)
	}
}

// conflictOnField turns a conflict with problem p into a field problem on
// field: a rule the chosen value broke (a full team) is shown beside the
// field (422), not as a conflict.
func conflictOnField(err error, p casework.Problem, field string) error {
	if casework.Code(err) == casework.EConflict && conflictProblem(err) == p {
		return casework.Invalid(map[string]casework.Problem{field: p})
	}
	return err
}
