package server

import (
	"net/http"

	"kui/internal/casework"
)

// STUB: replaced by the work package that owns this file.
func (s *Server) oidcStart(w http.ResponseWriter, r *http.Request, idp casework.IdP, next string) {
	http.Error(w, "not implemented", http.StatusNotImplemented)
}
func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "not implemented", http.StatusNotImplemented)
}
func (s *Server) ssoChoose(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "not implemented", http.StatusNotImplemented)
}
func (s *Server) loggedOut(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "not implemented", http.StatusNotImplemented)
}
