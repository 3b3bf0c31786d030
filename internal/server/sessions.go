package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// loadAndSave is scs's LoadAndSave with one guard: when the session cannot be
// saved (scs saves it when the handler starts its response), the failure
// page is the whole response. scs calls ErrorFunc and then lets the handler
// go on writing, which would append the page the handler rendered (with its
// personal data) after the 503 page.
func (s *Server) loadAndSave(next http.Handler) http.Handler {
	inner := s.sessions.LoadAndSave(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inner.ServeHTTP(&sessionSaveGuard{ResponseWriter: w}, r)
	})
}

// sessionSaveGuard drops what the handler writes once the session's save
// failed and the failure page was written in its place (sessionSaveFailed).
type sessionSaveGuard struct {
	http.ResponseWriter
	failed bool
}

func (g *sessionSaveGuard) WriteHeader(code int) {
	if !g.failed {
		g.ResponseWriter.WriteHeader(code)
	}
}

func (g *sessionSaveGuard) Write(b []byte) (int, error) {
	if g.failed {
		return 0, http.ErrHandlerTimeout
	}
	return g.ResponseWriter.Write(b)
}

func (g *sessionSaveGuard) Unwrap() http.ResponseWriter { return g.ResponseWriter }

// sessionSaveFailed is scs's ErrorFunc: it answers with the failure page and,
// behind loadAndSave, closes the response to the handler.
func (s *Server) sessionSaveFailed(w http.ResponseWriter, r *http.Request, err error) {
	g, guarded := w.(*sessionSaveGuard)
	if guarded {
		w = g.ResponseWriter
	}
	s.fail(w, r, err)
	if guarded {
		g.failed = true
	}
}

// sessionCleanupInterval is how often expired sessions are removed.
const sessionCleanupInterval = 10 * time.Minute

// cleanupSessions removes expired sessions, and login failures long
// forgotten, from the database every interval until Close.
func (s *Server) cleanupSessions(interval time.Duration) {
	defer close(s.cleanupDone)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-s.stopCleanup:
			return
		case <-tick.C:
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			if err := s.db.Sessions(sessionIdleTimeout).DeleteExpired(ctx); err != nil {
				s.log.LogAttrs(ctx, slog.LevelWarn, "session cleanup failed", errorAttr(err))
			}
			if err := s.db.DeleteExpiredSignIns(ctx); err != nil {
				s.log.LogAttrs(ctx, slog.LevelWarn, "sign-in cleanup failed", errorAttr(err))
			}
			if err := s.db.ForgetLoginFailures(ctx, throttleForget); err != nil {
				s.log.LogAttrs(ctx, slog.LevelWarn, "login throttle cleanup failed", errorAttr(err))
			}
			cancel()
		}
	}
}
