package postgres_test

import (
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"kui/internal/casework"
	"kui/internal/postgres"
	"kui/migrations"
)

// youthFactsFromScratch is what youth_facts must hold, written here the
// other way round from the migration's view (grouped joins, not one
// subquery per young person), over the base tables only.
const youthFactsFromScratch = `
	WITH c AS (SELECT youth_id, count(*) FILTER (WHERE ended_at IS NULL) AS open, max(ended_at) AS last_end FROM contact_persons GROUP BY 1),
	t AS (SELECT youth_id, count(*) FILTER (WHERE left_at IS NULL) AS size, max(left_at) AS last_left FROM team_members GROUP BY 1),
	m AS (SELECT youth_id, max(starts_at) AS last FROM meetings WHERE status <> 'cancelled' GROUP BY 1),
	p AS (SELECT youth_id, max(measured_on) AS last FROM progression_measurements GROUP BY 1)
	SELECT y.id, y.municipality_id, y.status, y.name, y.birth_date, y.created_at,
	       coalesce(c.open, 0)::integer, coalesce(t.size, 0)::integer,
	       greatest(y.created_at, c.last_end), greatest(y.created_at, t.last_left),
	       coalesce(m.last, y.created_at), coalesce((p.last::timestamp AT TIME ZONE 'Europe/Copenhagen'), y.created_at)
	  FROM youth y LEFT JOIN c ON c.youth_id = y.id LEFT JOIN t ON t.youth_id = y.id
	  LEFT JOIN m ON m.youth_id = y.id LEFT JOIN p ON p.youth_id = y.id`

const professionalFactsFromScratch = `
	WITH t AS (SELECT user_id, count(*) AS n FROM team_members WHERE left_at IS NULL GROUP BY 1),
	c AS (SELECT user_id, count(*) AS n FROM contact_persons WHERE ended_at IS NULL GROUP BY 1),
	i AS (SELECT owner_id AS user_id, count(*) AS n FROM plan_items WHERE open AND owner_id IS NOT NULL GROUP BY 1)
	SELECT u.id, u.municipality_id, coalesce(t.n, 0)::integer, coalesce(c.n, 0)::integer, coalesce(i.n, 0)::integer
	  FROM users u LEFT JOIN t ON t.user_id = u.id LEFT JOIN c ON c.user_id = u.id LEFT JOIN i ON i.user_id = u.id`

const plannedMeetingPeopleFromScratch = `
	SELECT mt.id, p.user_id, mt.municipality_id, mt.starts_at
	  FROM meetings mt
	  JOIN (SELECT id AS meeting_id, facilitator_id AS user_id FROM meetings UNION SELECT meeting_id, user_id FROM meeting_participants) p ON p.meeting_id = mt.id
	 WHERE mt.status = 'planned'`

