package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"kui/internal/casework"
	"kui/internal/postgres"
)

// demoPassword is the password of every demo account (CONTRACT.md).
const demoPassword = "demo-kui-2026"

const (
	demoMunicipality  = "Demo Kommune"
	otherMunicipality = "Anden Kommune"
)

var demoUsers = []casework.NewUser{
	{Email: "admin@demo.example", Name: "Birgit Admin", Role: casework.RoleAdmin, Municipality: demoMunicipality},
	{Email: "koordinator@demo.example", Name: "Karen Koordinator", Role: casework.RoleCoordinator, Municipality: demoMunicipality, Unit: "Ungeenheden"},
	{Email: "tovholder@demo.example", Name: "Thomas Tovholder", Role: casework.RoleFacilitator, Municipality: demoMunicipality, Unit: "Ungeenheden"},
	{Email: "uu@demo.example", Name: "Ulla Ungevejleder", Role: casework.RoleCaseworker, Municipality: demoMunicipality, Unit: "UU/Ungevejledning"},
	{Email: "mentor@demo.example", Name: "Mads Mentor", Role: casework.RoleCaseworker, Municipality: demoMunicipality, Unit: "Mentor"},
	{Email: "jobcenter@demo.example", Name: "Jonna Jobcenter", Role: casework.RoleCaseworker, Municipality: demoMunicipality, Unit: "Jobcenter"},
	{Email: "familie@demo.example", Name: "Frederik Familierådgiver", Role: casework.RoleCaseworker, Municipality: demoMunicipality, Unit: "Familierådgivning"},
	{Email: "ssp@demo.example", Name: "Sofie SSP", Role: casework.RoleCaseworker, Municipality: demoMunicipality, Unit: "SSP"},
	{Email: "skole@demo.example", Name: "Søren Skolelærer", Role: casework.RoleCaseworker, Municipality: demoMunicipality, Unit: "Skole"},
	{Email: "psykiatri@demo.example", Name: "Pernille Psykiatri", Role: casework.RoleCaseworker, Municipality: demoMunicipality, Unit: "Distriktspsykiatri"},
	{Email: "social@demo.example", Name: "Simon Socialpsykiatri", Role: casework.RoleCaseworker, Municipality: demoMunicipality, Unit: "Socialpsykiatri"},
	{Email: "koordinator@anden.example", Name: "Anders Koordinator", Role: casework.RoleCoordinator, Municipality: otherMunicipality, Unit: "Ungeindsatsen"},
	{Email: "uu@anden.example", Name: "Ane Ungevejleder", Role: casework.RoleCaseworker, Municipality: otherMunicipality, Unit: "UU/Ungevejledning"},
}

// demoYouth are the demo young people: who created them (and so is on the
// team first), who else is on the team, and their details.
var demoYouth = []struct {
	creator string
	team    []string
	years   int // age today
	days    int // and days past the birthday
	serial  string
	details casework.YouthDetails
	status  casework.Status
}{
	{creator: "uu@demo.example", team: []string{"mentor@demo.example", "familie@demo.example", "skole@demo.example"}, years: 16, days: 40, serial: "4123",
		details: casework.YouthDetails{Name: "Mikkel Jensen", Level: casework.LevelBump, NeedCategory: casework.NeedCoordinated,
			EducationStatus: "9. klasse, meget fravær", EducationPlan: "Mikkel vil gerne på erhvervsskole som tømrer.\nFørst: komme i skole tre dage om ugen.",
			Guardians: []casework.Guardian{{Name: "Anne Jensen", Relation: "mor", Phone: "20 30 40 50"}}}},
	{creator: "jobcenter@demo.example", team: []string{"psykiatri@demo.example", "mentor@demo.example"}, years: 19, days: 120, serial: "4231",
		details: casework.YouthDetails{Name: "Sara Ahmed", Level: casework.LevelObstacles, NeedCategory: casework.NeedCoordinated,
			EducationStatus: "Ingen uddannelse efter 9. klasse", EducationPlan: "Sara ønsker at tage en social- og sundhedsuddannelse."}},
	{creator: "skole@demo.example", team: []string{"ssp@demo.example"}, years: 14, days: 200, serial: "4345",
		details: casework.YouthDetails{Name: "Jonas Nielsen", Level: casework.LevelLittle, NeedCategory: casework.NeedEarly,
			EducationStatus: "8. klasse",
			Guardians:       []casework.Guardian{{Name: "Per Nielsen", Relation: "far"}, {Name: "Lone Nielsen", Relation: "mor"}}}},
	{creator: "social@demo.example", team: []string{"jobcenter@demo.example", "uu@demo.example", "psykiatri@demo.example", "mentor@demo.example"}, years: 22, days: 10, serial: "4457",
		details: casework.YouthDetails{Name: "Freja Larsen", Level: casework.LevelBump, NeedCategory: casework.NeedCoordinated,
			EducationStatus: "Afbrudt HHX", EducationPlan: "Freja vil gøre HHX færdig på VUC."}},
	{creator: "ssp@demo.example", team: []string{"familie@demo.example", "uu@demo.example"}, years: 17, days: 300, serial: "4569",
		details: casework.YouthDetails{Name: "Ali Hassan", Level: casework.LevelLittle, NeedCategory: casework.NeedEarly,
			EducationStatus: "FGU, produktionsgrunduddannelse", Guardians: []casework.Guardian{{Name: "Amira Hassan", Relation: "mor"}}}},
	{creator: "uu@demo.example", team: []string{"jobcenter@demo.example", "mentor@demo.example"}, years: 24, days: 50, serial: "4675", status: casework.StatusAnchored,
		details: casework.YouthDetails{Name: "Emma Sørensen", Level: casework.LevelMainRoad, NeedCategory: casework.NeedEarly,
			EducationStatus: "Elev som frisør", EducationPlan: "Emma er i gang med sin frisøruddannelse."}},
	{creator: "uu@anden.example", years: 18, days: 90, serial: "4782",
		details: casework.YouthDetails{Name: "Lukas Berg", Level: casework.LevelBump, NeedCategory: casework.NeedCoordinated, EducationStatus: "STU"}},
}

