package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// SessionTouchInterval is how often, at most, a session's idle deadline
// moves forward: a session in use is written once a minute, not on every
// request. It may therefore end up to this much before its idle timeout
// (the safe side), never after.
const SessionTouchInterval = time.Minute

// SessionStore keeps the web sessions (table sessions) for scs, as pgxstore
// does, but on the request's context (scs's CtxStore interface): when the
// database stops answering, a request fails when its time is up instead of
// waiting for ever (pgxstore runs every query on context.Background()).
//
// The store, not scs, keeps the idle timeout (scs's IdleTimeout is 0: with
// it scs marks every loaded session changed and commits it on every
// request). A row holds the session's absolute deadline (scs's Lifetime,
// which scs passes to CommitCtx) and its expiry, the moment it dies unused:
// never later than the deadline, and at most idle after its last use.
// FindCtx moves the expiry forward when it is more than
// SessionTouchInterval old, so a session in use costs one UPDATE a minute.
//
// No session is ever held in an instance's memory: every request reads its
// row, so a logout or a new token (scs deletes the old one at once) holds
// on every instance at its next request. A deleted token is kept as a
// tombstone (revoked_at) until its deadline, so a request that loaded it
// before and commits it after cannot bring it back.
//
// Sessions run on the wall clock, not kui's clock (DB.Now): scs stamps a
// session's deadline with time.Now itself, so the store compares with the
// same clock, passed from Go.
type SessionStore struct {
	pool *pgxpool.Pool
	idle time.Duration
	now  func() time.Time // time.Now; the store's tests step it by hand
}

// Sessions is the session store on db's pool; a session unused for idle
// ends.
func (db *DB) Sessions(idle time.Duration) SessionStore {
	return SessionStore{pool: db.Pool, idle: idle, now: time.Now}
}

// FindCtx returns the data of a live session, and moves its expiry forward
// when the last move is more than SessionTouchInterval ago.
func (s SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	now := s.now()
	b, expiry, deadline, found, err := s.find(ctx, token, now)
	if err != nil || !found {
		return nil, false, err
	}
	fresh := now.Add(s.idle)
	if !expiry.Before(deadline) || !expiry.Before(fresh.Add(-SessionTouchInterval)) {
		return b, true, nil
	}
	// The touch: only a live, unrevoked row that still needs it. Of several
	// requests that find the session at once one writes; the others wait
	// for its row lock and then find nothing left to do.
	tag, err := s.pool.Exec(ctx, `UPDATE sessions SET expiry = least($2::timestamptz, deadline)
		WHERE token = $1 AND $3 < expiry AND revoked_at IS NULL AND expiry < $4`,
		token, fresh, now, fresh.Add(-SessionTouchInterval))
	if err != nil {
		return nil, false, err
	}
	if tag.RowsAffected() == 1 {
		return b, true, nil
	}
	// Nothing touched: another request did it meanwhile, or the session was
	// deleted or has expired. Read it again to tell which.
	b, _, _, found, err = s.find(ctx, token, now)
	if err != nil || !found {
		return nil, false, err
	}
	return b, true, nil
}

// find reads a live session's row.
func (s SessionStore) find(ctx context.Context, token string, now time.Time) (b []byte, expiry, deadline time.Time, found bool, err error) {
	err = s.pool.QueryRow(ctx, `SELECT data, expiry, deadline FROM sessions
		WHERE token = $1 AND $2 < expiry AND revoked_at IS NULL`, token, now).Scan(&b, &expiry, &deadline)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, time.Time{}, time.Time{}, false, nil
	}
	if err != nil {
		return nil, time.Time{}, time.Time{}, false, err
	}
	return b, expiry, deadline, true, nil
}

// CommitCtx saves a session, new or changed. With scs's IdleTimeout 0,
// deadline is the session's absolute deadline; the row's expiry is idle
// from now, no later than that. A revoked token, or a session that has
// died meanwhile, stays as it is: a late commit brings nothing back.
func (s SessionStore) CommitCtx(ctx context.Context, token string, b []byte, deadline time.Time) error {
	now := s.now()
	_, err := s.pool.Exec(ctx, `INSERT INTO sessions (token, data, deadline, expiry) VALUES ($1, $2, $3::timestamptz, least($4::timestamptz, $3::timestamptz))
		ON CONFLICT (token) DO UPDATE SET data = EXCLUDED.data, deadline = EXCLUDED.deadline, expiry = EXCLUDED.expiry
		WHERE sessions.revoked_at IS NULL AND $5::timestamptz < sessions.expiry`, token, b, deadline, now.Add(s.idle), now)
	return err
}

// DeleteCtx ends a session at once. Its row stays, revoked, until the
// session's deadline (DeleteExpired removes it then), so that a request
// that loaded it earlier cannot commit it again.
func (s SessionStore) DeleteCtx(ctx context.Context, token string) error {
	_, err := s.pool.Exec(ctx, `UPDATE sessions SET revoked_at = $2, expiry = deadline
		WHERE token = $1 AND revoked_at IS NULL`, token, s.now())
	return err
}

// Find, Commit and Delete complete scs's Store interface; scs calls the
// context-aware methods above.
func (s SessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

func (s SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

func (s SessionStore) Delete(token string) error { return s.DeleteCtx(context.Background(), token) }

// DeleteExpired removes the sessions that have run out, and the tombstones
// of those that were deleted, once past their deadline.
func (s SessionStore) DeleteExpired(ctx context.Context) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE expiry < $1`, s.now())
	return err
}
