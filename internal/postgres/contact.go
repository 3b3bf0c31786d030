package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

// contactHistory lists every contact person period of a young person,
// newest first; the active one, if any, is first.
// contactHistorySQL lists a young person's contact persons ($1), the
// active one first, then the ended ones newest first.
const contactHistorySQL = `
		SELECT cp.user_id, u.name, coalesce(un.name, ''), cp.source, cp.youth_wish, cp.relation, cp.needs_match,
		       cp.needs, cp.reason, ab.name, cp.started_at, cp.ended_at, coalesce(cp.end_reason, ''), coalesce(eb.name, '')
		  FROM contact_persons cp
		  JOIN users u ON u.id = cp.user_id LEFT JOIN units un ON un.id = u.unit_id
		  JOIN users ab ON ab.id = cp.assigned_by
		  LEFT JOIN users eb ON eb.id = cp.ended_by
		 WHERE cp.youth_id = $1
		 ORDER BY cp.ended_at IS NOT NULL, cp.started_at DESC, cp.id DESC`

func scanContactPerson(r pgx.CollectableRow) (casework.ContactPerson, error) {
	var c casework.ContactPerson
	var ended *time.Time
	err := r.Scan(&c.UserID, &c.Name, &c.UnitName, &c.Source, &c.Weighing.YouthWish, &c.Weighing.Relation, &c.Weighing.NeedsMatch,
		&c.Weighing.Needs, &c.Reason, &c.AssignedBy, &c.StartedAt, &ended, &c.EndReason, &c.EndedBy)
	if ended != nil {
		c.EndedAt = *ended
	}
	return c, err
}

func contactHistory(ctx context.Context, tx actionTx, youthID int64) ([]casework.ContactPerson, error) {
	rows, err := tx.Query(ctx, contactHistorySQL, youthID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanContactPerson)
}

const handoverSelect = `
	SELECT h.id, h.youth_id, y.name, y.birth_date, h.from_user_id, fu.name, h.to_user_id, tu.name, coalesce(tun.name, ''),
	       h.youth_wish, h.relation, h.needs_match, h.needs, h.reason, h.requested_by, rb.name, h.requested_at,
	       h.status, coalesce(db.name, ''), h.decided_at, h.decision_note
	  FROM contact_handovers h
	  JOIN youth y ON y.id = h.youth_id
	  JOIN users fu ON fu.id = h.from_user_id
	  JOIN users tu ON tu.id = h.to_user_id LEFT JOIN units tun ON tun.id = tu.unit_id
	  JOIN users rb ON rb.id = h.requested_by
	  LEFT JOIN users db ON db.id = h.decided_by
	 WHERE `

// queryHandovers runs handoverSelect with the given condition (and order).
func queryHandovers(ctx context.Context, q querier, where string, args ...any) ([]casework.Handover, error) {
	rows, err := q.Query(ctx, handoverSelect+where, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.Handover, error) {
		var h casework.Handover
		var decided *time.Time
		err := r.Scan(&h.ID, &h.YouthID, &h.YouthName, &h.YouthBirthDate, &h.FromID, &h.FromName, &h.ToID, &h.ToName, &h.ToUnit,
			&h.Weighing.YouthWish, &h.Weighing.Relation, &h.Weighing.NeedsMatch, &h.Weighing.Needs, &h.Reason,
			&h.RequestedByID, &h.RequestedBy, &h.RequestedAt, &h.Status, &h.DecidedBy, &decided, &h.DecisionNote)
		h.DecidedAt = orZero(decided)
		return h, err
	})
}

// activeContactPerson is the user id of the young person's active contact
// person, 0 when there is none.
func activeContactPerson(ctx context.Context, tx actionTx, youthID int64) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `SELECT user_id FROM contact_persons WHERE youth_id = $1 AND ended_at IS NULL`, youthID).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

