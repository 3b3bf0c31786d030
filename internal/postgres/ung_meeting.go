package postgres

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

// The young person's plan, next meeting (with their own agenda topics) and
// team. Every query finds the case through the citizen session (ownCase,
// $1), never by an id from the address; a meeting or agenda item id is
// joined to that case, so another's is not found. Coordination meetings are
// professionals' only and never read here. Every read and action writes
// its audit row in its transaction.

// UngPlan reads the action plan of the young person's latest meeting with
// a plan (not a coordination meeting, not cancelled), and the plan before
// it with what was followed up.
func (db *DB) UngPlan(ctx context.Context, c casework.Citizen) (casework.UngPlan, error) {
	var p casework.UngPlan
	err := db.citizenReadTx(ctx, c, func(tx actionTx) (pageView, error) {
		rows, err := tx.Query(ctx, `SELECT `+summaryColumns+summaryFrom+`
			  JOIN youth y ON y.id = m.youth_id
			 WHERE `+ownCase+` AND m.kind <> 'koordinationsmoede' AND m.status <> 'cancelled'
			   AND EXISTS (SELECT 1 FROM plan_items pi WHERE pi.meeting_id = m.id)
			 ORDER BY m.starts_at DESC, m.id DESC LIMIT 1`, c.SessionID)
		if err != nil {
			return pageView{}, err
		}
		list, err := pgx.CollectRows(rows, scanSummary)
		if err != nil {
			return pageView{}, err
		}
		if len(list) == 1 {
			p.Meeting = list[0]
			if p.Items, err = planOf(ctx, tx, p.Meeting.ID); err != nil {
				return pageView{}, err
			}
			if p.PreviousMeeting, err = previousMeeting(ctx, tx, p.Meeting.ID); err != nil {
				return pageView{}, err
			}
			if p.PreviousMeeting != nil {
				if p.Previous, err = planOf(ctx, tx, p.PreviousMeeting.ID); err != nil {
					return pageView{}, err
				}
				if err := attachFollowups(ctx, tx, p.Previous); err != nil {
					return pageView{}, err
				}
			}
		}
		if p.Roles, err = teamRoles(ctx, tx, c); err != nil {
			return pageView{}, err
		}
		return pageView{c.YouthID, casework.AuditUngPlan, ""}, nil
	})
	return p, translate(err)
}

// teamRoles is the role on the young person's team of each active member,
// to say who does what in their plan.
func teamRoles(ctx context.Context, tx actionTx, c casework.Citizen) (map[int64]string, error) {
	rows, err := tx.Query(ctx, `
		SELECT tm.user_id, tm.team_role FROM team_members tm JOIN youth y ON y.id = tm.youth_id
		 WHERE `+ownCase+` AND tm.left_at IS NULL`, c.SessionID)
	if err != nil {
		return nil, err
	}
	roles := map[int64]string{}
	_, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (struct{}, error) {
		var id int64
		var role string
		err := r.Scan(&id, &role)
		roles[id] = role
		return struct{}{}, err
	})
	return roles, err
}