func seedCommand(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 || (args[0] != "demo" && args[0] != "synthetic") {
		return errors.New("usage: kui seed demo | kui seed synthetic --youth N --seed S")
	}
	var opts postgres.SyntheticOptions
	if args[0] == "synthetic" {
		fs := flag.NewFlagSet("seed synthetic", flag.ContinueOnError)
		youth := fs.Int("youth", 100_000, "young people in all")
		seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same data")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *youth < 100 {
			return errors.New("--youth must be at least 100")
		}
		opts = postgres.DefaultSyntheticOptions(*youth, *seed)
	}
	db, err := openDB(ctx, getenv)
	if err != nil {
		return err
	}
	defer db.Close()
	if args[0] == "synthetic" {
		report, err := db.SeedSynthetic(ctx, opts)
		if err != nil {
			return err
		}
		for _, r := range report.Rows {
			fmt.Fprintf(stdout, "%-22s %10d rows\n", r.Table, r.Rows)
		}
		fmt.Fprintf(stdout, "Synthetic data loaded in %s. Logins: e.g. %s, password %s\n",
			report.Duration.Round(time.Millisecond), postgres.SyntheticCoordinator, postgres.SyntheticPassword)
		return nil
	}
	if err := seedDemo(ctx, db, db.Now()); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "Demo data loaded.")
	printDemoLogins(stdout)
	return nil
}

func seedDemoIfEmpty(ctx context.Context, url string, stdout io.Writer) error {
	db, err := postgres.Open(ctx, url)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.CountUsers(ctx)
	if err != nil || n > 0 {
		return err
	}
	fmt.Fprintln(stdout, "Empty database: loading the demo data …")
	return seedDemo(ctx, db, db.Now())
}

