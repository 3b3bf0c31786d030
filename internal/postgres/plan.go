package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

// checkPlanOwner checks that a named owner of a plan item is an active
// professional on the young person's team or at the meeting.
func checkPlanOwner(ctx context.Context, tx actionTx, m lockedMeeting, d casework.PlanDetails) (*int64, error) {
	if d.OwnerYouth {
		return nil, nil
	}
	var ok bool
	err := tx.QueryRow(ctx, `
		SELECT EXISTS (SELECT 1 FROM users u
		 WHERE u.id = $1 AND u.active AND u.municipality_id = $2 AND u.role <> 'admin'
		   AND (EXISTS (SELECT 1 FROM team_members tm WHERE tm.youth_id = $3 AND tm.user_id = u.id AND tm.left_at IS NULL)
		        OR EXISTS (SELECT 1 FROM meeting_participants mp WHERE mp.meeting_id = $4 AND mp.user_id = u.id)
		        OR u.id = $5))`, d.OwnerID, m.MunicipalityID, m.YouthID, m.ID, m.FacilitatorID).Scan(&ok)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, casework.Invalid(map[string]casework.Problem{"owner": casework.ProblemNotParticipant})
	}
	id := d.OwnerID
	return &id, nil
}

// planMeeting locks a meeting whose plan may still be written.
func planMeeting(ctx context.Context, tx actionTx, actor casework.User, meetingID int64) (lockedMeeting, error) {
	m, err := lockMeeting(ctx, tx, actor, meetingID)
	if err != nil {
		return m, err
	}
	if !m.Kind.HasPlan() {
		return m, casework.Invalid(map[string]casework.Problem{"text": casework.ProblemNoPlanAtCoordination})
	}
	return m, nil
}

// planItemMeeting locks the meeting whose plan an item is written to
// (planMeeting) and checks the item's owner (checkPlanOwner).
func planItemMeeting(ctx context.Context, tx actionTx, actor casework.User, meetingID int64, d casework.PlanDetails) (lockedMeeting, *int64, error) {
	m, err := planMeeting(ctx, tx, actor, meetingID)
	if err != nil {
		return m, nil, err
	}
	owner, err := checkPlanOwner(ctx, tx, m, d)
	return m, owner, err
}

// AddPlanItem writes an item last in the meeting's action plan. A form's
// token is used once: the same token again (a double-clicked submit) adds
// nothing and is no error.
func (db *DB) AddPlanItem(ctx context.Context, actor casework.User, meetingID int64, d casework.PlanDetails, token string) error {
	err := db.inTx(ctx, func(tx actionTx) error {
		m, owner, err := planItemMeeting(ctx, tx, actor, meetingID, d)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `
			INSERT INTO plan_items (municipality_id, meeting_id, text, owner_youth, owner_id, due, goal, position, request_token, created_by, updated_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7,
			        (SELECT coalesce(max(position), 0) + 1 FROM plan_items WHERE meeting_id = $2),
			        nullif($8, ''), $9, $9, $10, $10)
			ON CONFLICT (request_token) DO NOTHING`,
			m.MunicipalityID, m.ID, d.Text, d.OwnerYouth, owner, d.Due, d.Goal, token, actor.ID, tx.now)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return nil // this form was sent before
		}
		return meetingChanged(ctx, tx, actor, m, casework.AuditPlanAdd, "")
	})
	return translate(err)
}

// PlanItem reads one item of a meeting's plan, for its edit form or to show
// what someone else saved.
func (db *DB) PlanItem(ctx context.Context, actor casework.User, meetingID, itemID int64) (casework.PlanItem, error) {
	var p casework.PlanItem
	err := db.readTx(ctx, actor, func(tx actionTx) (pageView, error) {
		var youthID int64
		err := tx.QueryRow(ctx, `SELECT m.youth_id FROM meetings m WHERE m.id = $2 AND `+meetingVisible, actor.ID, meetingID).Scan(&youthID)
		if err != nil {
			return pageView{}, err
		}
		if p, err = scanPlanItem(tx.QueryRow(ctx, `SELECT `+planColumns+`
			  FROM plan_items p LEFT JOIN users o ON o.id = p.owner_id
			 WHERE p.id = $1 AND p.meeting_id = $2`, itemID, meetingID)); err != nil {
			return pageView{}, err
		}
		return pageView{youthID, casework.AuditPlanEditing, ""}, nil
	})
	if err != nil {
		return casework.PlanItem{}, translate(err)
	}
	return p, nil
}

