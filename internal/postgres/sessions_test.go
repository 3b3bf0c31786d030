package postgres_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"kui/internal/postgres"
	"kui/migrations"
)

// The session store's tests run its wall clock by hand from sessionT0:
// nothing sleeps, nothing measures time.
var sessionT0 = time.Date(2027, 3, 10, 9, 0, 0, 0, time.UTC)

const (
	testIdle     = 30 * time.Minute // server.sessionIdleTimeout
	testLifetime = 10 * time.Hour   // server.sessionLifetime
	touch        = postgres.SessionTouchInterval
)

type sessionFixture struct {
	*storeFixture
	wall  *movableClock
	store postgres.SessionStore
}

func newSessions(t *testing.T) *sessionFixture {
	t.Helper()
	s := newStore(t)
	wall := &movableClock{now: sessionT0}
	return &sessionFixture{storeFixture: s, wall: wall, store: postgres.SessionsAt(s.db, testIdle, wall.Now)}
}

// set moves the session store's clock to when.
func (f *sessionFixture) set(when time.Time) {
	f.wall.mu.Lock()
	defer f.wall.mu.Unlock()
	f.wall.now = when
}

func (f *sessionFixture) commit(token, data string, deadline time.Time) {
	f.t.Helper()
	f.ok(f.store.CommitCtx(f.ctx, token, []byte(data), deadline))
}

// find is FindCtx; it fails the test on an error.
func (f *sessionFixture) find(token string) (string, bool) {
	f.t.Helper()
	b, found, err := f.store.FindCtx(f.ctx, token)
	f.ok(err)
	return string(b), found
}

// sessionRow is a session's row as stored; xmin tells whether it was
// written.
type sessionRow struct {
	xmin             string
	data             string
	expiry, deadline time.Time
	revoked          bool
}

func (r sessionRow) String() string {
	return fmt.Sprintf("{xmin %s, data %q, expiry %s, deadline %s, revoked %v}", r.xmin, r.data,
		r.expiry.UTC().Format(time.RFC3339Nano), r.deadline.UTC().Format(time.RFC3339Nano), r.revoked)
}

func (f *sessionFixture) row(token string) sessionRow {
	f.t.Helper()
	var r sessionRow
	var data []byte
	f.ok(f.db.Pool.QueryRow(f.ctx, `SELECT xmin::text, data, expiry, deadline, revoked_at IS NOT NULL FROM sessions WHERE token = $1`, token).
		Scan(&r.xmin, &data, &r.expiry, &r.deadline, &r.revoked))
	r.data = string(data)
	return r
}

// assertInvariant checks what must hold after a session is used at now:
// it dies no later than idle from now and never after its deadline, and —
// unless the deadline is what ends it — no earlier than idle less one
// touch interval from now.
func (f *sessionFixture) assertInvariant(token string, now time.Time) {
	f.t.Helper()
	r := f.row(token)
	if r.expiry.After(now.Add(testIdle)) || r.expiry.After(r.deadline) {
		f.t.Fatalf("used at %s: expiry %s is after min(now+idle, deadline %s)", now, r.expiry, r.deadline)
	}
	if !r.expiry.Equal(r.deadline) && !r.expiry.After(now.Add(testIdle-touch)) {
		f.t.Fatalf("used at %s: expiry %s is not after now+idle-touch (%s)", now, r.expiry, now.Add(testIdle-touch))
	}
}

// countTouches makes the database count every UPDATE of a session row from
// now on; the returned function reads the count.
func (f *sessionFixture) countTouches() func() int {
	f.t.Helper()
	for _, q := range []string{
		`CREATE TABLE session_writes (token text NOT NULL)`,
		`CREATE FUNCTION session_writes_count() RETURNS trigger LANGUAGE plpgsql AS $$
		 BEGIN INSERT INTO session_writes VALUES (NEW.token); RETURN NEW; END $$`,
		`CREATE TRIGGER session_writes_count AFTER UPDATE ON sessions FOR EACH ROW EXECUTE FUNCTION session_writes_count()`,
	} {
		_, err := f.db.Pool.Exec(f.ctx, q)
		f.ok(err)
	}
	return func() int { return f.count(`SELECT count(*) FROM session_writes`) }
}