func isMember(ctx context.Context, tx actionTx, youthID, userID int64) (bool, error) {
	var member bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM team_members WHERE youth_id = $1 AND user_id = $2 AND left_at IS NULL)`,
		youthID, userID).Scan(&member)
	return member, err
}

// ContactOutcome tells what a choice of contact person did.
type ContactOutcome struct {
	Handover bool   // a handover now waits for the receiver; else the choice took effect
	Name     string // the chosen professional
}

// ChooseContactPerson records the choice of contact person with its
// weighing. When the young person has none, the chosen one becomes it at
// once. When they have one, the choice is a handover that waits until the
// receiver accepts; the one before stays responsible until then. The chosen
// one must be on the team, and the young person in an active course.
func (db *DB) ChooseContactPerson(ctx context.Context, actor casework.User, youthID int64, c casework.ContactChoice) (ContactOutcome, error) {
	var out ContactOutcome
	err := db.inTx(ctx, func(tx actionTx) error {
		y, err := lockYouth(ctx, tx, actor, youthID)
		if err != nil {
			return err
		}
		if y.status != casework.StatusActive {
			return casework.Conflict(casework.ProblemYouthNotActive)
		}
		current, err := activeContactPerson(ctx, tx, youthID)
		if err != nil {
			return err
		}
		if c.CheckExpect && current != c.Expect {
			return casework.Conflict(casework.ProblemContactPersonChanged)
		}
		if current == c.UserID {
			return casework.Invalid(map[string]casework.Problem{"user_id": casework.ProblemAlreadyContactPerson})
		}
		if member, err := isMember(ctx, tx, youthID, c.UserID); err != nil {
			return err
		} else if !member {
			return casework.Invalid(map[string]casework.Problem{"user_id": casework.ProblemNotOnTeam})
		}
		if out.Name, err = userName(ctx, tx, y.municipalityID, c.UserID); err != nil {
			return err
		}
		w := c.Weighing
		if current == 0 {
			if _, err := tx.Exec(ctx, `
				INSERT INTO contact_persons (municipality_id, youth_id, user_id, source, youth_wish, relation, needs_match, needs, reason, assigned_by, started_at)
				VALUES ($1, $2, $3, 'direct', $4, $5, $6, $7, $8, $9, $10)`,
				y.municipalityID, youthID, c.UserID, w.YouthWish, w.Relation, w.NeedsMatch, w.Needs, c.Reason, actor.ID, tx.now); err != nil {
				return err
			}
			return audit(ctx, tx, actor, youthID, casework.AuditContactAssign, out.Name)
		}
		out.Handover = true
		var handoverID int64
		if err := tx.QueryRow(ctx, `
			INSERT INTO contact_handovers (municipality_id, youth_id, from_user_id, to_user_id, youth_wish, relation, needs_match, needs, reason, requested_by, requested_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			y.municipalityID, youthID, current, c.UserID, w.YouthWish, w.Relation, w.NeedsMatch, w.Needs, c.Reason, actor.ID, tx.now).Scan(&handoverID); err != nil {
			return err
		}
		if err := notify(ctx, db, tx, notice{kind: casework.KindHandover, youthID: youthID, subject: handoverID, to: toUser(c.UserID)}); err != nil {
			return err
		}
		return audit(ctx, tx, actor, youthID, casework.AuditHandoverRequest, out.Name)
	})
	return out, translate(err)
}

// pendingHandover loads a pending handover of the (locked) young person.
// A handover that is no longer pending is a conflict; one that does not
// exist, or belongs to someone else, is not found.
func pendingHandover(ctx context.Context, tx actionTx, youthID, handoverID int64) (casework.Handover, error) {
	list, err := queryHandovers(ctx, tx, `h.id = $1 AND h.youth_id = $2`, handoverID, youthID)
	if err != nil {
		return casework.Handover{}, err
	}
	if len(list) == 0 {
		return casework.Handover{}, casework.NotFound()
	}
	if list[0].Status != casework.HandoverPending {
		return list[0], casework.Conflict(casework.ProblemHandoverClosed)
	}
	return list[0], nil
}

