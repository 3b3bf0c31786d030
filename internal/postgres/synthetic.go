package postgres

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

// SyntheticOptions shape the benchmark's data set.
type SyntheticOptions struct {
	Youth          int    // young people in all
	Seed           uint64 // the same seed gives the same data
	Municipalities int    // 98, as in Denmark
	BigYouth       int    // young people in the first, largest municipality
	BigStaff       int    // professionals in the largest municipality
	Staff          int    // professionals in all
}

// DefaultSyntheticOptions is the benchmark's data set for n young people:
// at 100,000, 98 municipalities, one with 10,000 young people and 1,500
// professionals, and 20,000 professionals in all.
func DefaultSyntheticOptions(n int, seed uint64) SyntheticOptions {
	o := SyntheticOptions{Youth: n, Seed: seed, Municipalities: 98, BigYouth: n / 10, Staff: n / 5}
	o.BigStaff = o.BigYouth * 3 / 20
	if o.Municipalities > n/20 {
		o.Municipalities = max(2, n/20)
	}
	return o
}

// SyntheticPassword is the password of every synthetic account.
const SyntheticPassword = "synthetic-kui-2026"

// SyntheticCoordinator is the login of the largest municipality's
// coordinator, whose views the benchmark measures.
const SyntheticCoordinator = "koordinator@k01.synthetic.example"

// SyntheticReport says how many rows each table got, and how long it took.
type SyntheticReport struct {
	Rows     []TableRows
	Duration time.Duration
}

// TableRows is one table's count in a SyntheticReport.
type TableRows struct {
	Table string
	Rows  int
}

// SeedSynthetic loads a large, deterministic, realistic data set with COPY,
// in one transaction. Ids are allocated here, so every table is one COPY.
func (db *DB) SeedSynthetic(ctx context.Context, o SyntheticOptions) (SyntheticReport, error) {
	start := time.Now()
	g := newGenerator(o)
	hash, err := casework.HashPassword(SyntheticPassword)
	if err != nil {
		return SyntheticReport{}, err
	}
	var report SyntheticReport
	err = db.inTx(ctx, func(tx actionTx) error {
		// The generator keeps every rule the triggers check (team ≤ 5, the
		// contact person on the team, nothing added to a closed meeting);
		// checking them row by row would make the load an order of magnitude
		// slower. Foreign keys stay checked. ALTER TABLE is transactional:
		// if the load fails, the triggers were never off.
		if err := setUserTriggers(ctx, tx, g.tables(hash), "DISABLE"); err != nil {
			return err
		}
		for _, table := range g.tables(hash) {
			if err := table.allocate(ctx, tx); err != nil {
				return err
			}
		}
		for _, table := range g.tables(hash) {
			n, err := tx.CopyFrom(ctx, pgx.Identifier{table.name}, table.columns, pgx.CopyFromRows(table.rows()))
			if err != nil {
				return fmt.Errorf("copy %s: %w", table.name, err)
			}
			report.Rows = append(report.Rows, TableRows{Table: table.name, Rows: int(n)})
			if table.columns[0] != "id" {
				continue
			}
			if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence($1, 'id'), (SELECT max(id) FROM `+pgx.Identifier{table.name}.Sanitize()+`))`, table.name); err != nil {
				return err
			}
		}
		// The facts' triggers were off with the rest: the new young people's
		// and professionals' facts, and the planned meetings' people, are computed here, set-based, from the
		// same views the triggers read (migration 00015).
		if _, err := tx.Exec(ctx, `INSERT INTO youth_facts SELECT * FROM youth_facts_computed WHERE youth_id >= $1`, g.base["youth"]); err != nil {
			return fmt.Errorf("youth facts: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO professional_facts SELECT * FROM professional_facts_computed WHERE user_id >= $1`, g.base["users"]); err != nil {
			return fmt.Errorf("professional facts: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO planned_meeting_people SELECT * FROM planned_meeting_people_computed WHERE meeting_id >= $1`, g.base["meetings"]); err != nil {
			return fmt.Errorf("planned meeting people: %w", err)
		}
		return setUserTriggers(ctx, tx, g.tables(hash), "ENABLE")
	})
	if err != nil {
		return report, err
	}
	// VACUUM sets the visibility map, so the overview's counts are
	// index-only scans from the start, as they are in a database in use.
	if _, err := db.Pool.Exec(ctx, `VACUUM ANALYZE`); err != nil {
		return report, err
	}
	report.Duration = time.Since(start)
	return report, nil
}

