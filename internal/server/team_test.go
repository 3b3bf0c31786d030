package server_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"kui/internal/casework"
)

// Tests of the team around the young person and its one contact person,
// through HTTP, with the database checked underneath.

func (a *testApp) uid(email string) string { return strconv.FormatInt(a.Users[email].ID, 10) }

// addMembers puts the professionals on the young person's team through the
// team page's form, failing the test on anything but a 303.
func addMembers(t *testing.T, app *testApp, c *client, id int64, emails ...string) {
	t.Helper()
	for _, email := range emails {
		resp := c.post(youthPath(id)+"/team", url.Values{"user_id": {app.uid(email)}, "team_role": {"Rolle " + email}})
		if resp.status != http.StatusSeeOther || resp.location(t) != youthPath(id)+"/team" {
			t.Fatalf("add %s: %d to %q", email, resp.status, resp.header.Get("Location"))
		}
	}
}

// chooseContact posts a choice of contact person and expects a 303.
func chooseContact(t *testing.T, app *testApp, c *client, id int64, email, reason string) {
	t.Helper()
	resp := c.post(youthPath(id)+"/contact-person", url.Values{"user_id": {app.uid(email)}, "reason": {reason}})
	if resp.status != http.StatusSeeOther {
		t.Fatalf("choose %s: %d\n%s", email, resp.status, formErrors(resp.body))
	}
}

// activeContact is the e-mail of the young person's active contact person
// in the database, "" when none.
func activeContact(t *testing.T, app *testApp, id int64) string {
	t.Helper()
	var email string
	err := app.DB.Pool.QueryRow(context.Background(), `
		SELECT coalesce((SELECT u.email FROM contact_persons cp JOIN users u ON u.id = cp.user_id
		                  WHERE cp.youth_id = $1 AND cp.ended_at IS NULL), '')`, id).Scan(&email)
	if err != nil {
		t.Fatal(err)
	}
	return email
}

