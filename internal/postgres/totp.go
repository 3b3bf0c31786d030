package postgres

import (
	"time"

	"context"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

// The second factor for password accounts (TOTP, RFC 6238), required when
// kui is served over https.

// TOTPSecret returns the user's confirmed TOTP secret, "" before enrolment.
func (db *DB) TOTPSecret(ctx context.Context, userID int64) (string, error) {
	var secret string
	err := db.Pool.QueryRow(ctx, `SELECT coalesce(totp_secret, '') FROM users WHERE id = $1 AND active`, userID).Scan(&secret)
	return secret, translate(err)
}

// EnrolTOTP stores a confirmed secret for a user who has none yet, and the
// code's step that confirmed it (so that code cannot be used again), with
// the security log's line. It is a conflict when the user has one already.
func (db *DB) EnrolTOTP(ctx context.Context, u casework.User, secret string, step int64) error {
	return db.inTx(ctx, func(tx actionTx) error {
		tag, err := tx.Exec(ctx, `UPDATE users SET totp_secret = $2, totp_last_step = $3 WHERE id = $1 AND totp_secret IS NULL`,
			u.ID, secret, step)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return casework.Conflict(casework.ProblemTOTPCode)
		}
		return logSecurity(ctx, tx, casework.SecurityEvent{MunicipalityID: u.MunicipalityID, UserID: u.ID,
			Event: casework.EventTOTPEnrolled, Method: casework.MethodTOTP})
	})
}

// UseTOTPStep accepts a code's time step once: false when that step (or a
// later one) was used before.
func (db *DB) UseTOTPStep(ctx context.Context, userID, step int64) (bool, error) {
	tag, err := db.write(ctx, `UPDATE users SET totp_last_step = $2
		WHERE id = $1 AND totp_secret IS NOT NULL AND (totp_last_step IS NULL OR totp_last_step < $2)`, userID, step)
	return tag.RowsAffected() == 1, err
}

// ResetTOTP removes a user's second factor, so they enrol again at their
// next sign-in (kui user totp-reset).
func (db *DB) ResetTOTP(ctx context.Context, email string) error {
	tag, err := db.write(ctx, `UPDATE users SET totp_secret = NULL, totp_last_step = NULL WHERE lower(email) = lower($1)`, email)
	if err == nil && tag.RowsAffected() == 0 {
		return casework.NotFound()
	}
	return err
}

// UsersWithSignIn lists the administrator's municipality's users with when
// and how each last signed in.
func (db *DB) UsersWithSignIn(ctx context.Context, actor casework.User) ([]casework.SignInUser, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT `+userColumns+`, u.active, u.last_sign_in_at, coalesce(u.last_sign_in_method, ''), coalesce(p.display_name, ''),
		       u.password_hash <> '', u.totp_secret IS NOT NULL`+userFrom+`
		  LEFT JOIN identity_providers p ON p.id = u.last_sign_in_idp_id
		 WHERE u.municipality_id = `+administeredBy+`
		 ORDER BY u.name, u.email`, actor.ID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.SignInUser, error) {
		var u casework.SignInUser
		var at *time.Time
		err := r.Scan(&u.ID, &u.MunicipalityID, &u.MunicipalityName, &u.Email, &u.Name, &u.Role, &u.UnitName,
			&u.Active, &at, &u.LastSignInMethod, &u.LastSignInIdPName, &u.HasPassword, &u.HasTOTP)
		if at != nil {
			u.LastSignInAt = *at
		}
		return u, err
	})
}
