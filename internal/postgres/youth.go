package postgres

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

// visibleToActor is the access rule for a young person y, with the acting
// user's id as $1: coordinators see every young person of their own
// municipality; everyone else only those whose team they are on now, and
// those whose meetings they facilitate (a tovholder runs the meeting
// without being on the team; a cancelled meeting gives no access), and the
// young people they created who have no team yet (whoever registers a young
// person without a seat on the team must be able to put the team together).
// Administrators manage the system and do not see young people.
const visibleToActor = `EXISTS (
	SELECT 1 FROM users actor
	 WHERE actor.id = $1 AND actor.active AND actor.municipality_id = y.municipality_id
	   AND (actor.role = 'coordinator'
	        OR (actor.role <> 'admin' AND (EXISTS (
	            SELECT 1 FROM team_members tm
	             WHERE tm.youth_id = y.id AND tm.user_id = actor.id AND tm.left_at IS NULL)
	         OR EXISTS (
	            SELECT 1 FROM meetings fm
	             WHERE fm.facilitator_id = actor.id AND fm.youth_id = y.id AND fm.status <> 'cancelled')
	         OR ` + createdWithoutTeam + `))))`

// createdWithoutTeam: y was created by the user $1 and has nobody on its
// team yet, so its creator is the one to put the team together.
const createdWithoutTeam = `(y.created_by = $1 AND NOT EXISTS (
	SELECT 1 FROM team_members nt WHERE nt.youth_id = y.id AND nt.left_at IS NULL))`

const youthColumns = `y.id, y.municipality_id, y.name, y.birth_date, coalesce(y.cpr, ''), y.level, y.need_category,
	y.education_status, y.education_plan, y.status, y.created_at, y.updated_at, y.version,
	(SELECT count(*) FROM team_members tm WHERE tm.youth_id = y.id AND tm.left_at IS NULL)`

func scanYouth(row pgx.Row) (casework.Youth, error) {
	var y casework.Youth
	err := row.Scan(&y.ID, &y.MunicipalityID, &y.Name, &y.BirthDate, &y.CPR, &y.Level, &y.NeedCategory,
		&y.EducationStatus, &y.EducationPlan, &y.Status, &y.CreatedAt, &y.UpdatedAt, &y.Version, &y.TeamSize)
	return y, err
}

