package postgres_test

import (
	"sync"
	"testing"
	"time"

	"kui/internal/casework"
	"kui/internal/postgres"
)

// remindersFixture adds to notifFixture, relative to clockNow (Wednesday
// 10 March 2027):
//   - m1, facilitated by Mads, on 17 March: send-by 10 March (today);
//   - m2, facilitated by Jonna, on 16 March: send-by 9 March (passed, late);
//   - m3, facilitated by Ulla, on 24 March: send-by 17 March (not yet due);
//   - a plan item of m1 owned by Mads, due 12 March;
//   - a consent expiring 20 March (Ulla is the contact person);
//   - a handover from Ulla to Jonna requested ten days ago, still pending;
//   - a second young person, created by Otto 200 days ago with Jonna on the
//     team, no contact person, no meeting, turning 18 on 1 May 2027.
type remindersFixture struct {
	*notifFixture
	m1, m2, m3 int64
	second     int64
}

func newReminders(t *testing.T) *remindersFixture {
	f := &remindersFixture{notifFixture: newNotif(t)}
	f.m1 = f.meeting(f.ulla, f.youth, casework.KindCooperation, cph("2027-03-17 10:00"), &f.mads)
	f.m2 = f.meeting(f.ulla, f.youth, casework.KindCooperation, cph("2027-03-16 10:00"), &f.jonna)
	f.m3 = f.meeting(f.ulla, f.youth, casework.KindCooperation, cph("2027-03-24 10:00"), nil)
	f.planItem(f.ulla, f.m1, &f.mads, date("2027-03-12"))
	_, err := f.db.CreateConsent(f.ctx, f.ulla, f.youth, casework.ConsentDetails{GivenBy: casework.GivenByYouth,
		GivenOn: date("2026-03-20"), ExpiresOn: date("2027-03-20"), AllUnits: true})
	f.ok(err)
	f.at(daysFrom(-10), func() { f.contact(f.ulla, f.youth, f.jonna) })
	f.at(daysFrom(-200), func() {
		f.second = f.storeFixture.youth(f.otto, "Sofie Sekund", "2009-05-01", casework.LevelBump)
		f.team(f.otto, f.second, f.jonna)
	})
	return f
}

func (f *remindersFixture) run() int {
	f.t.Helper()
	n, err := f.db.RunReminders(f.ctx)
	f.ok(err)
	return n
}

