package postgres_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"kui/internal/casework"
	"kui/internal/pgtest"
	"kui/internal/postgres"
)

// clockNow is the store tests' fixed clock: Wednesday 10 March 2027, 10:00
// in Copenhagen (CET). Every date the tests build is relative to it, and it
// is what they pass as now/today; the real date never matters.
var (
	clockNow   = time.Date(2027, 3, 10, 9, 0, 0, 0, time.UTC)
	clockToday = casework.DateOf(clockNow) // 2027-03-10
)

// daysFrom is the moment n days (24-hour days) from clockNow.
func daysFrom(n int) time.Time { return clockNow.Add(time.Duration(n) * 24 * time.Hour) }

// date is a calendar date, as the store reads and writes dates.
func date(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// cph is a Copenhagen wall-clock moment.
func cph(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, casework.Copenhagen())
	if err != nil {
		panic(err)
	}
	return t
}

// storeFixture is a fresh, migrated database opened through the store, and
// builders of known data that go through the store's own methods.
type storeFixture struct {
	t     *testing.T
	ctx   context.Context
	db    *postgres.DB
	url   string
	clock *movableClock
}

// movableClock is the store's clock in these tests: clockNow, except while
// a fixture builds something that happened before (at).
type movableClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *movableClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func newStore(t *testing.T) *storeFixture {
	t.Helper()
	url := pgtest.NewDatabase(t)
	clock := &movableClock{now: clockNow}
	db, err := postgres.Open(t.Context(), url, postgres.WithClock(clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return &storeFixture{t: t, ctx: t.Context(), db: db, url: url, clock: clock}
}

// at runs build with the store's clock at when: what it writes is stamped
// then (created, joined, requested, ended …). The clock is clockNow again
// after.
func (s *storeFixture) at(when time.Time, build func()) {
	s.t.Helper()
	s.clock.mu.Lock()
	s.clock.now = when
	s.clock.mu.Unlock()
	defer func() {
		s.clock.mu.Lock()
		s.clock.now = clockNow
		s.clock.mu.Unlock()
	}()
	build()
}

// openWith opens another store on the fixture's database, with a
// connection-string parameter added (pool_max_conns=1, timezone=UTC …).
func (s *storeFixture) openWith(param string) *postgres.DB {
	s.t.Helper()
	sep := "?"
	if strings.Contains(s.url, "?") {
		sep = "&"
	}
	db, err := postgres.Open(s.ctx, s.url+sep+param, postgres.WithClock(s.clock.Now))
	s.ok(err)
	s.t.Cleanup(db.Close)
	return db
}

func (s *storeFixture) ok(err error) {
	s.t.Helper()
	if err != nil {
		s.t.Fatal(err)
	}
}

// user creates an account. The email is derived from the name.
func (s *storeFixture) user(name string, role casework.Role, municipality, unit string) casework.User {
	s.t.Helper()
	u, err := s.db.CreateUser(s.ctx, casework.NewUser{
		Email: emailPart(name) + "@" + emailPart(municipality) + ".example",
		Name:  name, Role: role, Municipality: municipality, Unit: unit, Password: "test-password-1234",
	})
	s.ok(err)
	return u
}

func emailPart(s string) string {
	out := []byte{}
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			out = append(out, byte(r|0x20))
		}
	}
	return string(out)
}

// youth creates a young person as actor (who joins the team), born on
// birth (YYYY-MM-DD).
func (s *storeFixture) youth(actor casework.User, name, birth string, level casework.Level) int64 {
	s.t.Helper()
	id, err := s.db.CreateYouth(s.ctx, actor, casework.YouthDetails{Name: name, BirthDate: date(birth), Level: level, NeedCategory: casework.NeedCoordinated, JoinTeam: true})
	s.ok(err)
	return id
}

// team puts members on the young person's team.
func (s *storeFixture) team(actor casework.User, youthID int64, members ...casework.User) {
	s.t.Helper()
	for _, m := range members {
		s.ok(s.db.AddTeamMember(s.ctx, actor, youthID, m.ID, ""))
	}
}

// contact chooses a contact person (directly, when there is none; else it
// is a handover waiting for the receiver).
func (s *storeFixture) contact(actor casework.User, youthID int64, to casework.User) postgres.ContactOutcome {
	s.t.Helper()
	out, err := s.db.ChooseContactPerson(s.ctx, actor, youthID, casework.ContactChoice{UserID: to.ID, Reason: "valgt", Weighing: casework.Weighing{YouthWish: true}})
	s.ok(err)
	return out
}

