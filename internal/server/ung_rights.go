package server

import "net/http"

// The young person's rights: their own progression rating, their consents
// (and withdrawing one), who has read their case, and all kui holds about
// them. STUB: filled by work package C.

func (s *Server) ungProgression(w http.ResponseWriter, r *http.Request)         { s.notImplemented(w, r) }
func (s *Server) ungRate(w http.ResponseWriter, r *http.Request)                { s.notImplemented(w, r) }
func (s *Server) ungConsents(w http.ResponseWriter, r *http.Request)            { s.notImplemented(w, r) }
func (s *Server) ungConsentWithdrawForm(w http.ResponseWriter, r *http.Request) { s.notImplemented(w, r) }
func (s *Server) ungConsentWithdraw(w http.ResponseWriter, r *http.Request)     { s.notImplemented(w, r) }
func (s *Server) ungAccessLog(w http.ResponseWriter, r *http.Request)           { s.notImplemented(w, r) }
func (s *Server) ungData(w http.ResponseWriter, r *http.Request)                { s.notImplemented(w, r) }
func (s *Server) ungDataJSON(w http.ResponseWriter, r *http.Request)            { s.notImplemented(w, r) }
