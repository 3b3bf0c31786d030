package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

// The overview is for coordinators and administrators of the actor's own
// municipality; the queries take the municipality from the actor's row, so
// a deactivated or demoted actor gets nothing.
const overviewActor = `SELECT a.municipality_id FROM users a WHERE a.id = $1 AND a.active AND a.role IN ('coordinator', 'admin')`

// thresholdsSQL reads the municipality's load thresholds ($1); no row
// means the defaults (scanThresholds).
const thresholdsSQL = `SELECT contact_cases, teams, overdue_items, meeting_interval_days FROM load_thresholds WHERE municipality_id = $1`

func scanThresholds(row pgx.Row) (casework.LoadThresholds, error) {
	var t casework.LoadThresholds
	err := row.Scan(&t.ContactCases, &t.Teams, &t.OverdueItems, &t.MeetingIntervalDays)
	if errors.Is(err, pgx.ErrNoRows) {
		return casework.DefaultLoadThresholds, nil
	}
	return t, err
}

// Thresholds are the municipality's load thresholds, or the defaults.
func (db *DB) Thresholds(ctx context.Context, actor casework.User) (casework.LoadThresholds, error) {
	return scanThresholds(db.Pool.QueryRow(ctx, thresholdsSQL, actor.MunicipalityID))
}

// SetThresholds stores the municipality's thresholds (administrators).
func (db *DB) SetThresholds(ctx context.Context, actor casework.User, t casework.LoadThresholds) error {
	tag, err := db.write(ctx, `
		INSERT INTO load_thresholds (municipality_id, contact_cases, teams, overdue_items, meeting_interval_days, updated_at)
		SELECT a.municipality_id, $2, $3, $4, $5, $6 FROM users a WHERE a.id = $1 AND a.active AND a.role = 'admin'
		ON CONFLICT (municipality_id) DO UPDATE SET contact_cases = excluded.contact_cases, teams = excluded.teams,
		       overdue_items = excluded.overdue_items, meeting_interval_days = excluded.meeting_interval_days, updated_at = excluded.updated_at`,
		actor.ID, t.ContactCases, t.Teams, t.OverdueItems, t.MeetingIntervalDays, db.now())
	if err == nil && tag.RowsAffected() == 0 {
		return casework.Forbidden()
	}
	return translate(err)
}

// loadOrder maps each sortable column to its SQL; never user input.
var loadOrder = map[casework.LoadSort]string{
	casework.SortName: "s.name", casework.SortUnit: "s.unit", casework.SortTeams: "teams",
	casework.SortContact: "contacts", casework.SortMeetings: "meetings", casework.SortOpen: "open_items",
	casework.SortOverdue: "overdue_items",
}

// LoadOverview is what the coordinator's overview shows: every
// professional's load, the thresholds it is measured against, and the
// municipality's units to filter by.
type LoadOverview struct {
	Loads      []casework.ProfessionalLoad
	Thresholds casework.LoadThresholds
	Units      []string
}

