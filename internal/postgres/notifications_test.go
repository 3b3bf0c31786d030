package postgres_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"kui/internal/casework"
	"kui/internal/postgres"
)

// notifFixture is A Kommune with a young person (Ulla created it; Mads and
// Jonna on the team; Ulla contact person), a professional not on the team,
// a coordinator and an administrator, and B Kommune's coordinator.
type notifFixture struct {
	*storeFixture
	ulla, mads, jonna, otto, kim, ada, bo casework.User
	youth                                 int64
}

func newNotif(t *testing.T) *notifFixture {
	s := newStore(t)
	f := &notifFixture{storeFixture: s}
	f.ulla = s.user("Ulla Uddannelse", casework.RoleCaseworker, "A Kommune", "UU")
	f.mads = s.user("Mads Mentor", casework.RoleCaseworker, "A Kommune", "Mentor")
	f.jonna = s.user("Jonna Jobcenter", casework.RoleCaseworker, "A Kommune", "Jobcenter")
	f.otto = s.user("Otto Udenfor", casework.RoleCaseworker, "A Kommune", "UU")
	f.kim = s.user("Kim Koordinator", casework.RoleCoordinator, "A Kommune", "Ledelse")
	f.ada = s.user("Ada Admin", casework.RoleAdmin, "A Kommune", "IT")
	f.bo = s.user("Bo Koordinator", casework.RoleCoordinator, "B Kommune", "Ledelse")
	s.at(daysFrom(-30), func() {
		f.youth = s.youth(f.ulla, "Frederik Finn", "2011-06-01", casework.LevelBump)
		s.team(f.ulla, f.youth, f.mads, f.jonna)
		s.contact(f.ulla, f.youth, f.ulla)
	})
	// Start with nothing waiting (the team was told it was added).
	if _, err := s.db.Pool.Exec(s.ctx, `DELETE FROM notifications`); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *notifFixture) everyone() []casework.User {
	return []casework.User{f.ulla, f.mads, f.jonna, f.otto, f.kim, f.ada, f.bo}
}

// holders lists who has an open line of kind in their inbox (Inbox and
// InboxCount agree on it), by name.
func (f *notifFixture) holders(kind casework.Kind) []string {
	f.t.Helper()
	var names []string
	for _, u := range f.everyone() {
		list, err := f.db.Inbox(f.ctx, u)
		f.ok(err)
		n, err := f.db.InboxCount(f.ctx, u)
		f.ok(err)
		unread := 0
		for _, x := range list {
			if !x.Read {
				unread++
			}
		}
		if unread != n {
			f.t.Errorf("%s: InboxCount %d, unread lines %d", u.Name, n, unread)
		}
		if slices.ContainsFunc(list, func(x casework.Notification) bool { return x.Kind == kind }) {
			names = append(names, u.Name)
		}
	}
	return names
}

func (f *notifFixture) line(u casework.User, kind casework.Kind) casework.Notification {
	f.t.Helper()
	list, err := f.db.Inbox(f.ctx, u)
	f.ok(err)
	for _, x := range list {
		if x.Kind == kind {
			return x
		}
	}
	f.t.Fatalf("%s has no %s line", u.Name, kind)
	return casework.Notification{}
}

func wantHolders(t *testing.T, kind casework.Kind, got []string, want ...string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s: held by %q, want %q", kind, got, want)
	}
}