// seedDemo loads the demo data of CONTRACT.md through the store, as users
// would create it. Ages are relative to today, so the young people stay
// within the Ungeindsats' ages whenever the demo is loaded.
func seedDemo(ctx context.Context, db *postgres.DB, now time.Time) error {
	users := map[string]casework.User{}
	for _, nu := range demoUsers {
		nu.Password = demoPassword
		u, err := db.CreateUser(ctx, nu)
		if err != nil {
			return fmt.Errorf("demo user %s: %w", nu.Email, err)
		}
		users[nu.Email] = u
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	youthIDs := map[string]int64{} // by name
	for _, y := range demoYouth {
		d := y.details
		d.BirthDate = today.AddDate(-y.years, 0, -y.days)
		d.CPR = demoCPR(d.BirthDate, y.serial)
		d.JoinTeam = true // the demo's creators are caseworkers on the team
		creator := users[y.creator]
		id, err := db.CreateYouth(ctx, creator, d)
		if err != nil {
			return fmt.Errorf("demo young person: %w", err)
		}
		youthIDs[d.Name] = id
		for _, email := range y.team {
			if err := db.AddTeamMember(ctx, creator, id, users[email].ID, ""); err != nil {
				return fmt.Errorf("demo team: %w", err)
			}
		}
		if y.status != "" {
			if err := db.ChangeStatus(ctx, creator, id, y.status, "Startet på uddannelse"); err != nil {
				return fmt.Errorf("demo status: %w", err)
			}
		}
	}
	if err := seedDemoMeetings(ctx, db, users, youthIDs, now); err != nil {
		return fmt.Errorf("demo meetings: %w", err)
	}
	if err := seedDemoCasework(ctx, db, users, youthIDs, today); err != nil {
		return fmt.Errorf("demo casework: %w", err)
	}
	if err := seedDemoYoungPerson(ctx, db, youthIDs, now, today); err != nil {
		return fmt.Errorf("demo young person's own kui: %w", err)
	}
	return nil
}

// seedDemoYoungPerson gives what Mikkel sees in his own kui (/ung, signed
// in through the demo MitID) the rest it needs beside his plan, next
// meeting, team and consent: how to reach his contact person and Ulla (their
// work phones) and his own rating of last quarter, so this quarter's is his
// to give. Written directly: the work phone is the professional's own to
// enter and the rating the young person's, and neither is a professional's
// action the store would record for the demo.
func seedDemoYoungPerson(ctx context.Context, db *postgres.DB, youthIDs map[string]int64, now, today time.Time) error {
	for email, phone := range map[string]string{"mentor@demo.example": "21 43 65 87", "uu@demo.example": "72 10 20 30"} {
		if _, err := db.Pool.Exec(ctx, `UPDATE users SET work_phone = $2 WHERE email = $1`, email, phone); err != nil {
			return err
		}
	}
	_, err := db.Pool.Exec(ctx, `
		INSERT INTO youth_self_ratings (municipality_id, youth_id, quarter_start, step, words, created_at, updated_at)
		SELECT y.municipality_id, y.id, $2, 3, $3, $4, $4 FROM youth y WHERE y.id = $1`,
		youthIDs["Mikkel Jensen"], casework.QuarterStart(today.AddDate(0, -3, 0)),
		"Det går bedre. Jeg kommer i skole de fleste dage, men morgenerne er stadig svære.", now)
	return err
}

// seedDemoCasework gives the demo the rest of a living practice: contact
// persons chosen with their weighing, a handover waiting for its receiver,
// a referral waiting at the visitation committee, journal notes (one
// sensitive, under a consent), an effort and quarterly progression. Jonas
// has no contact person yet, so the coordinator's list has work in it.
func seedDemoCasework(ctx context.Context, db *postgres.DB, users map[string]casework.User, youthIDs map[string]int64, today time.Time) error {
	u := func(email string) casework.User { return users[email] }
	contacts := []struct {
		youth, by, to string
		w             casework.Weighing
		reason        string
	}{
		{"Mikkel Jensen", "uu@demo.example", "mentor@demo.example", casework.Weighing{YouthWish: true, Relation: true, Needs: "Fremmøde i skolen, struktur i hverdagen"}, "Mikkel ønsker Mads, som han kender fra fritidsklubben."},
		{"Freja Larsen", "social@demo.example", "social@demo.example", casework.Weighing{Relation: true, NeedsMatch: true}, "Simon har fulgt Freja længst og kender forløbet i psykiatrien."},
		{"Ali Hassan", "ssp@demo.example", "ssp@demo.example", casework.Weighing{YouthWish: true}, "Ali vil helst have Sofie."},
	}
	for _, c := range contacts {
		if _, err := db.ChooseContactPerson(ctx, u(c.by), youthIDs[c.youth], casework.ContactChoice{UserID: u(c.to).ID, Weighing: c.w, Reason: c.reason}); err != nil {
			return err
		}
	}
	// Simon hands Freja over to Ulla; Ulla has not accepted yet.
	if _, err := db.ChooseContactPerson(ctx, u("social@demo.example"), youthIDs["Freja Larsen"], casework.ContactChoice{
		UserID: u("uu@demo.example").ID, Weighing: casework.Weighing{NeedsMatch: true, Needs: "Uddannelsesvalg"}, Reason: "Freja er klar til at vælge uddannelse."}); err != nil {
		return err
	}
	if err := db.CreateReferral(ctx, u("jobcenter@demo.example"), youthIDs["Sara Ahmed"], casework.ReferralForm{
		Situation: "Sara har ikke været i uddannelse eller job i to år og har angst.",
		Tried:     "Mentorforløb og samtaler i jobcentret; ingen på teamet kan tage den koordinerende rolle nu.",
		Needed:    "En kontaktperson med erfaring fra psykiatrien."}); err != nil {
		return err
	}

	uu, mentor := u("uu@demo.example"), u("mentor@demo.example")
	mikkel := youthIDs["Mikkel Jensen"]
	at := func(days, hour int) time.Time {
		d := today.AddDate(0, 0, days)
		return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, casework.Copenhagen())
	}
	notes := []struct {
		by casework.User
		d  casework.NoteDetails
	}{
		{uu, casework.NoteDetails{SpokenWith: "Mikkel og hans mor, Anne", OccurredAt: at(-20, 10), Topic: "Fravær i skolen; Mikkel sover dårligt.",
			Agreed: "Mikkel prøver at gå i seng kl. 22 i en uge. Vi følger op på mødet."}},
		{mentor, casework.NoteDetails{SpokenWith: "Mikkel", OccurredAt: at(-6, 14), Topic: "Mikkel fortæller om sin ADHD-udredning.",
			Agreed: "Mentor tager med til næste samtale i psykiatrien.", Sensitive: casework.SensitiveHealth}},
	}
	for _, n := range notes {
		if _, err := db.CreateNote(ctx, n.by, mikkel, n.d); err != nil {
			return err
		}
	}
	if _, err := db.CreateConsent(ctx, uu, mikkel, casework.ConsentDetails{GivenBy: casework.GivenByGuardian, GivenByName: "Anne Jensen",
		GivenOn: today.AddDate(0, 0, -30), ExpiresOn: today.AddDate(1, 0, 0), CoversHealth: true, AllUnits: true,
		Note: "Givet på formødet; dækker deling med hele teamet."}); err != nil {
		return err
	}
	units, err := db.ListUnits(ctx, u("admin@demo.example"))
	if err != nil {
		return err
	}
	for _, unit := range units {
		if unit.Name == "Mentor" {
			if _, err := db.CreateEffort(ctx, uu, mikkel, casework.EffortDetails{UnitID: unit.ID, Description: "Mentorstøtte to gange om ugen",
				ResponsibleID: mentor.ID, StartsOn: today.AddDate(0, -2, 0), EndsOn: today.AddDate(0, 4, 0), Status: casework.EffortOngoing}); err != nil {
				return err
			}
		}
	}
	for _, p := range []casework.ProgressionMeasurement{
		{MeasuredOn: today.AddDate(0, -6, 0), ProfessionalStep: 1, YouthStep: 2, YouthWords: "Jeg gider ikke skolen."},
		{MeasuredOn: today.AddDate(0, -3, 0), ProfessionalStep: 2, YouthStep: 2, YouthWords: "Jeg kommer lidt mere i skole nu."},
		{MeasuredOn: today.AddDate(0, 0, -7), ProfessionalStep: 3, YouthStep: 4, YouthWords: "Jeg vil være tømrer, og jeg har været i praktik."},
	} {
		if err := db.RecordProgression(ctx, mentor, mikkel, p); err != nil {
			return err
		}
	}
	return nil
}

