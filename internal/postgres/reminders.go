package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

// Time-dependent notifications and the daily summary. See
// docs/notifications-plan.md §5–§6. Everything is set-based over every
// municipality and idempotent by notifications_once / email_outbox_once,
// so two runs, two instances or a retried job create each reminder once.

// ofYouthRecipients selects, laterally for the young person y, the
// recipients "of the young person": the active contact person, else every
// current team member.
const ofYouthRecipients = `(
	SELECT cp.user_id FROM contact_persons cp WHERE cp.youth_id = y.id AND cp.ended_at IS NULL
	UNION
	SELECT tm.user_id FROM team_members tm WHERE tm.youth_id = y.id AND tm.left_at IS NULL
	   AND NOT EXISTS (SELECT 1 FROM contact_persons cp WHERE cp.youth_id = y.id AND cp.ended_at IS NULL))`

// coordinatorsOf selects, laterally, the active coordinators of y's municipality.
const coordinatorsOf = `(SELECT u.id FROM users u WHERE u.municipality_id = y.municipality_id AND u.role = 'coordinator' AND u.active)`

// reminderInsert wraps a SELECT of (user_id, kind, youth_id, subject_id,
// occasion) candidates, each needing youth y in scope for the visibility
// check, into the insert of the new ones. $1 is tx.now.
func reminderInsert(candidates string) string {
	return `
	INSERT INTO notifications (municipality_id, user_id, kind, youth_id, subject_id, occasion, created_at)
	SELECT y.municipality_id, n.user_id, n.kind, y.id, n.subject_id, n.occasion, $1
	  FROM (` + candidates + `) n JOIN youth y ON y.id = n.youth_id
	 WHERE ` + visibleToRecipient + `
	ON CONFLICT ON CONSTRAINT notifications_once DO NOTHING
	RETURNING id`
}

// remindersLock serialises RunReminders across instances (an advisory
// transaction lock), so concurrent runs neither deadlock nor double-mail.
const remindersLock = 0x6b7569_0d13

// RunReminders creates, for kui's clock's now, every time-dependent
// notification (agendas due, plan items due, consents expiring, turning 18,
// no meeting, between chairs) once, sweeps what is done, and queues the
// e-mails wanted at once. It returns how many notifications it created.
func (db *DB) RunReminders(ctx context.Context) (int, error) {
	created := 0
	err := db.inTx(ctx, func(tx actionTx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(remindersLock)); err != nil {
			return err
		}
		today := casework.DateOf(tx.now)
		agendaHorizon := casework.AddWorkingDays(today, casework.AgendaDueWorkingDays)
		handoverCut := casework.SubtractWorkingDays(today, casework.ChairsHandoverWorkingDay)
		noMeetingSince := tx.now.AddDate(0, -casework.NoMeetingMonths, 0)
		statements := []struct {
			sql  string
			args []any
		}{
			{`SELECT m.facilitator_id AS user_id, 'agenda_due' AS kind, m.youth_id, m.id AS subject_id, m.agenda_send_by AS occasion
			    FROM meetings m
			   WHERE m.status = 'planned' AND m.agenda_sent_at IS NULL AND m.agenda_send_by <= $2::date`,
				[]any{agendaHorizon}},
			{`SELECT p.owner_id AS user_id, 'plan_due' AS kind, m.youth_id, p.id AS subject_id, p.due AS occasion
			    FROM plan_items p JOIN meetings m ON m.id = p.meeting_id
			   WHERE p.open AND p.owner_id IS NOT NULL AND p.due <= $2::date`,
				[]any{today}},
			{`SELECT r.user_id, 'consent_expiring' AS kind, y.id AS youth_id, c.id AS subject_id, c.expires_on AS occasion
			    FROM consents c JOIN youth y ON y.id = c.youth_id CROSS JOIN LATERAL ` + ofYouthRecipients + ` r(user_id)
			   WHERE y.status = 'active' AND c.withdrawn_on IS NULL
			     AND c.expires_on >= $2::date AND c.expires_on <= $2::date + $3::int
			     AND NOT EXISTS (SELECT 1 FROM consents c2 WHERE c2.youth_id = c.youth_id
			                        AND c2.withdrawn_on IS NULL AND c2.expires_on > c.expires_on)`,
				[]any{today, casework.ConsentExpiringDays}},
			{`SELECT r.user_id, 'turning_18' AS kind, y.id AS youth_id, y.id AS subject_id,
			         (y.birth_date + interval '18 years')::date AS occasion
			    FROM youth y CROSS JOIN LATERAL ` + ofYouthRecipients + ` r(user_id)
			   WHERE y.status = 'active'
			     AND ` + turning18Within("y", "$2", "$3::int"),
				[]any{today, casework.Turning18Days}},
			{`SELECT r.user_id, 'no_meeting' AS kind, y.id AS youth_id, y.id AS subject_id,
			         (coalesce(lm.last, y.created_at) AT TIME ZONE 'Europe/Copenhagen')::date AS occasion
			    FROM youth y
			    ` + lastMeetingOf("y") + `
			    CROSS JOIN LATERAL ` + ofYouthRecipients + ` r(user_id)
			   WHERE y.status = 'active' AND coalesce(lm.last, y.created_at) < $2::timestamptz`,
				[]any{noMeetingSince}},
			{`SELECT r.id AS user_id, 'chairs_handover' AS kind, y.id AS youth_id, h.id AS subject_id, '-infinity'::date AS occasion
			    FROM contact_handovers h JOIN youth y ON y.id = h.youth_id CROSS JOIN LATERAL ` + coordinatorsOf + ` r
			   WHERE h.status = 'pending' AND (h.requested_at AT TIME ZONE 'Europe/Copenhagen')::date < $2::date`,
				[]any{handoverCut}},
			{`SELECT r.id AS user_id, 'chairs_agenda' AS kind, y.id AS youth_id, m.id AS subject_id, m.agenda_send_by AS occasion
			    FROM meetings m JOIN youth y ON y.id = m.youth_id CROSS JOIN LATERAL ` + coordinatorsOf + ` r
			   WHERE m.status = 'planned' AND m.agenda_sent_at IS NULL AND m.agenda_send_by < $2::date`,
				[]any{today}},
		}
		var ids []int64
		for _, st := range statements {
			rows, err := tx.Query(ctx, reminderInsert(st.sql), append([]any{tx.now}, st.args...)...)
			if err != nil {
				return err
			}
			got, err := pgx.CollectRows(rows, pgx.RowTo[int64])
			if err != nil {
				return err
			}
			ids = append(ids, got...)
		}
		created = len(ids)
		if err := sweep(ctx, tx, today); err != nil {
			return err
		}
		return db.mailNow(ctx, tx, ids)
	})
	return created, translate(err)
}

