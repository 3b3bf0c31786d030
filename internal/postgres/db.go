// Package postgres is kui's storage: every SQL statement, hand-written with
// pgx. Every method that touches a young person's data takes the acting user
// and scopes by municipality and access in the SQL itself, so a record the
// actor may not see is simply not found.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"github.com/riverqueue/river"

	"kui/internal/casework"
	"kui/migrations"
)

// DB is the store. It is safe for concurrent use.
type DB struct {
	Pool *pgxpool.Pool
	now  func() time.Time
	jobs *river.Client[pgx.Tx] // insert-only (jobs.go)
	// audits writes page views' audit rows by group commit (auditwriter.go).
	audits *auditWriter
}

// Option changes how Open sets up the store.
type Option func(*DB)

// WithClock makes now the store's clock, and so kui's: see DB.Now.
func WithClock(now func() time.Time) Option { return func(db *DB) { db.now = now } }

// Now is kui's one clock. Every time kui stores — created, changed, sent,
// decided, audited — is read from it in Go and passed into SQL, never taken
// from PostgreSQL's now() or CURRENT_DATE, and the server reads the same
// clock for every date a page shows or a rule compares. A test that fixes
// the clock (WithClock) therefore fixes it for everything it reads back.
// The one exception is the session store: scs stamps session expiry with
// the wall clock itself, so sessions are compared with the wall clock.
func (db *DB) Now() time.Time { return db.now() }

// Open connects to the database at url and checks that it answers.
func Open(ctx context.Context, url string, opts ...Option) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse database url: %w", err)
	}
	// pgx's default of max(4, cores) connections queues requests behind
	// each other's audit-row commits; more connections keep the cores busy.
	// pool_max_conns in the URL overrides it.
	if !strings.Contains(url, "pool_max_conns") {
		cfg.MaxConns = int32(max(16, 4*runtime.NumCPU()))
	}
	// kui's queries are short index lookups, but planning them is not: the
	// access rule (visibleToActor) and the notifications' checks are
	// subqueries, and PostgreSQL planned them anew for every execution of a
	// prepared statement (3–10 ms a query, the better part of a page). With
	// generic plans each connection plans a statement once; measured on the
	// bench's data set, every page is as fast or faster, the coordinator's
	// name search included. And no JIT compilation: the planner may cost
	// such a plan above jit_above_cost, and compiling it took 70 ms to save
	// nothing. Either setting in the URL overrides these.
	for param, value := range map[string]string{"plan_cache_mode": "force_generic_plan", "jit": "off"} {
		if _, set := cfg.ConnConfig.RuntimeParams[param]; !set && !strings.Contains(url, param) {
			cfg.ConnConfig.RuntimeParams[param] = value
		}
	}
	// A database that does not answer fails the request within seconds
	// (a Danish 503 page), instead of hanging it.
	if cfg.ConnConfig.ConnectTimeout == 0 || cfg.ConnConfig.ConnectTimeout > 3*time.Second {
		cfg.ConnConfig.ConnectTimeout = 3 * time.Second
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("ping database: %w", err)
	}
	db := &DB{Pool: pool, now: time.Now}
	for _, opt := range opts {
		opt(db)
	}
	if db.jobs, err = newJobs(db); err != nil {
		pool.Close()
		return nil, fmt.Errorf("job queue: %w", err)
	}
	db.audits = newAuditWriter(pool)
	return db, nil
}

// Close writes the audit rows still queued, then releases the connections.
// Close it after the HTTP server has drained: a page view after Close fails.
func (db *DB) Close() {
	db.audits.close()
	db.Pool.Close()
}

// Ping reports whether the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.Pool.Ping(ctx) }

// Migrate applies every pending migration under goose's advisory session
// lock, so several instances starting at once migrate only once.
func Migrate(ctx context.Context, url string) ([]*goose.MigrationResult, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse database url: %w", err)
	}
	sqlDB := stdlib.OpenDB(*cfg)
	defer sqlDB.Close()
	return migrate(ctx, sqlDB)
}

func migrate(ctx context.Context, sqlDB *sql.DB) ([]*goose.MigrationResult, error) {
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return nil, err
	}
	provider, err := goose.NewProvider(goose.DialectPostgres, sqlDB, migrations.FS, goose.WithSessionLocker(locker))
	if err != nil {
		return nil, fmt.Errorf("goose: %w", err)
	}
	results, err := provider.Up(ctx)
	if err != nil {
		return results, fmt.Errorf("migrate: %w", err)
	}
	return results, nil
}