// lockHandover locks the young person the actor may see (lockYouth) and
// loads their pending handover (pendingHandover); forbidden unless may says
// the actor may decide it.
func lockHandover(ctx context.Context, tx actionTx, actor casework.User, youthID, handoverID int64,
	may func(casework.User, casework.Handover) bool) (lockedYouth, casework.Handover, error) {
	y, err := lockYouth(ctx, tx, actor, youthID)
	if err != nil {
		return y, casework.Handover{}, err
	}
	h, err := pendingHandover(ctx, tx, youthID, handoverID)
	if err != nil {
		return y, h, err
	}
	if !may(actor, h) {
		return y, h, casework.Forbidden()
	}
	return y, h, nil
}

// receives: only the receiver accepts or declines a handover.
func receives(actor casework.User, h casework.Handover) bool { return h.ToID == actor.ID }

// AcceptHandover is the receiver taking over as contact person: the one
// before ends, the receiver begins, with the weighing and reason of the
// handover. Only the receiver can accept.
func (db *DB) AcceptHandover(ctx context.Context, actor casework.User, youthID, handoverID int64) error {
	err := db.inTx(ctx, func(tx actionTx) error {
		y, h, err := lockHandover(ctx, tx, actor, youthID, handoverID, receives)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			UPDATE contact_persons SET ended_at = $3, end_reason = 'handover', ended_by = $2
			 WHERE youth_id = $1 AND ended_at IS NULL`, youthID, actor.ID, tx.now); err != nil {
			return err
		}
		w := h.Weighing
		if _, err := tx.Exec(ctx, `
			INSERT INTO contact_persons (municipality_id, youth_id, user_id, source, youth_wish, relation, needs_match, needs, reason, assigned_by, started_at)
			VALUES ($1, $2, $3, 'handover', $4, $5, $6, $7, $8, $9, $10)`,
			y.municipalityID, youthID, actor.ID, w.YouthWish, w.Relation, w.NeedsMatch, w.Needs, h.Reason, h.RequestedByID, tx.now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			UPDATE contact_handovers SET status = 'accepted', decided_by = $2, decided_at = $3 WHERE id = $1`,
			handoverID, actor.ID, tx.now); err != nil {
			return err
		}
		if err := resolveAll(ctx, tx, handoverID, casework.KindHandover, casework.KindChairsHandover); err != nil {
			return err
		}
		return audit(ctx, tx, actor, youthID, casework.AuditHandoverAccept, h.FromName+" → "+h.ToName)
	})
	return translate(err)
}

// DeclineHandover is the receiver saying no, and why. The contact person
// stays who it was.
func (db *DB) DeclineHandover(ctx context.Context, actor casework.User, youthID, handoverID int64, reason string) error {
	err := db.inTx(ctx, func(tx actionTx) error {
		_, h, err := lockHandover(ctx, tx, actor, youthID, handoverID, receives)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			UPDATE contact_handovers SET status = 'declined', decided_by = $2, decided_at = $4, decision_note = $3 WHERE id = $1`,
			handoverID, actor.ID, reason, tx.now); err != nil {
			return err
		}
		if err := resolveAll(ctx, tx, handoverID, casework.KindHandover, casework.KindChairsHandover); err != nil {
			return err
		}
		return audit(ctx, tx, actor, youthID, casework.AuditHandoverDecline, h.FromName+" → "+h.ToName)
	})
	return translate(err)
}

// CancelHandover withdraws a pending handover. The one who asked for it,
// the current contact person and coordinators may.
func (db *DB) CancelHandover(ctx context.Context, actor casework.User, youthID, handoverID int64) error {
	err := db.inTx(ctx, func(tx actionTx) error {
		may := func(actor casework.User, h casework.Handover) bool {
			return h.RequestedByID == actor.ID || h.FromID == actor.ID || actor.Role == casework.RoleCoordinator
		}
		_, h, err := lockHandover(ctx, tx, actor, youthID, handoverID, may)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			UPDATE contact_handovers SET status = 'cancelled', decided_by = $2, decided_at = $3 WHERE id = $1`,
			handoverID, actor.ID, tx.now); err != nil {
			return err
		}
		if err := resolveAll(ctx, tx, handoverID, casework.KindHandover, casework.KindChairsHandover); err != nil {
			return err
		}
		return audit(ctx, tx, actor, youthID, casework.AuditHandoverCancel, h.FromName+" → "+h.ToName)
	})
	return translate(err)
}