// demoCPR makes a well-formed CPR number for a demo birth date. serial's
// first digit must be 4 (born 2000–2036) or 0–3 (born 1900–1999).
func demoCPR(birth time.Time, serial string) casework.CPR {
	if birth.Year() < 2000 {
		serial = "1" + serial[1:]
	}
	return casework.CPR(birth.Format("020106") + serial)
}

// seedDemoMeetings gives the demo municipality a meeting room with a big
// screen on a fixed meeting day, and Mikkel the course of the practice: a
// held cooperation meeting with its plan, a coordination meeting, and the
// next cooperation meeting with his topics, to follow up the plan. Sara has
// her pre-meeting coming. tovholder@demo.example facilitates.
func seedDemoMeetings(ctx context.Context, db *postgres.DB, users map[string]casework.User, youthIDs map[string]int64, now time.Time) error {
	admin, tov := users["admin@demo.example"], users["tovholder@demo.example"]
	if err := db.CreateRoom(ctx, admin, casework.Room{Name: "Mødelokale 1 (storskærm)", Address: "Rådhuset, 1. sal", HasScreen: true}); err != nil {
		return err
	}
	page, err := db.MeetingAdminPage(ctx, admin)
	if err != nil {
		return err
	}
	room := page.Rooms[0].ID
	if err := db.AddMeetingDay(ctx, admin, casework.MeetingDay{RoomID: room, Weekday: time.Tuesday, Starts: 9 * 60, Ends: 12 * 60}); err != nil {
		return err
	}
	cph := casework.Copenhagen()
	local := now.In(cph)
	// at is a weekday's time of day, weeks from this week (negative: past).
	at := func(weeks int, day time.Weekday, hour int) time.Time {
		monday := time.Date(local.Year(), local.Month(), local.Day()-(int(local.Weekday())+6)%7, 0, 0, 0, 0, cph)
		return time.Date(monday.Year(), monday.Month(), monday.Day()+7*weeks+(int(day)+6)%7, hour, 0, 0, 0, cph)
	}
	meeting := func(creator, youth string, kind casework.MeetingKind, starts time.Time, withRoom bool) (int64, error) {
		d := casework.MeetingDetails{Kind: kind, StartsAt: starts, EndsAt: starts.Add(time.Hour), FacilitatorID: tov.ID,
			YouthAttends: !kind.ProfessionalsOnly(), AllTeam: true}
		if withRoom {
			d.RoomID = room
		}
		return db.CreateMeeting(ctx, users[creator], youthIDs[youth], d)
	}
	day := func(t time.Time, days int) time.Time {
		t = t.In(cph)
		return time.Date(t.Year(), t.Month(), t.Day()+days, 0, 0, 0, 0, time.UTC)
	}

	// Mikkel's first cooperation meeting, three weeks ago, held.
	held, err := meeting("uu@demo.example", "Mikkel Jensen", casework.KindCooperation, at(-3, time.Tuesday, 9), true)
	if err != nil {
		return err
	}
	for _, topic := range []string{"Jeg vil gerne på erhvervsskole som tømrer", "Det er svært at komme op om morgenen"} {
		if err := db.AddAgendaItem(ctx, tov, held, casework.AgendaDetails{Text: topic, RaisedByYouth: true}, ""); err != nil {
			return err
		}
	}
	if err := db.SendAgenda(ctx, tov, held, at(-4, time.Monday, 10)); err != nil {
		return err
	}
	mentor := users["mentor@demo.example"].ID
	firstPlan := []casework.PlanDetails{
		{Text: "Jeg skal møde op i skole 3 dage om ugen", OwnerYouth: true, Due: day(at(0, time.Tuesday, 9), 0), Goal: casework.GoalEducationJob},
		{Text: "Jeg sætter to vækkeure og går i seng før kl. 23", OwnerYouth: true, Due: day(at(-1, time.Friday, 9), 0), Goal: casework.GoalPersonal},
		{Text: "Vi besøger erhvervsskolen sammen", OwnerID: mentor, Due: day(at(0, time.Friday, 9), 0), Goal: casework.GoalEducationJob},
	}
	for _, p := range firstPlan {
		if err := db.AddPlanItem(ctx, tov, held, p, ""); err != nil {
			return err
		}
	}
	if err := db.CloseMeeting(ctx, tov, held, casework.MeetingEnded); err != nil {
		return err
	}
	// The professionals align without Mikkel.
	coord, err := meeting("uu@demo.example", "Mikkel Jensen", casework.KindCoordination, at(1, time.Thursday, 13), false)
	if err != nil {
		return err
	}
	if err := db.AddAgendaItem(ctx, users["familie@demo.example"], coord, casework.AgendaDetails{Text: "Fordeling af opgaver mellem skole og familierådgivning"}, ""); err != nil {
		return err
	}
	// The next cooperation meeting, on the fixed day in two weeks: Mikkel's topics, agenda not sent yet.
	next, err := meeting("uu@demo.example", "Mikkel Jensen", casework.KindCooperation, at(2, time.Tuesday, 9), true)
	if err != nil {
		return err
	}
	for _, topic := range []string{"Hvordan det er gået i skolen", "Praktik på en byggeplads"} {
		if err := db.AddAgendaItem(ctx, tov, next, casework.AgendaDetails{Text: topic, RaisedByYouth: true}, ""); err != nil {
			return err
		}
	}
	// Sara's pre-meeting next week.
	if _, err := meeting("jobcenter@demo.example", "Sara Ahmed", casework.KindPreMeeting, at(1, time.Tuesday, 10), true); err != nil {
		return err
	}
	return nil
}
