package postgres_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"kui/internal/casework"
)

// overviewFixture is A Kommune's staff around two young people, with the
// edge cases the load must not count: a former team member, an ended
// contact person and a pending handover, a cancelled meeting with a plan
// item, meetings just outside the 14 days, a meeting already begun, a
// followed-up item, the young person's own item and one due today. B
// Kommune has a young person and a meeting of its own.
type overviewFixture struct {
	*storeFixture
	coordinator, admin, tove, ulla, mads, jonna, frede casework.User
	otherCoordinator, bente                            casework.User
	yrsa, yngve                                        int64
	past, next, yngveNext                              int64
}

func newOverviewFixture(t *testing.T) *overviewFixture {
	s := newStore(t)
	f := &overviewFixture{storeFixture: s}
	f.coordinator = s.user("Karen Koordinator", casework.RoleCoordinator, "A Kommune", "Ungeenheden")
	f.admin = s.user("Anna Admin", casework.RoleAdmin, "A Kommune", "")
	f.tove = s.user("Tove Tovholder", casework.RoleFacilitator, "A Kommune", "Ungeenheden")
	f.ulla = s.user("Ulla Ungevejleder", casework.RoleCaseworker, "A Kommune", "Ungevejledning")
	f.mads = s.user("Mads Mentor", casework.RoleCaseworker, "A Kommune", "Mentor")
	f.jonna = s.user("Jonna Jobcenter", casework.RoleCaseworker, "A Kommune", "Jobcenter")
	f.frede = s.user("Frede Familie", casework.RoleCaseworker, "A Kommune", "Familierådgivning")
	f.otherCoordinator = s.user("Bo Koordinator", casework.RoleCoordinator, "B Kommune", "")
	f.bente = s.user("Bente Ungevejleder", casework.RoleCaseworker, "B Kommune", "")

	// Teams: Yrsa has Ulla, Mads and Jonna (Frede left); Yngve has Ulla and Mads.
	f.yrsa = s.youth(f.ulla, "Yrsa Et", "2010-03-12", casework.LevelBump)
	f.team(f.ulla, f.yrsa, f.mads, f.jonna, f.frede)
	s.ok(s.db.RemoveTeamMember(s.ctx, f.ulla, f.yrsa, f.frede.ID))
	f.yngve = s.youth(f.ulla, "Yngve To", "2011-05-01", casework.LevelLittle)
	f.team(f.ulla, f.yngve, f.mads)

	// Contact persons: Ulla handed Yrsa over to Mads (accepted); Ulla has
	// Yngve, and a handover of Yngve to Mads waits.
	f.contact(f.ulla, f.yrsa, f.ulla)
	f.contact(f.ulla, f.yrsa, f.mads)
	s.ok(s.db.AcceptHandover(s.ctx, f.mads, f.yrsa, f.pendingHandoverTo(f.mads, f.yrsa)))
	f.contact(f.ulla, f.yngve, f.ulla)
	if out := f.contact(f.ulla, f.yngve, f.mads); !out.Handover {
		t.Fatal("a second contact person did not start a handover")
	}

	// The meeting held 30 days ago and its plan.
	f.past = f.meeting(f.ulla, f.yrsa, casework.KindCooperation, daysFrom(-30), &f.tove, f.ulla, f.mads, f.jonna)
	f.planItem(f.ulla, f.past, &f.mads, clockToday.AddDate(0, 0, -10)) // open, overdue
	f.planItem(f.ulla, f.past, &f.mads, clockToday.AddDate(0, 0, 10))  // open
	f.planItem(f.ulla, f.past, &f.ulla, clockToday.AddDate(0, 0, -5))  // followed up below
	f.planItem(f.ulla, f.past, nil, clockToday.AddDate(0, 0, -5))      // the young person's own
	f.planItem(f.ulla, f.past, &f.jonna, clockToday)                   // open, due today: not overdue
	f.planItem(f.ulla, f.past, &f.tove, clockToday.AddDate(0, 0, -1))  // the facilitator's, overdue
	items := f.planItemIDs(f.ulla, f.past)
	f.closeMeeting(f.ulla, f.past, casework.MeetingEnded)

	// Ahead: the next meeting in 3 days follows Ulla's item up.
	f.next = f.meeting(f.ulla, f.yrsa, casework.KindCooperation, daysFrom(3), &f.tove, f.ulla, f.mads)
	s.ok(s.db.RecordFollowup(s.ctx, f.ulla, f.next, items[2], casework.FollowupDetails{Outcome: casework.OutcomeDone}, ""))
	f.meeting(f.ulla, f.yrsa, casework.KindCooperation, daysFrom(20), &f.tove, f.ulla) // beyond 14 days
	cancelled := f.meeting(f.ulla, f.yrsa, casework.KindCooperation, daysFrom(2), &f.tove, f.ulla)
	f.planItem(f.ulla, cancelled, &f.ulla, clockToday.AddDate(0, 0, -1))
	f.closeMeeting(f.ulla, cancelled, casework.MeetingCancelled)
	f.meeting(f.ulla, f.yrsa, casework.KindCooperation, clockNow.Add(14*24*time.Hour-time.Minute), &f.jonna, f.ulla) // the last minute of the 14 days
	f.meeting(f.ulla, f.yrsa, casework.KindCooperation, clockNow.Add(14*24*time.Hour), &f.jonna, f.ulla)             // just after
	f.meeting(f.ulla, f.yrsa, casework.KindCooperation, clockNow.Add(-time.Hour), &f.jonna, f.mads)                  // begun an hour ago
	// Yngve's meeting tomorrow: Ulla facilitates, the rest of the team (Mads) takes part.
	f.yngveNext = f.meeting(f.ulla, f.yngve, casework.KindPreMeeting, daysFrom(1), nil)

	// B Kommune.
	zara := s.youth(f.bente, "Zara Anden", "2012-06-01", casework.LevelBump)
	f.meeting(f.bente, zara, casework.KindCooperation, daysFrom(1), nil)
	return f
}

