package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"kui/internal/casework"
)

// The audit rows of page views are written by group commit. A page view
// writes nothing but its audit row, so the row needs no transaction of its
// own: one writer goroutine per store takes the rows queued meanwhile and
// commits them together in one statement, while the next rows queue behind
// that commit. A page is shown only once its row is committed (viewed
// returns then): a read may be logged and not shown (its request gave up),
// never shown and not logged.
//
// Every write keeps its audit row in its own transaction (audit): one
// transaction per user action, all or nothing.

// ErrNotAudited means that the audit row of a read could not be committed,
// so what was read must not be shown: the server answers 503 ("try again in
// a moment"), as for a database that does not answer.
var ErrNotAudited = errors.New("postgres: the read's audit row was not written")

// errAuditClosed is what viewed answers once the store is closed.
var errAuditClosed = fmt.Errorf("%w: the store is closed", ErrNotAudited)

const (
	auditQueueSize = 4096
	auditBatchMax  = 500 // rows in one statement at most
	auditTimeout   = 5 * time.Second
)

// auditRow is one row of audit_log, as audit and auditCitizen write it.
type auditRow struct {
	municipalityID   int64
	userID           int64 // the professional; 0 for the young person's own reads
	citizenSessionID int64 // the young person's session; 0 for a professional's reads
	youthID          int64 // 0 = none
	action           casework.AuditAction
	detail           string
	at               time.Time // the store's clock when the request read, as audit's tx.now
}

// auditWait is a queued row and the request waiting for its commit.
type auditWait struct {
	row  auditRow
	done chan error // cap 1: the writer never waits for the request
}

// auditWriter is the store's one writer of page views' audit rows.
type auditWriter struct {
	pool   *pgxpool.Pool
	queue  chan *auditWait
	mu     sync.RWMutex // held for reading while a row is queued; closed is set under the write lock
	closed bool
	stop   chan struct{} // closed by close: drain the queue, then exit
	exited chan struct{}
	once   sync.Once

	beforeInsert func(n int) // test hook (export_test.go): called before each batch's INSERT; nil in production
}

func newAuditWriter(pool *pgxpool.Pool) *auditWriter {
	w := &auditWriter{
		pool:   pool,
		queue:  make(chan *auditWait, auditQueueSize),
		stop:   make(chan struct{}),
		exited: make(chan struct{}),
	}
	go w.run()
	return w
}

// viewed records that actor read something (about the young person
// youthID, 0 for none) and returns only when the row is committed, or with
// the error that it was not (wrapping ErrNotAudited). Like inTx, it writes
// nothing for a request whose input was refused.
func (db *DB) viewed(ctx context.Context, actor casework.User, youthID int64, action casework.AuditAction, detail string) error {
	return db.record(ctx, professionalRow(actor, pageView{youthID, action, detail}, db.now()))
}

// professionalRow is the audit row of a professional's page view at at.
func professionalRow(actor casework.User, v pageView, at time.Time) auditRow {
	return auditRow{municipalityID: actor.MunicipalityID, userID: actor.ID, youthID: v.youthID,
		action: v.action, detail: v.detail, at: at}
}

// citizenRow is the audit row of the young person's own page view at at,
// as auditCitizen writes it.
func citizenRow(c casework.Citizen, v pageView, at time.Time) auditRow {
	return auditRow{municipalityID: c.MunicipalityID, citizenSessionID: c.SessionID, youthID: c.YouthID,
		action: v.action, detail: v.detail, at: at}
}

// pageView is what a page view's audit row says: about whom (0 = nobody
// in particular), what, and the detail. The zero pageView records nothing
// (a front-page list that showed nothing).
type pageView struct {
	youthID int64
	action  casework.AuditAction
	detail  string
}

// readTx runs a page view's reads in one READ ONLY transaction, then, once
// they succeeded, records the view as viewed does: reads, then a committed
// audit row, then the page. The row is stamped with the store's clock when
// the reads began (tx.now), as audit stamps a change. The reads lose
// nothing by leaving inTx: it was READ COMMITTED, each statement its own
// snapshot, already. Reads that fail write no audit row, as before.
func (db *DB) readTx(ctx context.Context, actor casework.User, reads func(tx actionTx) (pageView, error)) error {
	v, at, err := db.readOnly(ctx, reads)
	if err != nil || v.action == "" {
		return err
	}
	return db.record(ctx, professionalRow(actor, v, at))
}

// citizenReadTx is readTx for the young person's own pages: the reads
// after the check that the citizen's session is open and still for their
// case (ownCaseOpen), the view recorded as the young person's, as
// auditCitizen records it (the pageView's youthID is theirs).
func (db *DB) citizenReadTx(ctx context.Context, c casework.Citizen, reads func(tx actionTx) (pageView, error)) error {
	v, at, err := db.readOnly(ctx, func(tx actionTx) (pageView, error) {
		if err := ownCaseOpen(ctx, tx, c); err != nil {
			return pageView{}, err
		}
		return reads(tx)
	})
	if err != nil || v.action == "" {
		return err
	}
	return db.record(ctx, citizenRow(c, v, at))
}

// readOnly runs reads in one READ ONLY transaction (a write in it fails)
// and returns the store's clock when it began; like inTx, not for a
// request whose input was refused.
func (db *DB) readOnly(ctx context.Context, reads func(tx actionTx) (pageView, error)) (pageView, time.Time, error) {
	if err := refusedInput(ctx); err != nil {
		return pageView{}, time.Time{}, err
	}
	now := db.now()
	var v pageView
	err := pgx.BeginTxFunc(ctx, db.Pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var err error
		v, err = reads(actionTx{Tx: tx, now: now})
		return err
	})
	return v, now, err
}