// UpdatePlanItem saves an edit of a plan item made from the given version.
// When someone else saved the item in between, it answers a conflict and
// changes nothing: one of two people editing at once is saved, the other
// is told.
func (db *DB) UpdatePlanItem(ctx context.Context, actor casework.User, meetingID, itemID int64, version int, d casework.PlanDetails) error {
	err := db.inTx(ctx, func(tx actionTx) error {
		m, owner, err := planItemMeeting(ctx, tx, actor, meetingID, d)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `
			UPDATE plan_items SET text = $4, owner_youth = $5, owner_id = $6, due = $7, goal = $8,
			       version = version + 1, updated_by = $9, updated_at = $10
			 WHERE id = $1 AND meeting_id = $2 AND version = $3`,
			itemID, m.ID, version, d.Text, d.OwnerYouth, owner, d.Due, d.Goal, actor.ID, tx.now)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return staleOrMissing(ctx, tx, itemID, m.ID)
		}
		return meetingChanged(ctx, tx, actor, m, casework.AuditPlanUpdate, "")
	})
	return translate(err)
}

// staleOrMissing tells why a versioned change of a plan item changed
// nothing: the item is gone, or someone saved it first.
func staleOrMissing(ctx context.Context, tx actionTx, itemID, meetingID int64) error {
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM plan_items WHERE id = $1 AND meeting_id = $2)`, itemID, meetingID).Scan(&exists); err != nil {
		return err
	}
	if !exists {
		return casework.NotFound()
	}
	return casework.Conflict(casework.ProblemPlanChanged)
}

// DeletePlanItem removes an item from an open meeting's plan, when nobody
// changed it since the given version.
func (db *DB) DeletePlanItem(ctx context.Context, actor casework.User, meetingID, itemID int64, version int) error {
	err := db.inTx(ctx, func(tx actionTx) error {
		m, err := planMeeting(ctx, tx, actor, meetingID)
		if err != nil {
			return err
		}
		// A carried-over item leaves its follow-up uncarried.
		if _, err := tx.Exec(ctx, `UPDATE plan_followups SET carried_to = NULL WHERE carried_to = $1 AND meeting_id = $2`, itemID, m.ID); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM plan_items WHERE id = $1 AND meeting_id = $2 AND version = $3`, itemID, m.ID, version)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return staleOrMissing(ctx, tx, itemID, m.ID)
		}
		return meetingChanged(ctx, tx, actor, m, casework.AuditPlanDelete, "")
	})
	return translate(err)
}

// MovePlanItem moves an item one place up or down the plan.
func (db *DB) MovePlanItem(ctx context.Context, actor casework.User, meetingID, itemID int64, up bool) error {
	err := db.inTx(ctx, func(tx actionTx) error {
		m, err := planMeeting(ctx, tx, actor, meetingID)
		if err != nil {
			return err
		}
		return moveItem(ctx, tx, actor, m, "plan_items", itemID, up, casework.AuditPlanMove)
	})
	return translate(err)
}