// UngNextMeeting reads the young person's next planned meeting (not a
// coordination meeting): when, where, who comes, the agenda, and whether
// they can still add their own topics. No meeting planned is no error
// (Found false).
func (db *DB) UngNextMeeting(ctx context.Context, c casework.Citizen) (casework.UngMeeting, error) {
	var m casework.UngMeeting
	err := db.citizenReadTx(ctx, c, func(tx actionTx) (pageView, error) {
		var sent bool
		err := tx.QueryRow(ctx, `
			SELECT m.id, m.kind, m.starts_at, m.ends_at, coalesce(r.name, ''), coalesce(r.address, ''), m.place,
			       f.id, f.name, coalesce(fu.name, ''), coalesce(tm.team_role, ''), m.agenda_send_by, m.agenda_sent_at IS NOT NULL
			  FROM meetings m
			  JOIN youth y ON y.id = m.youth_id
			  JOIN users f ON f.id = m.facilitator_id LEFT JOIN units fu ON fu.id = f.unit_id
			  LEFT JOIN team_members tm ON tm.youth_id = y.id AND tm.user_id = f.id AND tm.left_at IS NULL
			  LEFT JOIN meeting_rooms r ON r.id = m.room_id
			 WHERE `+ownCase+` AND m.status = 'planned' AND m.kind <> 'koordinationsmoede' AND m.starts_at >= $2
			 ORDER BY m.starts_at, m.id LIMIT 1`, c.SessionID, tx.now).
			Scan(&m.ID, &m.Kind, &m.StartsAt, &m.EndsAt, &m.RoomName, &m.RoomAddress, &m.Place,
				&m.Facilitator.UserID, &m.Facilitator.Name, &m.Facilitator.UnitName, &m.Facilitator.TeamRole, &m.AgendaSendBy, &sent)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return pageView{c.YouthID, casework.AuditUngMeeting, "none"}, nil
		case err != nil:
			return pageView{}, err
		}
		m.Found = true
		m.Open = !sent && !casework.DateOf(tx.now).After(m.AgendaSendBy)
		// Who comes: the professionals taking part, with their role on the team.
		rows, err := tx.Query(ctx, `
			SELECT u.id, u.name, coalesce(un.name, ''), coalesce(tm.team_role, '')
			  FROM meeting_participants mp JOIN users u ON u.id = mp.user_id LEFT JOIN units un ON un.id = u.unit_id
			  LEFT JOIN team_members tm ON tm.youth_id = $2 AND tm.user_id = u.id AND tm.left_at IS NULL
			 WHERE mp.meeting_id = $1 AND u.id <> $3
			 ORDER BY lower(u.name), u.id`, m.ID, c.YouthID, m.Facilitator.UserID)
		if err != nil {
			return pageView{}, err
		}
		if m.People, err = pgx.CollectRows(rows, scanUngPerson); err != nil {
			return pageView{}, err
		}
		if m.Agenda, err = agendaOf(ctx, tx, m.ID); err != nil {
			return pageView{}, err
		}
		return pageView{c.YouthID, casework.AuditUngMeeting, "meeting=" + strconv.FormatInt(m.ID, 10)}, nil
	})
	return m, translate(err)
}

func scanUngPerson(r pgx.CollectableRow) (casework.UngPerson, error) {
	var p casework.UngPerson
	err := r.Scan(&p.UserID, &p.Name, &p.UnitName, &p.TeamRole)
	return p, err
}

// youthAgenda locks the young person's own meeting whose agenda they
// change (not found when it is another's) and refuses, as a conflict, an
// agenda that is closed to them: sent, past its send-by date, a meeting
// that is over, or a coordination meeting.
func youthAgenda(ctx context.Context, tx actionTx, c casework.Citizen, meetingID int64) (lockedMeeting, error) {
	var m lockedMeeting
	var sendBy time.Time
	err := tx.QueryRow(ctx, `
		SELECT m.id, m.municipality_id, m.youth_id, m.kind, m.status, m.agenda_sent_at IS NOT NULL, m.starts_at,
		       m.facilitator_id, m.version, m.agenda_send_by
		  FROM meetings m JOIN youth y ON y.id = m.youth_id
		 WHERE m.id = $2 AND `+ownCase+`
		   FOR UPDATE OF m`, c.SessionID, meetingID).
		Scan(&m.ID, &m.MunicipalityID, &m.YouthID, &m.Kind, &m.Status, &m.AgendaSent, &m.StartsAt, &m.FacilitatorID, &m.Version, &sendBy)
	if err != nil {
		return m, err
	}
	if m.AgendaSent || m.Status != casework.MeetingPlanned || m.Kind.ProfessionalsOnly() ||
		casework.DateOf(tx.now).After(sendBy) {
		return m, casework.Conflict(casework.ProblemYouthAgendaClosed)
	}
	return m, nil
}

