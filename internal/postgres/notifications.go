package postgres

import (
	"context"
	"errors"
	"time"

	"kui/internal/casework"
)

// STUB (WP0): the frozen signatures of "Venter på dig"; WP1 writes the
// bodies. See docs/notifications-plan.md §4–§5.

var errNotYet = errors.New("not implemented yet")

// notice is one thing to tell: a kind, the young person and the record it
// concerns, the date that made it due (zero for events), and the SQL that
// selects its recipients' user ids ($1 = youth id, $2 = subject id).
type notice struct {
	kind     casework.Kind
	youthID  int64
	subject  int64
	occasion time.Time
	to       string
}

// notify records n for its recipients in the caller's transaction, with
// an outbox row and an e-mail job for those who want it at once.
func notify(ctx context.Context, tx actionTx, n notice) error { return errNotYet }

// resolve marks what waits about a record done, in the transaction of the
// action that did it.
func resolve(ctx context.Context, tx actionTx, kind casework.Kind, subjectID int64) error { return errNotYet }

// Inbox lists what waits for actor, newest first: only what is still
// waiting and about young people actor may see (read lines included).
func (db *DB) Inbox(ctx context.Context, actor casework.User) ([]casework.Notification, error) {
	return nil, errNotYet
}

// InboxCount counts actor's unread waiting lines, for the header.
func (db *DB) InboxCount(ctx context.Context, actor casework.User) (int, error) { return 0, errNotYet }

// MarkRead marks one of actor's lines read; another's is not found.
func (db *DB) MarkRead(ctx context.Context, actor casework.User, id int64) error { return errNotYet }

// Preferences is actor's e-mail choice per kind, defaults filled in.
func (db *DB) Preferences(ctx context.Context, actor casework.User) (map[casework.Kind]casework.Delivery, error) {
	return nil, errNotYet
}

// SetPreferences saves actor's e-mail choices.
func (db *DB) SetPreferences(ctx context.Context, actor casework.User, prefs map[casework.Kind]casework.Delivery) error {
	return errNotYet
}

// Unsubscribe turns a kind's e-mail off for a user (the e-mail's link).
func (db *DB) Unsubscribe(ctx context.Context, userID int64, kind casework.Kind) error { return errNotYet }

// UnsubscribeSecret is the key that signs unsubscribe links: generated
// once, shared by every instance.
func (db *DB) UnsubscribeSecret(ctx context.Context) ([]byte, error) { return nil, errNotYet }
