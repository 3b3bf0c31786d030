package server

import "net/http"

// The young person's plan, next meeting (with their own agenda topics) and
// team: /ung/plan, /ung/moede, /ung/team. STUB: filled by work package B.

func (s *Server) ungPlan(w http.ResponseWriter, r *http.Request)         { s.notImplemented(w, r) }
func (s *Server) ungMeeting(w http.ResponseWriter, r *http.Request)      { s.notImplemented(w, r) }
func (s *Server) ungAgendaAdd(w http.ResponseWriter, r *http.Request)    { s.notImplemented(w, r) }
func (s *Server) ungAgendaDelete(w http.ResponseWriter, r *http.Request) { s.notImplemented(w, r) }
func (s *Server) ungTeam(w http.ResponseWriter, r *http.Request)         { s.notImplemented(w, r) }