// readYouthTx is readTx on a young person the actor may see (visibleYouth),
// with the young person's municipality; not found otherwise.
func (db *DB) readYouthTx(ctx context.Context, actor casework.User, youthID int64, reads func(tx actionTx, municipalityID int64) (pageView, error)) error {
	return db.readTx(ctx, actor, func(tx actionTx) (pageView, error) {
		municipalityID, err := visibleYouth(ctx, tx, actor, youthID)
		if err != nil {
			return pageView{}, err
		}
		return reads(tx, municipalityID)
	})
}

// record queues row for the writer and waits for its commit.
func (db *DB) record(ctx context.Context, row auditRow) error {
	if err := refusedInput(ctx); err != nil {
		return err
	}
	wait := &auditWait{row: row, done: make(chan error, 1)}
	if err := db.audits.enqueue(ctx, wait); err != nil {
		return err
	}
	select {
	case err := <-wait.done:
		if err != nil {
			return fmt.Errorf("%w: %w", ErrNotAudited, err)
		}
		return nil
	case <-ctx.Done():
		// The row may still commit: logged and not shown is allowed.
		return fmt.Errorf("%w: %w", ErrNotAudited, ctx.Err())
	}
}

// enqueue puts a row on the queue, unless the writer is closed or ctx ends
// first. Once close has begun nothing more is queued, so the writer's drain
// answers every row that was.
func (w *auditWriter) enqueue(ctx context.Context, wait *auditWait) error {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.closed {
		return errAuditClosed
	}
	select {
	case w.queue <- wait:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("%w: %w", ErrNotAudited, ctx.Err())
	}
}

// close stops the writer: the rows already queued are written (or fail),
// then the goroutine exits. Later calls of viewed answer errAuditClosed.
func (w *auditWriter) close() {
	w.once.Do(func() {
		w.mu.Lock()
		w.closed = true
		w.mu.Unlock()
		close(w.stop)
	})
	<-w.exited
}

// run blocks for the first row, then takes what else is queued without
// waiting, up to auditBatchMax rows, and writes them in one statement. No
// timer: at low load a batch is one row and adds no delay; under load rows
// queue while the previous batch commits — that is the group commit.
func (w *auditWriter) run() {
	defer close(w.exited)
	batch := make([]*auditWait, 0, auditBatchMax)
	for {
		select {
		case first := <-w.queue:
			batch = w.fill(append(batch[:0], first))
			w.write(batch)
		case <-w.stop:
			for {
				batch = w.fill(batch[:0])
				if len(batch) == 0 {
					return
				}
				w.write(batch)
			}
		}
	}
}

// fill adds queued rows to batch without waiting, up to auditBatchMax.
func (w *auditWriter) fill(batch []*auditWait) []*auditWait {
	for len(batch) < auditBatchMax {
		select {
		case next := <-w.queue:
			batch = append(batch, next)
		default:
			return batch
		}
	}
	return batch
}

// write commits the batch in one statement and answers every waiter. When
// a row's data fails (SQLSTATE class 22 or 23), the rows are written one by
// one, so the bad row fails only its own waiter; any other error fails the
// whole batch.
func (w *auditWriter) write(batch []*auditWait) {
	if w.beforeInsert != nil {
		w.beforeInsert(len(batch))
	}
	err := w.insert(batch)
	if len(batch) > 1 && dataError(err) {
		for _, one := range batch {
			one.done <- w.insert([]*auditWait{one})
		}
		return
	}
	for _, one := range batch {
		one.done <- err
	}
}

// auditInsert writes a batch of rows: the columns audit and auditCitizen
// write, with the actor's unit as it is at the time of writing.
const auditInsert = `
	INSERT INTO audit_log (municipality_id, user_id, actor_kind, citizen_session_id, youth_id, action, detail, at, actor_unit_id)
	SELECT x.m, nullif(x.u, 0), CASE WHEN x.s = 0 THEN 'professional' ELSE 'youth' END, nullif(x.s, 0), nullif(x.y, 0),
	       x.a, x.d, x.t, (SELECT unit_id FROM users WHERE id = nullif(x.u, 0))
	  FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::timestamptz[])
	       AS x(m, u, s, y, a, d, t)`

func (w *auditWriter) insert(batch []*auditWait) error {
	n := len(batch)
	m, u, s, y := make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
	a, d, t := make([]string, n), make([]string, n), make([]time.Time, n)
	for i, one := range batch {
		r := one.row
		m[i], u[i], s[i], y[i], a[i], d[i], t[i] = r.municipalityID, r.userID, r.citizenSessionID, r.youthID, string(r.action), r.detail, r.at
	}
	ctx, cancel := context.WithTimeout(context.Background(), auditTimeout)
	defer cancel()
	_, err := w.pool.Exec(ctx, auditInsert, m, u, s, y, a, d, t)
	return err
}

// dataError tells whether err is about the rows' data (SQLSTATE class 22,
// data exception, or 23, integrity constraint violation), not the database.
func dataError(err error) bool {
	pgErr, ok := errors.AsType[*pgconn.PgError](err)
	return ok && (len(pgErr.Code) == 5 && (pgErr.Code[:2] == "22" || pgErr.Code[:2] == "23"))
}
