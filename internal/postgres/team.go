package postgres

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

// Constraints and triggers of the team and the contact person
// (migrations/00002_team_contact.sql), translated by translateTeam.
const (
	constraintContactOne             = "contact_persons_one_active"
	constraintContactMember          = "contact_persons_team_member"
	constraintHandoverOne            = "contact_handovers_one_pending"
	constraintHandoverMember         = "contact_handovers_team_member"
	constraintMemberIsContact        = "team_members_contact_person_stays"
	constraintMemberReceivesHandover = "team_members_handover_receiver_stays"
	constraintReferralOne            = "visitation_referrals_one_pending"
	constraintUnitName               = "units_name_unique"
)

// lockedYouth is what a change to the team needs to know of the young person.
type lockedYouth struct {
	id             int64
	municipalityID int64
	status         casework.Status
}

// lockYouth finds the young person under the actor's access rule and locks
// the row: every change to the team, the contact person, handovers and
// referrals takes this lock first, so they happen one at a time per young
// person and each sees the one before it.
func lockYouth(ctx context.Context, tx actionTx, actor casework.User, youthID int64) (lockedYouth, error) {
	y := lockedYouth{id: youthID}
	err := tx.QueryRow(ctx, `SELECT y.municipality_id, y.status FROM youth y WHERE y.id = $2 AND `+visibleToActor+` FOR UPDATE OF y`,
		actor.ID, youthID).Scan(&y.municipalityID, &y.status)
	return y, err
}

// userName is a professional's name, for audit details.
func userName(ctx context.Context, tx actionTx, municipalityID, userID int64) (string, error) {
	var name string
	err := tx.QueryRow(ctx, `SELECT name FROM users WHERE id = $1 AND municipality_id = $2`, userID, municipalityID).Scan(&name)
	return name, err
}

// AddTeamMember puts a professional of the same municipality on a young
// person's team, with their role in this team. The database refuses a sixth
// active member, also when many add at the same moment (trigger
// team_members_max_five).
func (db *DB) AddTeamMember(ctx context.Context, actor casework.User, youthID, userID int64, teamRole string) error {
	err := db.inTx(ctx, func(tx actionTx) error {
		y, err := lockYouth(ctx, tx, actor, youthID)
		if err != nil {
			return err
		}
		var name string
		err = tx.QueryRow(ctx, `
			INSERT INTO team_members (municipality_id, youth_id, user_id, team_role, added_by, joined_at)
			SELECT $1, $2, u.id, $4, $5, $6 FROM users u
			 WHERE u.id = $3 AND u.municipality_id = $1 AND u.active AND u.role <> 'admin'
			ON CONFLICT (youth_id, user_id) WHERE left_at IS NULL DO NOTHING
			RETURNING (SELECT name FROM users WHERE id = $3)`,
			y.municipalityID, youthID, userID, teamRole, actor.ID, tx.now).Scan(&name)
		if errors.Is(err, pgx.ErrNoRows) {
			var member bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM team_members WHERE youth_id = $1 AND user_id = $2 AND left_at IS NULL)`,
				youthID, userID).Scan(&member); err != nil {
				return err
			}
			if member {
				return casework.Invalid(map[string]casework.Problem{"user_id": casework.ProblemAlreadyOnTeam})
			}
			return casework.Invalid(map[string]casework.Problem{"user_id": casework.ProblemUnknownChoice})
		}
		if err != nil {
			return err
		}
		if userID != actor.ID {
			if err := notify(ctx, db, tx, notice{kind: casework.KindTeamAdded, youthID: youthID, subject: youthID, occasion: tx.now, to: toUser(userID)}); err != nil {
				return err
			}
		}
		return audit(ctx, tx, actor, youthID, casework.AuditTeamAdd, name)
	})
	return translate(err)
}

// RemoveTeamMember ends a membership; the row stays, so the team's history
// shows who was on it when. The former member no longer sees the young
// person. The contact person, and the receiver of a pending handover, cannot
// leave the team until the role has passed to someone else; the last member
// cannot leave at all.
func (db *DB) RemoveTeamMember(ctx context.Context, actor casework.User, youthID, userID int64) error {
	err := db.inTx(ctx, func(tx actionTx) error {
		y, err := lockYouth(ctx, tx, actor, youthID)
		if err != nil {
			return err
		}
		var members int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM team_members WHERE youth_id = $1 AND left_at IS NULL`, youthID).Scan(&members); err != nil {
			return err
		}
		var name string
		err = tx.QueryRow(ctx, `
			UPDATE team_members tm SET left_at = $4, removed_by = $3
			  FROM users u
			 WHERE tm.youth_id = $1 AND tm.user_id = $2 AND tm.left_at IS NULL AND u.id = tm.user_id
			RETURNING u.name`, youthID, userID, actor.ID, tx.now).Scan(&name)
		if err != nil {
			return err
		}
		if members <= 1 {
			return casework.Conflict(casework.ProblemTeamLastMember)
		}
		if err := resolveUserYouth(ctx, tx, userID, youthID); err != nil {
			return err
		}
		return audit(ctx, tx, actor, y.id, casework.AuditTeamRemove, name)
	})
	return translate(err)
}

