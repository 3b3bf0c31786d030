package postgres

import (
	"context"
	"time"
)

// STUB (WP0): WP1 writes the bodies. See docs/notifications-plan.md §5–§6.

// RunReminders creates, for kui's clock's now, every time-dependent
// notification (agendas due, plan items due, consents expiring, turning 18,
// no meeting, between chairs) once, sweeps what is done, and queues the
// e-mails wanted at once. It returns how many notifications it created.
func (db *DB) RunReminders(ctx context.Context) (int, error) { return 0, errNotYet }

// RunDigest queues the daily summary of day for every user with unmailed
// waiting lines whose delivery is daily. It returns how many it queued.
func (db *DB) RunDigest(ctx context.Context, day time.Time) (int, error) { return 0, errNotYet }
