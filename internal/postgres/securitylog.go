package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

// The security log: every sign-in, refusal and sign-out, with who, when,
// through what and the outcome — never a token, e-mail or name.

// LogSecurity writes one line of the security log on its own.
func (db *DB) LogSecurity(ctx context.Context, ev casework.SecurityEvent) error {
	_, err := db.write(ctx, securityInsert, securityArgs(ev, db.now())...)
	return err
}

func logSecurity(ctx context.Context, tx actionTx, ev casework.SecurityEvent) error {
	_, err := tx.Exec(ctx, securityInsert, securityArgs(ev, tx.now)...)
	return err
}

const securityInsert = `
	INSERT INTO security_log (at, municipality_id, user_id, idp_id, event, method, reason, subject_digest, youth_id)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`

func securityArgs(ev casework.SecurityEvent, now time.Time) []any {
	return []any{now, nullID(ev.MunicipalityID), nullID(ev.UserID), nullID(ev.IdPID), ev.Event, ev.Method,
		string(ev.Reason), ev.SubjectDigest, nullID(ev.YouthID)}
}

// SecurityLogEntry is a line of the security log as the administrator sees it.
type SecurityLogEntry struct {
	At       time.Time
	UserName string // "" when no user is known
	IdPName  string // "" for a password sign-in
	Event    string
	Method   string
	Reason   casework.SignInRefusal
	// Citizen: the line is the young person's own sign-in (or sign-out, or a
	// refusal at a citizen provider). It never names them: the administrator
	// sees no young person.
	Citizen bool
}

// SecurityLog lists the newest lines of the administrator's municipality.
func (db *DB) SecurityLog(ctx context.Context, actor casework.User, limit int) ([]SecurityLogEntry, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT l.at, coalesce(u.name, ''), coalesce(p.display_name, ''), l.event, l.method, l.reason,
		       l.user_id IS NULL AND (l.youth_id IS NOT NULL OR coalesce(p.audience = 'citizen', false))
		  FROM security_log l
		  LEFT JOIN users u ON u.id = l.user_id
		  LEFT JOIN identity_providers p ON p.id = l.idp_id
		 WHERE l.municipality_id = `+administeredBy+`
		 ORDER BY l.at DESC, l.id DESC LIMIT $2`, actor.ID, limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (SecurityLogEntry, error) {
		var e SecurityLogEntry
		err := r.Scan(&e.At, &e.UserName, &e.IdPName, &e.Event, &e.Method, &e.Reason, &e.Citizen)
		return e, err
	})
}
