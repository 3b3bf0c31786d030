package notify_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"kui/internal/casework"
	"kui/internal/mailtest"
	"kui/internal/notify"
	"kui/internal/pgtest"
	"kui/internal/postgres"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

const (
	youthName = "Frida Fortrolig"
	youthCPR  = "120310-4321"
	baseURL   = "https://kui.example.dk"
)

// clock is kui's clock in these tests: fixed, movable.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.now = t }

type fixture struct {
	t       *testing.T
	ctx     context.Context
	db      *postgres.DB
	clock   *clock
	worker  casework.User
	admin   casework.User
	youthID int64
}

// monday0800 is a working day's morning, Copenhagen time.
var monday0800 = time.Date(2026, 11, 30, 8, 0, 0, 0, casework.Copenhagen())

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{t: t, ctx: t.Context(), clock: &clock{now: monday0800}}
	db, err := postgres.Open(f.ctx, pgtest.NewDatabase(t), postgres.WithClock(f.clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	f.db = db
	for _, nu := range []casework.NewUser{
		{Email: "ulla@n.example", Name: "Ulla Ungevejleder", Role: casework.RoleCaseworker, Municipality: "N Kommune", Unit: "UU"},
		{Email: "admin@n.example", Name: "Anders Admin", Role: casework.RoleAdmin, Municipality: "N Kommune"},
	} {
		nu.Password = "notify-password-1234"
		u, err := db.CreateUser(f.ctx, nu)
		if err != nil {
			t.Fatalf("user %s: %v", nu.Email, err)
		}
		if nu.Role == casework.RoleAdmin {
			f.admin = u
		} else {
			f.worker = u
		}
	}
	d, err := casework.YouthForm{Name: youthName, BirthDate: "2010-03-12", CPR: youthCPR, Level: "bump",
		NeedCategory: "koordineret", JoinTeam: true}.Validate(f.clock.Now(), true)
	if err != nil {
		t.Fatal(err)
	}
	if f.youthID, err = db.CreateYouth(f.ctx, f.worker, d); err != nil {
		t.Fatal(err)
	}
	return f
}

// waitingKinds are the kinds this fixture can make truly wait without the
// records behind the others (a handover, a meeting, a plan item, a
// consent): the sender re-checks that a line still waits, so a line about
// nothing is skipped. The store's tests create every kind through the
// actions that cause it; TestTextsForEveryKind renders every kind's e-mail.
var waitingKinds = []casework.Kind{casework.KindReferralDecided, casework.KindTeamAdded, casework.KindTurning18, casework.KindNoMeeting}

// queue records a notification of kind for the caseworker and its e-mail
// at once, as the store's notify does (a row, an outbox row, a job). Its
// occasion makes a time-dependent kind wait (a birthday ahead, a last
// meeting long ago); the young person, on whose team the caseworker is,
// is the subject.
func (f *fixture) queue(kind casework.Kind) int64 {
	f.t.Helper()
	today := casework.DateOf(f.clock.Now())
	occasion := map[casework.Kind]time.Time{casework.KindTurning18: today.AddDate(0, 0, 30), casework.KindNoMeeting: today.AddDate(0, -4, 0)}[kind]
	var nid int64
	err := f.db.Pool.QueryRow(f.ctx, `
		INSERT INTO notifications (municipality_id, user_id, kind, youth_id, subject_id, occasion, created_at)
		VALUES ($1, $2, $3, $4, $4, coalesce($6::date, '-infinity'), $5) RETURNING id`,
		f.worker.MunicipalityID, f.worker.ID, kind, f.youthID, f.clock.Now(), nullDate(occasion)).Scan(&nid)
	if err != nil {
		f.t.Fatal(err)
	}
	oid, err := f.db.QueueEmail(f.ctx, f.worker.ID, string(kind), fmt.Sprintf("n:%d", nid))
	if err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.db.Pool.Exec(f.ctx, `UPDATE notifications SET outbox_id = $1 WHERE id = $2`, oid, nid); err != nil {
		f.t.Fatal(err)
	}
	return oid
}

func (f *fixture) sender(mp *mailtest.Mailpit) *notify.Sender {
	f.t.Helper()
	s, err := notify.NewSender(f.db, notify.Config{SMTPURL: mp.SMTPURL(), From: "kui <kui@n.example>", BaseURL: baseURL})
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}

func (f *fixture) state(id int64) (string, int, string) {
	f.t.Helper()
	s, a, e, err := f.db.OutboxState(f.ctx, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return s, a, e
}

// waitState polls until row id is in state (60 s at most).
func (f *fixture) waitState(id int64, want string) {
	f.t.Helper()
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		s, a, e := f.state(id)
		if s == want {
			return
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("outbox %d: %s (attempts %d, %q), want %s", id, s, a, e, want)
		}
	}
}

// noPersonalData fails when a name or the CPR number of the fixture shows
// in a message's subject, text or HTML.
func (f *fixture) noPersonalData(msg mailtest.Message) {
	f.t.Helper()
	cprDigits := strings.ReplaceAll(youthCPR, "-", "")
	for _, part := range []string{msg.Subject, msg.Text, msg.HTML} {
		for _, secret := range []string{youthName, "Frida", "Fortrolig", youthCPR, cprDigits, "120310", "2010",
			f.worker.Name, "Ulla", f.admin.Name} {
			if strings.Contains(part, secret) {
				f.t.Errorf("message %q carries %q:\n%s", msg.Subject, secret, part)
			}
		}
	}
}

// An e-mail at once arrives once, for the right address, as plain text and
// HTML, with the unsubscribe headers and without personal data.
func TestEachKindArrivesOnceWithoutPersonalData(t *testing.T) {
	f := newFixture(t)
	mp := mailtest.Start(t)
	s := f.sender(mp)
	for _, kind := range waitingKinds {
		t.Run(string(kind), func(t *testing.T) {
			mp.Clear(t)
			id := f.queue(kind)
			for range 2 { // the second send is a no-op: the row is sent
				if _, err := s.Send(f.ctx, id); err != nil {
					t.Fatal(err)
				}
			}
			if st, a, _ := f.state(id); st != "sent" || a != 1 {
				t.Fatalf("outbox: %s after %d attempts, want sent after 1", st, a)
			}
			msgs := mp.Messages(t)
			if len(msgs) != 1 {
				t.Fatalf("%d messages, want 1", len(msgs))
			}
			msg := mp.Message(t, msgs[0].ID)
			if len(msg.To) != 1 || msg.To[0].Address != f.worker.Email {
				t.Errorf("to %v, want %s", msg.To, f.worker.Email)
			}
			if msg.MessageID != fmt.Sprintf("kui-%d@kui.example.dk", id) {
				t.Errorf("Message-ID %q", msg.MessageID)
			}
			if !strings.Contains(msg.Text, baseURL+"/inbox") || !strings.Contains(msg.HTML, baseURL+"/inbox") {
				t.Errorf("no link to the inbox:\n%s\n%s", msg.Text, msg.HTML)
			}
			if !strings.HasPrefix(msg.Subject, "kui: ") {
				t.Errorf("subject %q", msg.Subject)
			}
			lu := strings.Join(msg.Headers["List-Unsubscribe"], "")
			if !strings.HasPrefix(lu, "<"+baseURL+"/unsubscribe/") {
				t.Errorf("List-Unsubscribe %q", lu)
			}
			token := strings.TrimSuffix(strings.TrimPrefix(lu, "<"+baseURL+"/unsubscribe/"), ">")
			if uid, k, ok := casework.ParseUnsubscribeToken(unsubscribeSecret(t, f), token); !ok || uid != f.worker.ID || k != kind {
				t.Errorf("the unsubscribe token says %d %s %v", uid, k, ok)
			}
			if got := strings.Join(msg.Headers["List-Unsubscribe-Post"], ""); got != "List-Unsubscribe=One-Click" {
				t.Errorf("List-Unsubscribe-Post %q", got)
			}
			if got := strings.Join(msg.Headers["Auto-Submitted"], ""); got != "auto-generated" {
				t.Errorf("Auto-Submitted %q", got)
			}
			if !msg.Date.Equal(f.clock.Now().Truncate(time.Second)) {
				t.Errorf("Date %v, want kui's clock %v", msg.Date, f.clock.Now())
			}
			f.noPersonalData(msg)
		})
	}
}

// unsubscribeSecret is the key the sender signed with.
func unsubscribeSecret(t *testing.T, f *fixture) []byte {
	key, err := f.db.UnsubscribeSecret(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// The summary counts per kind, with an unsubscribe link per kind, and no
// personal data.
func TestDigestCountsPerKind(t *testing.T) {
	f := newFixture(t)
	mp := mailtest.Start(t)
	oid, err := f.db.QueueEmail(f.ctx, f.worker.ID, "digest", "digest:test")
	if err != nil {
		t.Fatal(err)
	}
	// Kinds this fixture can make wait (see waitingKinds): three young
	// people's birthdays ahead, one decided referral.
	birthday := casework.DateOf(f.clock.Now()).AddDate(0, 0, 30)
	for _, kind := range []casework.Kind{casework.KindTurning18, casework.KindTurning18, casework.KindTurning18, casework.KindReferralDecided} {
		if _, err := f.db.Pool.Exec(f.ctx, `
			INSERT INTO notifications (municipality_id, user_id, kind, youth_id, subject_id, occasion, created_at, outbox_id)
			VALUES ($1, $2, $3, $4, nextval(pg_get_serial_sequence('notifications', 'id')),
			        CASE WHEN $3 = 'turning_18' THEN $7::date ELSE '-infinity' END, $5, $6)`,
			f.worker.MunicipalityID, f.worker.ID, kind, f.youthID, f.clock.Now(), oid, birthday); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.sender(mp).Send(f.ctx, oid); err != nil {
		t.Fatal(err)
	}
	msgs := mp.WaitMessages(t, 1)
	msg := mp.Message(t, msgs[0].ID)
	if msg.Subject != "kui: Det venter på dig i dag" {
		t.Errorf("subject %q", msg.Subject)
	}
	for _, want := range []string{"3 unge fylder 18 inden for 90 dage", "1 indstilling er afgjort"} {
		if !strings.Contains(msg.Text, want) || !strings.Contains(msg.HTML, want) {
			t.Errorf("no %q in\n%s", want, msg.Text)
		}
	}
	if n := strings.Count(msg.Text, baseURL+"/unsubscribe/"); n != 2 {
		t.Errorf("%d unsubscribe links, want one per kind (2):\n%s", n, msg.Text)
	}
	f.noPersonalData(msg)
}

// Nothing is sent for a line that no longer waits, for a kind turned off,
// or to an inactive recipient: the row is skipped.
func TestSkippedWhenNothingWaits(t *testing.T) {
	f := newFixture(t)
	mp := mailtest.Start(t)
	s := f.sender(mp)
	done := f.queue(casework.KindReferralDecided)
	if _, err := f.db.Pool.Exec(f.ctx, `UPDATE notifications SET resolved_at = $1 WHERE outbox_id = $2`, f.clock.Now(), done); err != nil {
		t.Fatal(err)
	}
	off := f.queue(casework.KindTurning18)
	if _, err := f.db.Pool.Exec(f.ctx, `
		INSERT INTO notification_preferences (municipality_id, user_id, kind, delivery, updated_at)
		VALUES ($1, $2, 'turning_18', 'off', $3)`, f.worker.MunicipalityID, f.worker.ID, f.clock.Now()); err != nil {
		t.Fatal(err)
	}
	left := f.queue(casework.KindTeamAdded)
	// Off the team (and not the creator of a young person without a team,
	// who still sees them): no longer told.
	if _, err := f.db.Pool.Exec(f.ctx, `UPDATE team_members SET left_at = $1 WHERE user_id = $2`, f.clock.Now(), f.worker.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.Pool.Exec(f.ctx, `UPDATE youth SET created_by = $1 WHERE id = $2`, f.admin.ID, f.youthID); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{done, off, left} {
		if outcome, err := s.Send(f.ctx, id); err != nil || outcome != postgres.OutboxSkipped {
			t.Errorf("outbox %d: %s, %v; want skipped", id, outcome, err)
		}
	}
	if n := len(mp.Messages(t)); n != 0 {
		t.Errorf("%d messages, want none", n)
	}
}

// 550: failed with the code, never again by itself; the administrator's
// resend sends it.
func TestPermanentFailureAndResend(t *testing.T) {
	f := newFixture(t)
	mp := mailtest.Start(t)
	c := startClient(t, f, mp.SMTPURL())
	_ = c
	mp.Chaos(t, 550, 100)
	id := f.queue(casework.KindReferralDecided)
	f.waitState(id, "failed")
	if _, a, e := f.state(id); a != 1 || !strings.HasPrefix(e, "550 ") || strings.Contains(e, "@") {
		t.Errorf("failed after %d attempts with %q, want 1 and \"550 …\" without the address", a, e)
	}
	entries, err := f.db.OutboxList(f.ctx, f.admin, 10)
	if err != nil || len(entries) != 1 || entries[0].State != "failed" || entries[0].LastError == "" {
		t.Fatalf("the admin's list: %+v, %v", entries, err)
	}
	if err := f.db.RetryOutbox(f.ctx, f.worker, id); err == nil {
		t.Error("a caseworker resent an e-mail")
	}
	mp.Chaos(t, 0, 0)
	if err := f.db.RetryOutbox(f.ctx, f.admin, id); err != nil {
		t.Fatal(err)
	}
	f.waitState(id, "sent")
	if n := len(mp.WaitMessages(t, 1)); n != 1 {
		t.Errorf("%d messages, want 1", n)
	}
	if err := f.db.RetryOutbox(f.ctx, f.admin, id); err == nil {
		t.Error("a sent e-mail was resent")
	}
}

// 451: retrying, then sent once the server accepts.
func TestTemporaryFailureRetries(t *testing.T) {
	f := newFixture(t)
	mp := mailtest.Start(t)
	mp.Chaos(t, 451, 100)
	startClient(t, f, mp.SMTPURL())
	id := f.queue(casework.KindReferralDecided)
	f.waitState(id, "retrying")
	if _, _, e := f.state(id); !strings.HasPrefix(e, "451 ") {
		t.Errorf("last_error %q, want \"451 …\"", e)
	}
	mp.Chaos(t, 0, 0)
	f.waitState(id, "sent")
	if n := len(mp.WaitMessages(t, 1)); n != 1 {
		t.Errorf("%d messages, want 1", n)
	}
}

// Without SMTP_URL the e-mail is off: rows are marked 'off', readable on
// /admin/outbox.
func TestWithoutSMTPRowsAreOff(t *testing.T) {
	f := newFixture(t)
	startClient(t, f, "")
	id := f.queue(casework.KindReferralDecided)
	f.waitState(id, "off")
}

func startClient(t *testing.T, f *fixture, smtpURL string) *notify.Client {
	t.Helper()
	c, err := notify.NewClient(f.db, slog.New(slog.NewTextHandler(io.Discard, nil)), notify.Config{
		SMTPURL: smtpURL, From: "kui <kui@n.example>", BaseURL: baseURL, RetryBase: 50 * time.Millisecond, TestOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(f.ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := c.Stop(ctx); err != nil {
			t.Errorf("stop: %v", err)
		}
	})
	return c
}

// The daily summary's job is enqueued at or after 07:00 on a working day,
// once, and not before 07:00 or on a holiday: kui's clock decides.
func TestDigestJobOnKuisClock(t *testing.T) {
	cph := casework.Copenhagen()
	for _, tc := range []struct {
		name string
		now  time.Time
		want bool
	}{
		{"Monday 06:59", time.Date(2026, 11, 30, 6, 59, 0, 0, cph), false},
		{"Monday 07:00", time.Date(2026, 11, 30, 7, 0, 0, 0, cph), true},
		{"Monday 09:00", time.Date(2026, 11, 30, 9, 0, 0, 0, cph), true},
		{"Saturday 08:00", time.Date(2026, 12, 5, 8, 0, 0, 0, cph), false},
		{"Christmas Eve 08:00", time.Date(2026, 12, 24, 8, 0, 0, 0, cph), false},
		{"New Year's Day 08:00", time.Date(2027, 1, 1, 8, 0, 0, 0, cph), false},
	} {
		args, ok := notify.DigestArgsAt(tc.now)
		if ok != tc.want {
			t.Errorf("%s: due %v, want %v", tc.name, ok, tc.want)
		}
		if ok && args.Day != tc.now.Format(time.DateOnly) {
			t.Errorf("%s: day %s", tc.name, args.Day)
		}
	}

	// And through River's scheduler: a client started at 07:00 on a working
	// day enqueues that day's digest; one started on a holiday does not.
	for _, tc := range []struct {
		now  time.Time
		want int
	}{
		{time.Date(2026, 11, 30, 7, 0, 0, 0, cph), 1},
		{time.Date(2026, 12, 24, 8, 0, 0, 0, cph), 0},
	} {
		f := newFixture(t)
		f.clock.Set(tc.now)
		startClient(t, f, "")
		// The reminders job is enqueued by the same scheduler pass: wait for it.
		waitJob(t, f, "reminders", fmt.Sprintf(`{"hour": %q}`, tc.now.UTC().Truncate(time.Hour).Format(time.RFC3339)))
		var n int
		if err := f.db.Pool.QueryRow(f.ctx, `SELECT count(*) FROM river.river_job WHERE kind = 'digest' AND args->>'day' = $1`,
			tc.now.Format(time.DateOnly)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != tc.want {
			t.Errorf("%s: %d digest jobs, want %d", tc.now, n, tc.want)
		}
	}
}

func waitJob(t *testing.T, f *fixture, kind, args string) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		var n int
		if err := f.db.Pool.QueryRow(f.ctx, `SELECT count(*) FROM river.river_job WHERE kind = $1 AND args @> $2::jsonb`,
			kind, args).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %s job %s within 60 s", kind, args)
		}
	}
}

// SMTP_URL's user and password authenticate (PLAIN and LOGIN over a local
// connection; Mailpit accepts any).
func TestSMTPAuth(t *testing.T) {
	f := newFixture(t)
	mp := mailtest.Start(t)
	for i, auth := range []string{"plain", "login"} {
		id := f.queue(waitingKinds[i])
		s, err := notify.NewSender(f.db, notify.Config{From: "kui <kui@n.example>", BaseURL: baseURL,
			SMTPURL: "smtp://kui:hemmelig%40kode@" + mp.SMTPAddr() + "?tls=none&auth=" + auth})
		if err != nil {
			t.Fatal(err)
		}
		if outcome, err := s.Send(f.ctx, id); err != nil || outcome != postgres.OutboxSent {
			t.Errorf("auth=%s: %s, %v", auth, outcome, err)
		}
	}
	mp.WaitMessages(t, 2)
}

// nullDate is NULL for the zero date.
func nullDate(d time.Time) any {
	if d.IsZero() {
		return nil
	}
	return d
}
