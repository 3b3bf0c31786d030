package postgres

import (
	"context"

	"kui/internal/casework"
)

// A professional's work phone, which the young people whose team they are
// on see on their team page (/ung/team) beside the e-mail.

// WorkPhone reads the actor's own work phone number ("" when not entered).
func (db *DB) WorkPhone(ctx context.Context, actor casework.User) (string, error) {
	var phone string
	err := db.Pool.QueryRow(ctx, `SELECT work_phone FROM users WHERE id = $1 AND active`, actor.ID).Scan(&phone)
	return phone, translate(err)
}

// SetWorkPhone saves the actor's own work phone number, validated
// (casework.ValidateWorkPhone); "" removes it.
func (db *DB) SetWorkPhone(ctx context.Context, actor casework.User, phone string) error {
	phone, err := casework.ValidateWorkPhone(phone)
	if err != nil {
		return err
	}
	err = db.inTx(ctx, func(tx actionTx) error {
		tag, err := tx.Exec(ctx, `UPDATE users SET work_phone = $2 WHERE id = $1 AND active`, actor.ID, phone)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return casework.NotFound()
		}
		return nil
	})
	return translate(err)
}