// LoadOverview reads the overview in one batch: one round trip on one
// connection, in one implicit transaction.
//
// The load is one row per professional of the municipality: teams,
// contact-person cases and open plan items they committed to are kept in
// professional_facts (migration 00015); what depends on the clock is
// counted here: meetings in the next 14 days they take part in or
// facilitate (planned_meeting_people, 00015, by time), and of the open
// items those past their due date. Former members, ended contact persons,
// followed-up items and those of cancelled meetings do not count
// (plan_items.open, kept by the database: migration 00004).
func (db *DB) LoadOverview(ctx context.Context, actor casework.User, f casework.LoadFilter, now time.Time, today time.Time) (LoadOverview, error) {
	f = f.Normalised()
	dir := " ASC"
	if f.Desc {
		dir = " DESC"
	}
	var o LoadOverview
	b := &pgx.Batch{}
	b.Queue(`
		WITH m AS (`+overviewActor+`),
		staff AS (
			SELECT u.id, u.name, u.role, coalesce(un.name, '') AS unit
			  FROM users u JOIN m ON m.municipality_id = u.municipality_id LEFT JOIN units un ON un.id = u.unit_id
			 WHERE u.active AND u.role <> 'admin' AND ($2 = '' OR coalesce(un.name, '') = $2)),
		meets AS (
			SELECT pp.user_id, count(*) AS n FROM planned_meeting_people pp JOIN m ON m.municipality_id = pp.municipality_id
			 WHERE pp.starts_at >= $3::timestamptz AND pp.starts_at < $3::timestamptz + interval '14 days'
			 GROUP BY 1),
		overdue AS (
			SELECT p.owner_id AS user_id, count(*) AS n
			  FROM plan_items p JOIN m ON m.municipality_id = p.municipality_id
			 WHERE p.open AND p.owner_id IS NOT NULL AND p.due < $4::date
			 GROUP BY 1)
		SELECT s.id, s.name, s.unit, s.role,
		       coalesce(pf.teams, 0) AS teams, coalesce(pf.contacts, 0) AS contacts, coalesce(mm.n, 0) AS meetings,
		       coalesce(pf.open_items, 0) AS open_items, coalesce(od.n, 0) AS overdue_items
		  FROM staff s
		  LEFT JOIN professional_facts pf ON pf.user_id = s.id
		  LEFT JOIN meets mm ON mm.user_id = s.id
		  LEFT JOIN overdue od ON od.user_id = s.id
		 ORDER BY `+loadOrder[f.Sort]+dir+`, s.name, s.id`, actor.ID, f.Unit, now, today).Query(func(rows pgx.Rows) error {
		var err error
		o.Loads, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.ProfessionalLoad, error) {
			var l casework.ProfessionalLoad
			err := r.Scan(&l.UserID, &l.Name, &l.Unit, &l.Role, &l.Teams, &l.ContactCases, &l.Meetings, &l.OpenItems, &l.OverdueItems)
			return l, err
		})
		return err
	})
	b.Queue(thresholdsSQL, actor.MunicipalityID).QueryRow(func(row pgx.Row) error {
		var err error
		o.Thresholds, err = scanThresholds(row)
		return err
	})
	b.Queue(`SELECT name FROM units WHERE municipality_id = $1 ORDER BY name`, actor.MunicipalityID).Query(func(rows pgx.Rows) error {
		var err error
		o.Units, err = pgx.CollectRows(rows, pgx.RowTo[string])
		return err
	})
	if err := db.Pool.SendBatch(ctx, b).Close(); err != nil {
		return LoadOverview{}, err
	}
	return o, nil
}

// Fragments the between-chairs list shares with the reminders
// (reminders.go), for a young person under the given alias.

// lastMeetingOf joins lm.last: the start of the young person's latest
// meeting that was not cancelled (NULL for none).
func lastMeetingOf(youth string) string {
	return `LEFT JOIN LATERAL (SELECT max(mt.starts_at) AS last FROM meetings mt
	                      WHERE mt.youth_id = ` + youth + `.id AND mt.status <> 'cancelled') lm ON true`
}

// turning18Within: the young person turns 18 on or after the date today
// and before today + days.
func turning18Within(youth, today, days string) string {
	return youth + `.birth_date + interval '18 years' >= ` + today + `::date AND ` +
		youth + `.birth_date + interval '18 years' < ` + today + `::date + ` + days
}

// chairsPerCategory is how many of each category the list shows: the
// longest waiting first.
const chairsPerCategory = 100

// chairsMunicipality is the coordinator's municipality ($1): NULL, and so
// nothing, for anyone else.
const chairsMunicipality = `(SELECT a.municipality_id FROM users a WHERE a.id = $1 AND a.active AND a.role = 'coordinator')`

// chairCategory is one category of the between-chairs list as SQL: its
// longest-waiting entries (at most $5) in the order of an index, each with
// the category's total, counted once on the same index (from, without the
// join that names the young person).
func chairCategory(cat casework.ChairCategory, columns, from, join, where, order string) string {
	return `(SELECT '` + string(cat) + `'::text AS cat, ` + columns + `,
	        (SELECT count(*) FROM ` + from + ` WHERE ` + where + `) AS total
	   FROM ` + from + join + ` WHERE ` + where + ` ORDER BY ` + order + ` LIMIT $5)`
}

