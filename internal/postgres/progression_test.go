package postgres_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"kui/internal/casework"
	"kui/internal/postgres"
)

// snapshotFixture is A Kommune's progression around the quarter of the
// fixed clock (1st quarter 2027; the one before from 1 October 2026), with
// measurements on the quarters' first and last days, two on one day, one
// before both quarters, and young people anchored inside, outside and on
// the edge of the quarter; B Kommune has one of its own.
type snapshotFixture struct {
	*storeFixture
	coordinator, admin, ulla, otherCoordinator casework.User
}

func newSnapshotFixture(t *testing.T) *snapshotFixture {
	s := newStore(t)
	f := &snapshotFixture{storeFixture: s}
	f.coordinator = s.user("Karen Koordinator", casework.RoleCoordinator, "A Kommune", "Ungeenheden")
	f.admin = s.user("Anna Admin", casework.RoleAdmin, "A Kommune", "")
	f.ulla = s.user("Ulla Ungevejleder", casework.RoleCaseworker, "A Kommune", "Ungevejledning")
	mads := s.user("Mads Mentor", casework.RoleCaseworker, "A Kommune", "Mentor")
	jonna := s.user("Jonna Jobcenter", casework.RoleCaseworker, "A Kommune", "") // no unit
	f.otherCoordinator = s.user("Bo Koordinator", casework.RoleCoordinator, "B Kommune", "")
	bente := s.user("Bente Ungevejleder", casework.RoleCaseworker, "B Kommune", "")

	// Every course began a year ago, before anything the snapshot counts.
	young := func(name string, level casework.Level, contact *casework.User) (y int64) {
		t.Helper()
		s.at(daysFrom(-365), func() {
			y = s.youth(f.ulla, name, "2010-01-15", level)
			if contact != nil {
				if contact.ID != f.ulla.ID {
					s.team(f.ulla, y, *contact)
				}
				s.contact(f.ulla, y, *contact)
			}
		})
		return y
	}
	anchoredAt := func(y int64, at time.Time) {
		t.Helper()
		s.at(at, func() { s.status(f.ulla, y, casework.StatusAnchored) })
	}

	anna := young("Anna", casework.LevelBump, &f.ulla) // 2 → 4: up
	s.measure(f.ulla, anna, "2026-11-01", 2)
	s.measure(f.ulla, anna, "2027-01-05", 3)
	s.measure(f.ulla, anna, "2027-02-15", 4)
	bent := young("Bent", casework.LevelMainRoad, &mads) // 3 on the last day before, 3 on the first: same
	s.measure(f.ulla, bent, "2026-12-31", 3)
	s.measure(f.ulla, bent, "2027-01-01", 3)
	carl := young("Carl", casework.LevelObstacles, nil) // 5 on the first day before, 2 today: down
	s.measure(f.ulla, carl, "2026-10-01", 5)
	s.measure(f.ulla, carl, "2027-03-10", 2)
	dora := young("Dora", casework.LevelLittle, &f.ulla) // the quarter before only
	s.measure(f.ulla, dora, "2026-11-11", 1)
	erik := young("Erik", casework.LevelBump, &f.ulla) // before both quarters
	s.measure(f.ulla, erik, "2026-09-30", 5)
	fie := young("Fie", casework.LevelLittle, &jonna) // twice on one day: the later record counts
	s.measure(f.ulla, fie, "2027-02-01", 1)
	s.measure(f.ulla, fie, "2027-02-01", 5)
	gro := young("Gro", casework.LevelBump, &f.ulla) // measured, then anchored in the quarter
	s.measure(f.ulla, gro, "2027-01-20", 2)
	anchoredAt(gro, cph("2027-02-01 10:00"))
	hal := young("Hal", casework.LevelBump, &f.ulla) // anchored in the quarter, and back
	anchoredAt(hal, cph("2027-01-15 10:00"))
	s.status(f.ulla, hal, casework.StatusActive)
	ib := young("Ib", casework.LevelBump, nil) // anchored the quarter before
	anchoredAt(ib, cph("2026-12-15 10:00"))
	jo := young("Jo", casework.LevelBump, nil) // anchored half an hour into the quarter, in Copenhagen
	anchoredAt(jo, cph("2027-01-01 00:30"))
	lis := young("Lis", casework.LevelBump, nil) // anchored half an hour before it
	anchoredAt(lis, cph("2026-12-31 23:30"))

	var zara int64
	s.at(daysFrom(-365), func() { zara = s.youth(bente, "Zara", "2010-01-15", casework.LevelBump) })
	s.measure(bente, zara, "2027-02-01", 5)
	s.at(cph("2027-02-01 10:00"), func() {
		s.ok(s.db.ChangeStatus(s.ctx, bente, zara, casework.StatusAnchored, ""))
	})
	return f
}

func counts(c ...int) [casework.ProgressionMaxStep]int {
	var out [casework.ProgressionMaxStep]int
	copy(out[:], c)
	return out
}

func row(label string, c ...int) postgres.StepCounts {
	return postgres.StepCounts{Label: label, Counts: counts(c...)}
}