// CreateYouth records a new young person in the actor's municipality. The
// actor becomes the first member of the young person's team when they said
// they are on it (d.JoinTeam); else the young person starts without a team,
// and the actor sees them until there is one (visibleToActor).
func (db *DB) CreateYouth(ctx context.Context, actor casework.User, d casework.YouthDetails) (int64, error) {
	if actor.Role == casework.RoleAdmin {
		return 0, casework.Forbidden()
	}
	var id int64
	err := db.inTx(ctx, func(tx actionTx) error {
		err := tx.QueryRow(ctx, `
			INSERT INTO youth (municipality_id, name, birth_date, cpr, level, need_category, education_status, education_plan, created_by, created_at, updated_at)
			SELECT a.municipality_id, $2, $3, nullif($4, ''), $5, $6, $7, $8, a.id, $9, $9
			  FROM users a WHERE a.id = $1 AND a.active AND a.role <> 'admin'
			RETURNING id`,
			actor.ID, d.Name, d.BirthDate, string(d.CPR), d.Level, d.NeedCategory, d.EducationStatus, d.EducationPlan, tx.now).Scan(&id)
		if err != nil {
			return err
		}
		if err := insertGuardians(ctx, tx, actor.MunicipalityID, id, d.Guardians); err != nil {
			return err
		}
		if d.JoinTeam {
			if _, err := tx.Exec(ctx, `
				INSERT INTO team_members (municipality_id, youth_id, user_id, added_by, joined_at) VALUES ($1, $2, $3, $3, $4)`,
				actor.MunicipalityID, id, actor.ID, tx.now); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO youth_status_changes (municipality_id, youth_id, from_status, to_status, changed_by, changed_at)
			VALUES ($1, $2, NULL, 'active', $3, $4)`, actor.MunicipalityID, id, actor.ID, tx.now); err != nil {
			return err
		}
		return audit(ctx, tx, actor, id, casework.AuditYouthCreate, "")
	})
	return id, translate(err)
}

func insertGuardians(ctx context.Context, tx actionTx, municipalityID, youthID int64, guardians []casework.Guardian) error {
	for i, g := range guardians {
		if _, err := tx.Exec(ctx, `
			INSERT INTO guardians (municipality_id, youth_id, name, relation, phone, email, position)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			municipalityID, youthID, g.Name, g.Relation, g.Phone, g.Email, i); err != nil {
			return err
		}
	}
	return nil
}

// ViewYouth loads everything the young person's page shows — the young
// person, guardians, status history, team, contact person and overdue
// checklist items — and records the read in the audit log. action tells
// what the read was for (the page, or the edit form).
//
// The reads are one batch: one round trip. Only the first query carries
// the access rule; when the young person is not visible the rest is read
// and thrown away here, and no audit row is written. Otherwise it returns
// once the audit row is committed (viewed).
func (db *DB) ViewYouth(ctx context.Context, actor casework.User, id int64, action casework.AuditAction, today time.Time) (casework.YouthRecord, error) {
	var rec casework.YouthRecord
	visible := false
	b := &pgx.Batch{}
	b.Queue(`SELECT `+youthColumns+` FROM youth y WHERE y.id = $2 AND `+visibleToActor, actor.ID, id).QueryRow(func(row pgx.Row) error {
		y, err := scanYouth(row)
		if err == pgx.ErrNoRows {
			return nil
		}
		rec.Youth, visible = y, err == nil
		return err
	})
	b.Queue(`SELECT name, relation, phone, email FROM guardians WHERE youth_id = $1 ORDER BY position`, id).Query(func(rows pgx.Rows) error {
		var err error
		rec.Guardians, err = pgx.CollectRows(rows, scanGuardian)
		return err
	})
	b.Queue(`
		SELECT coalesce(h.from_status, ''), h.to_status, h.reason, u.name, h.changed_at
		  FROM youth_status_changes h JOIN users u ON u.id = h.changed_by
		 WHERE h.youth_id = $1 ORDER BY h.changed_at DESC, h.id DESC`, id).Query(func(rows pgx.Rows) error {
		var err error
		rec.History, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.StatusChange, error) {
			var c casework.StatusChange
			err := r.Scan(&c.From, &c.To, &c.Reason, &c.ChangedBy, &c.ChangedAt)
			return c, err
		})
		return err
	})
	b.Queue(`
		SELECT u.id, u.name, coalesce(un.name, ''), tm.team_role, tm.joined_at
		  FROM team_members tm JOIN users u ON u.id = tm.user_id LEFT JOIN units un ON un.id = u.unit_id
		 WHERE tm.youth_id = $1 AND tm.left_at IS NULL ORDER BY tm.joined_at, tm.id`, id).Query(func(rows pgx.Rows) error {
		var err error
		rec.Team, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.TeamMember, error) {
			var m casework.TeamMember
			err := r.Scan(&m.UserID, &m.Name, &m.UnitName, &m.TeamRole, &m.JoinedAt)
			return m, err
		})
		return err
	})
	b.Queue(contactHistorySQL, id).Query(func(rows pgx.Rows) error {
		history, err := pgx.CollectRows(rows, scanContactPerson)
		if err == nil && len(history) > 0 {
			if history[0].Active() {
				rec.Contact = &history[0]
			} else {
				rec.LastContact = &history[0]
			}
		}
		return err
	})
	b.Queue(`SELECT count(*) FROM checklist_items c WHERE c.youth_id = $1 AND NOT c.done AND c.due_on < $2::date`, id, today).
		QueryRow(func(row pgx.Row) error { return row.Scan(&rec.OverdueChecklist) })
	if err := db.Pool.SendBatch(ctx, b).Close(); err != nil {
		return casework.YouthRecord{}, translate(err)
	}
	if !visible {
		return casework.YouthRecord{}, casework.NotFound()
	}
	if err := db.viewed(ctx, actor, id, action, ""); err != nil {
		return casework.YouthRecord{}, err
	}
	return rec, nil
}

func scanGuardian(r pgx.CollectableRow) (casework.Guardian, error) {
	var g casework.Guardian
	err := r.Scan(&g.Name, &g.Relation, &g.Phone, &g.Email)
	return g, err
}

func guardiansOf(ctx context.Context, tx actionTx, youthID int64) ([]casework.Guardian, error) {
	rows, err := tx.Query(ctx, `SELECT name, relation, phone, email FROM guardians WHERE youth_id = $1 ORDER BY position`, youthID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanGuardian)
}