// RecordFollowup records, at a meeting, what came of an item of the
// previous plan, and carries it over into this meeting's plan (a copy,
// with a new due date) or takes a carried copy out again.
func (db *DB) RecordFollowup(ctx context.Context, actor casework.User, meetingID, itemID int64, d casework.FollowupDetails, token string) error {
	err := db.inTx(ctx, func(tx actionTx) error {
		m, err := planMeeting(ctx, tx, actor, meetingID)
		if err != nil {
			return err
		}
		prev, err := previousMeeting(ctx, tx, m.ID)
		if err != nil {
			return err
		}
		if prev == nil {
			return casework.NotFound()
		}
		var item casework.PlanItem
		var owner *int64
		if err := tx.QueryRow(ctx, `SELECT text, owner_youth, owner_id, goal FROM plan_items WHERE id = $1 AND meeting_id = $2`, itemID, prev.ID).
			Scan(&item.Text, &item.OwnerYouth, &owner, &item.Goal); err != nil {
			return err
		}
		var carried *int64
		err = tx.QueryRow(ctx, `SELECT carried_to FROM plan_followups WHERE plan_item_id = $1`, itemID).Scan(&carried)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		switch {
		case d.Carry && carried == nil:
			var id int64
			err := tx.QueryRow(ctx, `
				INSERT INTO plan_items (municipality_id, meeting_id, text, owner_youth, owner_id, due, goal, position,
				                        carried_from, request_token, created_by, updated_by, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7,
				        (SELECT coalesce(max(position), 0) + 1 FROM plan_items WHERE meeting_id = $2),
				        $8, nullif($9, ''), $10, $10, $11, $11)
				ON CONFLICT (request_token) DO NOTHING
				RETURNING id`,
				m.MunicipalityID, m.ID, item.Text, item.OwnerYouth, owner, d.Due, item.Goal, itemID, token, actor.ID, tx.now).Scan(&id)
			if errors.Is(err, pgx.ErrNoRows) {
				return nil // this form was sent before
			}
			if err != nil {
				return err
			}
			carried = &id
		case d.Carry:
			if _, err := tx.Exec(ctx, `UPDATE plan_items SET due = $2, version = version + 1, updated_by = $3, updated_at = $5
				WHERE id = $1 AND meeting_id = $4`, *carried, d.Due, actor.ID, m.ID, tx.now); err != nil {
				return err
			}
		case carried != nil:
			if _, err := tx.Exec(ctx, `DELETE FROM plan_items WHERE id = $1 AND meeting_id = $2`, *carried, m.ID); err != nil {
				return err
			}
			carried = nil
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO plan_followups (plan_item_id, municipality_id, meeting_id, outcome, went_well, went_badly, carried_to, recorded_by, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (plan_item_id) DO UPDATE
			   SET meeting_id = EXCLUDED.meeting_id, outcome = EXCLUDED.outcome, went_well = EXCLUDED.went_well,
			       went_badly = EXCLUDED.went_badly, carried_to = EXCLUDED.carried_to,
			       recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at`,
			itemID, m.MunicipalityID, m.ID, d.Outcome, d.WentWell, d.WentBadly, carried, actor.ID, tx.now); err != nil {
			return err
		}
		if err := resolve(ctx, tx, casework.KindPlanDue, itemID); err != nil {
			return err
		}
		return meetingChanged(ctx, tx, actor, m, casework.AuditPlanFollowup, string(d.Outcome))
	})
	return translate(err)
}

const planColumns = `p.id, p.meeting_id, p.text, p.owner_youth, coalesce(p.owner_id, 0), coalesce(o.name, ''), p.due, p.goal,
	p.position, p.version, coalesce(p.carried_from, 0), p.updated_at`

func scanPlanItem(r pgx.Row) (casework.PlanItem, error) {
	var p casework.PlanItem
	err := r.Scan(&p.ID, &p.MeetingID, &p.Text, &p.OwnerYouth, &p.OwnerID, &p.OwnerName, &p.Due, &p.Goal,
		&p.Position, &p.Version, &p.CarriedFrom, &p.UpdatedAt)
	return p, err
}

func planOf(ctx context.Context, tx actionTx, meetingID int64) ([]casework.PlanItem, error) {
	rows, err := tx.Query(ctx, `SELECT `+planColumns+`
		  FROM plan_items p LEFT JOIN users o ON o.id = p.owner_id
		 WHERE p.meeting_id = $1 ORDER BY p.position, p.id`, meetingID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.PlanItem, error) { return scanPlanItem(r) })
}

// attachFollowups fills in the follow-up of each item, where recorded.
func attachFollowups(ctx context.Context, tx actionTx, items []casework.PlanItem) error {
	if len(items) == 0 {
		return nil
	}
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	rows, err := tx.Query(ctx, `
		SELECT plan_item_id, meeting_id, outcome, went_well, went_badly, coalesce(carried_to, 0)
		  FROM plan_followups WHERE plan_item_id = ANY($1)`, ids)
	if err != nil {
		return err
	}
	byItem := map[int64]*casework.Followup{}
	_, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (struct{}, error) {
		var id int64
		var f casework.Followup
		if err := r.Scan(&id, &f.MeetingID, &f.Outcome, &f.WentWell, &f.WentBadly, &f.CarriedTo); err != nil {
			return struct{}{}, err
		}
		byItem[id] = &f
		return struct{}{}, nil
	})
	if err != nil {
		return err
	}
	for i := range items {
		items[i].Followup = byItem[items[i].ID]
	}
	return nil
}

// previousMeeting is the young person's last held meeting with a plan
// before the given one (never a coordination meeting, which has none). The
// order is the meetings' ending, not their clock times: a meeting still
// planned follows up the last one ended, whenever either is set to start
// (the same slot included); a meeting that is over, the last one ended
// before it.
func previousMeeting(ctx context.Context, tx actionTx, meetingID int64) (*casework.MeetingSummary, error) {
	var p casework.MeetingSummary
	err := tx.QueryRow(ctx, `
		SELECT p.id, p.kind, p.starts_at, p.ends_at, p.status
		  FROM meetings m
		  JOIN meetings p ON p.youth_id = m.youth_id AND p.id <> m.id
		 WHERE m.id = $1 AND p.status = 'ended' AND p.kind <> 'koordinationsmoede'
		   AND (m.status = 'planned'
		        OR (coalesce(p.closed_at, p.ends_at), p.starts_at, p.id) < (coalesce(m.closed_at, m.ends_at), m.starts_at, m.id))
		   AND EXISTS (SELECT 1 FROM plan_items pi WHERE pi.meeting_id = p.id)
		 ORDER BY coalesce(p.closed_at, p.ends_at) DESC, p.starts_at DESC, p.id DESC
		 LIMIT 1`, meetingID).Scan(&p.ID, &p.Kind, &p.StartsAt, &p.EndsAt, &p.Status)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &p, nil
}
