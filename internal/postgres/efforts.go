package postgres

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

const effortColumns = `e.id, e.youth_id, e.unit_id, un.name, e.description, e.responsible_id, ru.name,
	e.starts_on, e.ends_on, e.status, ub.name, e.updated_at, e.version`

const effortFrom = ` FROM efforts e
	JOIN youth y ON y.id = e.youth_id
	JOIN units un ON un.id = e.unit_id
	JOIN users ru ON ru.id = e.responsible_id
	JOIN users ub ON ub.id = e.updated_by`

func scanEffort(row pgx.Row) (casework.Effort, error) {
	var e casework.Effort
	var ends *time.Time
	err := row.Scan(&e.ID, &e.YouthID, &e.UnitID, &e.UnitName, &e.Description, &e.ResponsibleID, &e.ResponsibleName,
		&e.StartsOn, &ends, &e.Status, &e.UpdatedByName, &e.UpdatedAt, &e.Version)
	e.EndsOn = orZero(ends)
	return e, err
}

// ListEfforts loads the young person's efforts, those still running first,
// with the units and professionals the form offers. The read is audited.
func (db *DB) ListEfforts(ctx context.Context, actor casework.User, youthID int64) (casework.EffortList, error) {
	var list casework.EffortList
	err := db.readYouthTx(ctx, actor, youthID, func(tx actionTx, municipalityID int64) (pageView, error) {
		rows, err := tx.Query(ctx, `SELECT `+effortColumns+effortFrom+`
			 WHERE e.youth_id = $2 AND `+visibleToActor+`
			 ORDER BY e.status IN ('completed', 'stopped'), e.starts_on DESC, e.id DESC`, actor.ID, youthID)
		if err != nil {
			return pageView{}, err
		}
		if list.Efforts, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.Effort, error) { return scanEffort(r) }); err != nil {
			return pageView{}, err
		}
		if list.Units, err = unitChoices(ctx, tx, municipalityID); err != nil {
			return pageView{}, err
		}
		if list.Professionals, err = responsibleChoices(ctx, tx, municipalityID, youthID); err != nil {
			return pageView{}, err
		}
		return pageView{youthID, casework.AuditEffortList, "shown=" + strconv.Itoa(len(list.Efforts))}, nil
	})
	if err != nil {
		return casework.EffortList{}, translate(err)
	}
	return list, nil
}

// EffortForEdit loads one effort for its edit form, with the form's
// choices (Efforts holds the one effort). The read is audited.
func (db *DB) EffortForEdit(ctx context.Context, actor casework.User, youthID, effortID int64) (casework.EffortList, error) {
	var list casework.EffortList
	err := db.readYouthTx(ctx, actor, youthID, func(tx actionTx, municipalityID int64) (pageView, error) {
		e, err := scanEffort(tx.QueryRow(ctx, `SELECT `+effortColumns+effortFrom+`
			 WHERE e.id = $3 AND e.youth_id = $2 AND `+visibleToActor, actor.ID, youthID, effortID))
		if err != nil {
			return pageView{}, err
		}
		list.Efforts = []casework.Effort{e}
		if list.Units, err = unitChoices(ctx, tx, municipalityID); err != nil {
			return pageView{}, err
		}
		if list.Professionals, err = responsibleChoices(ctx, tx, municipalityID, youthID); err != nil {
			return pageView{}, err
		}
		return pageView{youthID, casework.AuditEffortEditing, "effort=" + strconv.FormatInt(effortID, 10)}, nil
	})
	if err != nil {
		return casework.EffortList{}, translate(err)
	}
	return list, nil
}

// checkEffortChoices answers an invalid field when the unit is not one of
// the municipality's, or the responsible is not one of its active
// professionals.
func checkEffortChoices(ctx context.Context, tx actionTx, municipalityID int64, d casework.EffortDetails) error {
	var unitOK, responsibleOK bool
	err := tx.QueryRow(ctx, `
		SELECT EXISTS (SELECT 1 FROM units WHERE id = $2 AND municipality_id = $1),
		       EXISTS (SELECT 1 FROM users WHERE id = $3 AND municipality_id = $1 AND active AND role <> 'admin')`,
		municipalityID, d.UnitID, d.ResponsibleID).Scan(&unitOK, &responsibleOK)
	if err != nil {
		return err
	}
	problems := map[string]casework.Problem{}
	if !unitOK {
		problems["unit"] = casework.ProblemUnknownChoice
	}
	if !responsibleOK {
		problems["responsible"] = casework.ProblemUnknownChoice
	}
	return casework.Invalid(problems)
}

// CreateEffort records a new effort for the young person.
func (db *DB) CreateEffort(ctx context.Context, actor casework.User, youthID int64, d casework.EffortDetails) (int64, error) {
	var id int64
	err := db.inYouthTx(ctx, actor, youthID, func(tx actionTx, municipalityID int64) error {
		if err := checkEffortChoices(ctx, tx, municipalityID, d); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `
			INSERT INTO efforts (municipality_id, youth_id, unit_id, description, responsible_id, starts_on, ends_on, status, created_by, updated_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $10) RETURNING id`,
			municipalityID, youthID, d.UnitID, d.Description, d.ResponsibleID, d.StartsOn, nullDate(d.EndsOn), d.Status, actor.ID, tx.now).Scan(&id); err != nil {
			return err
		}
		return audit(ctx, tx, actor, youthID, casework.AuditEffortCreate, "effort="+strconv.FormatInt(id, 10))
	})
	return id, translate(err)
}

// UpdateEffort saves an edit made from the given version. When someone else
// saved in between, it answers a conflict and changes nothing.
func (db *DB) UpdateEffort(ctx context.Context, actor casework.User, youthID, effortID int64, version int, d casework.EffortDetails) error {
	err := db.inTx(ctx, func(tx actionTx) error {
		var municipalityID int64
		var current int
		err := tx.QueryRow(ctx, `
			SELECT e.municipality_id, e.version FROM efforts e JOIN youth y ON y.id = e.youth_id
			 WHERE e.id = $3 AND e.youth_id = $2 AND `+visibleToActor+` FOR UPDATE OF e`,
			actor.ID, youthID, effortID).Scan(&municipalityID, &current)
		if err != nil {
			return err
		}
		if current != version {
			return casework.Conflict(casework.ProblemStaleVersion)
		}
		if err := checkEffortChoices(ctx, tx, municipalityID, d); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			UPDATE efforts SET unit_id = $2, description = $3, responsible_id = $4, starts_on = $5, ends_on = $6,
			       status = $7, updated_by = $8, updated_at = $9, version = version + 1
			 WHERE id = $1`,
			effortID, d.UnitID, d.Description, d.ResponsibleID, d.StartsOn, nullDate(d.EndsOn), d.Status, actor.ID, tx.now); err != nil {
			return err
		}
		return audit(ctx, tx, actor, youthID, casework.AuditEffortUpdate, "effort="+strconv.FormatInt(effortID, 10))
	})
	return translate(err)
}

// responsibleChoices are the active professionals of the municipality
// who can be responsible for an effort: the young person's team first.
func responsibleChoices(ctx context.Context, tx actionTx, municipalityID, youthID int64) ([]casework.PersonChoice, error) {
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