func TestNotifHandover(t *testing.T) {
	f := newNotif(t)
	f.contact(f.ulla, f.youth, f.mads) // a handover Mads must accept
	wantHolders(t, casework.KindHandover, f.holders(casework.KindHandover), f.mads.Name)
	line := f.line(f.mads, casework.KindHandover)
	if line.YouthID != f.youth || line.YouthName != "Frederik Finn" || !line.CreatedAt.Equal(clockNow) || !line.Occasion.IsZero() {
		t.Errorf("line %+v", line)
	}
	// At once by default: one outbox row and one e-mail job, for Mads.
	if n := f.count(`SELECT count(*) FROM email_outbox WHERE user_id = $1 AND kind = 'handover' AND state = 'waiting' AND idem_key = 'n:' || $2::bigint`, f.mads.ID, line.ID); n != 1 {
		t.Errorf("outbox rows for Mads: %d", n)
	}
	if n := f.count(`SELECT count(*) FROM email_outbox`); n != 1 {
		t.Errorf("outbox rows: %d", n)
	}
	if n := f.count(`SELECT count(*) FROM river.river_job WHERE kind = 'email'`); n != 1 {
		t.Errorf("e-mail jobs: %d", n)
	}
	// Reading the list is one audit row; an empty list none.
	before := f.count(`SELECT count(*) FROM audit_log WHERE action = $1`, string(casework.AuditInboxList))
	f.line(f.mads, casework.KindHandover)
	if _, err := f.db.Inbox(f.ctx, f.jonna); err != nil {
		t.Fatal(err)
	}
	if after := f.count(`SELECT count(*) FROM audit_log WHERE action = $1`, string(casework.AuditInboxList)); after != before+1 {
		t.Errorf("audit rows %d → %d", before, after)
	}
	// Marked read: still listed, no longer counted.
	f.ok(f.db.MarkRead(f.ctx, f.mads, line.ID))
	if n, _ := f.db.InboxCount(f.ctx, f.mads); n != 0 {
		t.Errorf("count after read: %d", n)
	}
	if !f.line(f.mads, casework.KindHandover).Read {
		t.Error("read line not marked read")
	}
	// Someone else's line is not found.
	if err := f.db.MarkRead(f.ctx, f.jonna, line.ID); errorCode(err) != casework.ENotFound {
		t.Errorf("MarkRead of another's line: %v", err)
	}
	// Accepting it resolves it, in the same transaction.
	f.ok(f.db.AcceptHandover(f.ctx, f.mads, f.youth, line.SubjectID))
	wantHolders(t, casework.KindHandover, f.holders(casework.KindHandover))
	if n := f.count(`SELECT count(*) FROM notifications WHERE resolved_at IS NULL`); n != 0 {
		t.Errorf("unresolved after accept: %d", n)
	}
}

func TestNotifHandoverDeclinedAndCancelled(t *testing.T) {
	f := newNotif(t)
	f.contact(f.ulla, f.youth, f.mads)
	h := f.pendingHandoverTo(f.mads, f.youth)
	f.ok(f.db.DeclineHandover(f.ctx, f.mads, f.youth, h, "nej tak"))
	wantHolders(t, casework.KindHandover, f.holders(casework.KindHandover))
	f.contact(f.ulla, f.youth, f.jonna)
	wantHolders(t, casework.KindHandover, f.holders(casework.KindHandover), f.jonna.Name)
	f.ok(f.db.CancelHandover(f.ctx, f.ulla, f.youth, f.pendingHandoverTo(f.jonna, f.youth)))
	wantHolders(t, casework.KindHandover, f.holders(casework.KindHandover))
	if n := f.count(`SELECT count(*) FROM notifications WHERE resolved_at IS NULL`); n != 0 {
		t.Errorf("unresolved: %d", n)
	}
}

func TestNotifReferral(t *testing.T) {
	f := newNotif(t)
	f.ok(f.db.CreateReferral(f.ctx, f.ulla, f.youth, casework.ReferralForm{Situation: "s", Tried: "t", Needed: "n"}))
	wantHolders(t, casework.KindChairsReferral, f.holders(casework.KindChairsReferral), f.kim.Name)
	// Daily by default: no e-mail at once.
	if n := f.count(`SELECT count(*) FROM email_outbox`); n != 0 {
		t.Errorf("outbox rows: %d", n)
	}
	referral := f.line(f.kim, casework.KindChairsReferral).SubjectID
	if _, err := f.db.DecideReferral(f.ctx, f.kim, referral, f.otto.ID, "Otto tager den"); err != nil {
		t.Fatal(err)
	}
	wantHolders(t, casework.KindChairsReferral, f.holders(casework.KindChairsReferral))
	// Who referred and who was assigned hear of it; Otto was added to the team too.
	wantHolders(t, casework.KindReferralDecided, f.holders(casework.KindReferralDecided), f.ulla.Name, f.otto.Name)
	wantHolders(t, casework.KindTeamAdded, f.holders(casework.KindTeamAdded), f.otto.Name)
	// Read, a decided referral is done.
	f.ok(f.db.MarkRead(f.ctx, f.ulla, f.line(f.ulla, casework.KindReferralDecided).ID))
	wantHolders(t, casework.KindReferralDecided, f.holders(casework.KindReferralDecided), f.otto.Name)
}

