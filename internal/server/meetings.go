package server

import "github.com/go-chi/chi/v5"

// meetingRoutes: meetings, agendas, action plans, the big screen.
func (s *Server) meetingRoutes(r chi.Router) {
}
