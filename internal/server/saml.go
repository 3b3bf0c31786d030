package server

import (
	"net/http"

	"kui/internal/casework"
)

// STUB: replaced by the work package that owns this file.
func (s *Server) samlStart(w http.ResponseWriter, r *http.Request, idp casework.IdP, next string) {
	http.Error(w, "not implemented", http.StatusNotImplemented)
}
func (s *Server) samlFinish(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "not implemented", http.StatusNotImplemented)
}
func (s *Server) samlMetadata(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "not implemented", http.StatusNotImplemented)
}
func (s *Server) samlACS(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "not implemented", http.StatusNotImplemented)
}