func setUserTriggers(ctx context.Context, tx pgx.Tx, tables []synthTable, action string) error {
	for _, t := range tables {
		if _, err := tx.Exec(ctx, `ALTER TABLE `+pgx.Identifier{t.name}.Sanitize()+` `+action+` TRIGGER USER`); err != nil {
			return err
		}
	}
	return nil
}

// generator makes the synthetic rows. Ids start after the highest id each
// table already has, so synthetic data can sit beside the demo data.
type generator struct {
	o    SyntheticOptions
	rng  *rand.Rand
	base map[string]int64 // first free id per table
	ref  time.Time        // "today" of the data set: fixed, so the data is deterministic

	municipalities []synthMunicipality
	users          [][]any
	youth          [][]any
	guardians      [][]any
	statuses       [][]any
	team           [][]any
	contacts       [][]any
	meetings       [][]any
	participants   [][]any
	planItems      [][]any
	followups      [][]any
	progression    [][]any
	notes          [][]any
	audit          [][]any
	generated      bool
}

type synthMunicipality struct {
	id           int64
	name         string
	youth        int
	staff        int
	units        []int64
	caseworkers  []int64
	facilitators []int64
	coordinator  int64
}

var synthUnits = []string{"UU/Ungevejledning", "Jobcenter", "Familierådgivning", "Mentor", "SSP", "Skole",
	"Distriktspsykiatri", "Socialpsykiatri", "Familievejleder", "FGU"}

var synthFirstNames = []string{"Mikkel", "Sara", "Jonas", "Freja", "Ali", "Emma", "Lukas", "Ida", "Oliver", "Clara",
	"William", "Laura", "Noah", "Alma", "Victor", "Sofie", "Emil", "Maja", "Malthe", "Ella", "Magnus", "Anna",
	"Frederik", "Josefine", "Oscar", "Karla", "Elias", "Agnes", "Aksel", "Nora", "Mohammed", "Fatima", "Omar", "Yasmin"}

var synthLastNames = []string{"Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
	"Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen", "Poulsen",
	"Johansen", "Møller", "Mortensen", "Ahmed", "Hassan", "Ali", "Berg", "Holm", "Lund", "Dam", "Krogh"}

var synthLevels = []casework.Level{casework.LevelMainRoad, casework.LevelLittle, casework.LevelLittle, casework.LevelBump,
	casework.LevelBump, casework.LevelBump, casework.LevelObstacles, casework.LevelObstacles}