func TestNotifReferralWithdrawn(t *testing.T) {
	f := newNotif(t)
	f.ok(f.db.CreateReferral(f.ctx, f.ulla, f.youth, casework.ReferralForm{Situation: "s", Tried: "t", Needed: "n"}))
	f.ok(f.db.WithdrawReferral(f.ctx, f.ulla, f.youth, f.line(f.kim, casework.KindChairsReferral).SubjectID))
	wantHolders(t, casework.KindChairsReferral, f.holders(casework.KindChairsReferral))
	if n := f.count(`SELECT count(*) FROM notifications WHERE resolved_at IS NULL`); n != 0 {
		t.Errorf("unresolved: %d", n)
	}
}

func TestNotifTeamAddedAndRemoved(t *testing.T) {
	f := newNotif(t)
	// Added by someone else: told. The creator joining their own young person: not.
	f.team(f.ulla, f.youth, f.otto)
	wantHolders(t, casework.KindTeamAdded, f.holders(casework.KindTeamAdded), f.otto.Name)
	if n := f.count(`SELECT count(*) FROM notifications WHERE user_id = $1`, f.ulla.ID); n != 0 {
		t.Errorf("Ulla told of her own young person: %d", n)
	}
	// Removed from the team: gone at once, from the list and the count.
	f.ok(f.db.RemoveTeamMember(f.ctx, f.ulla, f.youth, f.otto.ID))
	wantHolders(t, casework.KindTeamAdded, f.holders(casework.KindTeamAdded))
}

// A member who leaves the team stops seeing the young person's lines at
// once, by the need-to-know rule in SQL, even before anything resolves them.
func TestNotifNeedToKnowAtOnce(t *testing.T) {
	f := newNotif(t)
	f.team(f.ulla, f.youth, f.otto)
	f.exec(`UPDATE team_members SET left_at = $3 WHERE youth_id = $1 AND user_id = $2 AND left_at IS NULL`, f.youth, f.otto.ID, clockNow)
	if list, _ := f.db.Inbox(f.ctx, f.otto); len(list) != 0 {
		t.Errorf("Otto still sees %d lines", len(list))
	}
	if n, _ := f.db.InboxCount(f.ctx, f.otto); n != 0 {
		t.Errorf("Otto's count %d", n)
	}
	if n := f.count(`SELECT count(*) FROM notifications WHERE user_id = $1 AND resolved_at IS NULL`, f.otto.ID); n != 1 {
		t.Errorf("the row itself: %d", n)
	}
	// An inactive account sees nothing either.
	f.contact(f.ulla, f.youth, f.mads)
	f.exec(`UPDATE users SET active = false WHERE id = $1`, f.mads.ID)
	if n, _ := f.db.InboxCount(f.ctx, f.mads); n != 0 {
		t.Errorf("inactive Mads's count %d", n)
	}
}

