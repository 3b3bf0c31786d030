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
)

// addNotification writes a line of "Venter på dig" as the store's hooks and
// reminders do, created at the test clock's now minus ago.
func (a *testApp) addNotification(email string, kind casework.Kind, youthID, subjectID int64, occasion time.Time, ago time.Duration) int64 {
	a.t.Helper()
	u := a.Users[email]
	occ := "-infinity"
	if !occasion.IsZero() {
		occ = occasion.Format(time.DateOnly)
	}
	var id int64
	if err := a.DB.Pool.QueryRow(context.Background(), `INSERT INTO notifications
		(municipality_id, user_id, kind, youth_id, subject_id, occasion, created_at)
		VALUES ($1, $2, $3, $4, $5, $6::date, $7) RETURNING id`,
		u.MunicipalityID, u.ID, string(kind), youthID, subjectID, occ, fixedNow.Add(-ago)).Scan(&id); err != nil {
		a.t.Fatal(err)
	}
	return id
}

var inboxCountRE = regexp.MustCompile(`data-testid="inbox-count"[^>]*>(\d+)<`)

// inboxCount is the header's count on a page, -1 when there is none.
func inboxCount(t testing.TB, body string) int {
	t.Helper()
	m := inboxCountRE.FindStringSubmatch(body)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// inboxKinds lists the kinds of the page's lines, in order.
func inboxKinds(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`data-testid="inbox-item" data-kind="([a-z_0-9]+)"`).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestInboxListsTheRecipientsLinesNewestFirst(t *testing.T) {
	a := newTestApp(t)
	mine := a.createYouth("uu@a.example", "Ida Indbakke")
	hidden := a.createYouth("jobcenter@a.example", "Hugo Hemmelig")

	a.addNotification("uu@a.example", casework.KindTeamAdded, mine, mine, time.Time{}, 3*time.Hour)
	a.addNotification("uu@a.example", casework.KindReferralDecided, mine, 4711, time.Time{}, time.Hour)
	birthday := a.addNotification("uu@a.example", casework.KindTurning18, mine, mine, day(60), 2*time.Hour)
	// About a young person uu@a may not see: never shown, never counted.
	a.addNotification("uu@a.example", casework.KindTurning18, hidden, hidden, day(50), 0)
	// Someone else's line, about a young person uu@a sees.
	theirs := a.addNotification("koordinator@a.example", casework.KindTurning18, mine, mine, day(60), 0)
	// Done: resolved by the action that finished it.
	done := a.addNotification("uu@a.example", casework.KindNoMeeting, mine, mine, day(-100), 30*time.Minute)
	if _, err := a.DB.Pool.Exec(context.Background(), `UPDATE notifications SET resolved_at = $2 WHERE id = $1`, done, fixedNow); err != nil {
		t.Fatal(err)
	}

	uu := a.as("uu@a.example")
	page := uu.get("/inbox")
	if page.status != http.StatusOK {
		t.Fatalf("GET /inbox: %d\n%s", page.status, page.body)
	}
	if got, want := strings.Join(inboxKinds(page.body), ","), "referral_decided,turning_18,team_added"; got != want {
		t.Errorf("lines %s, want %s (newest first, only uu's own, visible, waiting)", got, want)
	}
	if strings.Contains(page.body, "Hugo Hemmelig") {
		t.Error("the list names a young person uu@a may not see")
	}
	for _, want := range []string{"Ida Indbakke", "Fylder 18: " + dk(60), `href="/youth/` + itoa64(mine) + `/team"`,
		"Markér som læst", `href="/settings/notifications"`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the list lacks %q", want)
		}
	}
	if strings.Contains(page.body, `href="/referrals/4711"`) {
		t.Error("a caseworker's decided referral links to the coordinators' referral page")
	}
	if n := inboxCount(t, page.body); n != 3 {
		t.Errorf("header count %d, want 3", n)
	}
	// The count is in the header of every page for professionals.
	if n := inboxCount(t, uu.get("/").body); n != 3 {
		t.Errorf("the front page's header count %d, want 3", n)
	}

	// Marked read: the line stays, greyed, and is no longer counted.
	resp := uu.post("/inbox/"+itoa64(birthday)+"/read", url.Values{})
	if resp.status != http.StatusSeeOther || resp.location(t) != "/inbox" {
		t.Fatalf("mark read: %d → %s", resp.status, resp.header.Get("Location"))
	}
	page = uu.get("/inbox")
	if n := inboxCount(t, page.body); n != 2 {
		t.Errorf("header count after reading one %d, want 2", n)
	}
	if !regexp.MustCompile(`data-kind="turning_18" data-read`).MatchString(page.body) {
		t.Error("the read line is not shown as read")
	}
	if !strings.Contains(page.body, `data-testid="flash"`) {
		t.Error("no message after marking read")
	}

	// Another's line, and a line that does not exist, are not found.
	if resp := uu.post("/inbox/"+itoa64(theirs)+"/read", url.Values{}); resp.status != http.StatusNotFound {
		t.Errorf("marking another's line read: %d, want 404", resp.status)
	}
	var readAt *time.Time
	if err := a.DB.Pool.QueryRow(context.Background(), `SELECT read_at FROM notifications WHERE id = $1`, theirs).Scan(&readAt); err != nil || readAt != nil {
		t.Errorf("another's line: read_at %v (%v), want unread", readAt, err)
	}
}

func TestInboxEmptyAndForAdministrators(t *testing.T) {
	a := newTestApp(t)
	page := a.as("ssp@a.example").get("/inbox")
	if page.status != http.StatusOK || !strings.Contains(page.body, "Intet venter på dig lige nu.") {
		t.Errorf("empty inbox: %d, want the empty state", page.status)
	}
	if n := inboxCount(t, page.body); n != 0 {
		t.Errorf("empty inbox's header count %d, want 0", n)
	}
	admin := a.as("admin@a.example")
	if resp := admin.get("/inbox"); resp.status != http.StatusForbidden {
		t.Errorf("an administrator's /inbox: %d, want 403", resp.status)
	}
	if body := admin.get("/admin").body; strings.Contains(body, `data-testid="inbox-count"`) {
		t.Error("an administrator's header shows an inbox count")
	}
}
