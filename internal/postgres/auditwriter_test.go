package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"kui/internal/casework"
	"kui/internal/pgtest"
	"kui/internal/postgres"
)

// auditWaitWithin bounds the tests' waits for queued callers: generous, it
// proves that they queue, not how fast.
const auditWaitWithin = time.Minute

// heldBatches is a beforeInsert hook that records every batch's size and
// holds the first batch until released.
type heldBatches struct {
	mu      sync.Mutex
	sizes   []int
	held    chan struct{} // receives once the first batch waits
	release chan struct{} // closed to let the first batch go on
}

func holdFirstBatch(db *postgres.DB) *heldBatches {
	h := &heldBatches{held: make(chan struct{}, 1), release: make(chan struct{})}
	postgres.BeforeAuditInsert(db, func(n int) {
		h.mu.Lock()
		h.sizes = append(h.sizes, n)
		first := len(h.sizes) == 1
		h.mu.Unlock()
		if first {
			h.held <- struct{}{}
			<-h.release
		}
	})
	return h
}

func (h *heldBatches) batches() []int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]int(nil), h.sizes...)
}

// waitHeld waits until the first batch is held by the hook.
func (h *heldBatches) waitHeld(t *testing.T) {
	t.Helper()
	select {
	case <-h.held:
	case <-time.After(auditWaitWithin):
		t.Fatal("the audit writer never began its first batch")
	}
}