// UpdateYouth saves an edit made from the given version. When someone else
// saved in between, it answers a conflict and changes nothing.
func (db *DB) UpdateYouth(ctx context.Context, actor casework.User, id int64, version int, d casework.YouthDetails) error {
	err := db.inTx(ctx, func(tx actionTx) error {
		var current int
		var cpr string
		err := tx.QueryRow(ctx, `SELECT y.version, coalesce(y.cpr, '') FROM youth y WHERE y.id = $2 AND `+visibleToActor+` FOR UPDATE`,
			actor.ID, id).Scan(&current, &cpr)
		if err != nil {
			return err
		}
		if current != version {
			return casework.Conflict(casework.ProblemStaleVersion)
		}
		if cpr != string(d.CPR) {
			if err := endCitizenSessions(ctx, tx, id); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `
			UPDATE youth SET name = $2, birth_date = $3, cpr = nullif($4, ''), level = $5, need_category = $6,
			       education_status = $7, education_plan = $8, updated_at = $9, version = version + 1
			 WHERE id = $1`,
			id, d.Name, d.BirthDate, string(d.CPR), d.Level, d.NeedCategory, d.EducationStatus, d.EducationPlan, tx.now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM guardians WHERE youth_id = $1`, id); err != nil {
			return err
		}
		if err := insertGuardians(ctx, tx, actor.MunicipalityID, id, d.Guardians); err != nil {
			return err
		}
		return audit(ctx, tx, actor, id, casework.AuditYouthUpdate, "")
	})
	return translate(err)
}

// ChangeStatus moves the young person to another status and keeps the change
// in the history with who and when; to and reason are validated
// (casework.StatusForm). Whether the young person can make the change is
// asked again of the status held locked: someone may have changed it since.
func (db *DB) ChangeStatus(ctx context.Context, actor casework.User, id int64, to casework.Status, reason string) error {
	err := db.inTx(ctx, func(tx actionTx) error {
		var from casework.Status
		err := tx.QueryRow(ctx, `SELECT y.status FROM youth y WHERE y.id = $2 AND `+visibleToActor+` FOR UPDATE`, actor.ID, id).Scan(&from)
		if err != nil {
			return err
		}
		if err := casework.CheckStatusChange(from, to); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE youth SET status = $2, updated_at = $3, version = version + 1 WHERE id = $1`, id, to, tx.now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO youth_status_changes (municipality_id, youth_id, from_status, to_status, reason, changed_by, changed_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, actor.MunicipalityID, id, from, to, reason, actor.ID, tx.now); err != nil {
			return err
		}
		// Anchored (or closed): the contact person ends with the course.
		if err := endContactPerson(ctx, tx, actor, id, to); err != nil {
			return err
		}
		return audit(ctx, tx, actor, id, casework.AuditYouthStatus, string(from)+" → "+string(to))
	})
	return translate(err)
}

// RevealCPR returns the full CPR number, and records that the actor asked
// for it.
func (db *DB) RevealCPR(ctx context.Context, actor casework.User, id int64) (casework.CPR, error) {
	var cpr casework.CPR
	if err := db.Pool.QueryRow(ctx, `SELECT coalesce(y.cpr, '') FROM youth y WHERE y.id = $2 AND `+visibleToActor, actor.ID, id).Scan(&cpr); err != nil {
		return "", translate(err)
	}
	if err := db.viewed(ctx, actor, id, casework.AuditCPRReveal, ""); err != nil {
		return "", err
	}
	return cpr, nil
}

// ListYouth lists the young people the actor may see, filtered, newest
// change first, with the number that match in all. The list view itself is
// one audit row (what was searched for, how many were shown).
func (db *DB) ListYouth(ctx context.Context, actor casework.User, f casework.YouthFilter) ([]casework.YouthSummary, int, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	var list []casework.YouthSummary
	var total int
	err := func() error {
		rows, err := db.Pool.Query(ctx, `
			SELECT y.id, y.name, y.birth_date, y.level, y.status,
			       (SELECT count(*) FROM team_members tm WHERE tm.youth_id = y.id AND tm.left_at IS NULL),
			       y.updated_at, count(*) OVER ()
			  FROM youth y
			 WHERE `+listCandidates(actor)+` AND y.municipality_id = $2 AND `+visibleToActor+`
			   AND ($3 = '' OR lower(y.name) LIKE '%' || $3 || '%')
			   AND ($4 = '' OR y.level = $4)
			   AND ($5 = '' OR y.status = $5)
			   AND (NOT $8 OR EXISTS (SELECT 1 FROM team_members mine
			                           WHERE mine.youth_id = y.id AND mine.user_id = $1 AND mine.left_at IS NULL)
			        OR `+createdWithoutTeam+`)
			 ORDER BY lower(y.name), y.id
			 LIMIT $6 OFFSET $7`,
			actor.ID, actor.MunicipalityID, likePattern(f.Query), string(f.Level), string(f.Status), f.Limit, f.Offset, f.OnlyMine)
		if err != nil {
			return err
		}
		list, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.YouthSummary, error) {
			var s casework.YouthSummary
			err := r.Scan(&s.ID, &s.Name, &s.BirthDate, &s.Level, &s.Status, &s.TeamSize, &s.UpdatedAt, &total)
			return s, err
		})
		if err != nil {
			return err
		}
		detail := "shown=" + strconv.Itoa(len(list))
		if f.Query != "" || f.Level != "" || f.Status != "" {
			detail += " filtered"
		}
		return db.viewed(ctx, actor, 0, casework.AuditYouthList, detail)
	}()
	if err != nil {
		return nil, 0, translate(err)
	}
	return list, total, nil
}

