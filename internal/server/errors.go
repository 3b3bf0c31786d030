package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"kui/internal/casework"
	"kui/internal/postgres"
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
		s.log.LogAttrs(r.Context(), slog.LevelError, "request failed",
			slog.String("method", r.Method), errorAttr(err))
		if unavailable(err) {
			s.unavailablePage(w, r)
			return
		}
	}
	if c := citizenFrom(r.Context()); c != nil {
		// The young person's own shell, with the way back to their page.
		s.render(w, r, status, web.UngErrorPage(web.UngPage{Title: title, FirstName: c.FirstName}, text))
		return
	}
	page := web.Page{Title: title, User: userFrom(r.Context())}
	s.render(w, r, status, web.ErrorPage(page, text))
}

// unavailablePage answers a request the database could not serve (503).
// A form POST gets what was typed back, to send again to the same address
// once kui answers, with the calm message: its own page cannot be shown
// (it, or the session, needs the database), and nothing typed is lost. A
// page tries again by itself until it can be shown.
func (s *Server) unavailablePage(w http.ResponseWriter, r *http.Request) {
	t := web.T(r.Context())
	page := web.Page{Title: t.UnavailableTitle, User: userFrom(r.Context())}
	if r.Method == http.MethodPost {
		if r.PostForm == nil {
			// Failed before a handler read the form (loading the session).
			_, _ = parseForm(w, r)
		}
		page.Title = t.NotSavedTitle
		// The same address, always on this host (never "//host/…").
		action := "/" + strings.TrimLeft(r.URL.EscapedPath(), "/\\")
		if r.URL.RawQuery != "" {
			action += "?" + r.URL.RawQuery
		}
		s.render(w, r, http.StatusServiceUnavailable, web.UnsavedPage(page, web.NewUnsavedView(action, r.PostForm, t.UnsavedLabels)))
		return
	}
	s.render(w, r, http.StatusServiceUnavailable, web.UnavailablePage(page, t.UnavailableText))
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
// A read whose audit row was not committed is one too: what was read is
// not shown unlogged (postgres.ErrNotAudited).
func unavailable(err error) bool {
	if errors.Is(err, postgres.ErrNotAudited) {
		return true
	}
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
