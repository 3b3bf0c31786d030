package server_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"kui/internal/casework"
	"kui/web"
)

func youthPath(id int64) string { return "/youth/" + strconv.FormatInt(id, 10) }

func validYouthForm() url.Values {
	return url.Values{
		"name": {"Mikkel Testesen"}, "birth_date": {"2010-03-12"}, "cpr": {"120310-4123"},
		"level": {"bump"}, "need_category": {"koordineret"}, "education_status": {"8. klasse"},
		"education_plan": {"Vil gerne være tømrer."},
		"guardian0_name": {"Anne Testesen"}, "guardian0_relation": {"mor"},
		"guardian0_email": {"anne@example.dk"}, "join_team": {"1"},
	}
}

func countRows(t *testing.T, app *testApp, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := app.DB.Pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCreateYouthThenFindAndOpen(t *testing.T) {
	app := newTestApp(t)
	uu := app.as("uu@a.example")

	resp := uu.post("/youth", validYouthForm())
	if resp.status != http.StatusSeeOther {
		t.Fatalf("create: status %d, body %s", resp.status, resp.body)
	}
	path := resp.location(t)
	if !strings.HasPrefix(path, "/youth/") {
		t.Fatalf("create redirected to %q", path)
	}

	page := uu.get(path)
	if page.status != http.StatusOK {
		t.Fatalf("young person's page: %d", page.status)
	}
	for _, want := range []string{"Mikkel Testesen", "120310-XXXX", "12. marts 2010", "Anne Testesen", "Bump på vejen", "Den unge er oprettet", `data-testid="team-member"`, "Ulla Ungevejleder"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("young person's page lacks %q", want)
		}
	}
	if strings.Contains(page.body, "4123") {
		t.Error("the page shows the CPR number's last four digits without a reveal")
	}

	list := uu.get("/youth?q=testes")
	if got := strings.Count(list.body, `data-testid="youth-row"`); got != 1 {
		t.Errorf("search found %d rows, want 1", got)
	}
	if none := uu.get("/youth?q=nobody"); strings.Count(none.body, `data-testid="youth-row"`) != 0 || !strings.Contains(none.body, "Ingen unge matcher") {
		t.Error("a search without matches should show the empty state")
	}
	if filtered := uu.get("/youth?level=hovedvejen"); strings.Contains(filtered.body, "Mikkel Testesen") {
		t.Error("the level filter let through a young person of another level")
	}
}

func TestCreateYouthInvalidKeepsValuesAndWritesNothing(t *testing.T) {
	app := newTestApp(t)
	uu := app.as("uu@a.example")
	form := validYouthForm()
	form.Set("name", "")
	form.Set("cpr", "120310-41")
	form.Set("education_status", "Går i <b>8.</b> klasse")

	resp := uu.post("/youth", form)
	if resp.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", resp.status)
	}
	for _, want := range []string{
		`data-testid="form-error"`, "Skal udfyldes.", "Skriv CPR-nummeret som DDMMÅÅ-XXXX",
		`value="120310-41"`, `value="2010-03-12"`, `value="Anne Testesen"`,
		`value="Går i &lt;b&gt;8.&lt;/b&gt; klasse"`,
	} {
		if !strings.Contains(resp.body, want) {
			t.Errorf("re-rendered form lacks %q", want)
		}
	}
	if n := countRows(t, app, `SELECT count(*) FROM youth`); n != 0 {
		t.Errorf("%d young people written from an invalid form", n)
	}
	if n := countRows(t, app, `SELECT count(*) FROM audit_log WHERE action = 'youth.create'`); n != 0 {
		t.Errorf("%d audit rows for a create that did not happen", n)
	}
}