func describeSnapshot(s postgres.ProgressionSnapshot) string {
	var b strings.Builder
	fmt.Fprintf(&b, "quarter %s, before %s\n", s.QuarterStart.Format(time.DateOnly), s.PreviousStart.Format(time.DateOnly))
	for _, r := range s.ByLevel {
		fmt.Fprintf(&b, "level %q %v\n", r.Label, r.Counts)
	}
	for _, r := range s.ByUnit {
		fmt.Fprintf(&b, "unit %q %v\n", r.Label, r.Counts)
	}
	fmt.Fprintf(&b, "total %v, before %v\nmeasured %d, unmeasured %d; up %d, same %d, down %d; anchored in the quarter %d, now %d\n",
		s.Total.Counts, s.PreviousTotal.Counts, s.Measured, s.Unmeasured, s.Up, s.Same, s.Down, s.AnchoredThisQuarter, s.AnchoredNow)
	return b.String()
}

func TestSnapshotCountsKnownProgression(t *testing.T) {
	t.Parallel()
	f := newSnapshotFixture(t)
	// The latest step this quarter: Anna 4, Bent 3, Carl 2, Fie 5, Gro 2
	// (anchored, still counted by level and unit); the quarter before:
	// Anna 2, Bent 3, Carl 5, Dora 1.
	want := postgres.ProgressionSnapshot{
		QuarterStart: date("2027-01-01"), PreviousStart: date("2026-10-01"), Scale: postgres.DefaultProgressionScale,
		ByLevel: []postgres.StepCounts{
			row("hovedvejen", 0, 0, 1, 0, 0),    // Bent
			row("lidt_hjaelp", 0, 0, 0, 0, 1),   // Fie
			row("bump", 0, 1, 0, 1, 0),          // Gro, Anna
			row("forhindringer", 0, 1, 0, 0, 0), // Carl
		},
		ByUnit: []postgres.StepCounts{ // the unit of the contact person now
			row("", 0, 2, 0, 0, 1),               // Carl and Gro (none), Fie (Jonna, no unit)
			row("Mentor", 0, 0, 1, 0, 0),         // Bent
			row("Ungevejledning", 0, 0, 0, 1, 0), // Anna
		},
		Total:         row("", 0, 2, 1, 1, 1),
		PreviousTotal: row("", 1, 1, 1, 0, 1),
		Measured:      4, // the active ones: Anna, Bent, Carl, Fie
		Unmeasured:    3, // Dora, Erik, Hal
		Up:            1, Same: 1, Down: 1,
		AnchoredThisQuarter: 3, // Gro, Hal, Jo
		AnchoredNow:         4, // Gro, Ib, Jo, Lis
	}
	// The same whatever the session's time zone: the quarter is Copenhagen's.
	for _, tz := range []string{"UTC", "Europe/Copenhagen", "America/New_York"} {
		db := f.openWith("timezone=" + tz)
		for _, actor := range []casework.User{f.coordinator, f.admin} {
			got, err := db.Snapshot(f.ctx, actor, clockToday)
			f.ok(err)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("session time zone %s, %s:\n got %s\nwant %s", tz, actor.Role, describeSnapshot(got), describeSnapshot(want))
			}
		}
	}

	// A quarter later, this quarter is the one before.
	got, err := f.db.Snapshot(f.ctx, f.coordinator, date("2027-04-01"))
	f.ok(err)
	next := postgres.ProgressionSnapshot{
		QuarterStart: date("2027-04-01"), PreviousStart: date("2027-01-01"), Scale: postgres.DefaultProgressionScale,
		ByLevel:       []postgres.StepCounts{row("hovedvejen"), row("lidt_hjaelp"), row("bump"), row("forhindringer")},
		PreviousTotal: row("", 0, 2, 1, 1, 1),
		Unmeasured:    7, // every active young person
		AnchoredNow:   4,
	}
	if !reflect.DeepEqual(got, next) {
		t.Errorf("the next quarter:\n got %s\nwant %s", describeSnapshot(got), describeSnapshot(next))
	}

	// B Kommune counts its own.
	got, err = f.db.Snapshot(f.ctx, f.otherCoordinator, clockToday)
	f.ok(err)
	other := postgres.ProgressionSnapshot{
		QuarterStart: date("2027-01-01"), PreviousStart: date("2026-10-01"), Scale: postgres.DefaultProgressionScale,
		ByLevel:             []postgres.StepCounts{row("hovedvejen"), row("lidt_hjaelp"), row("bump", 0, 0, 0, 0, 1), row("forhindringer")},
		ByUnit:              []postgres.StepCounts{row("", 0, 0, 0, 0, 1)},
		Total:               row("", 0, 0, 0, 0, 1),
		AnchoredThisQuarter: 1, AnchoredNow: 1,
	}
	if !reflect.DeepEqual(got, other) {
		t.Errorf("another municipality:\n got %s\nwant %s", describeSnapshot(got), describeSnapshot(other))
	}

	if _, err := f.db.Snapshot(f.ctx, f.ulla, clockToday); errorCode(err) != casework.EForbidden {
		t.Errorf("a caseworker's snapshot: %v, want forbidden", err)
	}
}
