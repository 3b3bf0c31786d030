package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

// The units (departments) of a municipality are managed by its
// administrators. Units are not personal data about young people, so these
// reads and changes write no audit rows.

// ListUnits lists the units of the administrator's municipality, by name,
// with how many active users each has.
func (db *DB) ListUnits(ctx context.Context, actor casework.User) ([]casework.Unit, error) {
	if actor.Role != casework.RoleAdmin {
		return nil, casework.Forbidden()
	}
	rows, err := db.Pool.Query(ctx, `
		SELECT un.id, un.name, (SELECT count(*) FROM users u WHERE u.unit_id = un.id AND u.active)
		  FROM units un
		  JOIN users actor ON actor.id = $1 AND actor.active AND actor.role = 'admin' AND actor.municipality_id = un.municipality_id
		 ORDER BY lower(un.name), un.id`, actor.ID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.Unit, error) {
		var u casework.Unit
		err := r.Scan(&u.ID, &u.Name, &u.Users)
		return u, err
	})
}

// AddUnit creates a unit in the administrator's municipality.
func (db *DB) AddUnit(ctx context.Context, actor casework.User, name string) error {
	if actor.Role != casework.RoleAdmin {
		return casework.Forbidden()
	}
	tag, err := db.write(ctx, `
		INSERT INTO units (municipality_id, name)
		SELECT actor.municipality_id, $2 FROM users actor WHERE actor.id = $1 AND actor.active AND actor.role = 'admin'`,
		actor.ID, name)
	if err == nil && tag.RowsAffected() == 0 {
		return casework.Forbidden()
	}
	return translate(err)
}

// RenameUnit renames a unit of the administrator's municipality.
func (db *DB) RenameUnit(ctx context.Context, actor casework.User, unitID int64, name string) error {
	if actor.Role != casework.RoleAdmin {
		return casework.Forbidden()
	}
	tag, err := db.write(ctx, `
		UPDATE units un SET name = $3
		  FROM users actor
		 WHERE un.id = $2 AND actor.id = $1 AND actor.active AND actor.role = 'admin' AND actor.municipality_id = un.municipality_id`,
		actor.ID, unitID, name)
	if err == nil && tag.RowsAffected() == 0 {
		return casework.NotFound()
	}
	return translate(err)
}

// unitChoices are the units of the municipality, by name.
func unitChoices(ctx context.Context, tx actionTx, municipalityID int64) ([]casework.UnitChoice, error) {
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