func TestCreateYouthRules(t *testing.T) {
	app := newTestApp(t)
	uu := app.as("uu@a.example")
	tests := []struct {
		name    string
		change  map[string]string
		message string
	}{
		{"too young", map[string]string{"birth_date": day(0).AddDate(-10, 0, 0).Format(time.DateOnly), "cpr": ""}, "mellem 13 og 29 år"},
		{"not a date", map[string]string{"birth_date": "12-03-2010"}, "Skriv en gyldig dato med dag, måned og år."},
		{"cpr not matching birth date", map[string]string{"cpr": "130310-4123"}, "passer ikke med fødselsdatoen"},
		{"cpr impossible date", map[string]string{"cpr": "310210-4123"}, "ikke en gyldig dato"},
		{"unknown level", map[string]string{"level": "top"}, "Vælg en af mulighederne"},
		{"guardian without name", map[string]string{"guardian0_name": ""}, "Skal udfyldes."},
		{"guardian bad email", map[string]string{"guardian0_email": "anne"}, "gyldig e-mailadresse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := validYouthForm()
			for k, v := range tt.change {
				form.Set(k, v)
			}
			resp := uu.post("/youth", form)
			if resp.status != http.StatusUnprocessableEntity || !strings.Contains(resp.body, tt.message) {
				t.Errorf("status %d; want 422 with %q", resp.status, tt.message)
			}
		})
	}
	if resp := uu.post("/youth", validYouthForm()); resp.status != http.StatusSeeOther {
		t.Fatalf("first create: %d", resp.status)
	}
	dup := validYouthForm()
	dup.Set("name", "Another Name")
	if resp := uu.post("/youth", dup); resp.status != http.StatusUnprocessableEntity || !strings.Contains(resp.body, "allerede en ung med dette CPR-nummer") {
		t.Errorf("duplicate CPR: status %d", resp.status)
	}
}

func TestYouthAccessRules(t *testing.T) {
	app := newTestApp(t)
	id := app.createYouth("uu@a.example", "Sara Synlig")
	path := youthPath(id)

	tests := []struct {
		email  string
		status int
	}{
		{"uu@a.example", http.StatusOK},          // on the team
		{"koordinator@a.example", http.StatusOK}, // coordinator of the municipality
		{"mentor@a.example", http.StatusNotFound},
		{"tovholder@a.example", http.StatusNotFound},
		{"admin@a.example", http.StatusNotFound}, // administrators do not read cases
		{"koordinator@b.example", http.StatusNotFound},
		{"uu@b.example", http.StatusNotFound},
	}
	for _, tt := range tests {
		c := app.as(tt.email)
		for _, p := range []string{path, path + "/edit"} {
			if resp := c.get(p); resp.status != tt.status {
				t.Errorf("%s GET %s: %d, want %d", tt.email, p, resp.status, tt.status)
			}
		}
		if tt.status == http.StatusNotFound {
			resp := c.post(path, validYouthForm())
			if resp.status != http.StatusNotFound {
				t.Errorf("%s POST %s: %d, want 404", tt.email, path, resp.status)
			}
			if resp := c.post(path+"/cpr", nil); resp.status != http.StatusNotFound {
				t.Errorf("%s reveal CPR: %d, want 404", tt.email, resp.status)
			}
			if list := c.get("/youth"); strings.Contains(list.body, "Sara Synlig") {
				t.Errorf("%s sees the young person in the list", tt.email)
			}
			if !strings.Contains(resp.body, "Siden findes ikke") {
				t.Errorf("%s: the 404 page is not the Danish one", tt.email)
			}
		}
	}
	if resp := app.as("koordinator@a.example").get("/youth"); !strings.Contains(resp.body, "Sara Synlig") {
		t.Error("the coordinator does not see the young person in the list")
	}
	if resp := app.as("admin@a.example").get("/youth"); resp.status != http.StatusForbidden {
		t.Errorf("admin GET /youth: %d, want 403", resp.status)
	}
	// The role is checked before the form: an empty form is no way around it.
	if resp := app.as("admin@a.example").post("/youth", url.Values{}); resp.status != http.StatusForbidden {
		t.Errorf("admin POST /youth: %d, want 403", resp.status)
	}
	if resp := app.anonymous().get(path); resp.status != http.StatusSeeOther || !strings.HasPrefix(resp.header.Get("Location"), "/login") {
		t.Errorf("anonymous GET: %d to %q, want a redirect to login", resp.status, resp.header.Get("Location"))
	}
}

