package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

// The outgoing e-mail (email_outbox): every e-mail kui means to send, once.
// The store writes a row and its EmailArgs job in the transaction of the
// change that causes it; internal/notify's EmailWorker sends it through
// SendOutbox, which holds the row's lock across the SMTP dialogue so two
// workers (two instances, a rescued job) cannot send one row twice. See
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
	if limit <= 0 {
		limit = 200
	}
	var out []OutboxEntry
	err := db.inAdminTx(ctx, actor, func(tx actionTx, municipalityID int64) error {
		rows, err := tx.Query(ctx, `
			SELECT o.id, u.name, o.kind, o.state, o.attempts, o.tries, o.last_error, o.created_at,
			       o.last_attempt_at, o.sent_at
			  FROM email_outbox o JOIN users u ON u.id = o.user_id
			 WHERE o.municipality_id = $1
			 ORDER BY o.created_at DESC, o.id DESC
			 LIMIT $2`, municipalityID, limit)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (OutboxEntry, error) {
			var e OutboxEntry
			var last, sent *time.Time
			err := r.Scan(&e.ID, &e.UserName, &e.Kind, &e.State, &e.Attempts, &e.Tries, &e.LastError, &e.CreatedAt, &last, &sent)
			if last != nil {
				e.LastAttemptAt = *last
			}
			if sent != nil {
				e.SentAt = *sent
			}
			return e, err
		})
		return err
	})
	return out, err
}

// RetryOutbox sends a failed row of the administrator's municipality again:
// the row waits again and a new job (EmailArgs.Try = the resend count) is
// queued in the same transaction. A row that is not failed, or another
// municipality's, is not found.
func (db *DB) RetryOutbox(ctx context.Context, actor casework.User, id int64) error {
	return db.inAdminTx(ctx, actor, func(tx actionTx, municipalityID int64) error {
		var tries int
		err := tx.QueryRow(ctx, `
			UPDATE email_outbox SET state = 'waiting', tries = tries + 1, retried_by = $3, retried_at = $4
			 WHERE id = $1 AND municipality_id = $2 AND state = 'failed'
			RETURNING tries`, id, municipalityID, actor.ID, tx.now).Scan(&tries)
		if err != nil {
			return translate(err)
		}
		_, err = db.jobs.InsertTx(ctx, tx.Tx, EmailArgs{OutboxID: id, Try: tries}, nil)
		return err
	})
}

// QueueEmail writes an outbox row for userID's kind (a notification kind or
// "digest") and its e-mail job, as the store's notify does, and returns the
// row's id. idemKey makes it once. For tests of the sending side, and for
// anything that must mail a user outside a notification.
func (db *DB) QueueEmail(ctx context.Context, userID int64, kind, idemKey string) (int64, error) {
	var id int64
	err := db.inTx(ctx, func(tx actionTx) error {
		err := tx.QueryRow(ctx, `
			INSERT INTO email_outbox (municipality_id, user_id, idem_key, kind, created_at)
			SELECT municipality_id, id, $2, $3, $4 FROM users WHERE id = $1
			ON CONFLICT ON CONSTRAINT email_outbox_once DO NOTHING
			RETURNING id`, userID, idemKey, kind, tx.now).Scan(&id)
		if err != nil {
			return translate(err)
		}
		_, err = db.jobs.InsertTx(ctx, tx.Tx, EmailArgs{OutboxID: id}, nil)
		return err
	})
	return id, err
}

// OutboxMail is what one outbox row's e-mail may say: the address, the
// kind, and how many things of each kind wait — never a name or a text.
type OutboxMail struct {
	ID     int64
	UserID int64
	To     string
	Kind   string                // a casework.Kind, or "digest"
	Counts map[casework.Kind]int // the lines it carries, per kind (one kind unless a digest)
	// Unsubscribe is the unsubscribe token per kind in Counts.
	Unsubscribe map[casework.Kind]string
	Now         time.Time // kui's clock: the e-mail's Date
}

// Kinds are the kinds of m's lines in casework.Kinds' order.
func (m OutboxMail) Kinds() []casework.Kind {
	var ks []casework.Kind
	for _, k := range casework.Kinds {
		if m.Counts[k] > 0 {
			ks = append(ks, k)
		}
	}
	return ks
}

// MailFailure is how a send func reports that the SMTP server refused or
// could not be reached. Reason is what the outbox keeps and the
// administrator reads ("451 …", no address, no content).
type MailFailure struct {
	Permanent bool
	Reason    string
}

func (e *MailFailure) Error() string { return e.Reason }

// ErrMailPostponed, returned by a send func before it dials, leaves the row
// as it was (the worker is stopping).
var ErrMailPostponed = errors.New("e-mail postponed")

// OutboxOutcome is what SendOutbox did with a row.
type OutboxOutcome string