// A change that rolls back leaves no notification, no outbox row and no job.
func TestNotifRolledBack(t *testing.T) {
	f := newNotif(t)
	boom := errors.New("boom")
	if err := postgres.NotifyThenReturn(f.ctx, f.db, f.youth, f.mads.ID, boom); !errors.Is(err, boom) {
		t.Fatal(err)
	}
	// The form variant: a handover to someone not on the team is refused.
	if _, err := f.db.ChooseContactPerson(f.ctx, f.ulla, f.youth, casework.ContactChoice{UserID: f.otto.ID, Reason: "r"}); err == nil {
		t.Fatal("handover to a non-member accepted")
	}
	for _, q := range []string{`SELECT count(*) FROM notifications`, `SELECT count(*) FROM email_outbox`, `SELECT count(*) FROM river.river_job`} {
		if n := f.count(q); n != 0 {
			t.Errorf("%s: %d", q, n)
		}
	}
	// Committed, the same call leaves one of each.
	f.ok(postgres.NotifyThenReturn(f.ctx, f.db, f.youth, f.mads.ID, nil))
	for _, q := range []string{`SELECT count(*) FROM notifications`, `SELECT count(*) FROM email_outbox`, `SELECT count(*) FROM river.river_job WHERE kind = 'email'`} {
		if n := f.count(q); n != 1 {
			t.Errorf("%s: %d", q, n)
		}
	}
}

func TestNotifPreferences(t *testing.T) {
	f := newNotif(t)
	prefs, err := f.db.Preferences(f.ctx, f.mads)
	f.ok(err)
	if len(prefs) != 8 || prefs[casework.KindHandover] != casework.DeliverNow || prefs[casework.KindPlanDue] != casework.DeliverDaily {
		t.Errorf("Mads's defaults %v", prefs)
	}
	if _, ok := prefs[casework.KindChairsReferral]; ok {
		t.Error("a caseworker offered a coordinators' kind")
	}
	if prefs, _ := f.db.Preferences(f.ctx, f.kim); len(prefs) != len(casework.Kinds) {
		t.Errorf("Kim's kinds %v", prefs)
	}
	// Unknown kinds, coordinators' kinds and unknown deliveries are refused, all or nothing.
	for _, bad := range []map[casework.Kind]casework.Delivery{
		{casework.KindHandover: "weekly"},
		{"nonsense": casework.DeliverNow},
		{casework.KindPlanDue: casework.DeliverNow, casework.KindChairsAgenda: casework.DeliverNow},
	} {
		if err := f.db.SetPreferences(f.ctx, f.mads, bad); errorCode(err) != casework.EInvalid {
			t.Errorf("%v: %v", bad, err)
		}
	}
	if n := f.count(`SELECT count(*) FROM notification_preferences`); n != 0 {
		t.Errorf("refused choices stored: %d", n)
	}
	// Off: the line is there, no e-mail.
	f.ok(f.db.SetPreferences(f.ctx, f.mads, map[casework.Kind]casework.Delivery{casework.KindHandover: casework.DeliverOff, casework.KindTeamAdded: casework.DeliverNow}))
	prefs, _ = f.db.Preferences(f.ctx, f.mads)
	if prefs[casework.KindHandover] != casework.DeliverOff || prefs[casework.KindTeamAdded] != casework.DeliverNow || prefs[casework.KindPlanDue] != casework.DeliverDaily {
		t.Errorf("saved %v", prefs)
	}
	f.contact(f.ulla, f.youth, f.mads)
	wantHolders(t, casework.KindHandover, f.holders(casework.KindHandover), f.mads.Name)
	if n := f.count(`SELECT count(*) FROM email_outbox`); n != 0 {
		t.Errorf("e-mail despite off: %d", n)
	}
	// Now for a kind that defaults to daily: at once.
	f.team(f.ulla, f.youth, f.otto)
	f.ok(f.db.RemoveTeamMember(f.ctx, f.ulla, f.youth, f.otto.ID))
	f.ok(f.db.SetPreferences(f.ctx, f.otto, map[casework.Kind]casework.Delivery{casework.KindTeamAdded: casework.DeliverNow}))
	f.setClock(daysFrom(1)) // added again another day: told again
	f.team(f.ulla, f.youth, f.otto)
	if n := f.count(`SELECT count(*) FROM email_outbox WHERE user_id = $1 AND kind = 'team_added'`, f.otto.ID); n != 1 {
		t.Errorf("Otto's team_added e-mails: %d", n)
	}
}

