package server_test

// Browser test of "Venter på dig": the list and the header's count, marking
// a line read, the e-mail choices, the unsubscribe link's page and the
// administrator's outgoing e-mail, in a real Chromium.

import (
	"context"
	"strconv"
	"testing"
	"time"

	"kui/internal/casework"
)

func TestBrowserInboxSettingsOutbox(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	id := app.createYouth("uu@a.example", "Nanna Notits")
	app.addNotification("uu@a.example", casework.KindTeamAdded, id, id, time.Time{}, 3*time.Hour)
	app.addNotification("uu@a.example", casework.KindTurning18, id, id, day(60), time.Hour)

	b := app.newBrowser(t)
	b.login("uu@a.example")
	// The count in the header of another page.
	if got := b.text("[data-testid=inbox-count]"); got != "2" {
		t.Errorf("the front page's header count is %q, want 2", got)
	}
	b.screenshot("inbox-header-front-page")
	if status := b.click("[data-testid=nav-inbox]"); status != 200 {
		t.Fatalf("the header's link: status %d", status)
	}
	if p := b.path(); p != "/inbox" {
		t.Fatalf("the header's link leads to %s", p)
	}
	if n := b.count("[data-testid=inbox-item]"); n != 2 {
		t.Fatalf("%d lines, want 2", n)
	}
	if got := b.text("[data-testid=inbox-item]:first-child strong"); got != "Fylder snart 18 år" {
		t.Errorf("the first line is %q, want the newest (turning 18)", got)
	}
	b.checkAccessibility("inbox")
	b.checkEveryFocusVisible("inbox")
	b.screenshot("inbox")

	before, _ := strconv.Atoi(b.text("[data-testid=inbox-count]"))
	if status := b.click("[data-testid=inbox-item]:first-child [data-testid=inbox-mark-read]"); status != 200 {
		t.Fatalf("mark read: status %d", status)
	}
	if got := b.text("[data-testid=inbox-count]"); got != strconv.Itoa(before-1) {
		t.Errorf("after marking read the count is %q, want %d", got, before-1)
	}
	if n := b.count("[data-testid=inbox-item][data-read]"); n != 1 {
		t.Errorf("%d lines shown as read, want 1", n)
	}
	b.checkAccessibility("inbox after marking read")
	b.screenshot("inbox-read")

	// The e-mail choices, chosen with the keyboard.
	if status := b.click("[data-testid=inbox-settings]"); status != 200 {
		t.Fatalf("settings: status %d", status)
	}
	b.toggle("#pref-handover-off")
	b.toggle("#pref-plan_due-now")
	b.checkAccessibility("notification settings")
	b.screenshot("notification-settings")
	if status := b.click("[data-testid=pref-save]"); status != 200 {
		t.Fatalf("save settings: status %d", status)
	}
	if got := b.text("[data-testid=flash]"); got != "Dine valg er gemt." {
		t.Errorf("after saving: %q", got)
	}
	if got := app.preferencesOf("uu@a.example"); got["handover"] != "off" || got["plan_due"] != "now" {
		t.Errorf("stored %v, want handover off and plan_due now", got)
	}

	// The unsubscribe link, opened in a browser without signing in.
	secret, err := app.DB.UnsubscribeSecret(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	nb := app.newBrowser(t)
	nb.visit("/unsubscribe/" + casework.UnsubscribeToken(secret, app.Users["uu@a.example"].ID, casework.KindTurning18))
	nb.checkAccessibility("unsubscribe")
	nb.screenshot("unsubscribe")
	if status := nb.click("[data-testid=unsubscribe-confirm]"); status != 200 {
		t.Fatalf("unsubscribe: status %d", status)
	}
	if got := app.preferencesOf("uu@a.example"); got["turning_18"] != "off" {
		t.Errorf("after unsubscribing: %v", got)
	}
	nb.checkAccessibility("unsubscribed")
	nb.screenshot("unsubscribed")

	// The administrator's outgoing e-mail, and »Send igen«.
	app.addOutbox("uu@a.example", string(casework.KindHandover), "sent", 1, "")
	app.addOutbox("mentor@a.example", string(casework.KindAgendaDue), "failed", 3, "550 sending SMTP RCPT TO command")
	app.addOutbox("tovholder@a.example", "digest", "waiting", 0, "")
	ab := app.newBrowser(t)
	ab.login("admin@a.example")
	ab.visit("/admin")
	if status := ab.clickLink("main", "Udgående e-mail"); status != 200 {
		t.Fatalf("the admin index's link: status %d", status)
	}
	if n := ab.count("[data-testid=outbox-row]"); n != 3 {
		t.Errorf("%d outbox rows, want 3", n)
	}
	ab.checkAccessibility("outbox")
	ab.screenshot("outbox")
	if status := ab.click("[data-testid=outbox-retry]"); status != 200 {
		t.Fatalf("send again: status %d", status)
	}
	if got := ab.text("[data-testid=flash]"); got != "E-mailen sendes igen." {
		t.Errorf("after »Send igen«: %q", got)
	}
	ab.screenshot("outbox-retried")
}
