package server

import "github.com/go-chi/chi/v5"

// caseFileRoutes: the case's working tools — efforts, journal notes,
// consents, the contact person's checklist.
func (s *Server) caseFileRoutes(r chi.Router) {
}
