package postgres

import (
	"context"
	"time"

	"kui/internal/casework"
)

// STUB (WP0): WP2 writes the bodies and the sending side. See
// docs/notifications-plan.md §6.

// OutboxEntry is a row of the outgoing e-mail as the administrator sees it:
// no address, no content.
type OutboxEntry struct {
	ID            int64
	UserName      string
	Kind          string // a casework.Kind, or "digest"
	State         string // waiting, retrying, sent, failed, skipped, off
	Attempts      int
	Tries         int
	LastError     string
	CreatedAt     time.Time
	LastAttemptAt time.Time
	SentAt        time.Time
}

// OutboxList lists the newest rows of the administrator's municipality.
func (db *DB) OutboxList(ctx context.Context, actor casework.User, limit int) ([]OutboxEntry, error) {
	return nil, errNotYet
}

// RetryOutbox sends a failed row of the administrator's municipality again.
func (db *DB) RetryOutbox(ctx context.Context, actor casework.User, id int64) error { return errNotYet }