// listCandidates narrows where ListYouth looks for the actor's young
// people. A coordinator sees the whole municipality: every young person of
// it, found by name through the trigram index. Anyone else sees only young people they
// are on the team of, facilitate a meeting for, or created without a team
// (visibleToActor): these few are the candidates, rather than the
// municipality's thousands. visibleToActor still decides; the candidates only
// spare the database the rest.
func listCandidates(actor casework.User) string {
	if actor.Role == casework.RoleCoordinator {
		return `true`
	}
	// An array, not a join: the planner then reads the few candidates by
	// primary key instead of the municipality's names by trigram.
	return `y.id = ANY (ARRAY(
			SELECT c.youth_id FROM team_members c WHERE c.user_id = $1 AND c.left_at IS NULL
			UNION SELECT c.youth_id FROM meetings c WHERE c.facilitator_id = $1 AND c.status <> 'cancelled'
			UNION SELECT c.id FROM youth c WHERE c.created_by = $1))`
}

// likePattern lowers s and escapes LIKE's wildcards so a search is literal.
func likePattern(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// YouthHeading loads the top of a young person's sub-pages (team, journal,
// efforts …), under the same access rule as the page itself. It writes no
// audit row of its own: the sub-page's read of its own data does.
func (db *DB) YouthHeading(ctx context.Context, actor casework.User, id int64) (casework.YouthHeading, error) {
	var h casework.YouthHeading
	err := db.Pool.QueryRow(ctx, `
		SELECT y.id, y.name, y.birth_date, y.level, y.status,
		       (SELECT count(*) FROM team_members tm WHERE tm.youth_id = y.id AND tm.left_at IS NULL)
		  FROM youth y WHERE y.id = $2 AND `+visibleToActor, actor.ID, id).
		Scan(&h.ID, &h.Name, &h.BirthDate, &h.Level, &h.Status, &h.TeamSize)
	return h, translate(err)
}

// inYouthTx runs f in a transaction (inTx) on a young person the actor
// may see (visibleYouth), with the young person's municipality; not found
// otherwise.
func (db *DB) inYouthTx(ctx context.Context, actor casework.User, youthID int64, f func(tx actionTx, municipalityID int64) error) error {
	return db.inTx(ctx, func(tx actionTx) error {
		municipalityID, err := visibleYouth(ctx, tx, actor, youthID)
		if err != nil {
			return err
		}
		return f(tx, municipalityID)
	})
}

// visibleYouth checks that the actor may see the young person and returns
// the young person's municipality; not found otherwise.
func visibleYouth(ctx context.Context, tx actionTx, actor casework.User, youthID int64) (int64, error) {
	var municipalityID int64
	err := tx.QueryRow(ctx, `SELECT y.municipality_id FROM youth y WHERE y.id = $2 AND `+visibleToActor, actor.ID, youthID).Scan(&municipalityID)
	return municipalityID, err
}