func TestRemindPerKind(t *testing.T) {
	f := newReminders(t)
	f.run()
	wantHolders(t, casework.KindAgendaDue, f.holders(casework.KindAgendaDue), f.mads.Name, f.jonna.Name)
	wantHolders(t, casework.KindChairsAgenda, f.holders(casework.KindChairsAgenda), f.kim.Name)
	wantHolders(t, casework.KindPlanDue, f.holders(casework.KindPlanDue))
	wantHolders(t, casework.KindConsentExpiring, f.holders(casework.KindConsentExpiring), f.ulla.Name)
	wantHolders(t, casework.KindTurning18, f.holders(casework.KindTurning18), f.jonna.Name, f.otto.Name)
	wantHolders(t, casework.KindNoMeeting, f.holders(casework.KindNoMeeting), f.jonna.Name, f.otto.Name)
	wantHolders(t, casework.KindChairsHandover, f.holders(casework.KindChairsHandover), f.kim.Name)
	// Only the agendas are e-mailed at once (the defaults).
	if n := f.count(`SELECT count(*) FROM email_outbox WHERE kind <> 'agenda_due' AND kind <> 'handover'`); n != 0 {
		t.Errorf("e-mails at once of daily kinds: %d", n)
	}
	if n := f.count(`SELECT count(*) FROM email_outbox WHERE kind = 'agenda_due'`); n != 2 {
		t.Errorf("agenda e-mails: %d", n)
	}
	if jobs, rows := f.count(`SELECT count(*) FROM river.river_job WHERE kind = 'email'`), f.count(`SELECT count(*) FROM email_outbox`); jobs != rows {
		t.Errorf("%d jobs for %d outbox rows", jobs, rows)
	}

	// Done: the cancelled meeting's agenda goes for Jonna and the coordinator.
	f.closeMeeting(f.ulla, f.m2, casework.MeetingCancelled)
	wantHolders(t, casework.KindAgendaDue, f.holders(casework.KindAgendaDue), f.mads.Name)
	wantHolders(t, casework.KindChairsAgenda, f.holders(casework.KindChairsAgenda))
	// A later consent ends the reminder about the earlier one.
	_, err := f.db.CreateConsent(f.ctx, f.ulla, f.youth, casework.ConsentDetails{GivenBy: casework.GivenByYouth,
		GivenOn: date("2027-03-01"), ExpiresOn: date("2028-03-01"), AllUnits: true})
	f.ok(err)
	wantHolders(t, casework.KindConsentExpiring, f.holders(casework.KindConsentExpiring))
	// A meeting for the second young person ends "no meeting".
	f.meeting(f.otto, f.second, casework.KindCooperation, cph("2027-04-07 10:00"), nil)
	wantHolders(t, casework.KindNoMeeting, f.holders(casework.KindNoMeeting))
	// The handover accepted: gone for the coordinator too.
	f.ok(f.db.AcceptHandover(f.ctx, f.jonna, f.youth, f.pendingHandoverTo(f.jonna, f.youth)))
	wantHolders(t, casework.KindChairsHandover, f.holders(casework.KindChairsHandover))
	// Nothing of it comes back on the next run.
	f.run()
	for _, k := range []casework.Kind{casework.KindChairsAgenda, casework.KindConsentExpiring, casework.KindNoMeeting, casework.KindChairsHandover} {
		wantHolders(t, k, f.holders(k))
	}
}

// Time moves on: the plan item falls due, the third agenda comes within two
// working days; the sent agenda and the passed birthday go.
func TestRemindClockMoves(t *testing.T) {
	f := newReminders(t)
	f.run()
	f.setClock(cph("2027-03-12 08:00"))
	f.run()
	wantHolders(t, casework.KindPlanDue, f.holders(casework.KindPlanDue), f.mads.Name)
	wantHolders(t, casework.KindAgendaDue, f.holders(casework.KindAgendaDue), f.mads.Name, f.jonna.Name)
	f.setClock(cph("2027-03-15 08:00")) // Monday: 17 March is two working days ahead
	f.run()
	wantHolders(t, casework.KindAgendaDue, f.holders(casework.KindAgendaDue), f.ulla.Name, f.mads.Name, f.jonna.Name)
	// The consent expired: the sweep resolves the line.
	f.setClock(cph("2027-03-21 08:00"))
	f.run()
	wantHolders(t, casework.KindConsentExpiring, f.holders(casework.KindConsentExpiring))
	if n := f.count(`SELECT count(*) FROM notifications WHERE kind = 'consent_expiring' AND resolved_at IS NULL`); n != 0 {
		t.Errorf("expired consent's line not swept: %d", n)
	}
	// 1 May: turned 18.
	f.setClock(cph("2027-05-02 08:00"))
	f.run()
	wantHolders(t, casework.KindTurning18, f.holders(casework.KindTurning18))
}