const (
	OutboxBusy      OutboxOutcome = "busy"      // another worker holds the row
	OutboxDone      OutboxOutcome = "done"      // already sent, skipped, failed or off: nothing to do
	OutboxPostponed OutboxOutcome = "postponed" // the send func did not dial (ErrMailPostponed)
	OutboxSkipped   OutboxOutcome = "skipped"   // nothing left to tell: recipient inactive, kind off, lines done
	OutboxSent      OutboxOutcome = "sent"
	OutboxRetrying  OutboxOutcome = "retrying" // a temporary failure: try again
	OutboxFailed    OutboxOutcome = "failed"   // a permanent failure, or the last attempt
	OutboxOff       OutboxOutcome = "off"      // e-mail is not configured
)

// SendOutbox sends outbox row id: it locks the row (FOR UPDATE SKIP LOCKED),
// re-checks that the recipient is active and that at least one of its lines
// still waits, is visible to them and is not turned off, and calls send with
// what to say while it holds the lock; then it records sent, retrying or
// failed with kui's clock, in the same transaction. giveUp makes a
// temporary failure final (the job's last attempt). With send nil, e-mail
// is off: the row is marked 'off'. ctx should not be cancelled by a
// shutdown: the caller checks for that in send, before dialing.
func (db *DB) SendOutbox(ctx context.Context, id int64, giveUp bool, send func(context.Context, OutboxMail) error) (OutboxOutcome, *MailFailure, error) {
	outcome := OutboxBusy
	var failure *MailFailure
	err := db.inTx(ctx, func(tx actionTx) error {
		m := OutboxMail{ID: id, Now: tx.now, Counts: map[casework.Kind]int{}, Unsubscribe: map[casework.Kind]string{}}
		var state, idemKey string
		var active bool
		err := tx.QueryRow(ctx, `
			SELECT o.user_id, o.kind, o.state, o.idem_key, u.email, u.active
			  FROM email_outbox o JOIN users u ON u.id = o.user_id
			 WHERE o.id = $1 FOR UPDATE OF o SKIP LOCKED`, id).Scan(&m.UserID, &m.Kind, &state, &idemKey, &m.To, &active)
		if errors.Is(err, pgx.ErrNoRows) {
			var exists bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM email_outbox WHERE id = $1)`, id).Scan(&exists); err != nil {
				return err
			}
			if !exists {
				outcome = OutboxDone // gone: nothing to send
			}
			return nil
		}
		if err != nil {
			return err
		}
		if state != "waiting" && state != "retrying" {
			outcome = OutboxDone
			return nil
		}
		if send == nil {
			outcome = OutboxOff
			_, err := tx.Exec(ctx, `UPDATE email_outbox SET state = 'off' WHERE id = $1`, id)
			return err
		}
		if active {
			if m.Counts, err = OutboxWaiting(ctx, tx, id, tx.now); err != nil {
				return err
			}
		}
		if len(m.Counts) == 0 {
			outcome = OutboxSkipped
			_, err := tx.Exec(ctx, `UPDATE email_outbox SET state = 'skipped', last_attempt_at = $2 WHERE id = $1`, id, tx.now)
			return err
		}
		secret, err := serverSecret(ctx, tx, unsubscribeSecretName)
		if err != nil {
			return err
		}
		for k := range m.Counts {
			m.Unsubscribe[k] = casework.UnsubscribeToken(secret, m.UserID, k)
		}
		sendErr := send(ctx, m)
		if errors.Is(sendErr, ErrMailPostponed) {
			outcome = OutboxPostponed
			return nil
		}
		if sendErr == nil {
			outcome = OutboxSent
			_, err := tx.Exec(ctx, `
				UPDATE email_outbox SET state = 'sent', attempts = attempts + 1, last_error = '',
				       last_attempt_at = $2, sent_at = $2
				 WHERE id = $1`, id, tx.now)
			return err
		}
		if !errors.As(sendErr, &failure) {
			failure = &MailFailure{Reason: "afsendelsen mislykkedes"}
		}
		outcome, state = OutboxRetrying, "retrying"
		if failure.Permanent || giveUp {
			outcome, state = OutboxFailed, "failed"
		}
		_, err = tx.Exec(ctx, `
			UPDATE email_outbox SET state = $2, attempts = attempts + 1, last_error = $3, last_attempt_at = $4
			 WHERE id = $1`, id, state, clipReason(failure.Reason, 300), tx.now)
		return err
	})
	if err != nil {
		return "", nil, fmt.Errorf("outbox %d: %w", id, err)
	}
	return outcome, failure, nil
}

func clipReason(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

// OutboxState is a row's state, attempts and last error (for tests and
// the worker's log).
func (db *DB) OutboxState(ctx context.Context, id int64) (state string, attempts int, lastError string, err error) {
	err = db.Pool.QueryRow(ctx, `SELECT state, attempts, last_error FROM email_outbox WHERE id = $1`, id).
		Scan(&state, &attempts, &lastError)
	return state, attempts, lastError, translate(err)
}
