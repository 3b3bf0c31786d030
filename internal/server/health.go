package server

import (
	"context"
	"net/http"
	"time"
)

// healthz answers while the process runs.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// readyz answers 200 when the database answers, 503 when it does not.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.db.Ping(ctx); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unavailable\n"))
		return
	}
	_, _ = w.Write([]byte("ok\n"))
}

// sessionPing answers 204 for a signed-in session after one SELECT 1, and
// 401 without one. It is the ceiling make bench compares pages against.
func (s *Server) sessionPing(w http.ResponseWriter, r *http.Request) {
	if s.sessions.GetInt64(r.Context(), sessionUserID) == 0 {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	var one int
	if err := s.db.Pool.QueryRow(r.Context(), "SELECT 1").Scan(&one); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