// loadRow is a professional's expected row: teams, contact-person cases,
// meetings, open items, overdue items.
func loadRow(u casework.User, unit string, teams, contacts, meetings, open, overdue int) casework.ProfessionalLoad {
	return casework.ProfessionalLoad{UserID: u.ID, Name: u.Name, Unit: unit, Role: u.Role, Teams: teams, ContactCases: contacts,
		Meetings: meetings, OpenItems: open, OverdueItems: overdue}
}

func loadLines(loads []casework.ProfessionalLoad) string {
	var b strings.Builder
	for _, l := range loads {
		fmt.Fprintf(&b, "\n  %+v", l)
	}
	return b.String()
}

func (f *overviewFixture) load(actor casework.User, filter casework.LoadFilter) []casework.ProfessionalLoad {
	f.t.Helper()
	o, err := f.db.LoadOverview(f.ctx, actor, filter, clockNow, clockToday)
	f.ok(err)
	return o.Loads
}

func TestLoadCountsKnownData(t *testing.T) {
	t.Parallel()
	f := newOverviewFixture(t)
	karen := loadRow(f.coordinator, "Ungeenheden", 0, 0, 0, 0, 0)
	tove := loadRow(f.tove, "Ungeenheden", 0, 0, 1, 1, 1)         // facilitates the next meeting; her own overdue item
	ulla := loadRow(f.ulla, "Ungevejledning", 2, 1, 3, 0, 0)      // next, Yngve's (facilitates), the last minute of the 14 days
	mads := loadRow(f.mads, "Mentor", 2, 1, 2, 2, 1)              // next, Yngve's
	jonna := loadRow(f.jonna, "Jobcenter", 1, 0, 1, 1, 0)         // facilitates the last minute's; her item due today
	frede := loadRow(f.frede, "Familierådgivning", 0, 0, 0, 0, 0) // left Yrsa's team

	for _, c := range []struct {
		name   string
		actor  casework.User
		filter casework.LoadFilter
		want   []casework.ProfessionalLoad
	}{
		// most contact-person cases first, then by name
		{"default", f.coordinator, casework.LoadFilter{}, []casework.ProfessionalLoad{mads, ulla, frede, jonna, karen, tove}},
		{"unknown sort", f.coordinator, casework.LoadFilter{Sort: "cpr"}, []casework.ProfessionalLoad{mads, ulla, frede, jonna, karen, tove}},
		{"overdue, most first", f.coordinator, casework.LoadFilter{Sort: casework.SortOverdue, Desc: true}, []casework.ProfessionalLoad{mads, tove, frede, jonna, karen, ulla}},
		{"meetings, fewest first", f.coordinator, casework.LoadFilter{Sort: casework.SortMeetings}, []casework.ProfessionalLoad{frede, karen, jonna, tove, mads, ulla}},
		{"open items, most first", f.coordinator, casework.LoadFilter{Sort: casework.SortOpen, Desc: true}, []casework.ProfessionalLoad{mads, jonna, tove, frede, karen, ulla}},
		{"teams", f.coordinator, casework.LoadFilter{Sort: casework.SortTeams}, []casework.ProfessionalLoad{frede, karen, tove, jonna, mads, ulla}},
		{"name, descending", f.coordinator, casework.LoadFilter{Sort: casework.SortName, Desc: true}, []casework.ProfessionalLoad{ulla, tove, mads, karen, jonna, frede}},
		{"one unit", f.coordinator, casework.LoadFilter{Unit: "Mentor"}, []casework.ProfessionalLoad{mads}},
		{"a unit nobody is in", f.coordinator, casework.LoadFilter{Unit: "Skole"}, []casework.ProfessionalLoad{}},
		// the administrator sees the same; a caseworker nothing
		{"administrator", f.admin, casework.LoadFilter{}, []casework.ProfessionalLoad{mads, ulla, frede, jonna, karen, tove}},
		{"caseworker", f.ulla, casework.LoadFilter{}, []casework.ProfessionalLoad{}},
		// B Kommune counts its own only
		{"another municipality", f.otherCoordinator, casework.LoadFilter{Sort: casework.SortName}, []casework.ProfessionalLoad{
			loadRow(f.bente, "", 1, 0, 1, 0, 0), loadRow(f.otherCoordinator, "", 0, 0, 0, 0, 0)}},
	} {
		if got := f.load(c.actor, c.filter); loadLines(got) != loadLines(c.want) || len(got) != len(c.want) {
			t.Errorf("%s:\n got %s\nwant %s", c.name, loadLines(got), loadLines(c.want))
		}
	}
}