// RecordTeamChoice records that the young person chose the team, on the
// given day (usually the pre-meeting). Earlier records are kept.
func (db *DB) RecordTeamChoice(ctx context.Context, actor casework.User, youthID int64, chosenOn time.Time, note string) error {
	err := db.inTx(ctx, func(tx actionTx) error {
		y, err := lockYouth(ctx, tx, actor, youthID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO team_choices (municipality_id, youth_id, chosen_on, note, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			y.municipalityID, youthID, chosenOn, note, actor.ID, tx.now); err != nil {
			return err
		}
		return audit(ctx, tx, actor, youthID, casework.AuditTeamChosen, chosenOn.Format(time.DateOnly))
	})
	return translate(err)
}

// ViewTeam loads the team page of a young person: members now and before,
// the young person's choice, the contact person with the pending handover
// and referral, the history, and whom the actor could add. The read is
// recorded as action (the team page, or the contact person's choice).
func (db *DB) ViewTeam(ctx context.Context, actor casework.User, youthID int64, action casework.AuditAction) (casework.Team, error) {
	team := casework.Team{YouthID: youthID, Loads: map[int64]int{}}
	err := db.readTx(ctx, actor, func(tx actionTx) (pageView, error) {
		var municipalityID int64
		if err := tx.QueryRow(ctx, `SELECT y.municipality_id, y.status FROM youth y WHERE y.id = $2 AND `+visibleToActor,
			actor.ID, youthID).Scan(&municipalityID, &team.Status); err != nil {
			return pageView{}, err
		}
		var err error
		if team.Members, err = currentMembers(ctx, tx, youthID); err != nil {
			return pageView{}, err
		}
		rows, err := tx.Query(ctx, `
			SELECT u.id, u.name, coalesce(un.name, ''), tm.team_role, tm.joined_at, tm.left_at, coalesce(rb.name, '')
			  FROM team_members tm JOIN users u ON u.id = tm.user_id LEFT JOIN units un ON un.id = u.unit_id
			  LEFT JOIN users rb ON rb.id = tm.removed_by
			 WHERE tm.youth_id = $1 AND tm.left_at IS NOT NULL ORDER BY tm.left_at DESC, tm.id DESC`, youthID)
		if err != nil {
			return pageView{}, err
		}
		if team.Former, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.FormerMember, error) {
			var m casework.FormerMember
			err := r.Scan(&m.UserID, &m.Name, &m.UnitName, &m.TeamRole, &m.JoinedAt, &m.LeftAt, &m.RemovedBy)
			return m, err
		}); err != nil {
			return pageView{}, err
		}

		var choice casework.TeamChoice
		err = tx.QueryRow(ctx, `
			SELECT c.chosen_on, c.note, u.name, c.recorded_at FROM team_choices c JOIN users u ON u.id = c.recorded_by
			 WHERE c.youth_id = $1 ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1`, youthID).
			Scan(&choice.ChosenOn, &choice.Note, &choice.RecordedBy, &choice.RecordedAt)
		switch {
		case err == nil:
			team.Choice = &choice
		case !errors.Is(err, pgx.ErrNoRows):
			return pageView{}, err
		}

		if team.ContactHistory, err = contactHistory(ctx, tx, youthID); err != nil {
			return pageView{}, err
		}
		if len(team.ContactHistory) > 0 && team.ContactHistory[0].Active() {
			cp := team.ContactHistory[0]
			team.ContactPerson = &cp
		}

		handovers, err := queryHandovers(ctx, tx, `h.youth_id = $1 AND h.status <> 'accepted' ORDER BY h.requested_at DESC, h.id DESC`, youthID)
		if err != nil {
			return pageView{}, err
		}
		for _, h := range handovers {
			if h.Status == casework.HandoverPending {
				team.Handover = &h
			} else {
				team.Handovers = append(team.Handovers, h)
			}
		}
		referrals, err := queryReferrals(ctx, tx, `r.youth_id = $1 ORDER BY r.referred_at DESC, r.id DESC`, youthID)
		if err != nil {
			return pageView{}, err
		}
		for _, r := range referrals {
			if r.Status == casework.ReferralPending {
				team.Referral = &r
			} else {
				team.Referrals = append(team.Referrals, r)
			}
		}

		if team.Loads, err = contactLoads(ctx, tx, municipalityID); err != nil {
			return pageView{}, err
		}
		if team.Candidates, err = professionals(ctx, tx, municipalityID, youthID, team.Loads); err != nil {
			return pageView{}, err
		}
		return pageView{youthID, action, ""}, nil
	})
	if err != nil {
		return casework.Team{}, translate(err)
	}
	return team, nil
}