// chairsSQL reads every category of the between-chairs list: the young
// person's facts (youth_facts, migration 00015) on their partial indexes,
// handovers, referrals and late agendas on theirs. Only the comparisons
// with the clock ($2 now, $3 today) and the municipality's meeting
// interval ($4 days) are made here.
var chairsSQL = func() string {
	facts := func(cat casework.ChairCategory, since, where string) string {
		return chairCategory(cat, `f.youth_id, f.name, f.birth_date, `+since+` AS since, 0::bigint AS meeting`,
			`youth_facts f`, ``, `f.municipality_id = `+chairsMunicipality+` AND f.status = 'active' AND `+where, since+`, f.youth_id`)
	}
	turning18 := `(f.birth_date + interval '18 years') AT TIME ZONE 'Europe/Copenhagen'`
	return strings.Join([]string{
		facts(casework.ChairNoContact, `f.no_contact_since`, `f.open_contacts = 0`),
		chairCategory(casework.ChairHandover, `y.id, y.name, y.birth_date, h.requested_at, 0::bigint`,
			`contact_handovers h`, ` JOIN youth y ON y.id = h.youth_id`,
			`h.municipality_id = `+chairsMunicipality+` AND h.status = 'pending'`, `h.requested_at, h.youth_id`),
		chairCategory(casework.ChairReferral, `y.id, y.name, y.birth_date, r.referred_at, 0::bigint`,
			`visitation_referrals r`, ` JOIN youth y ON y.id = r.youth_id`,
			`r.municipality_id = `+chairsMunicipality+` AND r.status = 'pending'`, `r.referred_at, r.youth_id`),
		facts(casework.ChairSmallTeam, `f.small_team_since`, `f.team_size < 3`),
		chairCategory(casework.ChairAgenda, `y.id, y.name, y.birth_date, mt.agenda_send_by::timestamp AT TIME ZONE 'Europe/Copenhagen', mt.id`,
			`meetings mt`, ` JOIN youth y ON y.id = mt.youth_id`,
			`mt.municipality_id = `+chairsMunicipality+` AND mt.status = 'planned' AND mt.agenda_sent_at IS NULL AND mt.agenda_send_by <= $3::date`,
			`mt.agenda_send_by, y.id, mt.id`),
		facts(casework.ChairNoMeeting, `f.meeting_since`, `f.meeting_since < $2::timestamptz - make_interval(days => $4)`),
		facts(casework.ChairNoProgression, `f.progression_since`, `f.progression_since < $2::timestamptz - interval '3 months'`),
		// The range on birth_date (two days wider, for 29 February) lets
		// the index find the few; the exact test is the reminders' own.
		facts(casework.ChairTurning18, turning18, `f.birth_date >= ($3::date - interval '18 years')::date - 2
			AND f.birth_date < ($3::date + 90 - interval '18 years')::date + 2 AND `+turning18Within("f", "$3", "90")),
	}, "\n\t\tUNION ALL\n") + `
	 ORDER BY cat, since, youth_id, meeting`
}()

// BetweenChairs lists the young people of the municipality who are falling
// between chairs, by category, longest waiting first, in one query. The read
// is one audit row. Coordinators only: it names young people. The thresholds
// and the list are read in one read-only transaction; the audit row is
// committed by the audit writer before the list is returned (readTx).
func (db *DB) BetweenChairs(ctx context.Context, actor casework.User, now, today time.Time) ([]casework.ChairGroup, error) {
	if actor.Role != casework.RoleCoordinator {
		return nil, casework.Forbidden()
	}
	var groups []casework.ChairGroup
	err := db.readTx(ctx, actor, func(tx actionTx) (pageView, error) {
		// Through tx, like everything else here: one connection, not two.
		th, err := scanThresholds(tx.QueryRow(ctx, thresholdsSQL, actor.MunicipalityID))
		if err != nil {
			return pageView{}, err
		}
		rows, err := tx.Query(ctx, chairsSQL, actor.ID, now, today, th.MeetingIntervalDays, chairsPerCategory)
		if err != nil {
			return pageView{}, err
		}
		byCat := map[casework.ChairCategory]*casework.ChairGroup{}
		for _, c := range casework.ChairCategories {
			groups = append(groups, casework.ChairGroup{Category: c})
		}
		for i := range groups {
			byCat[groups[i].Category] = &groups[i]
		}
		var e casework.ChairEntry
		var total int
		if _, err := pgx.ForEachRow(rows, []any{&e.Category, &e.YouthID, &e.YouthName, &e.YouthBirthDate, &e.Since, &e.MeetingID, &total}, func() error {
			if g, ok := byCat[e.Category]; ok {
				g.Total = total
				g.Entries = append(g.Entries, e)
			}
			return nil
		}); err != nil {
			return pageView{}, err
		}
		n := 0
		for _, g := range groups {
			n += g.Total
		}
		return pageView{action: casework.AuditBetweenChairs, detail: "entries=" + strconv.Itoa(n)}, nil
	})
	return groups, translate(err)
}

