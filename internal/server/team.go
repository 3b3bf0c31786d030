package server

import "github.com/go-chi/chi/v5"

// teamRoutes: the team around the young person, the contact person,
// handovers and referrals to the visitation committee.
func (s *Server) teamRoutes(r chi.Router) {
}