// waitForLockWaiters waits until n statements of this database are waiting
// for a lock: the order in which concurrent statements meet is then known,
// without any sleep that guesses it.
func (f *sessionFixture) waitForLockWaiters(n int) {
	f.t.Helper()
	for i := 0; ; i++ {
		got := f.count(`SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'UPDATE sessions%'`)
		if got >= n {
			return
		}
		if i == 3000 {
			f.t.Fatalf("%d statements wait for the session row's lock, want %d", got, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestSessionNotWrittenWithinTheTouchInterval(t *testing.T) {
	f := newSessions(t)
	deadline := sessionT0.Add(testLifetime)
	f.commit("tok", "data", deadline)
	before := f.row("tok")
	for _, d := range []time.Duration{time.Second, 59 * time.Second, touch} {
		f.set(sessionT0.Add(d))
		if data, found := f.find("tok"); !found || data != "data" {
			t.Fatalf("T+%s: found %v, data %q", d, found, data)
		}
		if after := f.row("tok"); after != before {
			t.Errorf("T+%s: the row was written: %v, before %v", d, after, before)
		}
	}
}

func TestSessionTouchedAtMostOnceAMinute(t *testing.T) {
	f := newSessions(t)
	deadline := sessionT0.Add(testLifetime)
	f.commit("tok", "data", deadline)
	before := f.row("tok")

	f.set(sessionT0.Add(61 * time.Second))
	if _, found := f.find("tok"); !found {
		t.Fatal("T+61s: not found")
	}
	touched := f.row("tok")
	if touched.xmin == before.xmin || !touched.expiry.Equal(sessionT0.Add(61*time.Second+testIdle)) {
		t.Fatalf("T+61s: want a touch to T+61s+idle, got %v (before %v)", touched, before)
	}
	f.set(sessionT0.Add(90 * time.Second))
	if _, found := f.find("tok"); !found {
		t.Fatal("T+90s: not found")
	}
	if again := f.row("tok"); again != touched {
		t.Errorf("T+90s: written again within the minute: %v, want %v", again, touched)
	}

	// 20 requests find the session at once, each when a touch is due: the
	// row is locked while they read it, so every one of them sees the old
	// expiry and goes on to touch it. One writes; none fails or misses.
	writes := f.countTouches()
	now := sessionT0.Add(5 * time.Minute)
	f.set(now)
	db := f.openWith("pool_max_conns=24")
	store := postgres.SessionsAt(db, testIdle, f.wall.Now)
	lock, err := f.db.Pool.Begin(f.ctx)
	f.ok(err)
	defer func() { _ = lock.Rollback(context.Background()) }()
	_, err = lock.Exec(f.ctx, `SELECT 1 FROM sessions WHERE token = 'tok' FOR UPDATE`)
	f.ok(err)
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			b, found, err := store.FindCtx(f.ctx, "tok")
			switch {
			case err != nil:
				errs <- err
			case !found || string(b) != "data":
				errs <- fmt.Errorf("found %v, data %q", found, b)
			}
		})
	}
	f.waitForLockWaiters(n)
	f.ok(lock.Commit(f.ctx))
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := writes(); got != 1 {
		t.Errorf("%d concurrent finds wrote the row %d times, want once", n, got)
	}
	if r := f.row("tok"); !r.expiry.Equal(now.Add(testIdle)) {
		t.Errorf("expiry after the concurrent finds: %s, want %s", r.expiry, now.Add(testIdle))
	}
}

// A stolen cookie dies when the session has not been used for the idle
// timeout, however it was used before.
func TestSessionDiesWhenIdle(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 15))
	f := newSessions(t)
	deadline := sessionT0.Add(testLifetime)
	f.commit("tok", "data", deadline)
	f.assertInvariant("tok", sessionT0)

	now, uses := sessionT0, 0
	for {
		// Bursts, steady clicking, and pauses up to the longest that must
		// never end a session: idle less one touch interval.
		var gap time.Duration
		switch rng.IntN(3) {
		case 0:
			gap = time.Duration(rng.Int64N(int64(5 * time.Second)))
		case 1:
			gap = time.Duration(rng.Int64N(int64(2 * time.Minute)))
		default:
			gap = time.Duration(rng.Int64N(int64(testIdle - touch)))
		}
		gap = gap.Truncate(time.Microsecond) + time.Microsecond // PostgreSQL keeps microseconds
		if now.Add(gap).After(deadline.Add(-testIdle)) {
			break
		}
		now = now.Add(gap)
		f.set(now)
		if rng.IntN(10) == 0 {
			// A flash or another change: scs commits the session.
			f.commit("tok", fmt.Sprintf("data %d", uses), deadline)
		} else if _, found := f.find("tok"); !found {
			t.Fatalf("use %d at T+%s, %s after the last: not found", uses, now.Sub(sessionT0), gap)
		}
		f.assertInvariant("tok", now)
		uses++
	}
	t.Logf("%d uses over %s", uses, now.Sub(sessionT0))

	f.set(now.Add(testIdle + time.Second))
	if _, found := f.find("tok"); found {
		t.Errorf("found idle+1s after its last use at T+%s", now.Sub(sessionT0))
	}
}