// The overview's three reads — the load, the thresholds, the units — are
// one batch: one connection taken from the pool, once.
func TestLoadOverviewIsOneBatch(t *testing.T) {
	t.Parallel()
	f := newOverviewFixture(t)
	before := f.db.Pool.Stat().AcquireCount()
	o, err := f.db.LoadOverview(f.ctx, f.coordinator, casework.LoadFilter{Unit: "Mentor"}, clockNow, clockToday)
	f.ok(err)
	if n := f.db.Pool.Stat().AcquireCount() - before; n != 1 {
		t.Errorf("the overview took a connection from the pool %d times, want 1", n)
	}
	if want := loadLines([]casework.ProfessionalLoad{loadRow(f.mads, "Mentor", 2, 1, 2, 2, 1)}); loadLines(o.Loads) != want {
		t.Errorf("loads %s, want %s", loadLines(o.Loads), want)
	}
	if o.Thresholds != casework.DefaultLoadThresholds {
		t.Errorf("thresholds %+v before any were set, want the defaults %+v", o.Thresholds, casework.DefaultLoadThresholds)
	}
	// Every unit of the municipality, also the ones the filter leaves out.
	if got, want := strings.Join(o.Units, "|"), "Familierådgivning|Jobcenter|Mentor|Ungeenheden|Ungevejledning"; got != want {
		t.Errorf("units %s, want %s", got, want)
	}

	set := casework.LoadThresholds{ContactCases: 1, Teams: 2, OverdueItems: 3, MeetingIntervalDays: 30}
	f.ok(f.db.SetThresholds(f.ctx, f.admin, set))
	if o, err = f.db.LoadOverview(f.ctx, f.coordinator, casework.LoadFilter{}, clockNow, clockToday); err != nil || o.Thresholds != set {
		t.Errorf("thresholds %+v, %v; want the municipality's %+v", o.Thresholds, err, set)
	}
	if o, err = f.db.LoadOverview(f.ctx, f.otherCoordinator, casework.LoadFilter{}, clockNow, clockToday); err != nil ||
		o.Thresholds != casework.DefaultLoadThresholds || len(o.Units) != 0 {
		t.Errorf("another municipality: thresholds %+v, units %q, %v; want the defaults and no units", o.Thresholds, o.Units, err)
	}
}