// section is the part of the page from the first element with the test id
// to the next element with the same test id (or the end of the page).
func section(body, testID string) string {
	marker := `data-testid="` + testID + `"`
	i := strings.Index(body, marker)
	if i < 0 {
		return ""
	}
	rest := body[i+len(marker):]
	if j := strings.Index(rest, marker); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// formErrors lists the texts of the page's [data-testid=form-error], for
// messages.
func formErrors(body string) string {
	var out []string
	for _, part := range strings.Split(body, `data-testid="form-error"`)[1:] {
		if end := strings.Index(part, "data-testid="); end >= 0 {
			part = part[:end]
		}
		part = tags.ReplaceAllString(part[strings.Index(part, ">")+1:], " ")
		out = append(out, strings.Join(strings.Fields(part), " "))
	}
	return strings.Join(out, " | ")
}

var tags = regexp.MustCompile(`<[^>]*>|<[^>]*$`)

func auditCount(t *testing.T, app *testApp, id int64, action casework.AuditAction, email string) int {
	t.Helper()
	return countRows(t, app, `SELECT count(*) FROM audit_log WHERE youth_id = $1 AND action = $2 AND user_id = $3`,
		id, string(action), app.Users[email].ID)
}

func TestTeamFormsUpToFiveAndRefusesTheSixth(t *testing.T) {
	app := newTestApp(t)
	id := app.createYouth("uu@a.example", "Freja Fuldt")
	uu := app.as("uu@a.example")

	page := uu.get(youthPath(id) + "/team")
	if page.status != http.StatusOK || strings.Count(page.body, `data-testid="team-member"`) != 1 || !strings.Contains(page.body, `data-testid="team-warning"`) {
		t.Fatalf("team page of a new young person: %d, %d members", page.status, strings.Count(page.body, `data-testid="team-member"`))
	}
	// The choice of professional is grouped by unit.
	if !strings.Contains(page.body, `<optgroup label="Mentor">`) || !strings.Contains(page.body, `<optgroup label="Jobcenter">`) {
		t.Error("the professionals are not grouped by unit")
	}

	addMembers(t, app, uu, id, "mentor@a.example", "jobcenter@a.example", "familie@a.example", "ssp@a.example")
	page = uu.get(youthPath(id) + "/team")
	if n := strings.Count(page.body, `data-testid="team-member"`); n != 5 {
		t.Fatalf("%d members shown, want 5", n)
	}
	if strings.Contains(page.body, `data-testid="team-warning"`) {
		t.Error("a team of 5 is warned about as too small")
	}
	if !strings.Contains(page.body, "Rolle mentor@a.example") || !strings.Contains(page.body, "Teamet (5 af 5)") {
		t.Error("the member's role in the team or the count is not shown")
	}

	resp := uu.post(youthPath(id)+"/team", url.Values{"user_id": {app.uid("skole@a.example")}, "team_role": {"Kontaktlærer"}})
	if resp.status != http.StatusUnprocessableEntity {
		t.Fatalf("sixth member: %d, want 422", resp.status)
	}
	if got := formErrors(resp.body); !strings.Contains(got, "Teamet har allerede 5 fagpersoner, som er det højeste antal.") {
		t.Errorf("sixth member: the message beside the field is %q", got)
	}
	if !strings.Contains(resp.body, `value="Kontaktlærer"`) || !strings.Contains(resp.body, `value="`+app.uid("skole@a.example")+`" selected`) {
		t.Error("the refused form does not keep what was chosen and typed")
	}
	if n := countRows(t, app, `SELECT count(*) FROM team_members WHERE youth_id = $1 AND left_at IS NULL`, id); n != 5 {
		t.Errorf("%d active members in the database, want 5", n)
	}
	if n := auditCount(t, app, id, casework.AuditTeamAdd, "uu@a.example"); n != 4 {
		t.Errorf("%d team.add audit rows, want 4", n)
	}
	if n := auditCount(t, app, id, casework.AuditTeamView, "uu@a.example"); n != 3 {
		t.Errorf("%d team.view audit rows, want 3 (two reads and the refused form)", n)
	}

	// Adding someone already on the team, or from another municipality, is refused too.
	if resp := uu.post(youthPath(id)+"/team", url.Values{"user_id": {app.uid("uu@b.example")}}); resp.status != http.StatusUnprocessableEntity {
		t.Errorf("a professional of another municipality: %d, want 422", resp.status)
	}
	if resp := uu.post(youthPath(id)+"/team", url.Values{"user_id": {""}}); resp.status != http.StatusUnprocessableEntity || !strings.Contains(formErrors(resp.body), "Skal udfyldes") {
		t.Errorf("no one chosen: %d %q", resp.status, formErrors(resp.body))
	}
}

func TestTeamRemovalKeepsHistoryAndEndsAccess(t *testing.T) {
	app := newTestApp(t)
	id := app.createYouth("uu@a.example", "Rasmus Rokade")
	uu := app.as("uu@a.example")
	mentor := app.as("mentor@a.example")
	addMembers(t, app, uu, id, "mentor@a.example", "jobcenter@a.example")

	for _, p := range []string{youthPath(id), youthPath(id) + "/team"} {
		if resp := mentor.get(p); resp.status != http.StatusOK {
			t.Fatalf("member GET %s: %d", p, resp.status)
		}
	}

	removePath := youthPath(id) + "/team/" + app.uid("mentor@a.example") + "/remove"
	confirm := uu.get(removePath)
	if confirm.status != http.StatusOK || !strings.Contains(confirm.body, "Vil du fjerne Mads Mentor fra teamet om Rasmus Rokade?") ||
		!strings.Contains(confirm.body, `data-testid="team-remove-confirm"`) {
		t.Fatalf("confirmation: %d", confirm.status)
	}
	if n := countRows(t, app, `SELECT count(*) FROM team_members WHERE youth_id = $1 AND left_at IS NULL`, id); n != 3 {
		t.Fatal("the confirmation page removed someone")
	}
	resp := uu.post(removePath, nil)
	if resp.status != http.StatusSeeOther {
		t.Fatalf("remove: %d", resp.status)
	}

	// The former member no longer sees the young person: as if it did not exist.
	for _, p := range []string{youthPath(id), youthPath(id) + "/team", youthPath(id) + "/contact-person"} {
		if resp := mentor.get(p); resp.status != http.StatusNotFound {
			t.Errorf("former member GET %s: %d, want 404", p, resp.status)
		}
	}
	if resp := mentor.post(youthPath(id)+"/team", url.Values{"user_id": {app.uid("mentor@a.example")}}); resp.status != http.StatusNotFound {
		t.Errorf("former member adds themselves back: %d, want 404", resp.status)
	}
	if list := mentor.get("/youth"); strings.Contains(list.body, "Rasmus Rokade") {
		t.Error("the former member still finds the young person in the list")
	}

	// The history keeps who was on the team, and when.
	if n := countRows(t, app, `SELECT count(*) FROM team_members WHERE youth_id = $1 AND user_id = $2 AND left_at IS NOT NULL AND removed_by = $3`,
		id, app.Users["mentor@a.example"].ID, app.Users["uu@a.example"].ID); n != 1 {
		t.Errorf("%d ended memberships kept, want 1", n)
	}
	page := uu.get(youthPath(id) + "/team")
	former := section(page.body, "former-member")
	if !strings.Contains(former, "Mads Mentor") || !strings.Contains(former, dk(0)) || !strings.Contains(former, "Ulla Ungevejleder") {
		t.Errorf("former members do not show the mentor with the period and who removed them: %q", former)
	}
	if n := auditCount(t, app, id, casework.AuditTeamRemove, "uu@a.example"); n != 1 {
		t.Errorf("%d team.remove audit rows, want 1", n)
	}

	// Someone who leaves the team themselves lands on the front page.
	jobcenter := app.as("jobcenter@a.example")
	resp = jobcenter.post(youthPath(id)+"/team/"+app.uid("jobcenter@a.example")+"/remove", nil)
	if resp.status != http.StatusSeeOther || resp.location(t) != "/" {
		t.Errorf("leave the team: %d to %q", resp.status, resp.header.Get("Location"))
	}
	// The last member cannot leave: the young person would be nobody's.
	resp = uu.post(youthPath(id)+"/team/"+app.uid("uu@a.example")+"/remove", nil)
	if resp.status != http.StatusConflict || !strings.Contains(resp.body, "Den sidste fagperson på teamet kan ikke fjernes") {
		t.Errorf("last member leaves: %d", resp.status)
	}
}

func TestTeamPageAccessRules(t *testing.T) {
	app := newTestApp(t)
	id := app.createYouth("uu@a.example", "Anton Adgang")
	tests := []struct {
		email  string
		status int
	}{
		{"uu@a.example", http.StatusOK},
		{"koordinator@a.example", http.StatusOK},
		{"mentor@a.example", http.StatusNotFound},
		{"admin@a.example", http.StatusNotFound},
		{"koordinator@b.example", http.StatusNotFound},
		{"uu@b.example", http.StatusNotFound},
	}
	for _, tt := range tests {
		c := app.as(tt.email)
		for _, p := range []string{"/team", "/contact-person", "/referral", "/team/" + app.uid("uu@a.example") + "/remove"} {
			if resp := c.get(youthPath(id) + p); resp.status != tt.status {
				t.Errorf("%s GET %s: %d, want %d", tt.email, p, resp.status, tt.status)
			}
		}
		if tt.status == http.StatusNotFound {
			posts := map[string]url.Values{
				"/team":           {"user_id": {app.uid("mentor@a.example")}},
				"/contact-person": {"user_id": {app.uid("uu@a.example")}, "reason": {"x"}},
				"/referrals":      {"situation": {"a"}, "tried": {"b"}, "needed": {"c"}},
				"/team/chosen":    {"chosen_on": {iso(-2)}},
			}
			for p, form := range posts {
				if resp := c.post(youthPath(id)+p, form); resp.status != http.StatusNotFound {
					t.Errorf("%s POST %s: %d, want 404", tt.email, p, resp.status)
				}
			}
			if n := countRows(t, app, `SELECT count(*) FROM audit_log WHERE youth_id = $1 AND user_id = $2`, id, app.Users[tt.email].ID); n != 0 {
				t.Errorf("%s: %d audit rows for refused requests", tt.email, n)
			}
		}
	}
	if n := countRows(t, app, `SELECT count(*) FROM team_members WHERE youth_id = $1`, id); n != 1 {
		t.Errorf("refused requests changed the team: %d rows", n)
	}
	// The coordinator manages the team of any young person of the municipality.
	koord := app.as("koordinator@a.example")
	addMembers(t, app, koord, id, "mentor@a.example")
}

func TestTeamChoiceByTheYoungPerson(t *testing.T) {
	app := newTestApp(t)
	id := app.createYouth("uu@a.example", "Bodil Bestemmer")
	uu := app.as("uu@a.example")
	if page := uu.get(youthPath(id) + "/team"); !strings.Contains(page.body, `data-testid="team-choice-none"`) {
		t.Error("no record of the young person's choice should say so")
	}
	resp := uu.post(youthPath(id)+"/team/chosen", url.Values{"chosen_on": {iso(1)}, "note": {"På formødet"}})
	if resp.status != http.StatusUnprocessableEntity || !strings.Contains(formErrors(resp.body), "Datoen ligger i fremtiden") || !strings.Contains(resp.body, `value="På formødet"`) {
		t.Errorf("a date in the future: %d %q", resp.status, formErrors(resp.body))
	}
	if resp := uu.post(youthPath(id)+"/team/chosen", url.Values{"chosen_on": {iso(-2)}, "note": {"På formødet"}}); resp.status != http.StatusSeeOther {
		t.Fatalf("record the choice: %d", resp.status)
	}
	page := uu.get(youthPath(id) + "/team")
	choice := section(page.body, "team-choice")
	if !strings.Contains(choice, "Den unge valgte teamet den "+dk(-2)+".") || !strings.Contains(choice, "På formødet") || !strings.Contains(choice, "Ulla Ungevejleder") {
		t.Errorf("the choice shown: %q", choice)
	}
	if n := auditCount(t, app, id, casework.AuditTeamChosen, "uu@a.example"); n != 1 {
		t.Errorf("%d team.chosen audit rows", n)
	}
}

func TestContactPersonChoiceHandoverAndAcceptance(t *testing.T) {
	app := newTestApp(t)
	id := app.createYouth("uu@a.example", "Hanne Hånd")
	uu := app.as("uu@a.example")
	addMembers(t, app, uu, id, "mentor@a.example", "jobcenter@a.example")

	page := uu.get(youthPath(id) + "/team")
	if !strings.Contains(page.body, `data-testid="contact-person-none"`) || !strings.Contains(page.body, `data-testid="contact-prompt"`) {
		t.Error("a young person without a contact person should be prompted for one")
	}

	// The first choice takes effect at once.
	resp := uu.post(youthPath(id)+"/contact-person", url.Values{
		"user_id": {app.uid("mentor@a.example")}, "reason": {"Kender den unge fra klubben."}, "needs": {"Fremmøde i skolen"},
		"wish_user_id": {app.uid("mentor@a.example")}, "relation_user_id": {app.uid("mentor@a.example"), app.uid("jobcenter@a.example")},
		"current": {"0"},
	})
	if resp.status != http.StatusSeeOther || resp.location(t) != youthPath(id)+"/team" {
		t.Fatalf("first choice: %d\n%s", resp.status, formErrors(resp.body))
	}
	if got := activeContact(t, app, id); got != "mentor@a.example" {
		t.Fatalf("active contact person %q, want the mentor", got)
	}
	page = uu.get(youthPath(id) + "/team")
	cp := section(page.body, "contact-person")
	for _, want := range []string{"Mads Mentor", "Den unges ønske", "Har relation", "Kender den unge fra klubben.", "Fremmøde i skolen"} {
		if !strings.Contains(cp, want) {
			t.Errorf("the contact person block lacks %q", want)
		}
	}
	if strings.Contains(page.body, `data-testid="contact-prompt"`) {
		t.Error("still prompted for a contact person after choosing one")
	}
	overview := uu.get(youthPath(id))
	if !strings.Contains(section(overview.body, "contact-person"), "Mads Mentor") {
		t.Error("the young person's page does not show the contact person")
	}

	// A second choice is a handover the receiver must accept.
	chooseContact(t, app, uu, id, "jobcenter@a.example", "Jobcentret overtager, da den unge skal i praktik.")
	if got := activeContact(t, app, id); got != "mentor@a.example" {
		t.Fatalf("after asking for a handover the contact person is %q; the mentor stays responsible until it is accepted", got)
	}
	var hid int64
	if err := app.DB.Pool.QueryRow(context.Background(), `SELECT id FROM contact_handovers WHERE youth_id = $1 AND status = 'pending'`, id).Scan(&hid); err != nil {
		t.Fatalf("no pending handover: %v", err)
	}
	page = uu.get(youthPath(id) + "/team")
	handover := section(page.body, "handover")
	if !strings.Contains(handover, "Jonna Jobcenter skal acceptere at blive kontaktperson. Indtil da er Mads Mentor fortsat kontaktperson") {
		t.Errorf("the pending handover is not shown to the team: %q", handover)
	}
	if strings.Contains(handover, `data-testid="handover-accept"`) {
		t.Error("someone who is not the receiver is offered to accept")
	}

	// Both see it on their front page; the coordinator sees it in the list.
	jobcenter := app.as("jobcenter@a.example")
	mentor := app.as("mentor@a.example")
	// Ulla asked for the handover, not Mads, the contact person now: the
	// receiver's task names who asked.
	if home := jobcenter.get("/"); !strings.Contains(section(home.body, "home-handover"), "Ulla Ungevejleder har bedt om, at du overtager kontaktpersonrollen for Hanne Hånd") ||
		!strings.Contains(section(home.body, "home-handover"), "fra Mads Mentor.") || strings.Contains(home.body, "Mads Mentor vil overdrage") {
		t.Errorf("the receiver's front page does not show who asked for the handover: %q", section(home.body, "home-handover-text"))
	}
	if home := mentor.get("/"); !strings.Contains(section(home.body, "home-handover"), "Afventer, at Jonna Jobcenter accepterer") {
		t.Error("the giver's front page does not show the handover")
	}
	if home := uu.get("/"); strings.Contains(home.body, `data-testid="home-handover"`) {
		t.Error("someone who neither gives nor receives sees the handover on their front page")
	}
	koord := app.as("koordinator@a.example")
	if list := koord.get("/referrals"); !strings.Contains(section(list.body, "pending-handover-row"), "Hanne Hånd") {
		t.Error("the coordinator does not see the pending handover")
	}
	if list := app.as("koordinator@b.example").get("/referrals"); strings.Contains(list.body, "Hanne Hånd") {
		t.Error("another municipality's coordinator sees the handover")
	}

	// Choosing again while a handover waits is refused.
	resp = uu.post(youthPath(id)+"/contact-person", url.Values{"user_id": {app.uid("uu@a.example")}, "reason": {"x"}})
	if resp.status != http.StatusConflict || !strings.Contains(resp.body, "venter allerede på accept") {
		t.Errorf("a second handover while one waits: %d", resp.status)
	}

	// Only the receiver accepts.
	accept := youthPath(id) + "/handovers/" + strconv.FormatInt(hid, 10) + "/accept"
	for _, c := range []*client{uu, mentor, koord} {
		if resp := c.post(accept, nil); resp.status != http.StatusForbidden {
			t.Errorf("accept by someone else than the receiver: %d, want 403", resp.status)
		}
	}
	for _, email := range []string{"ssp@a.example", "koordinator@b.example"} {
		if resp := app.as(email).post(accept, nil); resp.status != http.StatusNotFound {
			t.Errorf("accept by %s, who does not see the young person: %d, want 404", email, resp.status)
		}
	}
	if got := activeContact(t, app, id); got != "mentor@a.example" {
		t.Fatalf("refused accepts changed the contact person to %q", got)
	}
	page = jobcenter.get(youthPath(id) + "/team")
	if !strings.Contains(section(page.body, "handover"), `data-testid="handover-accept"`) {
		t.Error("the receiver is not offered to accept")
	}
	if resp := jobcenter.post(accept, nil); resp.status != http.StatusSeeOther {
		t.Fatalf("the receiver accepts: %d", resp.status)
	}
	if got := activeContact(t, app, id); got != "jobcenter@a.example" {
		t.Fatalf("after acceptance the contact person is %q", got)
	}
	if n := countRows(t, app, `SELECT count(*) FROM contact_persons WHERE youth_id = $1 AND user_id = $2 AND end_reason = 'handover' AND ended_at IS NOT NULL`,
		id, app.Users["mentor@a.example"].ID); n != 1 {
		t.Error("the mentor's period did not end as a handover")
	}
	if n := countRows(t, app, `SELECT count(*) FROM contact_persons WHERE youth_id = $1 AND source = 'handover' AND reason LIKE 'Jobcentret overtager%' AND assigned_by = $2`,
		id, app.Users["uu@a.example"].ID); n != 1 {
		t.Error("the new period does not carry the handover's reason and who asked for it")
	}
	if resp := jobcenter.post(accept, nil); resp.status != http.StatusConflict {
		t.Errorf("accept twice: %d, want 409", resp.status)
	}
	page = uu.get(youthPath(id) + "/team")
	history := section(page.body, "contact-history")
	if !strings.Contains(history, "Jonna Jobcenter") || !strings.Contains(history, "Mads Mentor") || !strings.Contains(history, "overdraget til en anden") {
		t.Errorf("the history does not show both periods: %q", history)
	}
	if home := jobcenter.get("/"); strings.Contains(home.body, `data-testid="home-handover"`) {
		t.Error("the accepted handover still shows on the front page")
	}
	for _, a := range []struct {
		action casework.AuditAction
		email  string
	}{
		{casework.AuditContactAssign, "uu@a.example"},
		{casework.AuditHandoverRequest, "uu@a.example"},
		{casework.AuditHandoverAccept, "jobcenter@a.example"},
	} {
		if n := auditCount(t, app, id, a.action, a.email); n != 1 {
			t.Errorf("%d %s audit rows by %s, want 1", n, a.action, a.email)
		}
	}
	if n := countRows(t, app, `SELECT count(*) FROM audit_log WHERE action = 'handover.list' AND user_id = $1`, app.Users["jobcenter@a.example"].ID); n < 1 {
		t.Error("showing the handover on the front page is not in the audit log")
	}
}

func TestHandoverDeclineAndCancel(t *testing.T) {
	app := newTestApp(t)
	id := app.createYouth("uu@a.example", "Dennis Dør")
	uu := app.as("uu@a.example")
	addMembers(t, app, uu, id, "mentor@a.example", "jobcenter@a.example")
	chooseContact(t, app, uu, id, "uu@a.example", "Har kendt den unge længe.")
	chooseContact(t, app, uu, id, "mentor@a.example", "Mentoren ser den unge hver uge.")
	hid := countRows(t, app, `SELECT id FROM contact_handovers WHERE youth_id = $1 AND status = 'pending'`, id)

	mentor := app.as("mentor@a.example")
	decline := youthPath(id) + "/handovers/" + strconv.Itoa(hid) + "/decline"
	if resp := uu.post(decline, url.Values{"decline_reason": {"Nej"}}); resp.status != http.StatusForbidden {
		t.Errorf("decline by someone else: %d, want 403", resp.status)
	}
	resp := mentor.post(decline, url.Values{"decline_reason": {"  "}})
	if resp.status != http.StatusUnprocessableEntity || !strings.Contains(formErrors(resp.body), "Skal udfyldes") {
		t.Errorf("decline without a reason: %d %q", resp.status, formErrors(resp.body))
	}
	if resp := mentor.post(decline, url.Values{"decline_reason": {"Har ikke tid før januar."}}); resp.status != http.StatusSeeOther {
		t.Fatalf("decline: %d", resp.status)
	}
	if got := activeContact(t, app, id); got != "uu@a.example" {
		t.Errorf("after a decline the contact person is %q, want unchanged", got)
	}
	page := uu.get(youthPath(id) + "/team")
	if h := section(page.body, "handover-history"); !strings.Contains(h, "afvist") || !strings.Contains(h, "Har ikke tid før januar.") {
		t.Errorf("the declined handover is not in the history: %q", h)
	}
	if strings.Contains(page.body, `data-testid="handover"`) {
		t.Error("the declined handover still shows as pending")
	}

	// A new handover can be withdrawn by the one who asked, not by the receiver.
	chooseContact(t, app, uu, id, "jobcenter@a.example", "Praktik på vej.")
	hid = countRows(t, app, `SELECT id FROM contact_handovers WHERE youth_id = $1 AND status = 'pending'`, id)
	cancel := youthPath(id) + "/handovers/" + strconv.Itoa(hid) + "/cancel"
	if resp := app.as("jobcenter@a.example").post(cancel, nil); resp.status != http.StatusForbidden {
		t.Errorf("the receiver withdraws: %d, want 403", resp.status)
	}
	if resp := uu.post(cancel, nil); resp.status != http.StatusSeeOther {
		t.Errorf("withdraw: %d", resp.status)
	}
	if n := countRows(t, app, `SELECT count(*) FROM contact_handovers WHERE youth_id = $1 AND status = 'cancelled'`, id); n != 1 {
		t.Errorf("%d cancelled handovers, want 1", n)
	}
	if n := auditCount(t, app, id, casework.AuditHandoverDecline, "mentor@a.example") + auditCount(t, app, id, casework.AuditHandoverCancel, "uu@a.example"); n != 2 {
		t.Errorf("%d decline and cancel audit rows, want 2", n)
	}
}

func TestContactPersonRules(t *testing.T) {
	app := newTestApp(t)
	id := app.createYouth("uu@a.example", "Regitze Regel")
	uu := app.as("uu@a.example")
	addMembers(t, app, uu, id, "mentor@a.example")

	// Only a member of the team, and a reason is required.
	resp := uu.post(youthPath(id)+"/contact-person", url.Values{"user_id": {app.uid("ssp@a.example")}, "reason": {"Kender den unge."}})
	if resp.status != http.StatusUnprocessableEntity || !strings.Contains(formErrors(resp.body), "Kontaktpersonen skal være på den unges team") {
		t.Errorf("someone not on the team: %d %q", resp.status, formErrors(resp.body))
	}
	resp = uu.post(youthPath(id)+"/contact-person", url.Values{"user_id": {app.uid("mentor@a.example")}, "reason": {""}, "needs": {"Bolig"}})
	if resp.status != http.StatusUnprocessableEntity || !strings.Contains(formErrors(resp.body), "Skal udfyldes") || !strings.Contains(resp.body, "Bolig") {
		t.Errorf("no reason: %d %q", resp.status, formErrors(resp.body))
	}
	if got := activeContact(t, app, id); got != "" {
		t.Fatalf("refused choices made %q contact person", got)
	}

	// A form that saw no contact person is refused when one was chosen meanwhile.
	chooseContact(t, app, uu, id, "mentor@a.example", "Relation.")
	resp = app.as("koordinator@a.example").post(youthPath(id)+"/contact-person",
		url.Values{"user_id": {app.uid("uu@a.example")}, "reason": {"x"}, "current": {"0"}})
	if resp.status != http.StatusConflict || !strings.Contains(resp.body, "En anden har ændret kontaktpersonen") {
		t.Errorf("a stale choice: %d", resp.status)
	}
	if n := countRows(t, app, `SELECT count(*) FROM contact_handovers WHERE youth_id = $1`, id); n != 0 {
		t.Error("a stale choice was turned into a handover")
	}

	// The contact person cannot leave the team until the role is handed over.
	removePath := youthPath(id) + "/team/" + app.uid("mentor@a.example") + "/remove"
	confirm := uu.get(removePath)
	if !strings.Contains(confirm.body, "er den unges kontaktperson og kan ikke fjernes") || strings.Contains(confirm.body, `data-testid="team-remove-confirm"`) {
		t.Error("the confirmation page offers to remove the contact person")
	}
	if resp := uu.post(removePath, nil); resp.status != http.StatusConflict {
		t.Errorf("remove the contact person: %d, want 409", resp.status)
	}
	if n := countRows(t, app, `SELECT count(*) FROM team_members WHERE youth_id = $1 AND user_id = $2 AND left_at IS NULL`, id, app.Users["mentor@a.example"].ID); n != 1 {
		t.Fatal("the contact person was dropped from the team")
	}
	// The database itself refuses it, whatever the application does.
	_, err := app.DB.Pool.Exec(context.Background(), `UPDATE team_members SET left_at = $3 WHERE youth_id = $1 AND user_id = $2`,
		id, app.Users["mentor@a.example"].ID, fixedNow)
	if err == nil || !strings.Contains(err.Error(), "contact person") {
		t.Errorf("the database let the contact person leave the team: %v", err)
	}
	// And refuses a contact person who is not on the team.
	_, err = app.DB.Pool.Exec(context.Background(), `
		INSERT INTO contact_persons (municipality_id, youth_id, user_id, source, reason, assigned_by, ended_at, end_reason, started_at)
		VALUES ($1, $2, $3, 'direct', 'x', $3, NULL, NULL, $4)`, app.Users["ssp@a.example"].MunicipalityID, id, app.Users["ssp@a.example"].ID, fixedNow)
	if err == nil {
		t.Error("the database accepted a contact person who is not on the team")
	}
}

func TestContactPersonIsUniqueUnderConcurrency(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	id := app.createYouth("uu@a.example", "Ulrik Unik")
	uu := app.as("uu@a.example")
	members := []string{"uu@a.example", "mentor@a.example", "jobcenter@a.example", "familie@a.example", "ssp@a.example"}
	addMembers(t, app, uu, id, members[1:]...)

	// Ten people choose the first contact person at the same moment.
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	start := make(chan struct{})
	for i := range 10 {
		wg.Go(func() {
			<-start
			choice := casework.ContactChoice{UserID: app.Users[members[i%len(members)]].ID, Reason: "samtidig", CheckExpect: true}
			_, err := app.DB.ChooseContactPerson(ctx, app.Users[members[i%len(members)]], id, choice)
			errs <- err
		})
	}
	close(start)
	wg.Wait()
	close(errs)
	var ok, conflicts int
	for err := range errs {
		switch {
		case err == nil:
			ok++
		case casework.Code(err) == casework.EConflict:
			conflicts++
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok != 1 || conflicts != 9 {
		t.Errorf("%d choices took effect and %d were refused; want 1 and 9", ok, conflicts)
	}
	if n := countRows(t, app, `SELECT count(*) FROM contact_persons WHERE youth_id = $1 AND ended_at IS NULL`, id); n != 1 {
		t.Fatalf("%d active contact persons, want exactly 1", n)
	}
	if n := countRows(t, app, `SELECT count(*) FROM contact_handovers WHERE youth_id = $1`, id); n != 0 {
		t.Errorf("%d handovers; first choices must not turn into handovers", n)
	}

	// The database holds the rule by itself: ten direct inserts of an active
	// contact person at once, past the application, leave exactly one.
	if _, err := app.DB.Pool.Exec(ctx, `DELETE FROM contact_persons WHERE youth_id = $1`, id); err != nil {
		t.Fatal(err)
	}
	results := make(chan error, 10)
	start = make(chan struct{})
	for i := range 10 {
		wg.Go(func() {
			<-start
			u := app.Users[members[i%len(members)]]
			_, err := app.DB.Pool.Exec(ctx, `
				INSERT INTO contact_persons (municipality_id, youth_id, user_id, source, reason, assigned_by, started_at)
				VALUES ($1, $2, $3, 'direct', 'rå', $3, $4)`, u.MunicipalityID, id, u.ID, fixedNow)
			results <- err
		})
	}
	close(start)
	wg.Wait()
	close(results)
	ok = 0
	for err := range results {
		if err == nil {
			ok++
		} else if !strings.Contains(err.Error(), "contact_persons_one_active") {
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok != 1 {
		t.Errorf("%d direct inserts succeeded, want 1", ok)
	}
	if n := countRows(t, app, `SELECT count(*) FROM contact_persons WHERE youth_id = $1 AND ended_at IS NULL`, id); n != 1 {
		t.Errorf("%d active contact persons after direct inserts, want exactly 1", n)
	}
}

func TestSuggestionsRankByWeighingAndLoad(t *testing.T) {
	app := newTestApp(t)
	other := app.createYouth("uu@a.example", "Anden Ung")
	id := app.createYouth("uu@a.example", "Sigrid Forslag")
	uu := app.as("uu@a.example")
	addMembers(t, app, uu, other, "mentor@a.example")
	chooseContact(t, app, uu, other, "mentor@a.example", "Mentor for en anden ung.")
	addMembers(t, app, uu, id, "mentor@a.example", "jobcenter@a.example")

	// With no weighing the lightest load comes first, and the load is told.
	page := uu.get(youthPath(id) + "/contact-person")
	if page.status != http.StatusOK {
		t.Fatalf("contact person page: %d", page.status)
	}
	if n := strings.Count(page.body, `data-testid="suggestion"`); n != 3 {
		t.Errorf("%d suggestions, want the 3 members", n)
	}
	if first := section(page.body, "suggestion"); strings.Contains(first, "Mads Mentor") {
		t.Error("the mentor, who already has a case as contact person, is suggested first without any weighing")
	}
	if !strings.Contains(page.body, "1 aktivt forløb som kontaktperson") || !strings.Contains(page.body, "Ingen aktive forløb som kontaktperson") {
		t.Error("the suggestions do not tell the load")
	}

	// The young person wishes the mentor: first, with the reason shown, and chosen by default.
	resp := uu.post(youthPath(id)+"/contact-person", url.Values{
		"suggest": {"1"}, "wish_user_id": {app.uid("mentor@a.example")}, "relation_user_id": {app.uid("jobcenter@a.example")},
		"needs": {"Praktik"}, "reason": {"Halvt skrevet"}, "current": {"0"},
	})
	if resp.status != http.StatusOK {
		t.Fatalf("suggest: %d", resp.status)
	}
	first := section(resp.body, "suggestion")
	if !strings.Contains(first, "Mads Mentor") || !strings.Contains(first, "Den unges ønske") || !strings.Contains(first, "1 aktivt forløb som kontaktperson") {
		t.Errorf("first suggestion after the weighing: %q", first)
	}
	if !strings.Contains(first, "checked") {
		t.Error("the best suggestion is not chosen by default after the weighing")
	}
	suggestions := resp.body[strings.Index(resp.body, `id="suggestions-heading"`):]
	if i, j := strings.Index(suggestions, "Jonna Jobcenter"), strings.Index(suggestions, "Ulla Ungevejleder"); i < 0 || j < 0 || i > j {
		t.Error("the one with a relation is not ranked before the one with neither")
	}
	if !strings.Contains(resp.body, "Halvt skrevet") || !strings.Contains(resp.body, "Praktik") {
		t.Error("asking for suggestions loses what was typed")
	}
	if got := activeContact(t, app, id); got != "" {
		t.Error("asking for suggestions chose a contact person")
	}
	if n := auditCount(t, app, id, casework.AuditContactView, "uu@a.example"); n != 2 {
		t.Errorf("%d contact.view audit rows, want 2", n)
	}
}

func TestReferralToTheVisitationCommittee(t *testing.T) {
	app := newTestApp(t)
	id := app.createYouth("uu@a.example", "Viggo Visitation")
	uu := app.as("uu@a.example")
	addMembers(t, app, uu, id, "mentor@a.example", "jobcenter@a.example", "familie@a.example")

	if form := uu.get(youthPath(id) + "/referral"); form.status != http.StatusOK || !strings.Contains(form.body, "Den unges situation") {
		t.Fatalf("referral form: %d", form.status)
	}
	resp := uu.post(youthPath(id)+"/referrals", url.Values{"situation": {"Går ikke i skole."}})
	if resp.status != http.StatusUnprocessableEntity || strings.Count(resp.body, `data-testid="form-error"`) != 2 || !strings.Contains(resp.body, "Går ikke i skole.") {
		t.Errorf("incomplete referral: %d, %d errors", resp.status, strings.Count(resp.body, `data-testid="form-error"`))
	}
	referral := url.Values{"situation": {"Går ikke i skole."}, "tried": {"Mentor og UU har forsøgt."}, "needed": {"En voksen med tid."}}
	if resp := uu.post(youthPath(id)+"/referrals", referral); resp.status != http.StatusSeeOther {
		t.Fatalf("refer: %d", resp.status)
	}
	page := uu.get(youthPath(id) + "/team")
	if r := section(page.body, "referral"); !strings.Contains(r, "Indstillet til visitationsudvalget den "+dk(0)+" af Ulla Ungevejleder") || !strings.Contains(r, "En voksen med tid.") {
		t.Errorf("the case does not show the pending referral: %q", r)
	}
	if resp := uu.post(youthPath(id)+"/referrals", referral); resp.status != http.StatusConflict {
		t.Errorf("a second referral while one waits: %d, want 409", resp.status)
	}
	rid := countRows(t, app, `SELECT id FROM visitation_referrals WHERE youth_id = $1`, id)

	// The committee's list is for coordinators only, of their municipality.
	for _, email := range []string{"uu@a.example", "tovholder@a.example", "admin@a.example"} {
		c := app.as(email)
		if resp := c.get("/referrals"); resp.status != http.StatusForbidden {
			t.Errorf("%s GET /referrals: %d, want 403", email, resp.status)
		}
		if resp := c.post("/referrals/"+strconv.Itoa(rid)+"/decide", url.Values{"user_id": {app.uid("ssp@a.example")}, "note": {"x"}}); resp.status != http.StatusForbidden {
			t.Errorf("%s decides: %d, want 403", email, resp.status)
		}
	}
	koordB := app.as("koordinator@b.example")
	if list := koordB.get("/referrals"); strings.Contains(list.body, "Viggo") {
		t.Error("another municipality's coordinator sees the referral")
	}
	if resp := koordB.get("/referrals/" + strconv.Itoa(rid)); resp.status != http.StatusNotFound {
		t.Errorf("another municipality's coordinator opens the referral: %d, want 404", resp.status)
	}
	koord := app.as("koordinator@a.example")
	if home := koord.get("/"); !strings.Contains(home.body, "1 indstilling til visitationsudvalget afventer afgørelse") {
		t.Error("the coordinator's front page does not tell of the waiting referral")
	}
	list := koord.get("/referrals")
	if list.status != http.StatusOK || !strings.Contains(section(list.body, "referral-row"), "Viggo Visitation") {
		t.Fatalf("the committee's list: %d", list.status)
	}
	decision := koord.get("/referrals/" + strconv.Itoa(rid))
	if decision.status != http.StatusOK || !strings.Contains(decision.body, "Mentor og UU har forsøgt.") {
		t.Fatalf("the referral: %d", decision.status)
	}

	// The decision needs a note; then the chosen one joins the team and becomes the contact person.
	resp = koord.post("/referrals/"+strconv.Itoa(rid)+"/decide", url.Values{"user_id": {app.uid("ssp@a.example")}})
	if resp.status != http.StatusUnprocessableEntity || !strings.Contains(formErrors(resp.body), "Skal udfyldes") {
		t.Errorf("decision without a note: %d", resp.status)
	}
	resp = koord.post("/referrals/"+strconv.Itoa(rid)+"/decide", url.Values{"user_id": {app.uid("ssp@a.example")}, "note": {"SSP kender den unge fra gaden."}})
	if resp.status != http.StatusSeeOther || resp.location(t) != youthPath(id)+"/team" {
		t.Fatalf("decide: %d to %q", resp.status, resp.header.Get("Location"))
	}
	if got := activeContact(t, app, id); got != "ssp@a.example" {
		t.Fatalf("after the decision the contact person is %q", got)
	}
	if n := countRows(t, app, `SELECT count(*) FROM team_members WHERE youth_id = $1 AND user_id = $2 AND left_at IS NULL`, id, app.Users["ssp@a.example"].ID); n != 1 {
		t.Error("the committee's choice did not join the team")
	}
	if n := countRows(t, app, `SELECT count(*) FROM visitation_referrals WHERE id = $1 AND status = 'decided' AND assigned_user_id = $2`, rid, app.Users["ssp@a.example"].ID); n != 1 {
		t.Error("the referral is not recorded as decided")
	}
	page = uu.get(youthPath(id) + "/team")
	if !strings.Contains(section(page.body, "contact-person"), "Sofie SSP") || strings.Contains(page.body, `data-testid="referral"`) {
		t.Error("the team page does not show the decision")
	}
	if h := section(page.body, "referral-history"); !strings.Contains(h, "Sofie SSP blev kontaktperson") || !strings.Contains(h, "SSP kender den unge fra gaden.") {
		t.Errorf("the referral's history: %q", h)
	}
	if resp := koord.post("/referrals/"+strconv.Itoa(rid)+"/decide", url.Values{"user_id": {app.uid("skole@a.example")}, "note": {"igen"}}); resp.status != http.StatusConflict {
		t.Errorf("decide twice: %d, want 409", resp.status)
	}
	if n := auditCount(t, app, id, casework.AuditReferralDecide, "koordinator@a.example"); n != 1 {
		t.Errorf("%d referral.decide audit rows", n)
	}
	if n := auditCount(t, app, id, casework.AuditReferralCreate, "uu@a.example"); n != 1 {
		t.Errorf("%d referral.create audit rows", n)
	}

	// A decision that would make the team six is refused with the team's message.
	uu.post(youthPath(id)+"/referrals", referral)
	rid2 := countRows(t, app, `SELECT id FROM visitation_referrals WHERE youth_id = $1 AND status = 'pending'`, id)
	resp = koord.post("/referrals/"+strconv.Itoa(rid2)+"/decide", url.Values{"user_id": {app.uid("skole@a.example")}, "note": {"Skolen tager over."}})
	if resp.status != http.StatusUnprocessableEntity || !strings.Contains(formErrors(resp.body), "Teamet har allerede 5 fagpersoner") {
		t.Errorf("decision on a full team: %d %q", resp.status, formErrors(resp.body))
	}
	if got := activeContact(t, app, id); got != "ssp@a.example" {
		t.Errorf("a refused decision changed the contact person to %q", got)
	}
}

func TestAnchoringEndsTheContactPerson(t *testing.T) {
	app := newTestApp(t)
	id := app.createYouth("uu@a.example", "Asta Anker")
	uu := app.as("uu@a.example")
	addMembers(t, app, uu, id, "mentor@a.example", "jobcenter@a.example")
	chooseContact(t, app, uu, id, "mentor@a.example", "Relation.")
	chooseContact(t, app, uu, id, "jobcenter@a.example", "Praktik.") // a handover waits

	if resp := uu.post(youthPath(id)+"/status", url.Values{"status": {"anchored"}, "reason": {"Startet på EUD"}}); resp.status != http.StatusSeeOther {
		t.Fatalf("anchor: %d", resp.status)
	}
	if got := activeContact(t, app, id); got != "" {
		t.Fatalf("after anchoring the contact person is still %q", got)
	}
	if n := countRows(t, app, `SELECT count(*) FROM contact_persons WHERE youth_id = $1 AND end_reason = 'anchored' AND ended_by = $2`, id, app.Users["uu@a.example"].ID); n != 1 {
		t.Error("the contact person did not end as anchored")
	}
	if n := countRows(t, app, `SELECT count(*) FROM contact_handovers WHERE youth_id = $1 AND status = 'pending'`, id); n != 0 {
		t.Error("a handover still waits for an anchored young person")
	}
	if n := auditCount(t, app, id, casework.AuditContactEnd, "uu@a.example"); n != 1 {
		t.Errorf("%d contact.end audit rows, want 1", n)
	}
	page := uu.get(youthPath(id) + "/team")
	if !strings.Contains(page.body, `data-testid="contact-not-active"`) || strings.Contains(page.body, `data-testid="contact-prompt"`) {
		t.Error("the team page of an anchored young person should say no contact person is chosen")
	}
	if overview := uu.get(youthPath(id)); strings.Contains(overview.body, `data-testid="contact-prompt"`) {
		t.Error("the overview of an anchored young person offers a contact person")
	}
	if h := section(page.body, "contact-history"); !strings.Contains(h, "ophørt, da den unge blev forankret i uddannelse eller job") {
		t.Errorf("the history does not tell why the contact person ended: %q", h)
	}
	resp := uu.post(youthPath(id)+"/contact-person", url.Values{"user_id": {app.uid("mentor@a.example")}, "reason": {"x"}})
	if resp.status != http.StatusConflict || activeContact(t, app, id) != "" {
		t.Errorf("choosing a contact person for an anchored young person: %d", resp.status)
	}

	// The young person drops out: kui offers to re-establish a contact person.
	if resp := uu.post(youthPath(id)+"/status", url.Values{"status": {"active"}, "reason": {"Droppet ud"}}); resp.status != http.StatusSeeOther {
		t.Fatalf("back to active: %d", resp.status)
	}
	page = uu.get(youthPath(id) + "/team")
	if p := section(page.body, "contact-prompt"); !strings.Contains(p, "Den unge er aktiv igen") {
		t.Errorf("no prompt to re-establish the contact person: %q", p)
	}
	// The young person's own overview, where the status change lands,
	// offers it too.
	overview := uu.get(youthPath(id))
	if p := section(overview.body, "contact-prompt"); !strings.Contains(p, "Den unge er aktiv igen") || !strings.Contains(p, youthPath(id)+"/contact-person") {
		t.Errorf("the overview does not offer to re-establish the contact person: %q", p)
	}
	chooseContact(t, app, uu, id, "mentor@a.example", "Genetableret efter frafald.")
	if got := activeContact(t, app, id); got != "mentor@a.example" {
		t.Errorf("re-established contact person %q", got)
	}
}

func TestUnitsAreManagedByTheAdministrator(t *testing.T) {
	app := newTestApp(t)
	admin := app.as("admin@a.example")
	page := admin.get("/admin/units")
	if page.status != http.StatusOK || strings.Count(page.body, `data-testid="unit-row"`) < 5 || !strings.Contains(page.body, "Familierådgivning") {
		t.Fatalf("units page: %d, %d rows", page.status, strings.Count(page.body, `data-testid="unit-row"`))
	}
	if resp := admin.post("/admin/units", url.Values{"name": {"FGU"}}); resp.status != http.StatusSeeOther {
		t.Fatalf("add unit: %d", resp.status)
	}
	resp := admin.post("/admin/units", url.Values{"name": {"FGU"}})
	if resp.status != http.StatusUnprocessableEntity || !strings.Contains(formErrors(resp.body), "Kommunen har allerede en enhed med det navn") {
		t.Errorf("a unit twice: %d %q", resp.status, formErrors(resp.body))
	}
	if resp := admin.post("/admin/units", url.Values{"name": {" "}}); resp.status != http.StatusUnprocessableEntity {
		t.Errorf("a unit without a name: %d", resp.status)
	}
	unitID := countRows(t, app, `SELECT id FROM units WHERE name = 'Mentor'`)
	if resp := admin.post("/admin/units/"+strconv.Itoa(unitID), url.Values{"name": {"Mentorkorps"}}); resp.status != http.StatusSeeOther {
		t.Fatalf("rename: %d", resp.status)
	}
	// The rename shows where the professionals are chosen by unit.
	id := app.createYouth("uu@a.example", "Enhed Test")
	if team := app.as("uu@a.example").get(youthPath(id) + "/team"); !strings.Contains(team.body, `<optgroup label="Mentorkorps">`) {
		t.Error("the renamed unit does not show on the team page")
	}
	for _, email := range []string{"koordinator@a.example", "uu@a.example"} {
		if resp := app.as(email).get("/admin/units"); resp.status != http.StatusForbidden {
			t.Errorf("%s GET /admin/units: %d, want 403", email, resp.status)
		}
	}
	// Units of another municipality are neither shown nor renamed.
	otherUnit := countRows(t, app, `
		INSERT INTO units (municipality_id, name) SELECT id, 'Anden enhed' FROM municipalities WHERE name = 'B Kommune' RETURNING id`)
	if resp := admin.post("/admin/units/"+strconv.Itoa(otherUnit), url.Values{"name": {"Overtaget"}}); resp.status != http.StatusNotFound {
		t.Errorf("rename another municipality's unit: %d, want 404", resp.status)
	}
	if page := admin.get("/admin/units"); strings.Contains(page.body, "Anden enhed") {
		t.Error("the administrator sees another municipality's units")
	}
	if n := countRows(t, app, `SELECT count(*) FROM units WHERE name = 'FGU'`); n != 1 {
		t.Errorf("%d FGU units", n)
	}
}