func TestSessionEndsAtItsDeadline(t *testing.T) {
	f := newSessions(t)
	deadline := sessionT0.Add(testLifetime)
	f.commit("tok", "data", deadline)
	for now := sessionT0; now.Before(deadline.Add(2 * time.Minute)); now = now.Add(50 * time.Second) {
		f.set(now)
		_, found := f.find("tok")
		if want := now.Before(deadline); found != want {
			t.Fatalf("T+%s: found %v, want %v (deadline T+%s)", now.Sub(sessionT0), found, want, testLifetime)
		}
		if r := f.row("tok"); r.expiry.After(deadline) || !r.deadline.Equal(deadline) {
			t.Fatalf("T+%s: expiry %s, deadline %s; the deadline is %s", now.Sub(sessionT0), r.expiry, r.deadline, deadline)
		}
	}
	// A change in the session's last minutes does not lengthen it either.
	f.set(deadline.Add(-time.Minute))
	f.commit("late", "data", deadline)
	if r := f.row("late"); !r.expiry.Equal(deadline) {
		t.Errorf("committed a minute before its deadline: expiry %s, want the deadline %s", r.expiry, deadline)
	}
}

func TestSessionDeleteWinsOverATouch(t *testing.T) {
	f := newSessions(t)
	deadline := sessionT0.Add(testLifetime)

	// One after the other: deleted, the session is not found, touch or not.
	f.commit("tok", "data", deadline)
	f.set(sessionT0.Add(5 * time.Minute))
	f.ok(f.store.DeleteCtx(f.ctx, "tok"))
	if _, found := f.find("tok"); found {
		t.Error("found after its deletion")
	}

	// At once: a request reads the session (alive, a touch due) while the
	// user logs out on another instance; the logout commits before the
	// touch. The touch must not write, and the request gets no session.
	f.commit("raced", "data", deadline)
	f.set(sessionT0.Add(10 * time.Minute))
	lock, err := f.db.Pool.Begin(f.ctx)
	f.ok(err)
	defer func() { _ = lock.Rollback(context.Background()) }()
	_, err = lock.Exec(f.ctx, `SELECT 1 FROM sessions WHERE token = 'raced' FOR UPDATE`)
	f.ok(err)
	deleted := make(chan error, 1)
	go func() { deleted <- f.store.DeleteCtx(f.ctx, "raced") }()
	f.waitForLockWaiters(1) // the logout waits first
	type result struct {
		found bool
		err   error
	}
	found := make(chan result, 1)
	go func() {
		_, ok, err := f.store.FindCtx(f.ctx, "raced")
		found <- result{ok, err}
	}()
	f.waitForLockWaiters(2) // the touch waits behind it, having read the session alive
	f.ok(lock.Commit(f.ctx))
	f.ok(<-deleted)
	if r := <-found; r.err != nil || r.found {
		t.Errorf("a find racing a logout: found %v, error %v; want not found", r.found, r.err)
	}
	if r := f.row("raced"); !r.revoked || !r.expiry.Equal(deadline) {
		t.Errorf("after the race: %v, want revoked with expiry at the deadline", r)
	}
}

func TestSessionChangeGetsTheIdleExpiry(t *testing.T) {
	f := newSessions(t)
	deadline := sessionT0.Add(testLifetime)
	f.commit("tok", "signed in", deadline)
	if r := f.row("tok"); !r.expiry.Equal(sessionT0.Add(testIdle)) || !r.deadline.Equal(deadline) {
		t.Errorf("new session: expiry %s, deadline %s; want T+idle and T+lifetime", r.expiry, r.deadline)
	}
	f.set(sessionT0.Add(5 * time.Minute))
	f.commit("tok", "a flash", deadline)
	if r := f.row("tok"); !r.expiry.Equal(sessionT0.Add(5*time.Minute+testIdle)) || r.data != "a flash" {
		t.Errorf("changed session: expiry %s, data %q; want T+5m+idle", r.expiry, r.data)
	}
	f.set(sessionT0.Add(5*time.Minute + testIdle + time.Second))
	if _, found := f.find("tok"); found {
		t.Error("a changed session outlived its idle timeout")
	}
}

