package server

import "net/http"

// STUB (WP0): replaced by the work package that owns this file.
func (s *Server) outboxList(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "not implemented", http.StatusNotImplemented)
}
func (s *Server) outboxRetry(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "not implemented", http.StatusNotImplemented)
}