func TestNotifUnsubscribe(t *testing.T) {
	f := newNotif(t)
	f.ok(f.db.Unsubscribe(f.ctx, f.mads.ID, casework.KindHandover))
	if prefs, _ := f.db.Preferences(f.ctx, f.mads); prefs[casework.KindHandover] != casework.DeliverOff {
		t.Errorf("after unsubscribe %v", prefs)
	}
	f.ok(f.db.Unsubscribe(f.ctx, f.mads.ID, casework.KindHandover)) // twice is fine
	if err := f.db.Unsubscribe(f.ctx, 999999, casework.KindHandover); errorCode(err) != casework.ENotFound {
		t.Errorf("unknown user: %v", err)
	}
	if err := f.db.Unsubscribe(f.ctx, f.mads.ID, "nonsense"); errorCode(err) != casework.ENotFound {
		t.Errorf("unknown kind: %v", err)
	}
	a, err := f.db.UnsubscribeSecret(f.ctx)
	f.ok(err)
	b, err := f.openWith("application_name=other").UnsubscribeSecret(f.ctx)
	f.ok(err)
	if len(a) != 32 || string(a) != string(b) {
		t.Errorf("secrets differ or short: %d %d", len(a), len(b))
	}
}

// setClock moves the store's clock (and kui's) to when, for good.
func (s *storeFixture) setClock(when time.Time) {
	s.clock.mu.Lock()
	s.clock.now = when
	s.clock.mu.Unlock()
}

// What an outbox row still carries: the sender's re-check.
func TestNotifOutboxWaiting(t *testing.T) {
	f := newNotif(t)
	f.contact(f.ulla, f.youth, f.mads)
	var id int64
	f.ok(f.db.Pool.QueryRow(f.ctx, `SELECT id FROM email_outbox WHERE user_id = $1`, f.mads.ID).Scan(&id))
	got, err := postgres.OutboxWaiting(f.ctx, f.db.Pool, id, clockNow)
	f.ok(err)
	if len(got) != 1 || got[casework.KindHandover] != 1 {
		t.Errorf("waiting %v", got)
	}
	f.ok(f.db.Unsubscribe(f.ctx, f.mads.ID, casework.KindHandover))
	if got, _ := postgres.OutboxWaiting(f.ctx, f.db.Pool, id, clockNow); len(got) != 0 {
		t.Errorf("after unsubscribe %v", got)
	}
}

// The header's count stops at casework.InboxCountCap: it runs on every page,
// so a long backlog must not make every page slower.
func TestInboxCountStopsAtTheCap(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	u := s.user("Ulla Ungevejleder", casework.RoleCaseworker, "A Kommune", "")
	y := s.youth(u, "Yrsa Et", "2010-03-12", casework.LevelBump)
	add := func(n int) {
		s.exec(`INSERT INTO notifications (municipality_id, user_id, kind, youth_id, subject_id, occasion, created_at)
			SELECT municipality_id, id, 'turning_18', $2, $2, $3::date + i, $4
			  FROM users, generate_series((SELECT count(*)::int FROM notifications), (SELECT count(*)::int FROM notifications) + $5 - 1) i
			 WHERE id = $1`, u.ID, y, clockToday, clockNow, n)
	}
	for _, c := range []struct{ add, want int }{{casework.InboxCountCap - 1, casework.InboxCountCap - 1}, {1, casework.InboxCountCap}, {20, casework.InboxCountCap}} {
		add(c.add)
		n, err := s.db.InboxCount(s.ctx, u)
		s.ok(err)
		if n != c.want {
			t.Errorf("after %d more waiting lines: InboxCount %d, want %d", c.add, n, c.want)
		}
	}
	if got := casework.InboxCountLabel(casework.InboxCountCap); got != "99+" {
		t.Errorf("the label at the cap: %q", got)
	}
	if got := casework.InboxCountLabel(casework.InboxCountCap - 1); got != "99" {
		t.Errorf("the label below the cap: %q", got)
	}
}
