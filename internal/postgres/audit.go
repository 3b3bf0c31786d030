package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

// AuditForYouth lists the audit log of one young person, newest first. Only
// administrators read the log, and only for their own municipality.
func (db *DB) AuditForYouth(ctx context.Context, actor casework.User, youthID int64) ([]casework.AuditEntry, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT l.at, coalesce(u.name, $3), coalesce(u.email, ''), coalesce(l.youth_id, 0), coalesce(y.name, ''), l.action, l.detail
		  FROM audit_log l
		  JOIN users actor ON actor.id = $1 AND actor.role = 'admin' AND actor.active AND actor.municipality_id = l.municipality_id
		  LEFT JOIN users u ON u.id = l.user_id
		  LEFT JOIN youth y ON y.id = l.youth_id
		 WHERE l.youth_id = $2
		 ORDER BY l.at DESC, l.id DESC
		 LIMIT 500`, actor.ID, youthID, youthSelf)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanAuditEntry)
}

// youthSelf names the actor of the young person's own actions in the
// administrator's audit log.
const youthSelf = "Den unge selv (i kui)"

func scanAuditEntry(r pgx.CollectableRow) (casework.AuditEntry, error) {
	var e casework.AuditEntry
	err := r.Scan(&e.At, &e.UserName, &e.UserEmail, &e.YouthID, &e.YouthName, &e.Action, &e.Detail)
	return e, err
}

// YouthForAudit finds young people of the administrator's municipality by
// name, so the administrator can pick whose log to read. It shows names and
// birth dates only.
func (db *DB) YouthForAudit(ctx context.Context, actor casework.User, query string) ([]casework.YouthSummary, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT y.id, y.name, y.birth_date
		  FROM youth y
		  JOIN users actor ON actor.id = $1 AND actor.role = 'admin' AND actor.active AND actor.municipality_id = y.municipality_id
		 WHERE $2 = '' OR lower(y.name) LIKE '%' || $2 || '%'
		 ORDER BY lower(y.name), y.id
		 LIMIT 50`, actor.ID, likePattern(query))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.YouthSummary, error) {
		var s casework.YouthSummary
		err := r.Scan(&s.ID, &s.Name, &s.BirthDate)
		return s, err
	})
}

// audit writes one audit row in the transaction of the action it records.
func audit(ctx context.Context, tx actionTx, actor casework.User, youthID int64, action casework.AuditAction, detail string) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO audit_log (municipality_id, user_id, youth_id, action, detail, at, actor_unit_id)
		VALUES ($1, $2, $3, $4, $5, $6, (SELECT unit_id FROM users WHERE id = $2))`,
		actor.MunicipalityID, actor.ID, nullID(youthID), action, detail, tx.now)
	return err
}