// pendingHandoverTo is the id of the handover the receiver waits to accept.
func (s *storeFixture) pendingHandoverTo(receiver casework.User, youthID int64) int64 {
	s.t.Helper()
	list, err := s.db.MyHandovers(s.ctx, receiver)
	s.ok(err)
	for _, h := range list {
		if h.YouthID == youthID && h.ToID == receiver.ID {
			return h.ID
		}
	}
	s.t.Fatalf("no pending handover of young person %d to %s", youthID, receiver.Name)
	return 0
}

// meeting plans a meeting of the given kind, an hour long; facilitator nil
// means the actor; no participants means the whole team.
func (s *storeFixture) meeting(actor casework.User, youthID int64, kind casework.MeetingKind, starts time.Time, facilitator *casework.User, participants ...casework.User) int64 {
	s.t.Helper()
	d := casework.MeetingDetails{Kind: kind, StartsAt: starts, EndsAt: starts.Add(time.Hour), YouthAttends: kind != casework.KindCoordination, AllTeam: len(participants) == 0}
	if facilitator != nil {
		d.FacilitatorID = facilitator.ID
	}
	for _, p := range participants {
		d.Participants = append(d.Participants, p.ID)
	}
	id, err := s.db.CreateMeeting(s.ctx, actor, youthID, d)
	s.ok(err)
	return id
}

// planItem writes an item of the meeting's action plan; owner nil means the
// young person commits.
func (s *storeFixture) planItem(actor casework.User, meetingID int64, owner *casework.User, due time.Time) {
	s.t.Helper()
	d := casework.PlanDetails{Text: "Jeg skal møde op i skole", OwnerYouth: owner == nil, Due: due, Goal: casework.GoalEducationJob}
	if owner != nil {
		d.OwnerID = owner.ID
	}
	s.ok(s.db.AddPlanItem(s.ctx, actor, meetingID, d, ""))
}

// planItemIDs lists the meeting's plan item ids in plan order.
func (s *storeFixture) planItemIDs(actor casework.User, meetingID int64) []int64 {
	s.t.Helper()
	m, err := s.db.ViewMeeting(s.ctx, actor, meetingID, postgres.ViewMeetingPage)
	s.ok(err)
	var ids []int64
	for _, it := range m.Plan {
		ids = append(ids, it.ID)
	}
	return ids
}

func (s *storeFixture) closeMeeting(actor casework.User, meetingID int64, to casework.MeetingStatus) {
	s.t.Helper()
	s.ok(s.db.CloseMeeting(s.ctx, actor, meetingID, to))
}

// measure records a progression measurement (both steps the same).
func (s *storeFixture) measure(actor casework.User, youthID int64, on string, step int) {
	s.t.Helper()
	s.ok(s.db.RecordProgression(s.ctx, actor, youthID, casework.ProgressionMeasurement{MeasuredOn: date(on), ProfessionalStep: step, YouthStep: step, YouthWords: "Jeg har det bedre"}))
}

func (s *storeFixture) status(actor casework.User, youthID int64, to casework.Status) {
	s.t.Helper()
	s.ok(s.db.ChangeStatus(s.ctx, actor, youthID, to, ""))
}

// exec changes what the store has no method for (an account made inactive).
func (s *storeFixture) exec(sql string, args ...any) {
	s.t.Helper()
	tag, err := s.db.Pool.Exec(s.ctx, sql, args...)
	if err != nil {
		s.t.Fatalf("%s: %v", sql, err)
	}
	if tag.RowsAffected() == 0 {
		s.t.Fatalf("%s %v: no row moved", sql, args)
	}
}

// count runs a count query.
func (s *storeFixture) count(sql string, args ...any) int {
	s.t.Helper()
	var n int
	if err := s.db.Pool.QueryRow(s.ctx, sql, args...).Scan(&n); err != nil {
		s.t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// errorCode is the casework code of err ("" when err is nil or not a
// casework error).
func errorCode(err error) casework.ErrorCode {
	if e, ok := errors.AsType[*casework.Error](err); ok {
		return e.Code
	}
	return ""
}
