package postgres

import (
	"context"
	"time"

	"kui/internal/casework"
)

// NotifyThenReturn tells userID about youthID (a decided referral, e-mailed
// at once by default) in one transaction that then returns err: a non-nil
// err rolls everything back. For the rolled-back test only.
func NotifyThenReturn(ctx context.Context, db *DB, youthID, userID int64, err error) error {
	return db.inTx(ctx, func(tx actionTx) error {
		if e := notify(ctx, db, tx, notice{kind: casework.KindReferralDecided, youthID: youthID, subject: youthID, to: toUser(userID)}); e != nil {
			return e
		}
		return err
	})
}

// SessionsAt is the session store with its wall clock replaced by now, for
// the tests that step a session through time by hand.
func SessionsAt(db *DB, idle time.Duration, now func() time.Time) SessionStore {
	s := db.Sessions(idle)
	s.now = now
	return s
}

// ErrAuditClosed is what a page view's audit answers after Close.
var ErrAuditClosed = errAuditClosed

// Viewed records a page view's audit row through the store's writer.
func Viewed(ctx context.Context, db *DB, actor casework.User, youthID int64, action casework.AuditAction, detail string) error {
	return db.viewed(ctx, actor, youthID, action, detail)
}

// BeforeAuditInsert sets the audit writer's hook, called with the number
// of rows before each batch is written. Set it before the first page view.
func BeforeAuditInsert(db *DB, hook func(n int)) { db.audits.beforeInsert = hook }

// AuditQueued is the number of audit rows waiting for the writer.
func AuditQueued(db *DB) int { return len(db.audits.queue) }
