package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

const referralSelect = `
	SELECT r.id, r.youth_id, y.name, y.birth_date, r.situation, r.tried, r.needed, rb.name, r.referred_at, r.status,
	       coalesce(db.name, ''), r.decided_at, r.decision_note, coalesce(au.name, ''),
	       coalesce((SELECT cu.name FROM contact_persons cp JOIN users cu ON cu.id = cp.user_id
	                  WHERE cp.youth_id = r.youth_id AND cp.ended_at IS NULL), '')
	  FROM visitation_referrals r
	  JOIN youth y ON y.id = r.youth_id
	  JOIN users rb ON rb.id = r.referred_by
	  LEFT JOIN users db ON db.id = r.decided_by
	  LEFT JOIN users au ON au.id = r.assigned_user_id
	 WHERE `

func queryReferrals(ctx context.Context, q querier, where string, args ...any) ([]casework.Referral, error) {
	rows, err := q.Query(ctx, referralSelect+where, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (casework.Referral, error) {
		var r casework.Referral
		var decided *time.Time
		err := row.Scan(&r.ID, &r.YouthID, &r.YouthName, &r.YouthBirthDate, &r.Situation, &r.Tried, &r.Needed, &r.ReferredBy, &r.ReferredAt, &r.Status,
			&r.DecidedBy, &decided, &r.DecisionNote, &r.AssignedName, &r.ContactPerson)
		r.DecidedAt = orZero(decided)
		return r, err
	})
}

