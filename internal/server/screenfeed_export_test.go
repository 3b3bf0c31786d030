package server

// ScreenRenders is how many times s read and rendered a meeting for its
// view-only big screens (screenfeed.go).
func ScreenRenders(s *Server) int64 { return s.screens.renders.Load() }

// ScreenChecks is how many times s checked the viewers of a meeting's
// screens.
func ScreenChecks(s *Server) int64 { return s.screens.checks.Load() }

// ScreenWatchers is how many view-only screens of mid s feeds.
func ScreenWatchers(s *Server, mid int64) int { return s.screens.Watchers(mid) }