func currentMembers(ctx context.Context, tx actionTx, youthID int64) ([]casework.TeamMember, error) {
	rows, err := tx.Query(ctx, `
		SELECT u.id, u.name, coalesce(un.name, ''), tm.team_role, tm.joined_at
		  FROM team_members tm JOIN users u ON u.id = tm.user_id LEFT JOIN units un ON un.id = u.unit_id
		 WHERE tm.youth_id = $1 AND tm.left_at IS NULL ORDER BY tm.joined_at, tm.id`, youthID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.TeamMember, error) {
		var m casework.TeamMember
		err := r.Scan(&m.UserID, &m.Name, &m.UnitName, &m.TeamRole, &m.JoinedAt)
		return m, err
	})
}

// contactLoads counts, per professional of the municipality, the young
// people they are the active contact person of.
func contactLoads(ctx context.Context, tx actionTx, municipalityID int64) (map[int64]int, error) {
	rows, err := tx.Query(ctx, `
		SELECT user_id, count(*) FROM contact_persons
		 WHERE municipality_id = $1 AND ended_at IS NULL GROUP BY user_id`, municipalityID)
	if err != nil {
		return nil, err
	}
	loads := map[int64]int{}
	var id int64
	var n int
	_, err = pgx.ForEachRow(rows, []any{&id, &n}, func() error {
		loads[id] = n
		return nil
	})
	return loads, err
}

// professionals lists the active professionals of the municipality (not
// administrators), by unit and name, leaving out the current members of the
// young person's team when youthID is not 0.
func professionals(ctx context.Context, tx actionTx, municipalityID, youthID int64, loads map[int64]int) ([]casework.Professional, error) {
	rows, err := tx.Query(ctx, `
		SELECT u.id, u.name, coalesce(un.name, ''), u.role
		  FROM users u LEFT JOIN units un ON un.id = u.unit_id
		 WHERE u.municipality_id = $1 AND u.active AND u.role <> 'admin'
		   AND NOT EXISTS (SELECT 1 FROM team_members tm WHERE tm.youth_id = $2 AND tm.user_id = u.id AND tm.left_at IS NULL)
		 ORDER BY un.name IS NULL, lower(un.name), lower(u.name), u.id`, municipalityID, youthID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.Professional, error) {
		var p casework.Professional
		err := r.Scan(&p.ID, &p.Name, &p.UnitName, &p.Role)
		p.ContactLoad = loads[p.ID]
		return p, err
	})
}

func itoa(n int) string { return strconv.Itoa(n) }