func TestRemindTwiceAndConcurrently(t *testing.T) {
	f := newReminders(t)
	events := f.count(`SELECT count(*) FROM notifications`) // the handover, Jonna added to a team
	first := f.run()
	rows := f.count(`SELECT count(*) FROM notifications`)
	outbox := f.count(`SELECT count(*) FROM email_outbox`)
	if first == 0 || first != rows-events {
		t.Errorf("created %d, rows %d", first, rows)
	}
	if again := f.run(); again != 0 {
		t.Errorf("second run created %d", again)
	}
	if n := f.count(`SELECT count(*) FROM notifications`); n != rows {
		t.Errorf("rows %d → %d", rows, n)
	}
	if n := f.count(`SELECT count(*) FROM email_outbox`); n != outbox {
		t.Errorf("outbox %d → %d", outbox, n)
	}
	// Two at once, when there is something new to create.
	f.setClock(cph("2027-03-15 08:00"))
	var wg sync.WaitGroup
	created := make([]int, 4)
	errs := make([]error, 4)
	for i := range created {
		wg.Go(func() { created[i], errs[i] = f.db.RunReminders(f.ctx) })
	}
	wg.Wait()
	total := 0
	for i := range created {
		f.ok(errs[i])
		total += created[i]
	}
	if total != 3 { // Ulla's agenda_due of m3, Mads's plan_due, m1's agenda late for Kim
		t.Errorf("concurrent runs created %v", created)
	}
	if n := f.count(`SELECT count(*) FROM notifications`); n != rows+3 {
		t.Errorf("rows %d → %d", rows, n)
	}
	if n := f.count(`SELECT count(*) FROM email_outbox`); n != outbox+1 { // the agenda, at once
		t.Errorf("outbox %d → %d", outbox, n)
	}
	if jobs, rows := f.count(`SELECT count(*) FROM river.river_job WHERE kind = 'email'`), f.count(`SELECT count(*) FROM email_outbox`); jobs != rows {
		t.Errorf("%d jobs for %d outbox rows", jobs, rows)
	}
}

func TestDigest(t *testing.T) {
	f := newReminders(t)
	f.run()
	// Kim wants none of the between-chairs kinds by e-mail; Mads everything at once.
	f.ok(f.db.SetPreferences(f.ctx, f.kim, map[casework.Kind]casework.Delivery{
		casework.KindChairsAgenda: casework.DeliverOff, casework.KindChairsHandover: casework.DeliverOff}))
	digest := func(day string) int {
		t.Helper()
		n, err := f.db.RunDigest(f.ctx, date(day))
		f.ok(err)
		return n
	}
	// Saturday and Maundy Thursday: nothing.
	if n := digest("2027-03-13"); n != 0 {
		t.Errorf("Saturday: %d", n)
	}
	if n := digest("2027-03-25"); n != 0 {
		t.Errorf("Maundy Thursday: %d", n)
	}
	if n := f.count(`SELECT count(*) FROM email_outbox WHERE kind = 'digest'`); n != 0 {
		t.Errorf("digest rows on days off: %d", n)
	}
	// A working day: one summary per user with daily lines — Ulla (consent),
	// Jonna (handover at once, but turning 18, no meeting daily), Otto; not
	// Kim (off), not Mads (his agenda went at once; nothing daily yet).
	if n := digest("2027-03-10"); n != 3 {
		t.Errorf("summaries: %d", n)
	}
	var got []int64
	rows, err := f.db.Pool.Query(f.ctx, `SELECT user_id FROM email_outbox WHERE kind = 'digest' AND idem_key = 'digest:' || user_id || ':2027-03-10' ORDER BY user_id`)
	f.ok(err)
	for rows.Next() {
		var id int64
		f.ok(rows.Scan(&id))
		got = append(got, id)
	}
	f.ok(rows.Err())
	if want := []int64{f.ulla.ID, f.jonna.ID, f.otto.ID}; len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("summaries for %v, want %v", got, want)
	}
	// Every daily line of theirs is carried by their summary.
	if n := f.count(`SELECT count(*) FROM notifications n JOIN email_outbox o ON o.id = n.outbox_id
		 WHERE o.kind = 'digest' AND o.user_id <> n.user_id`); n != 0 {
		t.Errorf("lines carried by another's summary: %d", n)
	}
	if n := f.count(`SELECT count(*) FROM notifications WHERE user_id = ANY($1) AND outbox_id IS NULL`, []int64{f.ulla.ID, f.jonna.ID, f.otto.ID}); n != 0 {
		t.Errorf("daily lines left unmailed: %d", n)
	}
	if n := f.count(`SELECT count(*) FROM notifications WHERE user_id = $1 AND outbox_id IS NOT NULL`, f.kim.ID); n != 0 {
		t.Errorf("Kim's lines mailed despite off: %d", n)
	}
	// Once a day.
	if n := digest("2027-03-10"); n != 0 {
		t.Errorf("second summary the same day: %d", n)
	}
	if jobs, rows := f.count(`SELECT count(*) FROM river.river_job WHERE kind = 'email'`), f.count(`SELECT count(*) FROM email_outbox`); jobs != rows {
		t.Errorf("%d jobs for %d outbox rows", jobs, rows)
	}
	// New daily lines on a later day: a new summary for their owner only.
	f.setClock(cph("2027-03-12 08:00"))
	f.run() // Mads's plan item falls due
	if n := digest("2027-03-12"); n != 1 {
		t.Errorf("summaries on the 12th: %d", n)
	}
	if n := f.count(`SELECT count(*) FROM email_outbox WHERE idem_key = 'digest:' || $1::bigint || ':2027-03-12'`, f.mads.ID); n != 1 {
		t.Errorf("Mads's summary: %d", n)
	}
}