// factsDiff lists the rows of table that differ from want, both ways:
// "extra" is in the table and not in want, "missing" the other way.
func factsDiff(t *testing.T, db *postgres.DB, table, want string) []string {
	t.Helper()
	rows, err := db.Pool.Query(t.Context(), `WITH want AS (`+want+`), got AS (SELECT * FROM `+pgx.Identifier{table}.Sanitize()+`)
		SELECT 'extra', x::text FROM (TABLE got EXCEPT TABLE want) x
		UNION ALL
		SELECT 'missing', x::text FROM (TABLE want EXCEPT TABLE got) x
		ORDER BY 2, 1`)
	if err != nil {
		t.Fatal(err)
	}
	var diff []string
	var kind, row string
	if _, err := pgx.ForEachRow(rows, []any{&kind, &row}, func() error {
		diff = append(diff, kind+" "+row)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return diff
}

// checkFacts fails the test when a fact row differs from the base tables.
func checkFacts(t *testing.T, db *postgres.DB) {
	t.Helper()
	for table, want := range map[string]string{"youth_facts": youthFactsFromScratch, "professional_facts": professionalFactsFromScratch,
		"planned_meeting_people": plannedMeetingPeopleFromScratch} {
		if diff := factsDiff(t, db, table, want); len(diff) > 0 {
			t.Errorf("%s differs from the base tables in %d rows:\n  %s", table, len(diff), strings.Join(diff, "\n  "))
		}
	}
}

// The triggers keep the facts through every change the overview's and the
// between-chairs fixtures make (handovers, a cancelled meeting, a
// followed-up item, a status change and back …); the migration's backfill
// computes the same from what is there, and going down and up again on a
// database in use loses nothing.
func TestFactsFollowTheFixturesAndTheMigrationBothWays(t *testing.T) {
	t.Parallel()
	o := newOverviewFixture(t)
	checkFacts(t, o.db)
	c := newChairsFixture(t)
	checkFacts(t, c.db)
	if n := c.count(`SELECT count(*) FROM youth_facts`); n != len(c.youth) {
		t.Errorf("%d youth_facts rows for %d young people", n, len(c.youth))
	}

	cfg, err := pgx.ParseConfig(c.url)
	c.ok(err)
	sqlDB := stdlib.OpenDB(*cfg)
	defer sqlDB.Close()
	provider, err := goose.NewProvider(goose.DialectPostgres, sqlDB, migrations.FS)
	c.ok(err)
	_, err = provider.DownTo(c.ctx, 14)
	c.ok(err)
	if n := c.count(`SELECT count(*) FROM pg_class WHERE relname IN ('youth_facts', 'professional_facts', 'planned_meeting_people', 'youth_facts_computed', 'contact_handovers_pending')`); n != 0 {
		t.Errorf("down: %d of the facts' relations are left", n)
	}
	// A change while the facts are gone: the backfill must see it.
	c.status(c.ulla, c.youth["Otto Ny"], "anchored")
	_, err = provider.UpTo(c.ctx, 15)
	c.ok(err)
	checkFacts(t, c.db)
	if n := c.count(`SELECT count(*) FROM youth_facts WHERE youth_id = $1 AND status = 'anchored'`, c.youth["Otto Ny"]); n != 1 {
		t.Error("the backfill did not see the change made while the facts were gone")
	}
	groups, err := c.db.BetweenChairs(c.ctx, c.coordinator, clockNow, clockToday)
	c.ok(err)
	if len(groups) != len(casework.ChairCategories) {
		t.Errorf("%d groups after going down and up", len(groups))
	}

	// A young person deleted with their team, contact persons, handovers
	// and meetings (the cascades): their facts go, their professionals'
	// numbers follow.
	c.exec(`DELETE FROM youth WHERE id = $1`, c.youth["Dan Overdragelse"])
	checkFacts(t, c.db)
}

// The two queries the views ran before the facts (overview.go before
// migration 00015), verbatim but for the helpers inlined: the reference
// the fact-based views must agree with.

// loadOverviewFromScratch: $1 actor, $2 unit, $3 now, $4 today; the order
// is filled in.
const loadOverviewFromScratch = `
		WITH m AS (SELECT a.municipality_id FROM users a WHERE a.id = $1 AND a.active AND a.role IN ('coordinator', 'admin')),
		staff AS (
			SELECT u.id, u.name, u.role, coalesce(un.name, '') AS unit
			  FROM users u JOIN m ON m.municipality_id = u.municipality_id LEFT JOIN units un ON un.id = u.unit_id
			 WHERE u.active AND u.role <> 'admin' AND ($2 = '' OR coalesce(un.name, '') = $2)),
		teams AS (
			SELECT tm.user_id, count(*) AS n FROM team_members tm JOIN m ON m.municipality_id = tm.municipality_id
			 WHERE tm.left_at IS NULL GROUP BY 1),
		contacts AS (
			SELECT c.user_id, count(*) AS n FROM contact_persons c JOIN m ON m.municipality_id = c.municipality_id
			 WHERE c.ended_at IS NULL GROUP BY 1),
		upcoming AS (
			SELECT mt.id, mt.facilitator_id FROM meetings mt JOIN m ON m.municipality_id = mt.municipality_id
			 WHERE mt.status = 'planned' AND mt.starts_at >= $3::timestamptz AND mt.starts_at < $3::timestamptz + interval '14 days'),
		meets AS (
			SELECT user_id, count(DISTINCT id) AS n FROM (
				SELECT up.facilitator_id AS user_id, up.id FROM upcoming up
				UNION ALL
				SELECT mp.user_id, up.id FROM upcoming up JOIN meeting_participants mp ON mp.meeting_id = up.id) x
			 GROUP BY 1),
		items AS (
			SELECT p.owner_id AS user_id, count(*) AS open, count(*) FILTER (WHERE p.due < $4::date) AS overdue
			  FROM plan_items p JOIN m ON m.municipality_id = p.municipality_id
			 WHERE p.open AND p.owner_id IS NOT NULL
			 GROUP BY 1)
		SELECT s.id, s.name, s.unit, s.role,
		       coalesce(t.n, 0) AS teams, coalesce(c.n, 0) AS contacts, coalesce(mm.n, 0) AS meetings,
		       coalesce(i.open, 0) AS open_items, coalesce(i.overdue, 0) AS overdue_items
		  FROM staff s
		  LEFT JOIN teams t ON t.user_id = s.id
		  LEFT JOIN contacts c ON c.user_id = s.id
		  LEFT JOIN meets mm ON mm.user_id = s.id
		  LEFT JOIN items i ON i.user_id = s.id
		 ORDER BY {order}, s.name, s.id`

// betweenChairsFromScratch: $1 actor, $2 now, $3 today, $4 the meeting
// interval in days, $5 entries per category.
const betweenChairsFromScratch = `
		WITH mun AS (SELECT a.municipality_id AS id FROM users a WHERE a.id = $1 AND a.active AND a.role = 'coordinator'),
		active AS (
			SELECT y.id, y.name, y.created_at, y.birth_date FROM youth y JOIN mun ON mun.id = y.municipality_id
			 WHERE y.status = 'active'),
		entries AS (
			SELECT 'no_contact' AS cat, a.id, a.name, a.birth_date,
			       greatest(a.created_at, coalesce((SELECT max(c.ended_at) FROM contact_persons c WHERE c.youth_id = a.id), a.created_at)) AS since,
			       0::bigint AS meeting
			  FROM active a
			 WHERE NOT EXISTS (SELECT 1 FROM contact_persons c WHERE c.youth_id = a.id AND c.ended_at IS NULL)
			UNION ALL
			SELECT 'handover', y.id, y.name, y.birth_date, h.requested_at, 0
			  FROM contact_handovers h JOIN mun ON mun.id = h.municipality_id JOIN youth y ON y.id = h.youth_id
			 WHERE h.status = 'pending'
			UNION ALL
			SELECT 'referral', y.id, y.name, y.birth_date, r.referred_at, 0
			  FROM visitation_referrals r JOIN mun ON mun.id = r.municipality_id JOIN youth y ON y.id = r.youth_id
			 WHERE r.status = 'pending'
			UNION ALL
			SELECT 'small_team', a.id, a.name, a.birth_date,
			       greatest(a.created_at, coalesce((SELECT max(tm.left_at) FROM team_members tm WHERE tm.youth_id = a.id AND tm.left_at IS NOT NULL), a.created_at)), 0
			  FROM active a
			 WHERE (SELECT count(*) FROM team_members tm WHERE tm.youth_id = a.id AND tm.left_at IS NULL) < 3
			UNION ALL
			SELECT 'agenda', y.id, y.name, y.birth_date, mt.agenda_send_by::timestamp AT TIME ZONE 'Europe/Copenhagen', mt.id
			  FROM meetings mt JOIN mun ON mun.id = mt.municipality_id JOIN youth y ON y.id = mt.youth_id
			 WHERE mt.status = 'planned' AND mt.agenda_sent_at IS NULL AND mt.agenda_send_by <= $3::date
			UNION ALL
			SELECT 'no_meeting', a.id, a.name, a.birth_date, coalesce(lm.last, a.created_at), 0
			  FROM active a
			  LEFT JOIN LATERAL (SELECT max(mt.starts_at) AS last FROM meetings mt
	                      WHERE mt.youth_id = a.id AND mt.status <> 'cancelled') lm ON true
			 WHERE coalesce(lm.last, a.created_at) < $2::timestamptz - make_interval(days => $4)
			UNION ALL
			SELECT 'no_progression', a.id, a.name, a.birth_date, coalesce(lp.last::timestamp AT TIME ZONE 'Europe/Copenhagen', a.created_at), 0
			  FROM active a
			  LEFT JOIN LATERAL (SELECT max(p.measured_on) AS last FROM progression_measurements p WHERE p.youth_id = a.id) lp ON true
			 WHERE coalesce(lp.last::timestamp AT TIME ZONE 'Europe/Copenhagen', a.created_at) < $2::timestamptz - interval '3 months'
			UNION ALL
			SELECT 'turning_18', a.id, a.name, a.birth_date, (a.birth_date + interval '18 years') AT TIME ZONE 'Europe/Copenhagen', 0
			  FROM active a
			 WHERE a.birth_date + interval '18 years' >= $3::date AND a.birth_date + interval '18 years' < $3::date + 90)
		SELECT cat, id, name, birth_date, since, meeting, total FROM (
			SELECT e.*, count(*) OVER (PARTITION BY cat) AS total,
			       row_number() OVER (PARTITION BY cat ORDER BY since, id) AS rn
			  FROM entries e) x
		 WHERE rn <= $5
		 ORDER BY cat, since, id`

var factsSeed = flag.Uint64("facts.seed", 0, "replay TestFactsAgreeWithTheViewsFromScratch with this seed (or KUI_FACTS_SEED); 0 draws one")

// loadFromScratch is the overview's load by the reference query.
func loadFromScratch(t *testing.T, db *postgres.DB, actor casework.User, f casework.LoadFilter, now, today time.Time) []casework.ProfessionalLoad {
	t.Helper()
	f = f.Normalised()
	order := map[casework.LoadSort]string{
		casework.SortName: "s.name", casework.SortUnit: "s.unit", casework.SortTeams: "teams",
		casework.SortContact: "contacts", casework.SortMeetings: "meetings", casework.SortOpen: "open_items",
		casework.SortOverdue: "overdue_items",
	}[f.Sort]
	if f.Desc {
		order += " DESC"
	} else {
		order += " ASC"
	}
	rows, err := db.Pool.Query(t.Context(), strings.Replace(loadOverviewFromScratch, "{order}", order, 1), actor.ID, f.Unit, now, today)
	if err != nil {
		t.Fatal(err)
	}
	loads, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.ProfessionalLoad, error) {
		var l casework.ProfessionalLoad
		err := r.Scan(&l.UserID, &l.Name, &l.Unit, &l.Role, &l.Teams, &l.ContactCases, &l.Meetings, &l.OpenItems, &l.OverdueItems)
		return l, err
	})
	if err != nil {
		t.Fatal(err)
	}
	return loads
}

