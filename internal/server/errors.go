package server

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"

	"github.com/a-h/templ"
	"github.com/jackc/pgx/v5/pgconn"

	"kui/internal/casework"
	"kui/web"
)

// fail is the one error path: it maps the error's code to a status and a
// Danish page, and logs only what is not the user's doing. Error texts never
// reach the user, and never carry personal data into the log: domain errors
// are codes, and database errors name constraints, not values.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	t := web.T(r.Context())
	status, title, text := http.StatusInternalServerError, t.ErrorTitle, t.ErrorText
	switch casework.Code(err) {
	case casework.ENotFound:
		status, title, text = http.StatusNotFound, t.NotFoundTitle, t.NotFoundText
	case casework.EForbidden:
		status, title, text = http.StatusForbidden, t.ForbiddenTitle, t.ForbiddenText
	case casework.EConflict:
		status, title = http.StatusConflict, t.ConflictTitle
		text = t.Problem(conflictProblem(err))
	case casework.EInvalid:
		status, title, text = http.StatusUnprocessableEntity, t.ErrorTitle, t.FormHasErrors
	default:
		if unavailable(err) {
			status, title, text = http.StatusServiceUnavailable, t.UnavailableTitle, t.UnavailableText
			w.Header().Set("Retry-After", "5")
		}
		s.log.LogAttrs(r.Context(), slog.LevelError, "request failed",
			slog.String("method", r.Method), errorAttr(err))
	}
	page := web.Page{Title: title, User: userFrom(r.Context())}
	s.render(w, r, status, web.ErrorPage(page, text))
}

// errorAttr describes err for the technical log. A PostgreSQL error is named
// by its code and constraint only: its message and detail can quote values.
func errorAttr(err error) slog.Attr {
	if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok {
		return slog.Group("error", slog.String("sqlstate", pgErr.Code),
			slog.String("constraint", pgErr.ConstraintName), slog.String("table", pgErr.TableName))
	}
	return slog.String("error", err.Error())
}

func conflictProblem(err error) casework.Problem {
	if e, ok := errors.AsType[*casework.Error](err); ok && e.Problem != "" {
		return e.Problem
	}
	return casework.ProblemStaleVersion
}

// unavailable tells whether err means the database could not be reached,
// which the user sees as "try again in a moment" (503), not as a failure.
func unavailable(err error) bool {
	if _, ok := errors.AsType[*pgconn.ConnectError](err); ok {
		return true
	}
	if _, ok := errors.AsType[net.Error](err); ok {
		return true
	}
	if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok {
		// admin_shutdown, crash_shutdown, cannot_connect_now
		return pgErr.Code == "57P01" || pgErr.Code == "57P02" || pgErr.Code == "57P03"
	}
	return errors.Is(err, context.DeadlineExceeded) || pgconn.SafeToRetry(err)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, casework.NotFound())
}

func (s *Server) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	s.log.LogAttrs(r.Context(), slog.LevelWarn, "cross-origin request refused", slog.String("method", r.Method))
	r = r.WithContext(web.WithCatalogue(r.Context(), &web.Danish))
	t := web.T(r.Context())
	s.render(w, r, http.StatusForbidden, web.ErrorPage(web.Page{Title: t.ForbiddenTitle}, t.ForbiddenText))
}

// render writes a whole page or nothing: the component renders into a
// buffer first, so a failure half-way never sends half a page. It renders
// even when the request's time is up (limitRequestTime): the page saying
// so must still reach the user.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	var buf bytes.Buffer
	if err := c.Render(context.WithoutCancel(r.Context()), &buf); err != nil {
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