func TestEditYouthAndStaleVersion(t *testing.T) {
	app := newTestApp(t)
	id := app.createYouth("uu@a.example", "Ida Ændring")
	uu := app.as("uu@a.example")
	koord := app.as("koordinator@a.example")

	form := url.Values{"name": {"Ida Ændring"}, "birth_date": {"2010-03-12"}, "level": {"lidt_hjaelp"},
		"need_category": {"tidlig"}, "education_status": {"FGU"}, "version": {"1"}}
	if resp := uu.post(youthPath(id), form); resp.status != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", resp.status, resp.body)
	}
	page := uu.get(youthPath(id))
	if !strings.Contains(page.body, "FGU") || !strings.Contains(page.body, "Lidt hjælp på vejen") || !strings.Contains(page.body, "Ændringerne er gemt") {
		t.Error("the edit is not shown on the page")
	}

	// The coordinator opened the form at version 1 too, and saves after uu.
	form.Set("education_status", "Koordinatorens tekst")
	resp := koord.post(youthPath(id), form)
	if resp.status != http.StatusConflict {
		t.Fatalf("stale save: %d, want 409", resp.status)
	}
	if !strings.Contains(resp.body, "Koordinatorens tekst") || !strings.Contains(resp.body, "En anden har gemt ændringer") {
		t.Error("the conflict page must keep what was typed and say why")
	}
	if !strings.Contains(resp.body, `name="version" value="2"`) {
		t.Error("the conflict form must carry the current version so a second save can succeed")
	}
	if got := countRows(t, app, `SELECT count(*) FROM youth WHERE education_status = 'Koordinatorens tekst'`); got != 0 {
		t.Error("the stale save overwrote the newer one")
	}
}

func TestStatusChangesAreKept(t *testing.T) {
	app := newTestApp(t)
	id := app.createYouth("uu@a.example", "Oskar Status")
	uu := app.as("uu@a.example")

	if resp := uu.post(youthPath(id)+"/status", url.Values{"status": {"anchored"}, "reason": {"Startet på EUD"}}); resp.status != http.StatusSeeOther {
		t.Fatalf("anchor: %d", resp.status)
	}
	if resp := uu.post(youthPath(id)+"/status", url.Values{"status": {"anchored"}}); resp.status != http.StatusUnprocessableEntity || !strings.Contains(resp.body, "kan ikke skifte til den status") {
		t.Errorf("anchored → anchored: %d", resp.status)
	}
	if resp := uu.post(youthPath(id)+"/status", url.Values{"status": {"active"}, "reason": {"Droppet ud"}}); resp.status != http.StatusSeeOther {
		t.Fatalf("back to active: %d", resp.status)
	}
	page := uu.get(youthPath(id))
	for _, want := range []string{"Startet på EUD", "Droppet ud", "Aktiv → Forankret i uddannelse/job", "Forankret i uddannelse/job → Aktiv"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("status history lacks %q", want)
		}
	}
	if n := countRows(t, app, `SELECT count(*) FROM youth_status_changes WHERE youth_id = $1`, id); n != 3 {
		t.Errorf("%d status rows, want 3 (created, anchored, active)", n)
	}
}

