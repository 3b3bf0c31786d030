package postgres

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

// AgendaMeetingKind reads the kind of meeting the actor is adding a topic
// to, which the agenda form is checked against (casework.AgendaForm); a
// meeting's kind never changes. Like AddAgendaItem it refuses a meeting that
// is over or whose agenda was sent, so that a form is only checked where it
// could be added. It reads and logs no content.
func (db *DB) AgendaMeetingKind(ctx context.Context, actor casework.User, meetingID int64) (casework.MeetingKind, error) {
	var m lockedMeeting
	err := db.Pool.QueryRow(ctx, `
		SELECT m.kind, m.status, m.agenda_sent_at IS NOT NULL FROM meetings m
		 WHERE m.id = $2 AND `+meetingVisible, actor.ID, meetingID).Scan(&m.Kind, &m.Status, &m.AgendaSent)
	if err != nil {
		return "", translate(err)
	}
	if err := m.open(); err != nil {
		return "", err
	}
	if m.AgendaSent {
		return "", casework.Conflict(casework.ProblemAgendaSent)
	}
	return m.Kind, nil
}

// lockAgenda locks the meeting (lockMeeting) whose agenda the actor
// changes; a conflict once the agenda is sent.
func lockAgenda(ctx context.Context, tx actionTx, actor casework.User, meetingID int64) (lockedMeeting, error) {
	m, err := lockMeeting(ctx, tx, actor, meetingID)
	if err != nil {
		return m, err
	}
	if m.AgendaSent {
		return m, casework.Conflict(casework.ProblemAgendaSent)
	}
	return m, nil
}

// AddAgendaItem puts a topic last on the meeting's agenda; d is validated
// against the meeting's kind. On a meeting with the young person only the
// young person's topics go on it (the database's guard holds to that). A
// form's token is used once: the same token again (a double-clicked submit)
// adds nothing and is no error.
func (db *DB) AddAgendaItem(ctx context.Context, actor casework.User, meetingID int64, d casework.AgendaDetails, token string) error {
	err := db.inTx(ctx, func(tx actionTx) error {
		m, err := lockAgenda(ctx, tx, actor, meetingID)
		if err != nil {
			return err
		}
		var raisedBy *int64
		if !d.RaisedByYouth {
			id := d.RaisedByID
			if id == 0 {
				id = actor.ID
			}
			ok, err := activeProfessional(ctx, tx, m.MunicipalityID, id)
			if err != nil {
				return err
			}
			if !ok {
				return casework.Invalid(map[string]casework.Problem{"raised_by": casework.ProblemUnknownChoice})
			}
			raisedBy = &id
		}
		tag, err := tx.Exec(ctx, `
			INSERT INTO agenda_items (municipality_id, meeting_id, text, raised_by_youth, raised_by, position, request_token, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5,
			        (SELECT coalesce(max(position), 0) + 1 FROM agenda_items WHERE meeting_id = $2),
			        nullif($6, ''), $7, $8)
			ON CONFLICT (request_token) DO NOTHING`,
			m.MunicipalityID, m.ID, d.Text, d.RaisedByYouth, raisedBy, token, actor.ID, tx.now)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return nil // this form was sent before
		}
		return meetingChanged(ctx, tx, actor, m, casework.AuditAgendaAdd, "")
	})
	return translate(err)
}

// MoveAgendaItem moves a topic one place up or down the agenda.
func (db *DB) MoveAgendaItem(ctx context.Context, actor casework.User, meetingID, itemID int64, up bool) error {
	err := db.inTx(ctx, func(tx actionTx) error {
		m, err := lockAgenda(ctx, tx, actor, meetingID)
		if err != nil {
			return err
		}
		return moveItem(ctx, tx, actor, m, "agenda_items", itemID, up, casework.AuditAgendaMove)
	})
	return translate(err)
}

// moveItem moves an item of the locked meeting one place (swapPositions)
// and, when it moved, records the change (meetingChanged).
func moveItem(ctx context.Context, tx actionTx, actor casework.User, m lockedMeeting, table string, itemID int64, up bool, action casework.AuditAction) error {
	moved, err := swapPositions(ctx, tx, table, m.ID, itemID, up)
	if err != nil || !moved {
		return err
	}
	return meetingChanged(ctx, tx, actor, m, action, "")
}

// swapPositions swaps an item of the meeting with its neighbour above or
// below, in the table given (agenda_items or plan_items, never user input).
// It reports false when the item is already first or last.
func swapPositions(ctx context.Context, tx actionTx, table string, meetingID, itemID int64, up bool) (bool, error) {
	var pos int
	if err := tx.QueryRow(ctx, `SELECT position FROM `+table+` WHERE id = $1 AND meeting_id = $2`, itemID, meetingID).Scan(&pos); err != nil {
		return false, err
	}
	neighbour := `SELECT id, position FROM ` + table + ` WHERE meeting_id = $1 AND position > $2 ORDER BY position LIMIT 1`
	if up {
		neighbour = `SELECT id, position FROM ` + table + ` WHERE meeting_id = $1 AND position < $2 ORDER BY position DESC LIMIT 1`
	}
	var otherID int64
	var otherPos int
	err := tx.QueryRow(ctx, neighbour, meetingID, pos).Scan(&otherID, &otherPos)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	// The unique (meeting_id, position) is checked at commit, so the two
	// rows may hold the same position for a moment.
	if _, err := tx.Exec(ctx, `UPDATE `+table+` SET position = CASE WHEN id = $1 THEN $2::int ELSE $3::int END WHERE id IN ($1, $4)`,
		itemID, otherPos, pos, otherID); err != nil {
		return false, err
	}
	return true, nil
}