func newGenerator(o SyntheticOptions) *generator {
	return &generator{o: o, rng: rand.New(rand.NewPCG(o.Seed, 0x6b7569)), base: map[string]int64{},
		ref: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
}

// synthTable is one table to COPY: its columns and a function producing the
// rows once every table's first id is known.
type synthTable struct {
	name     string
	columns  []string
	g        *generator
	allocate func(context.Context, pgx.Tx) error
	rows     func() [][]any
}

func (g *generator) table(name string, columns []string, rows func() [][]any) synthTable {
	return synthTable{name: name, columns: columns, g: g, rows: rows,
		allocate: func(ctx context.Context, tx pgx.Tx) error {
			if _, ok := g.base[name]; ok || columns[0] != "id" {
				return nil
			}
			var maxID int64
			if err := tx.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM `+pgx.Identifier{name}.Sanitize()).Scan(&maxID); err != nil {
				return err
			}
			g.base[name] = maxID + 1
			return nil
		}}
}

func (g *generator) tables(hash string) []synthTable {
	gen := func(pick func() [][]any) func() [][]any {
		return func() [][]any { g.generate(hash); return pick() }
	}
	return []synthTable{
		g.table("municipalities", []string{"id", "name"}, gen(g.municipalityRows)),
		g.table("units", []string{"id", "municipality_id", "name"}, gen(g.unitRows)),
		g.table("users", []string{"id", "municipality_id", "email", "name", "role", "unit_id", "password_hash"}, gen(func() [][]any { return g.users })),
		g.table("youth", []string{"id", "municipality_id", "name", "birth_date", "cpr", "level", "need_category", "education_status",
			"education_plan", "status", "created_by", "created_at", "updated_at"}, gen(func() [][]any { return g.youth })),
		g.table("guardians", []string{"id", "municipality_id", "youth_id", "name", "relation", "position"}, gen(func() [][]any { return g.guardians })),
		g.table("youth_status_changes", []string{"id", "municipality_id", "youth_id", "from_status", "to_status", "reason", "changed_by", "changed_at"},
			gen(func() [][]any { return g.statuses })),
		g.table("team_members", []string{"id", "municipality_id", "youth_id", "user_id", "team_role", "joined_at", "added_by", "left_at", "removed_by"},
			gen(func() [][]any { return g.team })),
		g.table("contact_persons", []string{"id", "municipality_id", "youth_id", "user_id", "source", "youth_wish", "relation", "reason", "assigned_by", "started_at"},
			gen(func() [][]any { return g.contacts })),
		g.table("meetings", []string{"id", "municipality_id", "youth_id", "kind", "starts_at", "ends_at", "facilitator_id", "youth_attends",
			"parents_attend", "agenda_send_by", "agenda_sent_at", "agenda_sent_by", "status", "closed_at", "closed_by", "created_by", "created_at"},
			gen(func() [][]any { return g.meetings })),
		g.table("meeting_participants", []string{"municipality_id", "meeting_id", "user_id"}, gen(func() [][]any { return g.participants })),
		g.table("plan_items", []string{"id", "municipality_id", "meeting_id", "text", "owner_youth", "owner_id", "due", "goal", "position",
			"created_by", "created_at", "open"}, gen(func() [][]any { return g.planItems })),
		g.table("plan_followups", []string{"plan_item_id", "municipality_id", "meeting_id", "outcome", "went_well", "recorded_by", "recorded_at"},
			gen(func() [][]any { return g.followups })),
		g.table("progression_measurements", []string{"id", "municipality_id", "youth_id", "measured_on", "professional_step", "youth_step",
			"youth_words", "recorded_by", "recorded_at"}, gen(func() [][]any { return g.progression })),
		g.table("journal_notes", []string{"id", "municipality_id", "youth_id", "author_id", "spoken_with", "occurred_at", "topic", "agreed", "created_at"},
			gen(func() [][]any { return g.notes })),
		g.table("audit_log", []string{"id", "municipality_id", "user_id", "youth_id", "action", "detail", "at"}, gen(func() [][]any { return g.audit })),
	}
}

func (g *generator) municipalityRows() [][]any {
	rows := make([][]any, len(g.municipalities))
	for i, m := range g.municipalities {
		rows[i] = []any{m.id, m.name}
	}
	return rows
}

func (g *generator) unitRows() [][]any {
	var rows [][]any
	for _, m := range g.municipalities {
		for i, id := range m.units {
			rows = append(rows, []any{id, m.id, synthUnits[i]})
		}
	}
	return rows
}

// generate makes every row once, after all ids are allocated.
func (g *generator) generate(hash string) {
	if g.generated {
		return
	}
	g.generated = true
	o := g.o
	ids := map[string]*int64{}
	next := func(table string) int64 {
		p, ok := ids[table]
		if !ok {
			v := g.base[table]
			p = &v
			ids[table] = p
		}
		id := *p
		*p++
		return id
	}

	// Sizes: the first municipality is the large one; the rest share what is left.
	restYouth, restStaff := o.Youth-o.BigYouth, o.Staff-o.BigStaff
	for i := range o.Municipalities {
		m := synthMunicipality{id: next("municipalities"), name: fmt.Sprintf("Syntetisk Kommune %02d", i+1)}
		if i == 0 {
			m.youth, m.staff = o.BigYouth, o.BigStaff
		} else {
			share := o.Municipalities - 1
			m.youth = restYouth / share
			m.staff = restStaff / share
			if i <= restYouth%share {
				m.youth++
			}
			if i <= restStaff%share {
				m.staff++
			}
		}
		m.staff = max(m.staff, 12) // an admin, a coordinator, two facilitators and at least eight caseworkers
		for range synthUnits {
			m.units = append(m.units, next("units"))
		}
		g.municipalities = append(g.municipalities, m)
	}

	for mi := range g.municipalities {
		m := &g.municipalities[mi]
		domain := fmt.Sprintf("k%02d.synthetic.example", mi+1)
		for s := range m.staff {
			id := next("users")
			role, email := casework.RoleCaseworker, "p"+strconv.Itoa(s)+"@"+domain
			switch s {
			case 0:
				role, email = casework.RoleAdmin, "admin@"+domain
			case 1:
				role, email = casework.RoleCoordinator, "koordinator@"+domain
				m.coordinator = id
			case 2, 3:
				role, email = casework.RoleFacilitator, "tovholder"+strconv.Itoa(s-1)+"@"+domain
				m.facilitators = append(m.facilitators, id)
			default:
				m.caseworkers = append(m.caseworkers, id)
			}
			unit := m.units[s%len(m.units)]
			g.users = append(g.users, []any{id, m.id, email, g.personName(), string(role), unit, hash})
		}
		cprs := map[string]bool{}
		for range m.youth {
			g.youngPerson(m, next, cprs)
		}
	}
}

func (g *generator) personName() string {
	return synthFirstNames[g.rng.IntN(len(synthFirstNames))] + " " + synthLastNames[g.rng.IntN(len(synthLastNames))]
}

func (g *generator) youngPerson(m *synthMunicipality, next func(string) int64, cprs map[string]bool) {
	rng := g.rng
	id := next("youth")
	birth := g.ref.AddDate(-(13 + rng.IntN(17)), 0, -rng.IntN(365))
	var cpr any
	if rng.IntN(10) < 7 {
		for serial := rng.IntN(1000); ; serial++ {
			century := "4"
			if birth.Year() < 2000 {
				century = "1"
			}
			c := birth.Format("020106") + century + fmt.Sprintf("%03d", serial%1000)
			if !cprs[c] {
				cprs[c], cpr = true, c
				break
			}
		}
	}
	created := g.ref.Add(-time.Duration(rng.IntN(3*365*24)) * time.Hour)
	status := casework.StatusActive
	switch r := rng.IntN(100); {
	case r < 12:
		status = casework.StatusAnchored
	case r < 20:
		status = casework.StatusClosed
	}
	need := casework.NeedCoordinated
	if rng.IntN(3) == 0 {
		need = casework.NeedEarly
	}
	size := min(1+rng.IntN(5), len(m.caseworkers)) // 1–5; about two in five teams are under three
	team := make([]int64, 0, size)
	for len(team) < size {
		u := m.caseworkers[rng.IntN(len(m.caseworkers))]
		if !containsID(team, u) {
			team = append(team, u)
		}
	}
	creator := team[0]
	g.youth = append(g.youth, []any{id, m.id, g.personName(), birth, cpr, string(synthLevels[rng.IntN(len(synthLevels))]), string(need),
		"Uddannelsesstatus " + strconv.Itoa(rng.IntN(9)+1), "", string(status), creator, created, created})
	if casework.AgeOn(birth, g.ref) < 18 {
		g.guardians = append(g.guardians, []any{next("guardians"), m.id, id, g.personName(), "forælder", 0})
	}
	g.statuses = append(g.statuses, []any{next("youth_status_changes"), m.id, id, nil, "active", "", creator, created})
	if status != casework.StatusActive {
		g.statuses = append(g.statuses, []any{next("youth_status_changes"), m.id, id, "active", string(status), "", creator, created.Add(30 * 24 * time.Hour)})
	}
	for _, u := range team {
		g.team = append(g.team, []any{next("team_members"), m.id, id, u, "", created, creator, nil, nil})
	}
	// A former member now and then: history that access rules must ignore.
	if rng.IntN(5) == 0 {
		former := m.caseworkers[rng.IntN(len(m.caseworkers))]
		if !containsID(team, former) {
			g.team = append(g.team, []any{next("team_members"), m.id, id, former, "", created, creator, created.Add(60 * 24 * time.Hour), creator})
		}
	}
	if status == casework.StatusActive && rng.IntN(100) < 85 {
		g.contacts = append(g.contacts, []any{next("contact_persons"), m.id, id, team[rng.IntN(len(team))], "direct",
			rng.IntN(2) == 0, rng.IntN(2) == 0, "Valgt på tværfagligt møde", creator, created.Add(14 * 24 * time.Hour)})
	}
	g.course(m, next, id, status, team, casework.AgeOn(birth, g.ref) < 18)
	for k := range 5 {
		g.audit = append(g.audit, []any{next("audit_log"), m.id, team[k%len(team)], id, string(casework.AuditYouthView), "", created.Add(time.Duration(k) * 24 * time.Hour)})
	}
}

func containsID(ids []int64, id int64) bool {
	for _, v := range ids {
		if v == id {
			return true
		}
	}
	return false
}

var synthPlanTexts = []string{
	"Jeg skal møde op i skole tre dage om ugen.",
	"Jeg skal søge to praktikpladser inden næste møde.",
	"Jeg skal gå til træning om tirsdagen.",
	"Vi skal finde en mentor, jeg kan ringe til.",
	"Jeg skal stå op kl. 7 på hverdage.",
	"Jeg skal tale med min læge om søvn.",
	"Vi skal besøge FGU sammen.",
	"Jeg skal lave mine lektier med min mentor om onsdagen.",
}

var synthYouthWords = []string{
	"Det går bedre, jeg kommer mere i skole.",
	"Jeg synes stadig, det er svært at komme op om morgenen.",
	"Jeg har fået styr på mine lektier.",
	"Jeg ved ikke rigtig, hvad jeg vil endnu.",
}

// course is the young person's meetings over the last year — a pre-meeting,
// then cooperation meetings each quarter and now and then a coordination
// meeting — with their participants, action plans, the follow-up of each
// plan at the next meeting, a progression measurement at each, and journal
// notes. An active young person has one meeting planned ahead.
func (g *generator) course(m *synthMunicipality, next func(string) int64, youthID int64, status casework.Status, team []int64, minor bool) {
	rng := g.rng
	const meetingsPerYouth = 5
	facilitator := m.facilitators[rng.IntN(len(m.facilitators))]
	type planItem struct {
		id  int64
		row []any
	}
	var previousItems []planItem
	for k := range meetingsPerYouth {
		planned := status == casework.StatusActive && k == meetingsPerYouth-1
		var starts time.Time
		if planned {
			starts = g.ref.Add(time.Duration(1+rng.IntN(30*24)) * time.Hour)
		} else {
			starts = g.ref.AddDate(0, -3*(meetingsPerYouth-1-k), -rng.IntN(20))
		}
		starts = time.Date(starts.Year(), starts.Month(), starts.Day(), 9+rng.IntN(6), 0, 0, 0, time.UTC)
		kind := "samarbejdsmoede"
		switch {
		case k == 0:
			kind = "formoede"
		case rng.IntN(6) == 0:
			kind = "koordinationsmoede"
		}
		withYouth := kind != "koordinationsmoede"
		sendBy := starts.AddDate(0, 0, -7)
		mid := next("meetings")
		var sentAt, sentBy, closedAt, closedBy any
		meetStatus := "planned"
		if !planned || rng.IntN(2) == 0 {
			sentAt, sentBy = sendBy, facilitator
		}
		if !planned {
			meetStatus, closedAt, closedBy = "ended", starts.Add(90*time.Minute), facilitator
		}
		g.meetings = append(g.meetings, []any{mid, m.id, youthID, kind, starts, starts.Add(90 * time.Minute), facilitator, withYouth,
			withYouth && minor, sendBy, sentAt, sentBy, meetStatus, closedAt, closedBy, facilitator, starts.AddDate(0, 0, -21)})
		for _, u := range team {
			g.participants = append(g.participants, []any{m.id, mid, u})
		}
		if !withYouth {
			continue
		}
		// The previous plan is followed up at this meeting, once it is held.
		if !planned {
			for _, item := range previousItems {
				outcome := [...]string{"done", "partly", "not_done"}[rng.IntN(3)]
				g.followups = append(g.followups, []any{item.id, m.id, mid, outcome, "", facilitator, starts.Add(time.Hour)})
				item.row[len(item.row)-1] = false // followed up: no longer open
			}
			previousItems = previousItems[:0]
			g.progression = append(g.progression, []any{next("progression_measurements"), m.id, youthID, starts, 1 + min(4, k+rng.IntN(2)),
				1 + rng.IntN(5), synthYouthWords[rng.IntN(len(synthYouthWords))], team[0], starts.Add(time.Hour)})
			g.notes = append(g.notes, []any{next("journal_notes"), m.id, youthID, team[rng.IntN(len(team))], "Den unge og teamet",
				starts, "Møde om handleplanen.", "Handleplanen blev lavet på mødet.", starts.Add(2 * time.Hour)})
		}
		for pos := range 4 {
			itemID := next("plan_items")
			var owner any
			ownerYouth := pos%2 == 0
			if !ownerYouth {
				owner = team[rng.IntN(len(team))]
			}
			goal := "uddannelse_job"
			if pos%2 == 1 {
				goal = "personligt"
			}
			row := []any{itemID, m.id, mid, synthPlanTexts[rng.IntN(len(synthPlanTexts))], ownerYouth, owner,
				starts.AddDate(0, 0, 30+rng.IntN(60)), goal, pos, facilitator, starts.Add(30 * time.Minute), true}
			g.planItems = append(g.planItems, row)
			if !planned {
				previousItems = append(previousItems, planItem{itemID, row})
			}
		}
	}
}
