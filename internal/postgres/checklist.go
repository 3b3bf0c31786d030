package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

// checklistKinds are the checklist's items in their order, as text for SQL.
func checklistKinds() []string {
	kinds := make([]string, len(casework.ChecklistKinds))
	for i, k := range casework.ChecklistKinds {
		kinds[i] = string(k)
	}
	return kinds
}

// ensureChecklist creates the young person's checklist items that do not
// exist yet; opening the checklist at the same moment twice creates them once.
func ensureChecklist(ctx context.Context, tx actionTx, municipalityID, youthID int64) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO checklist_items (municipality_id, youth_id, item)
		SELECT $1, $2, k FROM unnest($3::text[]) AS k
		ON CONFLICT (youth_id, item) DO NOTHING`, municipalityID, youthID, checklistKinds())
	return err
}

// Checklist loads the contact person's checklist for the young person,
// creating its items on first use. The read is audited.
func (db *DB) Checklist(ctx context.Context, actor casework.User, youthID int64) ([]casework.ChecklistItem, error) {
	var items []casework.ChecklistItem
	err := db.inYouthTx(ctx, actor, youthID, func(tx actionTx, municipalityID int64) error {
		if err := ensureChecklist(ctx, tx, municipalityID, youthID); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `
			SELECT c.item, c.done, c.done_on, c.due_on, c.comment, coalesce(u.name, ''), c.updated_at, c.version
			  FROM checklist_items c JOIN youth y ON y.id = c.youth_id LEFT JOIN users u ON u.id = c.updated_by
			 WHERE c.youth_id = $2 AND `+visibleToActor+`
			 ORDER BY array_position($3::text[], c.item)`, actor.ID, youthID, checklistKinds())
		if err != nil {
			return err
		}
		items, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.ChecklistItem, error) {
			var i casework.ChecklistItem
			var doneOn, dueOn, updatedAt *time.Time
			err := r.Scan(&i.Kind, &i.Done, &doneOn, &dueOn, &i.Comment, &i.UpdatedByName, &updatedAt, &i.Version)
			i.DoneOn, i.DueOn, i.UpdatedAt = orZero(doneOn), orZero(dueOn), orZero(updatedAt)
			return i, err
		})
		if err != nil {
			return err
		}
		return audit(ctx, tx, actor, youthID, casework.AuditChecklistView, "")
	})
	return items, translate(err)
}

// UpdateChecklistItem saves one item of the checklist, edited from the
// given version. When someone else saved it in between, it answers a
// conflict and changes nothing.
func (db *DB) UpdateChecklistItem(ctx context.Context, actor casework.User, youthID int64, kind casework.ChecklistKind, version int, d casework.ChecklistDetails) error {
	if !kind.Valid() {
		return casework.NotFound()
	}
	err := db.inYouthTx(ctx, actor, youthID, func(tx actionTx, municipalityID int64) error {
		if err := ensureChecklist(ctx, tx, municipalityID, youthID); err != nil {
			return err
		}
		var current int
		if err := tx.QueryRow(ctx, `SELECT version FROM checklist_items WHERE youth_id = $1 AND item = $2 FOR UPDATE`,
			youthID, kind).Scan(&current); err != nil {
			return err
		}
		if current != version {
			return casework.Conflict(casework.ProblemStaleVersion)
		}
		if _, err := tx.Exec(ctx, `
			UPDATE checklist_items SET done = $3, done_on = $4, due_on = $5, comment = $6,
			       updated_by = $7, updated_at = $8, version = version + 1
			 WHERE youth_id = $1 AND item = $2`,
			youthID, kind, d.Done, nullDate(d.DoneOn), nullDate(d.DueOn), d.Comment, actor.ID, tx.now); err != nil {
			return err
		}
		return audit(ctx, tx, actor, youthID, casework.AuditChecklistUpdate, "item="+string(kind))
	})
	return translate(err)
}
