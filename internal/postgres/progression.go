package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

// DefaultProgressionScale is the scale a municipality starts with, until an
// administrator words it differently.
var DefaultProgressionScale = casework.ProgressionScale{
	{Step: 1, Label: "Langt fra uddannelse og job"},
	{Step: 2, Label: "Store forhindringer, men i gang"},
	{Step: 3, Label: "Afklaring og opbygning"},
	{Step: 4, Label: "Tæt på uddannelse eller job"},
	{Step: 5, Label: "Klar til uddannelse eller job"},
}

// ProgressionScale is the actor's municipality's scale.
func (db *DB) ProgressionScale(ctx context.Context, actor casework.User) (casework.ProgressionScale, error) {
	return progressionScale(ctx, db.Pool, actor.MunicipalityID)
}

func progressionScale(ctx context.Context, q querier, municipalityID int64) (casework.ProgressionScale, error) {
	rows, err := q.Query(ctx, `SELECT step, label FROM progression_scale_steps WHERE municipality_id = $1 ORDER BY step`, municipalityID)
	if err != nil {
		return nil, err
	}
	scale, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.ProgressionStep, error) {
		var s casework.ProgressionStep
		err := r.Scan(&s.Step, &s.Label)
		return s, err
	})
	if err != nil || len(scale) == casework.ProgressionMaxStep {
		return scale, err
	}
	return DefaultProgressionScale, nil
}

// SetProgressionScale rewords the municipality's scale (administrators).
func (db *DB) SetProgressionScale(ctx context.Context, actor casework.User, scale casework.ProgressionScale) error {
	if actor.Role != casework.RoleAdmin {
		return casework.Forbidden()
	}
	return translate(db.inTx(ctx, func(tx actionTx) error {
		for _, s := range scale {
			if _, err := tx.Exec(ctx, `
				INSERT INTO progression_scale_steps (municipality_id, step, label)
				SELECT a.municipality_id, $2, $3 FROM users a WHERE a.id = $1 AND a.role = 'admin' AND a.active
				ON CONFLICT (municipality_id, step) DO UPDATE SET label = excluded.label`, actor.ID, s.Step, s.Label); err != nil {
				return err
			}
		}
		return nil
	}))
}

// Progression lists a young person's measurements, oldest first, and
// records the read.
func (db *DB) Progression(ctx context.Context, actor casework.User, youthID int64) ([]casework.ProgressionMeasurement, error) {
	var list []casework.ProgressionMeasurement
	err := db.readTx(ctx, actor, func(tx actionTx) (pageView, error) {
		var ok bool
		if err := tx.QueryRow(ctx, `SELECT true FROM youth y WHERE y.id = $2 AND `+visibleToActor, actor.ID, youthID).Scan(&ok); err != nil {
			return pageView{}, err
		}
		rows, err := tx.Query(ctx, `
			SELECT p.id, p.measured_on, p.professional_step, p.youth_step, p.youth_words, p.comment, u.name, p.recorded_at
			  FROM progression_measurements p JOIN users u ON u.id = p.recorded_by
			 WHERE p.youth_id = $1 ORDER BY p.measured_on, p.id`, youthID)
		if err != nil {
			return pageView{}, err
		}
		if list, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.ProgressionMeasurement, error) {
			var m casework.ProgressionMeasurement
			err := r.Scan(&m.ID, &m.MeasuredOn, &m.ProfessionalStep, &m.YouthStep, &m.YouthWords, &m.Comment, &m.RecordedBy, &m.RecordedAt)
			return m, err
		}); err != nil {
			return pageView{}, err
		}
		return pageView{youthID, casework.AuditProgressionView, ""}, nil
	})
	if err != nil {
		return nil, translate(err)
	}
	return list, nil
}

// RecordProgression adds a measurement for a young person the actor works
// with. Administrators do not record casework.
func (db *DB) RecordProgression(ctx context.Context, actor casework.User, youthID int64, m casework.ProgressionMeasurement) error {
	if actor.Role == casework.RoleAdmin {
		return casework.Forbidden()
	}
	return translate(db.inTx(ctx, func(tx actionTx) error {
		tag, err := tx.Exec(ctx, `
			INSERT INTO progression_measurements (municipality_id, youth_id, measured_on, professional_step, youth_step, youth_words, comment, recorded_by, recorded_at)
			SELECT y.municipality_id, y.id, $3, $4, $5, $6, $7, $1, $8 FROM youth y WHERE y.id = $2 AND `+visibleToActor,
			actor.ID, youthID, m.MeasuredOn, m.ProfessionalStep, m.YouthStep, m.YouthWords, m.Comment, tx.now)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return casework.NotFound()
		}
		return audit(ctx, tx, actor, youthID, casework.AuditProgressionRecord, "")
	}))
}

// ProgressionSnapshot is the municipality's progression at a glance: how
// many young people stand on each step, by level and by the contact
// person's unit, how that moved since the quarter before, and how many were
// anchored in education or a job.
type ProgressionSnapshot struct {
	QuarterStart, PreviousStart time.Time
	Scale                       casework.ProgressionScale
	ByLevel                     []StepCounts // one row per prevention-triangle level
	ByUnit                      []StepCounts // one row per unit of the contact person
	Total                       StepCounts
	PreviousTotal               StepCounts
	Measured, Unmeasured        int // active young people measured this quarter, and not
	Up, Same, Down              int // measured in both quarters: moved up, stayed, moved down
	AnchoredThisQuarter         int
	AnchoredNow                 int
}

// StepCounts is a row of the snapshot: a label and a count per step (index
// 0 is step 1).
type StepCounts struct {
	Label  string
	Counts [casework.ProgressionMaxStep]int
}