// ProfessionalDrilldown lists the young people behind a professional's
// numbers. Coordinators only; the read is audited.
func (db *DB) ProfessionalDrilldown(ctx context.Context, actor casework.User, userID int64, now, today time.Time) (casework.ProfessionalCases, error) {
	var pc casework.ProfessionalCases
	if actor.Role != casework.RoleCoordinator {
		return pc, casework.Forbidden()
	}
	err := db.readTx(ctx, actor, func(tx actionTx) (pageView, error) {
		err := tx.QueryRow(ctx, `
			SELECT u.id, u.name, coalesce(un.name, ''), u.role FROM users u
			  JOIN users a ON a.id = $1 AND a.active AND a.role = 'coordinator' AND a.municipality_id = u.municipality_id
			  LEFT JOIN units un ON un.id = u.unit_id
			 WHERE u.id = $2 AND u.active AND u.role <> 'admin'`, actor.ID, userID).
			Scan(&pc.Load.UserID, &pc.Load.Name, &pc.Load.Unit, &pc.Load.Role)
		if err != nil {
			return pageView{}, err
		}
		youthList := func(sql string) ([]casework.YouthSummary, error) {
			rows, err := tx.Query(ctx, sql, userID)
			if err != nil {
				return nil, err
			}
			return pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.YouthSummary, error) {
				var s casework.YouthSummary
				err := r.Scan(&s.ID, &s.Name, &s.BirthDate, &s.Level, &s.Status)
				return s, err
			})
		}
		if pc.Teams, err = youthList(`SELECT y.id, y.name, y.birth_date, y.level, y.status FROM team_members tm JOIN youth y ON y.id = tm.youth_id
			WHERE tm.user_id = $1 AND tm.left_at IS NULL ORDER BY lower(y.name), y.id`); err != nil {
			return pageView{}, err
		}
		if pc.ContactCases, err = youthList(`SELECT y.id, y.name, y.birth_date, y.level, y.status FROM contact_persons c JOIN youth y ON y.id = c.youth_id
			WHERE c.user_id = $1 AND c.ended_at IS NULL ORDER BY lower(y.name), y.id`); err != nil {
			return pageView{}, err
		}
		rows, err := tx.Query(ctx, `
			SELECT DISTINCT mt.id, y.id, y.name, y.birth_date, mt.starts_at, mt.kind FROM meetings mt JOIN youth y ON y.id = mt.youth_id
			  LEFT JOIN meeting_participants mp ON mp.meeting_id = mt.id AND mp.user_id = $1
			 WHERE mt.status = 'planned' AND mt.starts_at >= $2::timestamptz AND mt.starts_at < $2::timestamptz + interval '14 days'
			   AND (mt.facilitator_id = $1 OR mp.user_id IS NOT NULL)
			 ORDER BY mt.starts_at, mt.id`, userID, now)
		if err != nil {
			return pageView{}, err
		}
		if pc.Meetings, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.CaseMeeting, error) {
			var m casework.CaseMeeting
			err := r.Scan(&m.MeetingID, &m.YouthID, &m.YouthName, &m.YouthBirthDate, &m.StartsAt, &m.Kind)
			return m, err
		}); err != nil {
			return pageView{}, err
		}
		rows, err = tx.Query(ctx, `
			SELECT y.id, y.name, y.birth_date, p.meeting_id, p.due, p.due < $2::date FROM plan_items p
			  JOIN meetings mt ON mt.id = p.meeting_id
			  JOIN youth y ON y.id = mt.youth_id
			 WHERE p.owner_id = $1 AND p.open
			 ORDER BY p.due, p.id`, userID, today)
		if err != nil {
			return pageView{}, err
		}
		if pc.OpenItems, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.CaseItem, error) {
			var it casework.CaseItem
			err := r.Scan(&it.YouthID, &it.YouthName, &it.YouthBirthDate, &it.MeetingID, &it.Due, &it.Overdue)
			return it, err
		}); err != nil {
			return pageView{}, err
		}
		pc.Load.Teams, pc.Load.ContactCases, pc.Load.Meetings, pc.Load.OpenItems = len(pc.Teams), len(pc.ContactCases), len(pc.Meetings), len(pc.OpenItems)
		for _, it := range pc.OpenItems {
			if it.Overdue {
				pc.Load.OverdueItems++
			}
		}
		return pageView{action: casework.AuditLoadDrilldown, detail: "professional=" + strconv.FormatInt(userID, 10)}, nil
	})
	return pc, translate(err)
}