// waitQueued waits until at least n rows wait for the writer.
func waitQueued(t *testing.T, db *postgres.DB, n int) {
	t.Helper()
	deadline := time.Now().Add(auditWaitWithin)
	for postgres.AuditQueued(db) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d audit rows queued, want %d", postgres.AuditQueued(db), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Every page view that succeeds has its audit row: 50 callers at once, each
// its own (user, young person) pair, each viewing the young person's page
// and the list ten times; afterwards the log holds, per user, young person
// and action, exactly as many rows as calls returned without error.
func TestAuditConcurrentViewsAreAllLogged(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	type pair struct {
		actor   casework.User
		youthID int64
	}
	var pairs []pair
	for u := range 10 {
		actor := s.user(fmt.Sprintf("Ulla Nummer %c", 'a'+u), casework.RoleCaseworker, "A Kommune", "Ungdomsskolen")
		for y := range 5 {
			pairs = append(pairs, pair{actor, s.youth(actor, fmt.Sprintf("Ung %c%c", 'a'+u, 'a'+y), "2010-03-12", casework.LevelBump)})
		}
	}
	type key struct {
		userID, youthID int64
		action          casework.AuditAction
	}
	var mu sync.Mutex
	successes := map[key]int{}
	var failures []error
	var wg sync.WaitGroup
	for _, p := range pairs {
		wg.Go(func() {
			for i := range 10 {
				var k key
				var err error
				if i%2 == 0 {
					k = key{p.actor.ID, p.youthID, casework.AuditYouthView}
					_, err = s.db.ViewYouth(s.ctx, p.actor, p.youthID, casework.AuditYouthView, clockToday)
				} else {
					k = key{p.actor.ID, 0, casework.AuditYouthList}
					_, _, err = s.db.ListYouth(s.ctx, p.actor, casework.YouthFilter{})
				}
				mu.Lock()
				if err != nil {
					failures = append(failures, err)
				} else {
					successes[k]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	for _, err := range failures {
		t.Errorf("a page view failed: %v", err)
	}
	rows, err := s.db.Pool.Query(s.ctx, `
		SELECT user_id, coalesce(youth_id, 0), action, count(*) FROM audit_log
		 WHERE action IN ('youth.view', 'youth.list') GROUP BY 1, 2, 3`)
	s.ok(err)
	logged := map[key]int{}
	for rows.Next() {
		var k key
		var n int
		s.ok(rows.Scan(&k.userID, &k.youthID, &k.action, &n))
		logged[k] = n
	}
	s.ok(rows.Err())
	if len(successes) != 60 { // 50 pages, 10 users' lists
		t.Errorf("%d (user, young person, action) keys succeeded, want 60", len(successes))
	}
	for k, n := range successes {
		if logged[k] != n {
			t.Errorf("user %d, young person %d, %s: %d calls returned, %d rows logged", k.userID, k.youthID, k.action, n, logged[k])
		}
	}
	for k, n := range logged {
		if successes[k] == 0 {
			t.Errorf("user %d, young person %d, %s: %d rows logged of no call", k.userID, k.youthID, k.action, n)
		}
	}
	// Each row carries what audit writes: the actor's kind and unit, the
	// store's clock.
	if n := s.count(`SELECT count(*) FROM audit_log l JOIN users u ON u.id = l.user_id
		WHERE l.action IN ('youth.view', 'youth.list')
		  AND (l.actor_kind <> 'professional' OR l.citizen_session_id IS NOT NULL OR l.actor_unit_id IS DISTINCT FROM u.unit_id
		       OR u.unit_id IS NULL OR l.at <> $1 OR l.municipality_id <> u.municipality_id)`, clockNow); n != 0 {
		t.Errorf("%d audit rows differ from what audit writes", n)
	}
}

// Rows queued while a batch commits go together in the next one: the
// first batch is held until 40 more callers wait, then all 41 return
// without error, the next batch had them all, and each has its row.
func TestAuditRowsGroup(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	actor := s.user("Ulla Ungevejleder", casework.RoleCaseworker, "A Kommune", "")
	youthID := s.youth(actor, "Yrsa Et", "2010-03-12", casework.LevelBump)
	h := holdFirstBatch(s.db)

	errs := make(chan error, 41)
	view := func(i int) {
		errs <- postgres.Viewed(s.ctx, s.db, actor, youthID, casework.AuditYouthView, fmt.Sprintf("call=%d", i))
	}
	go view(0)
	h.waitHeld(t)
	for i := 1; i <= 40; i++ {
		go view(i)
	}
	waitQueued(t, s.db, 40)
	close(h.release)
	for range 41 {
		if err := <-errs; err != nil {
			t.Errorf("a queued page view: %v", err)
		}
	}
	sizes := h.batches()
	grouped, sum := false, 0
	for i, n := range sizes {
		sum += n
		grouped = grouped || i > 0 && n >= 2
	}
	if !grouped || sum != 41 {
		t.Errorf("batches %v: want a later batch of at least 2 rows, 41 rows in all", sizes)
	}
	if n := s.count(`SELECT count(DISTINCT detail) FROM audit_log WHERE action = 'youth.view' AND youth_id = $1`, youthID); n != 41 {
		t.Errorf("%d rows logged, want 41", n)
	}
}

// One row whose data the database refuses fails only its own caller: the
// batch is written again row by row. (A user that does not exist breaks
// audit_log's foreign key, SQLSTATE 23503.)
func TestAuditDataErrorFailsOnlyItsRow(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	actor := s.user("Ulla Ungevejleder", casework.RoleCaseworker, "A Kommune", "")
	youthID := s.youth(actor, "Yrsa Et", "2010-03-12", casework.LevelBump)
	nobody := casework.User{ID: actor.ID + 1000, MunicipalityID: actor.MunicipalityID}
	h := holdFirstBatch(s.db)

	first := make(chan error, 1)
	go func() { first <- postgres.Viewed(s.ctx, s.db, actor, youthID, casework.AuditYouthView, "call=first") }()
	h.waitHeld(t)
	good := make(chan error, 5)
	for i := range 5 {
		go func() {
			good <- postgres.Viewed(s.ctx, s.db, actor, youthID, casework.AuditYouthView, fmt.Sprintf("call=%d", i))
		}()
	}
	waitQueued(t, s.db, 5)
	bad := make(chan error, 1)
	go func() { bad <- postgres.Viewed(s.ctx, s.db, nobody, youthID, casework.AuditYouthView, "call=bad") }()
	waitQueued(t, s.db, 6)
	close(h.release)

	if err := <-first; err != nil {
		t.Errorf("the first page view: %v", err)
	}
	for range 5 {
		if err := <-good; err != nil {
			t.Errorf("a good page view in the bad row's batch: %v", err)
		}
	}
	err := <-bad
	pgErr, ok := errors.AsType[*pgconn.PgError](err)
	if !ok || pgErr.Code != "23503" || !errors.Is(err, postgres.ErrNotAudited) {
		t.Errorf("the bad row: %v, want a foreign key violation that is not audited", err)
	}
	if sizes := h.batches(); len(sizes) != 2 || sizes[1] != 6 {
		t.Errorf("batches %v, want [1 6]: the bad row in a batch with the 5 good ones", sizes)
	}
	if n := s.count(`SELECT count(*) FROM audit_log WHERE action = 'youth.view'`); n != 6 {
		t.Errorf("%d rows logged, want 6", n)
	}
}

// When PostgreSQL stops while a batch waits, every caller waiting for it
// gets an error (its page is not shown); the writer goes on once PostgreSQL
// is back. Not parallel: it stops the test binary's shared cluster.
func TestAuditFailureFailsEveryWaiter(t *testing.T) {
	s := newStore(t)
	actor := s.user("Ulla Ungevejleder", casework.RoleCaseworker, "A Kommune", "")
	youthID := s.youth(actor, "Yrsa Et", "2010-03-12", casework.LevelBump)
	h := holdFirstBatch(s.db)

	errs := make(chan error, 10)
	view := func(i int) {
		errs <- postgres.Viewed(s.ctx, s.db, actor, youthID, casework.AuditYouthView, fmt.Sprintf("call=%d", i))
	}
	go view(0)
	h.waitHeld(t)
	for i := 1; i < 10; i++ {
		go view(i)
	}
	waitQueued(t, s.db, 9)

	restart := pgtest.StopCluster(t)
	close(h.release)
	for range 10 {
		if err := <-errs; err == nil || !errors.Is(err, postgres.ErrNotAudited) {
			t.Errorf("a page view while PostgreSQL is down: %v, want not audited", err)
		}
	}

	restart()
	if err := postgres.Viewed(s.ctx, s.db, actor, youthID, casework.AuditYouthView, "after"); err != nil {
		t.Errorf("a page view after the restart: %v", err)
	}
	if n := s.count(`SELECT count(*) FROM audit_log WHERE action = 'youth.view'`); n != 1 {
		t.Errorf("%d rows logged, want 1 (the one after the restart)", n)
	}
}

// Close writes the rows already queued, then every page view fails with
// errAuditClosed: at once, without panicking, without waiting.
func TestAuditAfterClose(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	actor := s.user("Ulla Ungevejleder", casework.RoleCaseworker, "A Kommune", "")
	youthID := s.youth(actor, "Yrsa Et", "2010-03-12", casework.LevelBump)
	db := s.openWith("application_name=closing")
	h := holdFirstBatch(db)

	errs := make(chan error, 6)
	view := func(i int) {
		errs <- postgres.Viewed(s.ctx, db, actor, youthID, casework.AuditYouthView, fmt.Sprintf("call=%d", i))
	}
	go view(0)
	h.waitHeld(t)
	for i := 1; i < 6; i++ {
		go view(i)
	}
	waitQueued(t, db, 5)
	closed := make(chan struct{})
	go func() {
		db.Close()
		close(closed)
	}()
	close(h.release)
	<-closed
	for range 6 {
		if err := <-errs; err != nil {
			t.Errorf("a page view queued before Close: %v", err)
		}
	}
	if n := s.count(`SELECT count(*) FROM audit_log WHERE action = 'youth.view'`); n != 6 {
		t.Errorf("%d rows logged, want the 6 queued before Close", n)
	}
	for _, ctx := range []context.Context{s.ctx, context.Background()} {
		if err := postgres.Viewed(ctx, db, actor, youthID, casework.AuditYouthView, "late"); !errors.Is(err, postgres.ErrAuditClosed) {
			t.Errorf("a page view after Close: %v, want errAuditClosed", err)
		}
	}
	if _, err := db.ViewYouth(s.ctx, actor, youthID, casework.AuditYouthView, clockToday); err == nil {
		t.Error("the young person's page was read after Close")
	}
	db.Close() // twice: no panic
}

// A write keeps its audit row in its own transaction: when the
// transaction fails after its audit row was inserted (here at COMMIT, by a
// deferred trigger), neither the plan item nor its row is stored; a page
// view of the same meeting is still shown and logged.
func TestAuditWriteFailsWithItsRow(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	actor := s.user("Ulla Ungevejleder", casework.RoleCaseworker, "A Kommune", "")
	youthID := s.youth(actor, "Yrsa Et", "2010-03-12", casework.LevelBump)
	meetingID := s.meeting(actor, youthID, casework.KindCooperation, daysFrom(7), nil)
	for _, ddl := range []string{
		`CREATE FUNCTION refuse_plan_add() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused at commit'; END $$`,
		`CREATE CONSTRAINT TRIGGER refuse_plan_add AFTER INSERT ON audit_log DEFERRABLE INITIALLY DEFERRED
			FOR EACH ROW WHEN (NEW.action = 'plan.add') EXECUTE FUNCTION refuse_plan_add()`,
	} {
		_, err := s.db.Pool.Exec(s.ctx, ddl)
		s.ok(err)
	}

	d := casework.PlanDetails{Text: "Jeg skal møde op i skole", OwnerYouth: true, Due: daysFrom(30), Goal: casework.GoalEducationJob}
	if err := s.db.AddPlanItem(s.ctx, actor, meetingID, d, ""); err == nil {
		t.Fatal("the plan item was saved although its transaction failed at commit")
	}
	if n := s.count(`SELECT count(*) FROM plan_items WHERE meeting_id = $1`, meetingID); n != 0 {
		t.Errorf("%d plan items stored by a failed transaction", n)
	}
	if n := s.count(`SELECT count(*) FROM audit_log WHERE action = 'plan.add'`); n != 0 {
		t.Errorf("%d plan.add rows stored by a failed transaction", n)
	}
	if _, err := s.db.ViewMeeting(s.ctx, actor, meetingID, postgres.ViewMeetingPage); err != nil {
		t.Errorf("the meeting page: %v", err)
	}
	if n := s.count(`SELECT count(*) FROM audit_log WHERE action = 'meeting.view' AND youth_id = $1`, youthID); n != 1 {
		t.Errorf("%d meeting.view rows, want 1", n)
	}
}