// CreateReferral refers the young person to the visitation committee with
// the referral form, when no contact person can be found. One referral
// waits at a time.
func (db *DB) CreateReferral(ctx context.Context, actor casework.User, youthID int64, f casework.ReferralForm) error {
	err := db.inTx(ctx, func(tx actionTx) error {
		y, err := lockYouth(ctx, tx, actor, youthID)
		if err != nil {
			return err
		}
		if y.status != casework.StatusActive {
			return casework.Conflict(casework.ProblemYouthNotActive)
		}
		var referralID int64
		if err := tx.QueryRow(ctx, `
			INSERT INTO visitation_referrals (municipality_id, youth_id, situation, tried, needed, referred_by, referred_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, y.municipalityID, youthID, f.Situation, f.Tried, f.Needed, actor.ID, tx.now).Scan(&referralID); err != nil {
			return err
		}
		if err := notify(ctx, db, tx, notice{kind: casework.KindChairsReferral, youthID: youthID, subject: referralID, to: toCoordinators}); err != nil {
			return err
		}
		return audit(ctx, tx, actor, youthID, casework.AuditReferralCreate, "")
	})
	return translate(err)
}

// WithdrawReferral takes a pending referral back, for instance when a
// contact person was found after all.
func (db *DB) WithdrawReferral(ctx context.Context, actor casework.User, youthID, referralID int64) error {
	err := db.inTx(ctx, func(tx actionTx) error {
		if _, err := lockYouth(ctx, tx, actor, youthID); err != nil {
			return err
		}
		var status casework.ReferralStatus
		if err := tx.QueryRow(ctx, `SELECT status FROM visitation_referrals WHERE id = $1 AND youth_id = $2`, referralID, youthID).Scan(&status); err != nil {
			return err
		}
		if status != casework.ReferralPending {
			return casework.Conflict(casework.ProblemReferralClosed)
		}
		if _, err := tx.Exec(ctx, `
			UPDATE visitation_referrals SET status = 'withdrawn', decided_by = $2, decided_at = $3 WHERE id = $1`,
			referralID, actor.ID, tx.now); err != nil {
			return err
		}
		if err := resolve(ctx, tx, casework.KindChairsReferral, referralID); err != nil {
			return err
		}
		return audit(ctx, tx, actor, youthID, casework.AuditReferralWithdraw, "")
	})
	return translate(err)
}

// PendingReferrals lists the referrals waiting for the visitation
// committee in the coordinator's municipality, oldest first.
func (db *DB) PendingReferrals(ctx context.Context, actor casework.User) ([]casework.Referral, error) {
	return coordinatorList(ctx, db, actor, casework.AuditReferralList, func(tx actionTx) ([]casework.Referral, error) {
		return queryReferrals(ctx, tx, `r.status = 'pending' AND r.municipality_id = $2 AND `+visibleToActor+`
			ORDER BY r.referred_at, r.id`, actor.ID, actor.MunicipalityID)
	})
}

// CountPendingReferrals is how many referrals wait in the coordinator's
// municipality (0 for anyone else). It reads no personal data.
func (db *DB) CountPendingReferrals(ctx context.Context, actor casework.User) (int, error) {
	if actor.Role != casework.RoleCoordinator {
		return 0, nil
	}
	var n int
	err := db.Pool.QueryRow(ctx, `
		SELECT count(*) FROM visitation_referrals r JOIN youth y ON y.id = r.youth_id
		 WHERE r.status = 'pending' AND r.municipality_id = $2 AND `+visibleToActor, actor.ID, actor.MunicipalityID).Scan(&n)
	return n, translate(err)
}

// ViewReferral loads a referral for the coordinator to decide on.
func (db *DB) ViewReferral(ctx context.Context, actor casework.User, referralID int64) (casework.ReferralCase, error) {
	var rc casework.ReferralCase
	if actor.Role != casework.RoleCoordinator {
		return rc, casework.Forbidden()
	}
	err := db.readTx(ctx, actor, func(tx actionTx) (pageView, error) {
		list, err := queryReferrals(ctx, tx, `r.id = $2 AND `+visibleToActor, actor.ID, referralID)
		if err != nil {
			return pageView{}, err
		}
		if len(list) == 0 {
			return pageView{}, casework.NotFound()
		}
		rc.Referral = list[0]
		if rc.Members, err = currentMembers(ctx, tx, rc.Referral.YouthID); err != nil {
			return pageView{}, err
		}
		loads, err := contactLoads(ctx, tx, actor.MunicipalityID)
		if err != nil {
			return pageView{}, err
		}
		if rc.Professionals, err = professionals(ctx, tx, actor.MunicipalityID, 0, loads); err != nil {
			return pageView{}, err
		}
		return pageView{rc.Referral.YouthID, casework.AuditReferralView, ""}, nil
	})
	if err != nil {
		return casework.ReferralCase{}, translate(err)
	}
	return rc, nil
}

// DecideReferral is the visitation committee's decision: the chosen
// professional joins the team if not already on it (within the cap of
// five) and becomes the contact person, in place of anyone before. A
// pending handover is withdrawn. Only coordinators decide. It returns the
// young person's id.
func (db *DB) DecideReferral(ctx context.Context, actor casework.User, referralID, userID int64, note string) (int64, error) {
	if actor.Role != casework.RoleCoordinator {
		return 0, casework.Forbidden()
	}
	var youthID int64
	err := db.inTx(ctx, func(tx actionTx) error {
		if err := tx.QueryRow(ctx, `
			SELECT r.youth_id FROM visitation_referrals r JOIN youth y ON y.id = r.youth_id
			 WHERE r.id = $2 AND `+visibleToActor, actor.ID, referralID).Scan(&youthID); err != nil {
			return err
		}
		y, err := lockYouth(ctx, tx, actor, youthID)
		if err != nil {
			return err
		}
		var status casework.ReferralStatus
		if err := tx.QueryRow(ctx, `SELECT status FROM visitation_referrals WHERE id = $1`, referralID).Scan(&status); err != nil {
			return err
		}
		if status != casework.ReferralPending {
			return casework.Conflict(casework.ProblemReferralClosed)
		}
		if y.status != casework.StatusActive {
			return casework.Conflict(casework.ProblemYouthNotActive)
		}
		var name string
		err = tx.QueryRow(ctx, `SELECT name FROM users WHERE id = $1 AND municipality_id = $2 AND active AND role <> 'admin'`,
			userID, y.municipalityID).Scan(&name)
		if errors.Is(err, pgx.ErrNoRows) {
			return casework.Invalid(map[string]casework.Problem{"user_id": casework.ProblemUnknownChoice})
		}
		if err != nil {
			return err
		}
		member, err := isMember(ctx, tx, youthID, userID)
		if err != nil {
			return err
		}
		if !member {
			if _, err := tx.Exec(ctx, `
				INSERT INTO team_members (municipality_id, youth_id, user_id, added_by, joined_at) VALUES ($1, $2, $3, $4, $5)`,
				y.municipalityID, youthID, userID, actor.ID, tx.now); err != nil {
				return err
			}
			if err := audit(ctx, tx, actor, youthID, casework.AuditTeamAdd, name); err != nil {
				return err
			}
			if userID != actor.ID {
				if err := notify(ctx, db, tx, notice{kind: casework.KindTeamAdded, youthID: youthID, subject: youthID, occasion: tx.now, to: toUser(userID)}); err != nil {
					return err
				}
			}
		}
		if _, err := tx.Exec(ctx, `
			UPDATE contact_handovers SET status = 'cancelled', decided_by = $2, decided_at = $3
			 WHERE youth_id = $1 AND status = 'pending'`, youthID, actor.ID, tx.now); err != nil {
			return err
		}
		if err := resolveYouth(ctx, tx, youthID, casework.KindHandover, casework.KindChairsHandover); err != nil {
			return err
		}
		current, err := activeContactPerson(ctx, tx, youthID)
		if err != nil {
			return err
		}
		if current != userID {
			if _, err := tx.Exec(ctx, `
				UPDATE contact_persons SET ended_at = $3, end_reason = 'visitation', ended_by = $2
				 WHERE youth_id = $1 AND ended_at IS NULL`, youthID, actor.ID, tx.now); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `
				INSERT INTO contact_persons (municipality_id, youth_id, user_id, source, reason, assigned_by, started_at)
				VALUES ($1, $2, $3, 'visitation', $4, $5, $6)`, y.municipalityID, youthID, userID, note, actor.ID, tx.now); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `
			UPDATE visitation_referrals SET status = 'decided', decided_by = $2, decided_at = $5, decision_note = $3, assigned_user_id = $4
			 WHERE id = $1`, referralID, actor.ID, note, userID, tx.now); err != nil {
			return err
		}
		if err := resolve(ctx, tx, casework.KindChairsReferral, referralID); err != nil {
			return err
		}
		if err := notify(ctx, db, tx, notice{kind: casework.KindReferralDecided, youthID: youthID, subject: referralID,
			to: `SELECT r.referred_by FROM visitation_referrals r WHERE r.id = $2
			     UNION SELECT r.assigned_user_id FROM visitation_referrals r WHERE r.id = $2`}); err != nil {
			return err
		}
		return audit(ctx, tx, actor, youthID, casework.AuditReferralDecide, name)
	})
	return youthID, translate(err)
}