// The agenda sent, or the meeting moved to another send-by date or to
// another facilitator: the agenda lines go in the same transaction.
func TestRemindAgendaSentAndMoved(t *testing.T) {
	f := newReminders(t)
	f.run()
	f.ok(f.db.AddAgendaItem(f.ctx, f.mads, f.m1, casework.AgendaDetails{Text: "Skole", RaisedByYouth: true}, ""))
	f.ok(f.db.SendAgenda(f.ctx, f.mads, f.m1, clockNow))
	wantHolders(t, casework.KindAgendaDue, f.holders(casework.KindAgendaDue), f.jonna.Name)
	if n := f.count(`SELECT count(*) FROM notifications WHERE kind = 'agenda_due' AND subject_id = $1 AND resolved_at IS NULL`, f.m1); n != 0 {
		t.Errorf("sent agenda's line unresolved: %d", n)
	}
	// m2 moved a week on: its send-by moves past the horizon.
	m, err := f.db.ViewMeeting(f.ctx, f.ulla, f.m2, postgres.ViewMeetingPage)
	f.ok(err)
	starts := cph("2027-03-23 10:00")
	f.ok(f.db.UpdateMeeting(f.ctx, f.ulla, f.m2, m.Version, casework.MeetingDetails{Kind: m.Kind, StartsAt: starts, EndsAt: starts.Add(time.Hour),
		FacilitatorID: f.jonna.ID, YouthAttends: true, AllTeam: true}))
	wantHolders(t, casework.KindAgendaDue, f.holders(casework.KindAgendaDue))
	wantHolders(t, casework.KindChairsAgenda, f.holders(casework.KindChairsAgenda))
	if n := f.count(`SELECT count(*) FROM notifications WHERE kind IN ('agenda_due', 'chairs_agenda') AND resolved_at IS NULL`); n != 0 {
		t.Errorf("moved meeting's lines unresolved: %d", n)
	}
	if f.run(); len(f.holders(casework.KindAgendaDue)) != 0 {
		t.Error("a moved meeting's agenda came back before it is due")
	}
}

// The follow-up of a due plan item recorded: its line goes.
func TestRemindPlanFollowedUp(t *testing.T) {
	f := newReminders(t)
	f.setClock(cph("2027-03-12 08:00"))
	f.run()
	wantHolders(t, casework.KindPlanDue, f.holders(casework.KindPlanDue), f.mads.Name)
	item := f.line(f.mads, casework.KindPlanDue).SubjectID
	f.closeMeeting(f.ulla, f.m1, casework.MeetingEnded)
	next := f.meeting(f.ulla, f.youth, casework.KindCooperation, cph("2027-03-31 10:00"), nil)
	f.ok(f.db.RecordFollowup(f.ctx, f.ulla, next, item, casework.FollowupDetails{Outcome: casework.OutcomeDone}, ""))
	wantHolders(t, casework.KindPlanDue, f.holders(casework.KindPlanDue))
}