// actionTx is the transaction of one user action, and the one time, read
// from the store's clock when it began, that everything it writes is
// stamped with (as PostgreSQL's now() is the start of the transaction).
type actionTx struct {
	pgx.Tx
	now time.Time
}

// inTx runs fn in one transaction: everything a user action writes, its
// audit rows included, commits together or not at all.
func (db *DB) inTx(ctx context.Context, fn func(actionTx) error) error {
	if err := refusedInput(ctx); err != nil {
		return err // the request's input was refused (refuse.go)
	}
	now := db.now()
	return pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error { return fn(actionTx{Tx: tx, now: now}) })
}

// write runs one statement that changes data and needs no transaction of
// its own (no audit row); like inTx, it writes nothing for a request whose
// input was refused.
func (db *DB) write(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	if err := refusedInput(ctx); err != nil {
		return pgconn.CommandTag{}, err
	}
	return db.Pool.Exec(ctx, sql, args...)
}

// Constraint names the database reports, translated into domain errors.
const (
	constraintTeamMax   = "team_members_max_five"
	constraintTeamOnce  = "team_members_one_active"
	constraintCPR       = "youth_cpr_unique"
	constraintUserEmail = "users_email_unique"
)

// translate turns database errors a user can cause into domain errors, by
// constraint name (each area's names are declared beside its queries);
// anything else passes through as internal.
func translate(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return casework.NotFound()
	}
	pgErr, ok := errors.AsType[*pgconn.PgError](err)
	if !ok {
		return err
	}
	switch pgErr.ConstraintName {
	case constraintTeamMax:
		return casework.Conflict(casework.ProblemTeamFull)
	case constraintCPR:
		return casework.Invalid(map[string]casework.Problem{"cpr": casework.ProblemCPRTaken})
	case constraintUserEmail:
		return casework.Invalid(map[string]casework.Problem{"email": casework.ProblemEmailTaken})
	// the team and its contact person (team.go, contact.go)
	case constraintContactOne:
		return casework.Conflict(casework.ProblemContactPersonChanged)
	case constraintContactMember, constraintHandoverMember:
		return casework.Invalid(map[string]casework.Problem{"user_id": casework.ProblemNotOnTeam})
	case constraintHandoverOne:
		return casework.Conflict(casework.ProblemHandoverPending)
	case constraintMemberIsContact:
		return casework.Conflict(casework.ProblemContactPersonStays)
	case constraintMemberReceivesHandover:
		return casework.Conflict(casework.ProblemHandoverReceiverStays)
	case constraintReferralOne:
		return casework.Conflict(casework.ProblemReferralPending)
	case constraintUnitName:
		return casework.Invalid(map[string]casework.Problem{"name": casework.ProblemUnitTaken})
	// the case file (casefile.go)
	case constraintNoteOneCorrection, constraintNoteAppendOnly:
		return casework.Conflict(casework.ProblemNoteCorrected)
	case constraintConsentHistory:
		return casework.Conflict(casework.ProblemConsentWithdrawn)
	case constraintConsentWithdrawal:
		return casework.Invalid(map[string]casework.Problem{"withdrawn_on": casework.ProblemWithdrawnBeforeGiven})
	// meetings (meetings.go)
	case constraintMeetingLocked:
		return casework.Conflict(casework.ProblemMeetingClosed)
	case constraintAgendaSent:
		return casework.Conflict(casework.ProblemAgendaSent)
	case constraintAgendaYouthTopics:
		return casework.Invalid(map[string]casework.Problem{"raised_by": casework.ProblemYouthTopicsOnly})
	case constraintPlanNotCoordination:
		return casework.Invalid(map[string]casework.Problem{"text": casework.ProblemNoPlanAtCoordination})
	case constraintRoomDoubleBooked:
		return casework.Invalid(map[string]casework.Problem{"room_id": casework.ProblemRoomBooked})
	case constraintParticipantsMax:
		return casework.Invalid(map[string]casework.Problem{"participants": casework.ProblemParticipantsMax})
	case constraintRoomName:
		return casework.Invalid(map[string]casework.Problem{"name": casework.ProblemRoomTaken})
	case constraintMeetingDuration:
		return casework.Invalid(map[string]casework.Problem{"minutes": casework.ProblemDuration})
	}
	return err
}

// nullDate is a date parameter: NULL for the zero time.
func nullDate(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// orZero reads a nullable date or time.
func orZero(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// idOf reads a nullable id: 0 for NULL.
func idOf(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// nullID is an id parameter: NULL for 0.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// querier is a pool or a transaction, for reads that run on either.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}