// chairsFromScratch is the between-chairs list by the reference query,
// grouped as BetweenChairs groups it. Late agendas of one young person with
// the same send-by day are put in meeting order (the reference leaves their
// order to chance; the view orders them).
func chairsFromScratch(t *testing.T, db *postgres.DB, actor casework.User, now, today time.Time) []casework.ChairGroup {
	t.Helper()
	th, err := db.Thresholds(t.Context(), actor)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := db.Pool.Query(t.Context(), betweenChairsFromScratch, actor.ID, now, today, th.MeetingIntervalDays, 100)
	if err != nil {
		t.Fatal(err)
	}
	var groups []casework.ChairGroup
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
		g := byCat[e.Category]
		g.Total = total
		g.Entries = append(g.Entries, e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, g := range groups {
		// The query's order (since, young person), then the meeting.
		sort.SliceStable(g.Entries, func(i, j int) bool {
			a, b := g.Entries[i], g.Entries[j]
			if !a.Since.Equal(b.Since) {
				return a.Since.Before(b.Since)
			}
			if a.YouthID != b.YouthID {
				return a.YouthID < b.YouthID
			}
			return a.MeetingID < b.MeetingID
		})
	}
	return groups
}

func chairLines(groups []casework.ChairGroup) string {
	var b strings.Builder
	for _, g := range groups {
		fmt.Fprintf(&b, "%s total %d\n", g.Category, g.Total)
		for _, e := range g.Entries {
			fmt.Fprintf(&b, "  %s %d %q %s since %s meeting %d\n", e.Category, e.YouthID, e.YouthName, e.YouthBirthDate.Format(time.DateOnly),
				e.Since.UTC().Format(time.RFC3339Nano), e.MeetingID)
		}
	}
	return b.String()
}

// factsWorld is the randomised test's two municipalities: their people
// and young people, and the random source of one goroutine.
type factsWorld struct {
	*storeFixture
	coordinators map[int64]casework.User   // by municipality
	staff        map[int64][]casework.User // the professionals (not the administrator) by municipality
	users        map[int64]casework.User   // every professional by id
	youth        map[int64][]int64         // by municipality
	step         time.Duration             // how far the clock moves per operation
}

// tick moves the store's clock on by one step and returns the new time.
func (w *factsWorld) tick() time.Time {
	w.clock.mu.Lock()
	defer w.clock.mu.Unlock()
	w.clock.now = w.clock.now.Add(w.step)
	return w.clock.now
}

// ids reads a list of ids (what the next operation may pick from).
func (w *factsWorld) ids(sql string, args ...any) []int64 {
	rows, err := w.db.Pool.Query(w.ctx, sql, args...)
	if err != nil {
		w.t.Error(err)
		return nil
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		w.t.Error(err)
	}
	return ids
}

func pick[T any](rng *rand.Rand, list []T) (T, bool) {
	var zero T
	if len(list) == 0 {
		return zero, false
	}
	return list[rng.IntN(len(list))], true
}

// factsOps are the operations the goroutines apply, each through the
// store's public methods. An operation returns false when it found nothing
// to apply to; its error may be a refusal (a full team, a contact person
// leaving the team, a closed meeting …), which the test counts and allows.
var factsOps = []struct {
	name string
	do   func(w *factsWorld, rng *rand.Rand, m int64, now time.Time) (bool, error)
}{
	{"add team member", func(w *factsWorld, rng *rand.Rand, m int64, now time.Time) (bool, error) {
		y, _ := pick(rng, w.youth[m])
		u, _ := pick(rng, w.staff[m])
		return true, w.db.AddTeamMember(w.ctx, w.coordinators[m], y, u.ID, "")
	}},
	{"leave team", func(w *factsWorld, rng *rand.Rand, m int64, now time.Time) (bool, error) {
		y, _ := pick(rng, w.youth[m])
		u, ok := pick(rng, w.ids(`SELECT user_id FROM team_members WHERE youth_id = $1 AND left_at IS NULL ORDER BY user_id`, y))
		if !ok {
			return false, nil
		}
		return true, w.db.RemoveTeamMember(w.ctx, w.coordinators[m], y, u)
	}},
	{"choose contact person", func(w *factsWorld, rng *rand.Rand, m int64, now time.Time) (bool, error) {
		y, _ := pick(rng, w.youth[m])
		u, ok := pick(rng, w.ids(`SELECT user_id FROM team_members WHERE youth_id = $1 AND left_at IS NULL ORDER BY user_id`, y))
		if !ok {
			return false, nil
		}
		_, err := w.db.ChooseContactPerson(w.ctx, w.coordinators[m], y, casework.ContactChoice{UserID: u, Reason: "valgt", Weighing: casework.Weighing{YouthWish: true}})
		return true, err
	}},
	{"decide handover", func(w *factsWorld, rng *rand.Rand, m int64, now time.Time) (bool, error) {
		h, ok := pick(rng, w.ids(`SELECT id FROM contact_handovers WHERE municipality_id = $1 AND status = 'pending' ORDER BY id`, m))
		if !ok {
			return false, nil
		}
		var y, to int64
		if err := w.db.Pool.QueryRow(w.ctx, `SELECT youth_id, to_user_id FROM contact_handovers WHERE id = $1`, h).Scan(&y, &to); err != nil {
			return true, err
		}
		switch rng.IntN(3) {
		case 0:
			return true, w.db.DeclineHandover(w.ctx, w.users[to], y, h, "nej tak")
		case 1:
			return true, w.db.CancelHandover(w.ctx, w.coordinators[m], y, h)
		}
		return true, w.db.AcceptHandover(w.ctx, w.users[to], y, h)
	}},
	{"plan meeting", func(w *factsWorld, rng *rand.Rand, m int64, now time.Time) (bool, error) {
		// At most three planned meetings each, so no category passes the
		// 100 shown and the reference's cut is the view's.
		y, ok := pick(rng, w.ids(`SELECT y.id FROM youth y WHERE y.municipality_id = $1
			AND (SELECT count(*) FROM meetings mt WHERE mt.youth_id = y.id AND mt.status = 'planned') < 3 ORDER BY y.id`, m))
		if !ok {
			return false, nil
		}
		f, _ := pick(rng, w.staff[m])
		kind := casework.KindCooperation
		if rng.IntN(5) == 0 {
			kind = casework.KindCoordination
		}
		starts := now.Add(time.Duration(rng.IntN(260*24)-200*24) * time.Hour).Truncate(15 * time.Minute)
		_, err := w.db.CreateMeeting(w.ctx, w.coordinators[m], y, casework.MeetingDetails{Kind: kind, StartsAt: starts, EndsAt: starts.Add(time.Hour),
			FacilitatorID: f.ID, YouthAttends: kind != casework.KindCoordination, AllTeam: true})
		return true, err
	}},
	{"move meeting", func(w *factsWorld, rng *rand.Rand, m int64, now time.Time) (bool, error) {
		mt, ok := pick(rng, w.ids(`SELECT id FROM meetings WHERE municipality_id = $1 AND status = 'planned' ORDER BY id`, m))
		if !ok {
			return false, nil
		}
		var version int
		var kind casework.MeetingKind
		var facilitator int64
		if err := w.db.Pool.QueryRow(w.ctx, `SELECT version, kind, facilitator_id FROM meetings WHERE id = $1`, mt).Scan(&version, &kind, &facilitator); err != nil {
			return true, err
		}
		starts := now.Add(time.Duration(rng.IntN(100*24)-40*24) * time.Hour).Truncate(15 * time.Minute)
		return true, w.db.UpdateMeeting(w.ctx, w.coordinators[m], mt, version, casework.MeetingDetails{Kind: kind, StartsAt: starts, EndsAt: starts.Add(time.Hour),
			FacilitatorID: facilitator, YouthAttends: kind != casework.KindCoordination, AllTeam: true})
	}},
	{"end or cancel meeting", func(w *factsWorld, rng *rand.Rand, m int64, now time.Time) (bool, error) {
		mt, ok := pick(rng, w.ids(`SELECT id FROM meetings WHERE municipality_id = $1 AND status = 'planned' ORDER BY id`, m))
		if !ok {
			return false, nil
		}
		to := casework.MeetingEnded
		if rng.IntN(2) == 0 {
			to = casework.MeetingCancelled
		}
		return true, w.db.CloseMeeting(w.ctx, w.coordinators[m], mt, to)
	}},
	{"send agenda", func(w *factsWorld, rng *rand.Rand, m int64, now time.Time) (bool, error) {
		mt, ok := pick(rng, w.ids(`SELECT id FROM meetings WHERE municipality_id = $1 AND status = 'planned' AND agenda_sent_at IS NULL ORDER BY id`, m))
		if !ok {
			return false, nil
		}
		if err := w.db.AddAgendaItem(w.ctx, w.coordinators[m], mt, casework.AgendaDetails{Text: "Skole", RaisedByYouth: true}, ""); err != nil {
			return true, err
		}
		return true, w.db.SendAgenda(w.ctx, w.coordinators[m], mt, now)
	}},
	{"add plan item", func(w *factsWorld, rng *rand.Rand, m int64, now time.Time) (bool, error) {
		mt, ok := pick(rng, w.ids(`SELECT id FROM meetings WHERE municipality_id = $1 AND status = 'planned' AND kind <> 'koordinationsmoede' ORDER BY id`, m))
		if !ok {
			return false, nil
		}
		d := casework.PlanDetails{Text: "Jeg skal søge en praktikplads", OwnerYouth: true, Due: casework.DateOf(now).AddDate(0, 0, rng.IntN(90)-45), Goal: casework.GoalEducationJob}
		if rng.IntN(4) > 0 {
			if u, ok := pick(rng, w.ids(`SELECT tm.user_id FROM team_members tm JOIN meetings mt ON mt.youth_id = tm.youth_id
				WHERE mt.id = $1 AND tm.left_at IS NULL ORDER BY 1`, mt)); ok {
				d.OwnerYouth, d.OwnerID = false, u
			}
		}
		return true, w.db.AddPlanItem(w.ctx, w.coordinators[m], mt, d, "")
	}},
	{"follow up or delete plan item", func(w *factsWorld, rng *rand.Rand, m int64, now time.Time) (bool, error) {
		item, ok := pick(rng, w.ids(`SELECT id FROM plan_items WHERE municipality_id = $1 AND open ORDER BY id`, m))
		if !ok {
			return false, nil
		}
		var meeting int64
		var version int
		if err := w.db.Pool.QueryRow(w.ctx, `SELECT meeting_id, version FROM plan_items WHERE id = $1`, item).Scan(&meeting, &version); err != nil {
			return true, err
		}
		if rng.IntN(3) == 0 {
			return true, w.db.DeletePlanItem(w.ctx, w.coordinators[m], meeting, item, version)
		}
		// The follow-up belongs to a later meeting of the same young person.
		next, ok := pick(rng, w.ids(`SELECT n.id FROM meetings n JOIN meetings mt ON mt.youth_id = n.youth_id
			WHERE mt.id = $1 AND n.id <> mt.id AND n.status = 'planned' AND n.starts_at > mt.starts_at ORDER BY n.id`, meeting))
		if !ok {
			return false, nil
		}
		return true, w.db.RecordFollowup(w.ctx, w.coordinators[m], next, item, casework.FollowupDetails{Outcome: casework.OutcomeDone}, "")
	}},
	{"measure progression", func(w *factsWorld, rng *rand.Rand, m int64, now time.Time) (bool, error) {
		y, _ := pick(rng, w.youth[m])
		return true, w.db.RecordProgression(w.ctx, w.coordinators[m], y, casework.ProgressionMeasurement{
			MeasuredOn: casework.DateOf(now).AddDate(0, 0, -rng.IntN(120)), ProfessionalStep: 3, YouthStep: 2, YouthWords: "Det går bedre"})
	}},
	{"change status", func(w *factsWorld, rng *rand.Rand, m int64, now time.Time) (bool, error) {
		y, _ := pick(rng, w.youth[m])
		to := []casework.Status{casework.StatusActive, casework.StatusActive, casework.StatusAnchored, casework.StatusClosed}[rng.IntN(4)]
		return true, w.db.ChangeStatus(w.ctx, w.coordinators[m], y, to, "")
	}},
	{"refer, withdraw or decide", func(w *factsWorld, rng *rand.Rand, m int64, now time.Time) (bool, error) {
		r, ok := pick(rng, w.ids(`SELECT id FROM visitation_referrals WHERE municipality_id = $1 AND status = 'pending' ORDER BY id`, m))
		if !ok || rng.IntN(2) == 0 {
			y, _ := pick(rng, w.youth[m])
			return true, w.db.CreateReferral(w.ctx, w.coordinators[m], y, casework.ReferralForm{Situation: "s", Tried: "t", Needed: "n"})
		}
		var y int64
		if err := w.db.Pool.QueryRow(w.ctx, `SELECT youth_id FROM visitation_referrals WHERE id = $1`, r).Scan(&y); err != nil {
			return true, err
		}
		if rng.IntN(2) == 0 {
			return true, w.db.WithdrawReferral(w.ctx, w.coordinators[m], y, r)
		}
		u, _ := pick(rng, w.staff[m])
		_, err := w.db.DecideReferral(w.ctx, w.coordinators[m], r, u.ID, "besluttet")
		return true, err
	}},
}

// A seeded random history of two municipalities, applied by four
// goroutines at once through the store, must leave the facts equal to the
// base tables, and the two views equal to the queries they replaced at
// every instant tried, on and beside each threshold.
func TestFactsAgreeWithTheViewsFromScratch(t *testing.T) {
	t.Parallel()
	seed := *factsSeed
	if env := os.Getenv("KUI_FACTS_SEED"); seed == 0 && env != "" {
		var err error
		if seed, err = strconv.ParseUint(env, 10, 64); err != nil {
			t.Fatal(err)
		}
	}
	if seed == 0 {
		seed = rand.Uint64()
	}
	t.Logf("seed %d (replay with -facts.seed=%d or KUI_FACTS_SEED=%d)", seed, seed, seed)
	rng := rand.New(rand.NewPCG(seed, 15))

	s := newStore(t)
	const ops, workers = 2000, 4
	start := clockNow.Add(-250 * 24 * time.Hour)
	w := &factsWorld{storeFixture: s, coordinators: map[int64]casework.User{}, staff: map[int64][]casework.User{},
		users: map[int64]casework.User{}, youth: map[int64][]int64{}, step: 250 * 24 * time.Hour / ops}
	s.clock.mu.Lock()
	s.clock.now = start
	s.clock.mu.Unlock()
	var munis []int64
	for _, name := range []string{"A Kommune", "B Kommune"} {
		k := s.user("Koordinator "+name, casework.RoleCoordinator, name, "Ungeenheden")
		m := k.MunicipalityID
		munis = append(munis, m)
		w.coordinators[m] = k
		w.staff[m] = append(w.staff[m], k)
		admin := s.user("Admin "+name, casework.RoleAdmin, name, "")
		if name == "B Kommune" {
			s.ok(s.db.SetThresholds(s.ctx, admin, casework.LoadThresholds{ContactCases: 12, Teams: 25, OverdueItems: 5, MeetingIntervalDays: 30}))
		}
		units := []string{"Ungevejledning", "Mentor", "Jobcenter"}
		for i := range 5 {
			role := casework.RoleCaseworker
			if i == 0 {
				role = casework.RoleFacilitator
			}
			w.staff[m] = append(w.staff[m], s.user([]string{"Tove", "Ulla", "Mads", "Jonna", "Frede"}[i]+" "+name, role, name, units[i%len(units)]))
		}
		for _, u := range w.staff[m] {
			w.users[u.ID] = u
		}
		for i := range 30 {
			w.tick()
			// Half of them turn 18 around the instants tried.
			birth := clockToday.AddDate(-18, 0, rng.IntN(300)-150)
			if i%2 == 1 {
				birth = clockToday.AddDate(-13-rng.IntN(4), 0, -rng.IntN(365))
			}
			creator := w.staff[m][1+rng.IntN(len(w.staff[m])-1)]
			id, err := s.db.CreateYouth(s.ctx, creator, casework.YouthDetails{Name: fmt.Sprintf("Ung %02d %s", i, name), BirthDate: birth,
				Level: casework.LevelBump, NeedCategory: casework.NeedCoordinated, JoinTeam: true})
			s.ok(err)
			w.youth[m] = append(w.youth[m], id)
		}
	}

	type tally struct{ applied, refused int }
	tallies := make([]map[string]*tally, workers)
	var wg sync.WaitGroup
	var deadlocks atomic.Int64
	for g := range workers {
		grng := rand.New(rand.NewPCG(seed, uint64(g)))
		tallies[g] = map[string]*tally{}
		wg.Go(func() {
			for range ops / workers {
				op := factsOps[grng.IntN(len(factsOps))]
				m := munis[grng.IntN(len(munis))]
				found, err := op.do(w, grng, m, w.tick())
				if !found {
					continue
				}
				c := tallies[g][op.name]
				if c == nil {
					c = &tally{}
					tallies[g][op.name] = c
				}
				if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok && pgErr.Code == "40P01" {
					deadlocks.Add(1) // named in the plan's risks: the user retries
				}
				if err != nil {
					c.refused++
				} else {
					c.applied++
				}
			}
		})
	}
	wg.Wait()
	var summary []string
	for _, op := range factsOps {
		var sum tally
		for _, tl := range tallies {
			if c := tl[op.name]; c != nil {
				sum.applied += c.applied
				sum.refused += c.refused
			}
		}
		summary = append(summary, fmt.Sprintf("%s %d/%d", op.name, sum.applied, sum.applied+sum.refused))
		if sum.applied == 0 {
			t.Errorf("%q never took effect: the history does not exercise it", op.name)
		}
	}
	t.Logf("applied/tried: %s; deadlocks among the refusals: %d", strings.Join(summary, ", "), deadlocks.Load())

	checkFacts(t, s.db)

	// The instants: now, a few at random, and on each threshold.
	at := func(sql string, args ...any) time.Time {
		t.Helper()
		var v time.Time
		if err := s.db.Pool.QueryRow(s.ctx, sql, args...).Scan(&v); errors.Is(err, pgx.ErrNoRows) {
			return time.Time{} // the history left none: no such instant
		} else if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return v
	}
	noon := func(d time.Time) time.Time {
		if d.IsZero() {
			return d
		}
		return time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, casework.Copenhagen())
	}
	a, b := munis[0], munis[1]
	instants := map[string]time.Time{
		"the end of the history": clockNow,
		"a random day before":    clockNow.Add(-time.Duration(rng.IntN(100*24*60)) * time.Minute),
		"a random day after":     clockNow.Add(time.Duration(rng.IntN(100*24*60)) * time.Minute),
		// meeting_since < now - interval: on the boundary, and a microsecond after
		"A's meeting interval exactly":       at(`SELECT meeting_since + make_interval(days => 90) FROM youth_facts WHERE municipality_id = $1 AND status = 'active' ORDER BY meeting_since DESC, youth_id LIMIT 1`, a),
		"B's meeting interval passed":        at(`SELECT meeting_since + make_interval(days => 30) + interval '1 microsecond' FROM youth_facts WHERE municipality_id = $1 AND status = 'active' ORDER BY meeting_since DESC, youth_id LIMIT 1`, b),
		"three months without a measurement": at(`SELECT progression_since + interval '3 months' FROM youth_facts WHERE status = 'active' ORDER BY progression_since DESC, youth_id LIMIT 1`),
		// a meeting just at the end of the 14 days, and one just begun
		"a meeting 14 days ahead": at(`SELECT starts_at - interval '14 days' FROM meetings WHERE status = 'planned' ORDER BY starts_at DESC, id LIMIT 1`),
		"a meeting beginning":     at(`SELECT starts_at FROM meetings WHERE status = 'planned' ORDER BY starts_at, id LIMIT 1`),
		// the day an item is due (not overdue), the day an agenda is to be sent, an 18th birthday and 90 days before one
		"an item due today":         noon(at(`SELECT due::timestamp FROM plan_items WHERE open AND owner_id IS NOT NULL ORDER BY due DESC, id LIMIT 1`)),
		"an agenda due today":       noon(at(`SELECT agenda_send_by::timestamp FROM meetings WHERE status = 'planned' AND agenda_sent_at IS NULL ORDER BY agenda_send_by DESC, id LIMIT 1`)),
		"an 18th birthday":          noon(at(`SELECT (birth_date + interval '18 years')::timestamp FROM youth WHERE status = 'active' ORDER BY birth_date DESC, id LIMIT 1`)),
		"90 days before turning 18": noon(at(`SELECT (birth_date + interval '18 years' - interval '90 days')::timestamp FROM youth WHERE status = 'active' ORDER BY birth_date, id LIMIT 1`)),
	}
	for name, now := range instants {
		if now.IsZero() {
			t.Logf("no instant %q in this history", name)
			continue
		}
		today := casework.DateOf(now)
		for _, m := range munis {
			k := w.coordinators[m]
			got, err := s.db.BetweenChairs(s.ctx, k, now, today)
			s.ok(err)
			if g, want := chairLines(got), chairLines(chairsFromScratch(t, s.db, k, now, today)); g != want {
				t.Errorf("%s (%s), municipality %d: between chairs\n got:\n%s\nwant:\n%s", name, now.Format(time.RFC3339Nano), m, g, want)
			}
			for _, by := range append(casework.LoadSorts, "") {
				for _, desc := range []bool{false, true} {
					for _, unit := range []string{"", "Mentor"} {
						f := casework.LoadFilter{Sort: by, Desc: desc, Unit: unit}
						o, err := s.db.LoadOverview(s.ctx, k, f, now, today)
						s.ok(err)
						if g, want := loadLines(o.Loads), loadLines(loadFromScratch(t, s.db, k, f, now, today)); g != want {
							t.Errorf("%s (%s), municipality %d, %+v: overview\n got %s\nwant %s", name, now.Format(time.RFC3339Nano), m, f, g, want)
						}
					}
				}
			}
		}
	}
}