func TestProfessionalDrilldownListsTheCasesBehindTheNumbers(t *testing.T) {
	t.Parallel()
	f := newOverviewFixture(t)
	pc, err := f.db.ProfessionalDrilldown(f.ctx, f.coordinator, f.mads.ID, clockNow, clockToday)
	f.ok(err)
	if want := loadRow(f.mads, "Mentor", 2, 1, 2, 2, 1); pc.Load != want {
		t.Errorf("load %+v, want %+v", pc.Load, want)
	}
	names := func(list []casework.YouthSummary) string {
		var out []string
		for _, y := range list {
			out = append(out, strconv.FormatInt(y.ID, 10)+" "+y.Name)
		}
		return strings.Join(out, ", ")
	}
	if got, want := names(pc.Teams), fmt.Sprintf("%d Yngve To, %d Yrsa Et", f.yngve, f.yrsa); got != want {
		t.Errorf("teams %s, want %s", got, want)
	}
	if got, want := names(pc.ContactCases), fmt.Sprintf("%d Yrsa Et", f.yrsa); got != want {
		t.Errorf("contact cases %s, want %s", got, want)
	}
	var meetings []string
	for _, m := range pc.Meetings {
		meetings = append(meetings, fmt.Sprintf("%d %d %s %s %s", m.MeetingID, m.YouthID, m.YouthName, m.StartsAt.UTC().Format(time.RFC3339), m.Kind))
	}
	if got, want := strings.Join(meetings, "; "), fmt.Sprintf("%d %d Yngve To %s formoede; %d %d Yrsa Et %s samarbejdsmoede",
		f.yngveNext, f.yngve, daysFrom(1).Format(time.RFC3339), f.next, f.yrsa, daysFrom(3).Format(time.RFC3339)); got != want {
		t.Errorf("meetings\n got %s\nwant %s", got, want)
	}
	var items []string
	for _, it := range pc.OpenItems {
		items = append(items, fmt.Sprintf("%d %s %d %s %t", it.YouthID, it.YouthName, it.MeetingID, it.Due.Format(time.DateOnly), it.Overdue))
	}
	if got, want := strings.Join(items, "; "), fmt.Sprintf("%d Yrsa Et %d 2027-02-28 true; %d Yrsa Et %d 2027-03-20 false",
		f.yrsa, f.past, f.yrsa, f.past); got != want {
		t.Errorf("open items\n got %s\nwant %s", got, want)
	}
	if n := f.count(`SELECT count(*) FROM audit_log WHERE action = 'overview.professional' AND user_id = $1 AND detail = $2`,
		f.coordinator.ID, "professional="+strconv.FormatInt(f.mads.ID, 10)); n != 1 {
		t.Errorf("%d audit rows for one drill-down, want 1", n)
	}

	// Every professional's drill-down adds up to their row of the overview.
	for _, l := range f.load(f.coordinator, casework.LoadFilter{}) {
		pc, err := f.db.ProfessionalDrilldown(f.ctx, f.coordinator, l.UserID, clockNow, clockToday)
		f.ok(err)
		if pc.Load != l {
			t.Errorf("drill-down of %s adds up to %+v; the overview says %+v", l.Name, pc.Load, l)
		}
	}

	for _, c := range []struct {
		name  string
		actor casework.User
		user  int64
		want  casework.ErrorCode
	}{
		{"an administrator", f.admin, f.mads.ID, casework.EForbidden},
		{"a caseworker", f.ulla, f.mads.ID, casework.EForbidden},
		{"another municipality's coordinator", f.otherCoordinator, f.mads.ID, casework.ENotFound},
		{"drilling into an administrator", f.coordinator, f.admin.ID, casework.ENotFound},
		{"drilling into nobody", f.coordinator, 999999, casework.ENotFound},
	} {
		if _, err := f.db.ProfessionalDrilldown(f.ctx, c.actor, c.user, clockNow, clockToday); errorCode(err) != c.want {
			t.Errorf("%s: %v, want %s", c.name, err, c.want)
		}
	}
}