// DeleteAgendaItem takes a topic off an agenda not yet sent.
func (db *DB) DeleteAgendaItem(ctx context.Context, actor casework.User, meetingID, itemID int64) error {
	err := db.inTx(ctx, func(tx actionTx) error {
		m, err := lockAgenda(ctx, tx, actor, meetingID)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM agenda_items WHERE id = $1 AND meeting_id = $2`, itemID, m.ID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return casework.NotFound()
		}
		return meetingChanged(ctx, tx, actor, m, casework.AuditAgendaDelete, "")
	})
	return translate(err)
}

// SendAgenda records that the agenda was sent, at the given moment, and
// locks it. An empty agenda is not sent.
func (db *DB) SendAgenda(ctx context.Context, actor casework.User, meetingID int64, at time.Time) error {
	err := db.inTx(ctx, func(tx actionTx) error {
		m, err := lockAgenda(ctx, tx, actor, meetingID)
		if err != nil {
			return err
		}
		var items int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM agenda_items WHERE meeting_id = $1`, m.ID).Scan(&items); err != nil {
			return err
		}
		if items == 0 {
			return casework.Invalid(map[string]casework.Problem{"agenda": casework.ProblemAgendaEmpty})
		}
		if _, err := tx.Exec(ctx, `UPDATE meetings SET agenda_sent_at = $2, agenda_sent_by = $3 WHERE id = $1`, m.ID, at, actor.ID); err != nil {
			return err
		}
		if err := resolveAll(ctx, tx, m.ID, casework.KindAgendaDue, casework.KindChairsAgenda); err != nil {
			return err
		}
		return meetingChanged(ctx, tx, actor, m, casework.AuditAgendaSend, "")
	})
	return translate(err)
}

// agendaLeadDays is the municipality's agenda lead time in working days.
func agendaLeadDays(ctx context.Context, q pgx.Tx, municipalityID int64) (int, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT coalesce((SELECT agenda_lead_days FROM meeting_settings WHERE municipality_id = $1), $2)`,
		municipalityID, casework.DefaultAgendaLeadDays).Scan(&n)
	return n, err
}

func agendaOf(ctx context.Context, tx actionTx, meetingID int64) ([]casework.AgendaItem, error) {
	rows, err := tx.Query(ctx, `
		SELECT a.id, a.text, a.raised_by_youth, coalesce(a.raised_by, 0), coalesce(u.name, ''), a.position, a.created_by_youth
		  FROM agenda_items a LEFT JOIN users u ON u.id = a.raised_by
		 WHERE a.meeting_id = $1 ORDER BY a.position, a.id`, meetingID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.AgendaItem, error) {
		var a casework.AgendaItem
		err := r.Scan(&a.ID, &a.Text, &a.RaisedByYouth, &a.RaisedByID, &a.RaisedByName, &a.Position, &a.CreatedByYouth)
		return a, err
	})
}

// AgendaAlerts lists the planned meetings still to come whose agenda is
// late, due today, or was sent after its send-by date, as of now: for a
// coordinator every such meeting of the municipality (the overview), for
// others the meetings they facilitate.
func (db *DB) AgendaAlerts(ctx context.Context, actor casework.User, now time.Time) ([]casework.AgendaAlert, error) {
	today := casework.DateOf(now)
	rows, err := db.Pool.Query(ctx, `SELECT `+summaryColumns+summaryFrom+`
		 JOIN users a ON a.id = $1 AND a.active AND a.municipality_id = m.municipality_id AND a.role <> 'admin'
		 WHERE m.status = 'planned' AND m.ends_at >= $3
		   AND (a.role = 'coordinator' OR m.facilitator_id = a.id)
		   AND ((m.agenda_sent_at IS NULL AND m.agenda_send_by <= $2)
		        OR (m.agenda_sent_at AT TIME ZONE 'Europe/Copenhagen')::date > m.agenda_send_by)
		 ORDER BY m.agenda_send_by, m.starts_at, m.id
		 LIMIT 200`, actor.ID, today, now)
	if err != nil {
		return nil, translate(err)
	}
	list, err := pgx.CollectRows(rows, scanSummary)
	if err != nil {
		return nil, translate(err)
	}
	var alerts []casework.AgendaAlert
	for _, s := range list {
		alerts = append(alerts, casework.AgendaAlert{Meeting: s, State: s.AgendaState(today)})
	}
	if len(alerts) == 0 {
		return nil, nil
	}
	if err := db.viewed(ctx, actor, 0, casework.AuditMeetingList, "agenda alerts shown="+strconv.Itoa(len(alerts))); err != nil {
		return nil, err
	}
	return alerts, nil
}