// Two transactions change one young person's facts at once — a meeting in
// one, a progression measurement in the other — and the second waits for
// the first: when both have committed, the fact row holds both changes,
// whichever came first. (Recomputed from a snapshot taken before the first
// committed, the second would write back the old meeting, or the old
// measurement.)
func TestFactsLoseNoUpdateOfTwoTransactionsAtOnce(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	u := s.user("Ulla Ungevejleder", casework.RoleCaseworker, "A Kommune", "")
	meeting := `INSERT INTO meetings (municipality_id, youth_id, kind, starts_at, ends_at, facilitator_id, youth_attends, parents_attend, agenda_send_by, created_by)
		SELECT y.municipality_id, y.id, 'samarbejdsmoede', $2, $2::timestamptz + interval '1 hour', $3, true, false, $2::date, $3 FROM youth y WHERE y.id = $1`
	measurement := `INSERT INTO progression_measurements (municipality_id, youth_id, measured_on, professional_step, youth_step, youth_words, recorded_by)
		SELECT y.municipality_id, y.id, $2::date, 3, 3, 'Det går bedre', $3 FROM youth y WHERE y.id = $1`
	for _, order := range [][2]string{{meeting, measurement}, {measurement, meeting}} {
		y := s.youth(u, "Yrsa Et", "2010-03-12", casework.LevelBump)
		when := daysFrom(-20)
		first, err := s.db.Pool.Begin(s.ctx)
		s.ok(err)
		defer first.Rollback(s.ctx)
		if _, err := first.Exec(s.ctx, order[0], y, when, u.ID); err != nil {
			t.Fatal(err)
		}
		var pid int
		second, err := s.db.Pool.Begin(s.ctx)
		s.ok(err)
		defer second.Rollback(s.ctx)
		s.ok(second.QueryRow(s.ctx, `SELECT pg_backend_pid()`).Scan(&pid))
		done := make(chan error, 1)
		go func() {
			if _, err := second.Exec(s.ctx, order[1], y, when, u.ID); err != nil {
				done <- err
				return
			}
			done <- second.Commit(s.ctx)
		}()
		// The second waits for the first's lock on the fact row.
		for waiting := false; !waiting; {
			s.ok(s.db.Pool.QueryRow(s.ctx, `SELECT coalesce((SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = $1), false)`, pid).Scan(&waiting))
			select {
			case err := <-done:
				t.Fatalf("the second transaction did not wait for the first: %v", err)
			default:
			}
			time.Sleep(10 * time.Millisecond)
		}
		s.ok(first.Commit(s.ctx))
		s.ok(<-done)
		var meetingSince, progressionSince time.Time
		s.ok(s.db.Pool.QueryRow(s.ctx, `SELECT meeting_since, progression_since FROM youth_facts WHERE youth_id = $1`, y).Scan(&meetingSince, &progressionSince))
		if day := cph(casework.DateOf(when).Format(time.DateOnly) + " 00:00"); !meetingSince.Equal(when) || !progressionSince.Equal(day) {
			t.Errorf("after both committed: meeting since %s (want %s), progression since %s (want %s)", meetingSince, when, progressionSince, day)
		}
	}
	checkFacts(t, s.db)
}
