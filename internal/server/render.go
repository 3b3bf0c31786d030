package server

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"

	"github.com/a-h/templ"

	"kui/web"
)

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