// MyHandovers lists the pending handovers the actor gives or receives, for
// their front page. Showing them is a read, recorded when there are any.
func (db *DB) MyHandovers(ctx context.Context, actor casework.User) ([]casework.Handover, error) {
	list, err := queryHandovers(ctx, db.Pool, `h.status = 'pending' AND (h.from_user_id = $1 OR h.to_user_id = $1) AND `+visibleToActor+`
		ORDER BY h.requested_at, h.id`, actor.ID)
	if err != nil {
		return nil, translate(err)
	}
	if len(list) == 0 {
		return list, nil
	}
	if err := db.viewed(ctx, actor, 0, casework.AuditHandoverList, "shown="+itoa(len(list))); err != nil {
		return nil, err
	}
	return list, nil
}

// PendingHandovers lists every pending handover of the coordinator's
// municipality, oldest first: the cases where the contact person is about
// to change. Only coordinators may list them.
func (db *DB) PendingHandovers(ctx context.Context, actor casework.User) ([]casework.Handover, error) {
	return coordinatorList(ctx, db, actor, casework.AuditHandoverList, func(tx actionTx) ([]casework.Handover, error) {
		return queryHandovers(ctx, tx, `h.status = 'pending' AND h.municipality_id = $2 AND `+visibleToActor+`
			ORDER BY h.requested_at, h.id`, actor.ID, actor.MunicipalityID)
	})
}

// coordinatorList reads a list of the municipality's cases that only
// coordinators may read, and records that it was shown and how many.
func coordinatorList[T any](ctx context.Context, db *DB, actor casework.User, action casework.AuditAction, read func(actionTx) ([]T, error)) ([]T, error) {
	if actor.Role != casework.RoleCoordinator {
		return nil, casework.Forbidden()
	}
	var list []T
	err := db.readTx(ctx, actor, func(tx actionTx) (pageView, error) {
		var err error
		if list, err = read(tx); err != nil {
			return pageView{}, err
		}
		return pageView{0, action, "shown=" + itoa(len(list))}, nil
	})
	if err != nil {
		return nil, translate(err)
	}
	return list, nil
}

// endContactPerson ends the active contact person and withdraws a pending
// handover when the young person leaves the active course (anchored in
// education or a job, or closed). It runs in ChangeStatus's transaction.
func endContactPerson(ctx context.Context, tx actionTx, actor casework.User, youthID int64, to casework.Status) error {
	var reason casework.ContactEndReason
	switch to {
	case casework.StatusAnchored:
		reason = casework.EndAnchored
	case casework.StatusClosed:
		reason = casework.EndClosed
	default:
		return nil
	}
	var name string
	err := tx.QueryRow(ctx, `
		UPDATE contact_persons cp SET ended_at = $4, end_reason = $2, ended_by = $3
		  FROM users u
		 WHERE cp.youth_id = $1 AND cp.ended_at IS NULL AND u.id = cp.user_id
		RETURNING u.name`, youthID, reason, actor.ID, tx.now).Scan(&name)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
	case err != nil:
		return err
	default:
		if err := audit(ctx, tx, actor, youthID, casework.AuditContactEnd, name+" ("+string(reason)+")"); err != nil {
			return err
		}
	}
	_, err = tx.Exec(ctx, `
		UPDATE contact_handovers SET status = 'cancelled', decided_by = $2, decided_at = $3
		 WHERE youth_id = $1 AND status = 'pending'`, youthID, actor.ID, tx.now)
	return err
}