// A request that loaded a session before its logout, and commits it after
// (a flash, say), must not bring the signed-in session back.
func TestSessionNotResurrectedByALateCommit(t *testing.T) {
	f := newSessions(t)
	deadline := sessionT0.Add(testLifetime)
	f.commit("tok", "signed in", deadline)
	f.set(sessionT0.Add(time.Minute))
	if _, found := f.find("tok"); !found { // instance A loads it
		t.Fatal("not found before the logout")
	}
	f.ok(f.store.DeleteCtx(f.ctx, "tok")) // instance B: RenewToken at logout
	f.commit("tok", "signed in, with a flash", deadline)
	if _, found := f.find("tok"); found {
		t.Error("a late commit brought the deleted session back")
	}
	if r := f.row("tok"); r.data != "signed in" || !r.revoked {
		t.Errorf("the tombstone was changed: %v", r)
	}

	// The tombstone outlives the cleanup until the session's deadline, and
	// after it a late commit is dead on arrival.
	f.set(sessionT0.Add(time.Hour))
	f.ok(f.store.DeleteExpired(f.ctx))
	if n := f.count(`SELECT count(*) FROM sessions WHERE token = 'tok'`); n != 1 {
		t.Errorf("the tombstone was removed before the deadline")
	}
	f.set(deadline.Add(time.Second))
	f.ok(f.store.DeleteExpired(f.ctx))
	if n := f.count(`SELECT count(*) FROM sessions WHERE token = 'tok'`); n != 0 {
		t.Errorf("the tombstone outlived the deadline")
	}
	f.commit("tok", "signed in, later still", deadline)
	if _, found := f.find("tok"); found {
		t.Error("a commit after the deadline brought the session back")
	}

	// A session that has died idle is not brought back by a late commit
	// either.
	f.set(sessionT0)
	f.commit("idle", "signed in", deadline)
	f.set(sessionT0.Add(testIdle + time.Second))
	f.commit("idle", "with a flash", deadline)
	if _, found := f.find("idle"); found {
		t.Error("a late commit brought an idle-expired session back")
	}

	// Other sessions go on as before.
	f.commit("new", "signed in", deadline)
	if data, found := f.find("new"); !found || data != "signed in" {
		t.Errorf("a new session after the logout: found %v, data %q", found, data)
	}
}

// Migration 00014 keeps the sessions of an instance running the release
// before it: each ends at its expiry at the latest (its deadline is set
// there). Going back, the revoked tokens are removed, not made live.
func TestSessionDeadlineMigration(t *testing.T) {
	f := newSessions(t)
	deadline := sessionT0.Add(testLifetime)
	f.commit("live", "data", deadline)
	f.commit("gone", "data", deadline)
	f.ok(f.store.DeleteCtx(f.ctx, "gone"))

	cfg, err := pgx.ParseConfig(f.url)
	f.ok(err)
	sqlDB := stdlib.OpenDB(*cfg)
	defer sqlDB.Close()
	provider, err := goose.NewProvider(goose.DialectPostgres, sqlDB, migrations.FS)
	f.ok(err)
	_, err = provider.DownTo(f.ctx, 13)
	f.ok(err)
	if n := f.count(`SELECT count(*) FROM sessions WHERE token = 'gone'`); n != 0 {
		t.Error("down: a revoked session is left, live again without its revocation")
	}
	if n := f.count(`SELECT count(*) FROM sessions WHERE token = 'live'`); n != 1 {
		t.Error("down: a live session was removed")
	}

	// A session written by the release before.
	f.exec(`INSERT INTO sessions (token, data, expiry) VALUES ('old', 'data', $1)`, sessionT0.Add(testIdle))
	_, err = provider.UpTo(f.ctx, 14)
	f.ok(err)
	if r := f.row("old"); !r.deadline.Equal(sessionT0.Add(testIdle)) || !r.expiry.Equal(r.deadline) || r.revoked {
		t.Errorf("up: the earlier release's session is %v, want its deadline at its expiry", r)
	}
	if r := f.row("live"); !r.deadline.Equal(sessionT0.Add(testIdle)) {
		t.Errorf("up: the session kept through the down is %v, want its deadline at its expiry", r)
	}
	f.set(sessionT0.Add(10 * time.Minute))
	if data, found := f.find("old"); !found || data != "data" {
		t.Errorf("the earlier release's session is not found after the upgrade: %v %q", found, data)
	}
	f.set(sessionT0.Add(testIdle + time.Second))
	if _, found := f.find("old"); found {
		t.Error("the earlier release's session outlived its expiry")
	}
}