func TestAuditLog(t *testing.T) {
	app := newTestApp(t)
	uu := app.as("uu@a.example")
	resp := uu.post("/youth", validYouthForm())
	path := resp.location(t)
	id, _ := strconv.ParseInt(strings.TrimPrefix(path, "/youth/"), 10, 64)
	uu.get(path)
	reveal := uu.post(path+"/cpr", nil)
	if reveal.status != http.StatusOK || !strings.Contains(reveal.body, "120310-4123") {
		t.Fatalf("reveal: %d", reveal.status)
	}
	if after := uu.get(path); strings.Contains(after.body, "120310-4123") {
		t.Error("the full CPR number stays visible after the reveal")
	}

	rows, err := app.DB.Pool.Query(context.Background(),
		`SELECT action, user_id FROM audit_log WHERE youth_id = $1 ORDER BY id`, id)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for rows.Next() {
		var action string
		var user int64
		if err := rows.Scan(&action, &user); err != nil {
			t.Fatal(err)
		}
		if user != app.Users["uu@a.example"].ID {
			t.Errorf("audit row %s by user %d", action, user)
		}
		actions = append(actions, action)
	}
	want := []string{"youth.create", "youth.view", "youth.cpr_reveal", "youth.view", "youth.view"}
	if strings.Join(actions, ",") != strings.Join(want, ",") {
		t.Errorf("audit actions %v, want %v", actions, want)
	}

	// A caseworker who may not see the young person leaves no read behind.
	app.as("mentor@a.example").get(path)
	if n := countRows(t, app, `SELECT count(*) FROM audit_log WHERE youth_id = $1 AND user_id = $2`, id, app.Users["mentor@a.example"].ID); n != 0 {
		t.Errorf("%d audit rows for a refused read", n)
	}

	admin := app.as("admin@a.example")
	log := admin.get("/admin/audit?youth=" + strconv.FormatInt(id, 10))
	if log.status != http.StatusOK || strings.Count(log.body, `data-testid="audit-row"`) < len(want) || !strings.Contains(log.body, "Så det fulde CPR-nummer") {
		t.Errorf("admin audit page: %d, %d rows", log.status, strings.Count(log.body, `data-testid="audit-row"`))
	}
	if search := admin.get("/admin/audit?q=testes"); !strings.Contains(search.body, "Mikkel Testesen") {
		t.Error("the admin cannot find the young person by name")
	}
	if other := app.as("koordinator@a.example").get("/admin/audit"); other.status != http.StatusForbidden {
		t.Errorf("coordinator on the audit page: %d, want 403", other.status)
	}
}

