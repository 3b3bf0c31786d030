package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

// AddTeamMember puts a professional of the same municipality on a young
// person's team. The database refuses a sixth active member, also when many
// add at the same moment (trigger team_members_max_five).
func (db *DB) AddTeamMember(ctx context.Context, actor casework.User, youthID, userID int64, teamRole string) error {
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		var municipalityID int64
		if err := tx.QueryRow(ctx, `SELECT y.municipality_id FROM youth y WHERE y.id = $2 AND `+visibleToActor, actor.ID, youthID).Scan(&municipalityID); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `
			INSERT INTO team_members (municipality_id, youth_id, user_id, team_role, added_by)
			SELECT $1, $2, u.id, $4, $5 FROM users u
			 WHERE u.id = $3 AND u.municipality_id = $1 AND u.active AND u.role <> 'admin'
			ON CONFLICT (youth_id, user_id) WHERE left_at IS NULL DO NOTHING`,
			municipalityID, youthID, userID, teamRole, actor.ID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return casework.Invalid(map[string]casework.Problem{"user_id": casework.ProblemUnknownChoice})
		}
		return audit(ctx, tx, actor, youthID, casework.AuditTeamAdd, "")
	})
	return translate(err)
}