// Sum is the row's total.
func (s StepCounts) Sum() int {
	n := 0
	for _, c := range s.Counts {
		n += c
	}
	return n
}

// Snapshot computes the municipality's progression snapshot for the quarter
// of today, in SQL. Coordinators and administrators only; no names or CPR.
// Quarters are Copenhagen's: an anchoring's moment is placed by the
// Copenhagen date, whatever the session's time zone.
func (db *DB) Snapshot(ctx context.Context, actor casework.User, today time.Time) (ProgressionSnapshot, error) {
	if actor.Role != casework.RoleCoordinator && actor.Role != casework.RoleAdmin {
		return ProgressionSnapshot{}, casework.Forbidden()
	}
	s := ProgressionSnapshot{QuarterStart: casework.QuarterStart(today)}
	s.PreviousStart = s.QuarterStart.AddDate(0, -3, 0)
	next := s.QuarterStart.AddDate(0, 3, 0)
	m := actor.MunicipalityID
	var err error
	if s.Scale, err = progressionScale(ctx, db.Pool, m); err != nil {
		return s, err
	}
	// latest(q): each young person's last professional step within a quarter.
	const latest = `
		SELECT DISTINCT ON (p.youth_id) p.youth_id, p.professional_step AS step
		  FROM progression_measurements p
		 WHERE p.municipality_id = $1 AND p.measured_on >= $2 AND p.measured_on < $3
		 ORDER BY p.youth_id, p.measured_on DESC, p.id DESC`
	scan := func(sql string, args ...any) (map[string]*StepCounts, []string, error) {
		rows, err := db.Pool.Query(ctx, sql, args...)
		if err != nil {
			return nil, nil, err
		}
		defer rows.Close()
		byLabel := map[string]*StepCounts{}
		var order []string
		for rows.Next() {
			var label string
			var step, n int
			if err := rows.Scan(&label, &step, &n); err != nil {
				return nil, nil, err
			}
			row, ok := byLabel[label]
			if !ok {
				row = &StepCounts{Label: label}
				byLabel[label] = row
				order = append(order, label)
			}
			if step >= 1 && step <= casework.ProgressionMaxStep {
				row.Counts[step-1] += n
			}
		}
		return byLabel, order, rows.Err()
	}

	levels, _, err := scan(`WITH l AS (`+latest+`)
		SELECT y.level, l.step, count(*) FROM l JOIN youth y ON y.id = l.youth_id GROUP BY 1, 2`, m, s.QuarterStart, next)
	if err != nil {
		return s, err
	}
	for _, lv := range casework.Levels {
		row := StepCounts{Label: string(lv)}
		if r, ok := levels[string(lv)]; ok {
			row = *r
		}
		s.ByLevel = append(s.ByLevel, row)
		for i, c := range row.Counts {
			s.Total.Counts[i] += c
		}
	}
	units, order, err := scan(`WITH l AS (`+latest+`)
		SELECT coalesce(un.name, ''), l.step, count(*) FROM l
		  LEFT JOIN contact_persons c ON c.youth_id = l.youth_id AND c.ended_at IS NULL
		  LEFT JOIN users u ON u.id = c.user_id
		  LEFT JOIN units un ON un.id = u.unit_id
		 GROUP BY 1, 2 ORDER BY 1`, m, s.QuarterStart, next)
	if err != nil {
		return s, err
	}
	for _, label := range order {
		s.ByUnit = append(s.ByUnit, *units[label])
	}
	prev, _, err := scan(`WITH l AS (`+latest+`) SELECT '', l.step, count(*) FROM l GROUP BY 1, 2`, m, s.PreviousStart, s.QuarterStart)
	if err != nil {
		return s, err
	}
	if r, ok := prev[""]; ok {
		s.PreviousTotal = *r
	}
	err = db.Pool.QueryRow(ctx, `
		WITH cur AS (`+latest+`),
		     prev AS (SELECT DISTINCT ON (p.youth_id) p.youth_id, p.professional_step AS step
		                FROM progression_measurements p
		               WHERE p.municipality_id = $1 AND p.measured_on >= $4 AND p.measured_on < $2
		               ORDER BY p.youth_id, p.measured_on DESC, p.id DESC)
		SELECT
		  (SELECT count(*) FROM youth y WHERE y.municipality_id = $1 AND y.status = 'active' AND y.id IN (SELECT youth_id FROM cur)),
		  (SELECT count(*) FROM youth y WHERE y.municipality_id = $1 AND y.status = 'active' AND y.id NOT IN (SELECT youth_id FROM cur)),
		  count(*) FILTER (WHERE cur.step > prev.step),
		  count(*) FILTER (WHERE cur.step = prev.step),
		  count(*) FILTER (WHERE cur.step < prev.step),
		  (SELECT count(DISTINCT h.youth_id) FROM youth_status_changes h
		    WHERE h.municipality_id = $1 AND h.to_status = 'anchored'
		      AND h.changed_at >= ($2::timestamp AT TIME ZONE 'Europe/Copenhagen')
		      AND h.changed_at < ($3::timestamp AT TIME ZONE 'Europe/Copenhagen')),
		  (SELECT count(*) FROM youth y WHERE y.municipality_id = $1 AND y.status = 'anchored')
		  FROM cur JOIN prev USING (youth_id)`, m, s.QuarterStart, next, s.PreviousStart).
		Scan(&s.Measured, &s.Unmeasured, &s.Up, &s.Same, &s.Down, &s.AnchoredThisQuarter, &s.AnchoredNow)
	return s, err
}

// RecordSnapshotExport writes the audit row of a CSV export of the
// municipality's aggregates.
func (db *DB) RecordSnapshotExport(ctx context.Context, actor casework.User) error {
	return db.viewed(ctx, actor, 0, casework.AuditSnapshotExport, "aggregates")
}