func TestTeamCapIsEnforcedUnderConcurrency(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	creator := app.Users["uu@a.example"]
	id := app.createYouth("uu@a.example", "Tina Team")
	// 20 professionals try to join at the same moment; the creator is member 1.
	var candidates []casework.User
	for i := range 20 {
		u, err := app.DB.CreateUser(ctx, casework.NewUser{Email: "p" + strconv.Itoa(i) + "@a.example", Name: "P " + strconv.Itoa(i),
			Role: casework.RoleCaseworker, Municipality: "A Kommune", Password: testPassword})
		if err != nil {
			t.Fatal(err)
		}
		candidates = append(candidates, u)
	}
	errs := make(chan error, len(candidates))
	start := make(chan struct{})
	for _, u := range candidates {
		go func() {
			<-start
			errs <- app.DB.AddTeamMember(ctx, creator, id, u.ID, "")
		}()
	}
	close(start)
	var added, full int
	for range candidates {
		err := <-errs
		switch {
		case err == nil:
			added++
		case casework.Code(err) == casework.EConflict:
			full++
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	if added != 4 || full != 16 {
		t.Errorf("added %d, refused %d; want 4 and 16", added, full)
	}
	if n := countRows(t, app, `SELECT count(*) FROM team_members WHERE youth_id = $1 AND left_at IS NULL`, id); n != 5 {
		t.Errorf("%d active members, want exactly 5", n)
	}
}

// TestCreatorTakesATeamSeatOnlyWhenOnTheTeam: the create form asks whether
// the creator is on the team (ticked for caseworkers, not for facilitators
// and coordinators); a creator who is not takes no seat and does not count
// in the load overview, but sees the young person until a team exists.
func TestCreatorTakesATeamSeatOnlyWhenOnTheTeam(t *testing.T) {
	app := newTestApp(t)
	checkbox := regexp.MustCompile(`<input[^>]*name="join_team"[^>]*>`)
	for email, ticked := range map[string]bool{"uu@a.example": true, "tovholder@a.example": false, "koordinator@a.example": false} {
		page := app.as(email).get("/youth/new")
		box := checkbox.FindString(page.body)
		if box == "" || !strings.Contains(page.body, "Jeg er selv en del af teamet") {
			t.Fatalf("%s: the create form does not ask whether the creator is on the team", email)
		}
		if got := strings.Contains(box, "checked"); got != ticked {
			t.Errorf("%s: join_team ticked = %v, want %v", email, got, ticked)
		}
	}

	tove := app.as("tovholder@a.example")
	form := validYouthForm()
	form.Del("join_team")
	resp := tove.post("/youth", form)
	if resp.status != http.StatusSeeOther {
		t.Fatalf("create: %d %s", resp.status, formErrors(resp.body))
	}
	var id int64
	if err := app.DB.Pool.QueryRow(context.Background(), `SELECT id FROM youth`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if got, want := resp.location(t), youthPath(id)+"/team"; got != want {
		t.Errorf("after create without a seat: %s, want the team page %s", got, want)
	}
	if n := countRows(t, app, `SELECT count(*) FROM team_members WHERE youth_id = $1`, id); n != 0 {
		t.Errorf("the facilitator took %d seat(s) on the team without being on it", n)
	}
	// Until a team exists the creator reaches the young person: the page,
	// the team page, and the front page's list.
	for _, p := range []string{youthPath(id), youthPath(id) + "/team"} {
		if got := tove.get(p); got.status != http.StatusOK {
			t.Errorf("creator without a team: GET %s = %d, want 200", p, got.status)
		}
	}
	if home := tove.get("/"); !strings.Contains(home.body, "Mikkel Testesen") {
		t.Error("the creator's front page does not list the young person they created")
	}
	// The load overview counts no team for the facilitator.
	load := app.as("koordinator@a.example").get("/overview")
	row := regexp.MustCompile(`(?s)<tr data-testid="load-row" data-user="` + app.uid("tovholder@a.example") + `">.*?</tr>`).FindString(load.body)
	if cell := regexp.MustCompile(`data-testid="load-teams">\s*0\s*<`).FindString(row); cell == "" {
		t.Errorf("the facilitator counts in the load overview: %s", row)
	}

	// The creator puts the team together; with it, their access ends.
	add := tove.post(youthPath(id)+"/team", url.Values{"user_id": {app.uid("mentor@a.example")}})
	if add.status != http.StatusSeeOther || add.location(t) != "/" {
		t.Fatalf("first member: %d to %q, want 303 to / (the creator no longer sees the young person)", add.status, add.header.Get("Location"))
	}
	if home := tove.get("/"); !strings.Contains(home.body, "har derfor ikke længere adgang") {
		t.Error("the creator is not told that their access ended")
	}
	if got := tove.get(youthPath(id)); got.status != http.StatusNotFound {
		t.Errorf("creator after the team exists: %d, want 404", got.status)
	}
	if got := app.as("mentor@a.example").get(youthPath(id)); got.status != http.StatusOK {
		t.Errorf("the new member: %d, want 200", got.status)
	}

	// A caseworker who ticks the box is on the team at once.
	form = validYouthForm()
	form.Set("cpr", "")
	resp = app.as("uu@a.example").post("/youth", form)
	if resp.status != http.StatusSeeOther {
		t.Fatalf("create as caseworker: %d", resp.status)
	}
	if n := countRows(t, app, `SELECT count(*) FROM team_members tm JOIN users u ON u.id = tm.user_id WHERE u.email = 'uu@a.example'`); n != 1 {
		t.Errorf("the caseworker has %d seats, want 1", n)
	}
}

// TestCreateYouthNeedCategoryIsAChoice: nothing is preselected; a missing
// need category is a Danish message beside the field, the rest kept.
func TestCreateYouthNeedCategoryIsAChoice(t *testing.T) {
	app := newTestApp(t)
	uu := app.as("uu@a.example")
	page := uu.get("/youth/new")
	sel := regexp.MustCompile(`(?s)<select[^>]*name="need_category".*?</select>`).FindString(page.body)
	if sel == "" || strings.Contains(sel, "selected") || !strings.Contains(sel, `<option value="">Vælg …</option>`) {
		t.Errorf("the need category is not an open choice:\n%s", sel)
	}
	form := validYouthForm()
	form.Del("need_category")
	resp := uu.post("/youth", form)
	if resp.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", resp.status)
	}
	for _, want := range []string{"Vælg en behovskategori", `id="f-need_category-error"`, `value="Mikkel Testesen"`} {
		if !strings.Contains(resp.body, want) {
			t.Errorf("the form again lacks %q", want)
		}
	}
	if n := countRows(t, app, `SELECT count(*) FROM youth`); n != 0 {
		t.Errorf("%d young people written without a need category", n)
	}
}

// TestCountsTakeTheirPluralForm: "om 1 dag", not "om 1 dage" — the count
// texts go through the catalogue's one plural helper.
func TestCountsTakeTheirPluralForm(t *testing.T) {
	app := newTestApp(t)
	var born time.Time
	for k := -3; k <= 3 && born.IsZero(); k++ {
		if b := testToday.AddDate(-18, 0, k); func() bool { _, d := cfEighteenth(b); return d == 1 }() {
			born = b
		}
	}
	if born.IsZero() {
		t.Skip("nobody turns 18 tomorrow on this clock (tomorrow is 29 February)")
	}
	d, err := casework.YouthForm{Name: "Dagny Dag", BirthDate: cfISO(born), Level: "bump", NeedCategory: "koordineret", JoinTeam: true}.Validate(fixedNow, true)
	if err != nil {
		t.Fatal(err)
	}
	id, err := app.DB.CreateYouth(context.Background(), app.Users["uu@a.example"], d)
	if err != nil {
		t.Fatal(err)
	}
	page := app.as("uu@a.example").get(youthPath(id))
	if notice := section(page.body, "turning-18"); !strings.Contains(notice, "— om 1 dag.") {
		t.Errorf("turning 18 tomorrow reads %q, want “om 1 dag”", notice)
	}
}

// TestSameNameYoungPeopleAreToldApart: two young people with the same name
// are told apart by age and birth date wherever they are listed — the list
// of young people, the front page, between chairs, the coordinator's
// drill-down and the visitation committee — never by the CPR.
func TestSameNameYoungPeopleAreToldApart(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	create := func(born time.Time, cpr string) int64 {
		d, err := casework.YouthForm{Name: "Emil Hansen", BirthDate: born.Format(time.DateOnly), CPR: cpr, Level: "bump", NeedCategory: "koordineret", JoinTeam: true}.Validate(fixedNow, true)
		if err != nil {
			t.Fatal(err)
		}
		id, err := app.DB.CreateYouth(ctx, app.Users["uu@a.example"], d)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	bornA, bornB := day(0).AddDate(-16, -2, 0), day(0).AddDate(-17, -5, 0)
	cprA := bornA.Format("020106") + "-4123"
	a := create(bornA, cprA)
	create(bornB, "")
	detail := func(born time.Time) string {
		return "(" + strconv.Itoa(casework.AgeOn(born, testToday)) + " år, f. " + web.Danish.Day(born) + ")"
	}
	wantA, wantB := detail(bornA), detail(bornB)
	uu := app.as("uu@a.example")
	if resp := uu.post(youthPath(a)+"/referrals", url.Values{"situation": {"a"}, "tried": {"b"}, "needed": {"c"}}); resp.status != http.StatusSeeOther {
		t.Fatalf("referral: %d", resp.status)
	}
	koord := app.as("koordinator@a.example")
	pages := map[string]string{
		"youth list":     uu.get("/youth").body,
		"front page":     uu.get("/").body,
		"between chairs": koord.get("/overview/between-chairs").body,
		"drill-down":     koord.get("/overview/professionals/" + app.uid("uu@a.example")).body,
	}
	for name, body := range pages {
		if !strings.Contains(body, wantA) || !strings.Contains(body, wantB) {
			t.Errorf("%s does not tell the two Emil Hansens apart: want %q and %q", name, wantA, wantB)
		}
	}
	committee := koord.get("/referrals").body
	if !strings.Contains(section(committee, "referral-row"), wantA) {
		t.Errorf("the committee's list does not tell which Emil Hansen was referred (%s)", wantA)
	}
	for name, body := range map[string]string{"youth list": pages["youth list"], "between chairs": pages["between chairs"], "committee": committee} {
		if strings.Contains(body, strings.TrimSuffix(cprA, "-4123")+"-") || strings.Contains(body, "4123") {
			t.Errorf("%s shows the CPR number", name)
		}
	}
}
