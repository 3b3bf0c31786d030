package server

import (
	"context"
	"log/slog"
	"time"
)

// sessionCleanupInterval is how often expired sessions are removed.
const sessionCleanupInterval = 10 * time.Minute

// cleanupSessions removes expired sessions, and login failures long
// forgotten, from the database every interval until Close.
func (s *Server) cleanupSessions(interval time.Duration) {
	defer close(s.cleanupDone)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-s.stopCleanup:
			return
		case <-tick.C:
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			if err := s.db.Sessions(sessionIdleTimeout).DeleteExpired(ctx); err != nil {
				s.log.LogAttrs(ctx, slog.LevelWarn, "session cleanup failed", errorAttr(err))
			}
			if err := s.db.DeleteExpiredSignIns(ctx); err != nil {
				s.log.LogAttrs(ctx, slog.LevelWarn, "sign-in cleanup failed", errorAttr(err))
			}
			if err := s.db.ForgetLoginFailures(ctx, throttleForget); err != nil {
				s.log.LogAttrs(ctx, slog.LevelWarn, "login throttle cleanup failed", errorAttr(err))
			}
			cancel()
		}
	}
}