// Sweep horizons.
const (
	referralDecidedDays = 30  // a decided referral's line goes after this many days, read or not
	keepResolvedDays    = 180 // resolved lines are deleted after this many days
)

// sweep resolves the lines whose thing no longer waits, and deletes lines
// resolved long ago.
func sweep(ctx context.Context, tx actionTx, today time.Time) error {
	if _, err := tx.Exec(ctx, `UPDATE notifications n SET resolved_at = $1
		 WHERE n.resolved_at IS NULL
		   AND (NOT `+stillWaitingAt("$2")+`
		        OR (n.kind = 'referral_decided' AND n.created_at < $3))`,
		tx.now, today, tx.now.AddDate(0, 0, -referralDecidedDays)); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `DELETE FROM notifications WHERE resolved_at < $1`, tx.now.AddDate(0, 0, -keepResolvedDays))
	return err
}

// RunDigest queues the daily summary of day for every user with unmailed
// waiting lines whose delivery is daily. It returns how many it queued.
// On a day that is not a working day it does nothing (the lines wait for
// the next working day's summary), so a stray call is harmless; a second
// call for the same day queues no second summary, and lines that came
// after the day's summary wait for the next one.
func (db *DB) RunDigest(ctx context.Context, day time.Time) (int, error) {
	day = casework.DateOf(day)
	if !casework.IsWorkingDay(day) {
		return 0, nil
	}
	var outbox []int64
	err := db.inTx(ctx, func(tx actionTx) error {
		rows, err := tx.Query(ctx, `
			WITH due AS (
				SELECT n.id, n.user_id, n.municipality_id FROM notifications n JOIN youth y ON y.id = n.youth_id
				 WHERE n.outbox_id IS NULL AND n.resolved_at IS NULL AND n.read_at IS NULL
				   AND `+visibleToRecipient+` AND `+stillWaitingAt("$2")+` AND `+deliverySQL+` = 'daily'),
			o AS (
				INSERT INTO email_outbox (municipality_id, user_id, idem_key, kind, created_at)
				SELECT DISTINCT d.municipality_id, d.user_id, 'digest:' || d.user_id || ':' || $3::text, 'digest', $1::timestamptz
				  FROM due d
				ON CONFLICT ON CONSTRAINT email_outbox_once DO NOTHING
				RETURNING id, user_id),
			tied AS (UPDATE notifications n SET outbox_id = o.id FROM o, due d
			          WHERE d.id = n.id AND d.user_id = o.user_id)
			SELECT id FROM o ORDER BY id`, tx.now, casework.DateOf(tx.now), day.Format(time.DateOnly))
		if err != nil {
			return err
		}
		if outbox, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
			return err
		}
		return db.enqueueEmails(ctx, tx, outbox)
	})
	return len(outbox), translate(err)
}
