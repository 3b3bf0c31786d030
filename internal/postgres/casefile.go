package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

// The case's working tools share these: the young person's access check,
// the choices the forms offer, nullable dates, and the constraints of
// migration 00003.

// Constraints of the case file that a user can run into.
const (
	constraintNoteOneCorrection = "journal_notes_one_correction"
	constraintNoteAppendOnly    = "journal_notes_append_only"
	constraintConsentHistory    = "consents_keep_history"
	constraintConsentWithdrawal = "consents_withdrawn_after_given"
)

// caseFileYouth checks that the actor may see the young person and returns
// the young person's municipality; not found otherwise.
func caseFileYouth(ctx context.Context, tx actionTx, actor casework.User, youthID int64) (int64, error) {
	var municipalityID int64
	err := tx.QueryRow(ctx, `SELECT y.municipality_id FROM youth y WHERE y.id = $2 AND `+visibleToActor, actor.ID, youthID).Scan(&municipalityID)
	return municipalityID, err
}

// caseFileUnits are the units of the municipality, by name.
func caseFileUnits(ctx context.Context, tx actionTx, municipalityID int64) ([]casework.UnitChoice, error) {
	rows, err := tx.Query(ctx, `SELECT id, name FROM units WHERE municipality_id = $1 ORDER BY lower(name), id`, municipalityID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.UnitChoice, error) {
		var u casework.UnitChoice
		err := r.Scan(&u.ID, &u.Name)
		return u, err
	})
}

// caseFileProfessionals are the active professionals of the municipality
// who can be responsible for an effort: the young person's team first.
func caseFileProfessionals(ctx context.Context, tx actionTx, municipalityID, youthID int64) ([]casework.PersonChoice, error) {
	rows, err := tx.Query(ctx, `
		SELECT u.id, u.name, coalesce(un.name, ''),
		       EXISTS (SELECT 1 FROM team_members tm WHERE tm.youth_id = $2 AND tm.user_id = u.id AND tm.left_at IS NULL) AS on_team
		  FROM users u LEFT JOIN units un ON un.id = u.unit_id
		 WHERE u.municipality_id = $1 AND u.active AND u.role <> 'admin'
		 ORDER BY on_team DESC, lower(u.name), u.id`, municipalityID, youthID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.PersonChoice, error) {
		var p casework.PersonChoice
		err := r.Scan(&p.ID, &p.Name, &p.UnitName, &p.OnTeam)
		return p, err
	})
}

// nullDate is a date parameter: NULL for the zero time.
func nullDate(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// orZero reads a nullable date or time.
func orZero(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}