// UngAddAgendaTopic puts a topic the young person wrote themself last on
// their meeting's agenda: raised and written by them (no professional), the
// citizen session recorded. The meeting's open screens update as for a
// professional's topic.
func (db *DB) UngAddAgendaTopic(ctx context.Context, c casework.Citizen, meetingID int64, text string) error {
	text, err := casework.ValidateYouthTopic(text)
	if err != nil {
		return err
	}
	err = db.inCitizenTx(ctx, c, func(tx actionTx) error {
		m, err := youthAgenda(ctx, tx, c, meetingID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO agenda_items (municipality_id, meeting_id, text, raised_by_youth, raised_by, position,
			                          created_by, created_by_youth, youth_session_id, created_at)
			VALUES ($1, $2, $3, true, NULL,
			        (SELECT coalesce(max(position), 0) + 1 FROM agenda_items WHERE meeting_id = $2),
			        NULL, true, $4, $5)`,
			m.MunicipalityID, m.ID, text, c.SessionID, tx.now); err != nil {
			return err
		}
		return youthMeetingChanged(ctx, tx, c, m, casework.AuditUngAgendaAdd)
	})
	return translate(err)
}

// UngDeleteAgendaTopic takes off the agenda a topic the young person wrote
// themself; a professional's topic, or one on another's meeting, is not
// found.
func (db *DB) UngDeleteAgendaTopic(ctx context.Context, c casework.Citizen, meetingID, itemID int64) error {
	err := db.inCitizenTx(ctx, c, func(tx actionTx) error {
		m, err := youthAgenda(ctx, tx, c, meetingID)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM agenda_items WHERE id = $1 AND meeting_id = $2 AND created_by_youth`, itemID, m.ID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return casework.NotFound()
		}
		return youthMeetingChanged(ctx, tx, c, m, casework.AuditUngAgendaDelete)
	})
	return translate(err)
}

// youthMeetingChanged is meetingChanged for the young person's change: the
// audit row is theirs (auditCitizen), and the meeting's open screens are
// told.
func youthMeetingChanged(ctx context.Context, tx actionTx, c casework.Citizen, m lockedMeeting, action casework.AuditAction) error {
	if err := auditCitizen(ctx, tx, c, action, "meeting="+strconv.FormatInt(m.ID, 10)); err != nil {
		return err
	}
	return notifyMeeting(ctx, tx, m.ID)
}

// UngTeam reads the young person's active team and their contact person,
// with the e-mail and work phone the professionals entered.
func (db *DB) UngTeam(ctx context.Context, c casework.Citizen) (casework.UngTeam, error) {
	var t casework.UngTeam
	err := db.citizenReadTx(ctx, c, func(tx actionTx) (pageView, error) {
		rows, err := tx.Query(ctx, `
			SELECT u.id, u.name, coalesce(un.name, ''), tm.team_role, u.email, u.work_phone,
			       EXISTS (SELECT 1 FROM contact_persons cp WHERE cp.youth_id = y.id AND cp.user_id = u.id AND cp.ended_at IS NULL)
			  FROM team_members tm JOIN youth y ON y.id = tm.youth_id
			  JOIN users u ON u.id = tm.user_id LEFT JOIN units un ON un.id = u.unit_id
			 WHERE `+ownCase+` AND tm.left_at IS NULL AND u.active
			 ORDER BY tm.joined_at, tm.id`, c.SessionID)
		if err != nil {
			return pageView{}, err
		}
		if t.Members, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.UngTeamMember, error) {
			var m casework.UngTeamMember
			err := r.Scan(&m.UserID, &m.Name, &m.UnitName, &m.TeamRole, &m.Email, &m.WorkPhone, &m.Contact)
			return m, err
		}); err != nil {
			return pageView{}, err
		}
		for _, m := range t.Members {
			if m.Contact {
				t.Contact = m
			}
		}
		return pageView{c.YouthID, casework.AuditUngTeam, ""}, nil
	})
	return t, translate(err)
}
