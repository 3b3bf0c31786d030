package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"kui/internal/casework"
)

// chairsFixture is A Kommune with one young person per way of falling
// between chairs, each with the edge cases that must not count, and one
// young person of B Kommune.
type chairsFixture struct {
	*storeFixture
	coordinator, admin, ulla, mads, jonna, frede casework.User
	otherCoordinator                             casework.User
	youth                                        map[string]int64
	meetings                                     map[string]int64
}

// course is how a young person's course is built: by default a good one,
// on nobody's list.
type course struct {
	birth     string
	team      []casework.User // besides Ulla, who creates the young person
	contact   bool            // Ulla becomes contact person
	measured  string          // the last measurement; "" for none
	held      []int           // meetings held, days from now
	cancelled []int           // meetings cancelled, days from now
	created   int             // days from now
}

func (f *chairsFixture) course(name string, change func(*course)) int64 {
	f.t.Helper()
	c := course{birth: "2012-06-01", team: []casework.User{f.mads, f.jonna}, contact: true, measured: "2027-02-08", held: []int{-10}, created: -200}
	if change != nil {
		change(&c)
	}
	var y int64
	f.at(daysFrom(c.created), func() {
		y = f.storeFixture.youth(f.ulla, name, c.birth, casework.LevelBump)
		f.team(f.ulla, y, c.team...)
		if c.contact {
			f.contact(f.ulla, y, f.ulla)
		}
	})
	if c.measured != "" {
		f.measure(f.ulla, y, c.measured, 3)
	}
	for _, d := range c.held {
		f.closeMeeting(f.ulla, f.meeting(f.ulla, y, casework.KindCooperation, daysFrom(d), nil), casework.MeetingEnded)
	}
	for _, d := range c.cancelled {
		f.closeMeeting(f.ulla, f.meeting(f.ulla, y, casework.KindCooperation, daysFrom(d), nil), casework.MeetingCancelled)
	}
	f.youth[name] = y
	return y
}

func newChairsFixture(t *testing.T) *chairsFixture {
	s := newStore(t)
	f := &chairsFixture{storeFixture: s, youth: map[string]int64{}, meetings: map[string]int64{}}
	f.coordinator = s.user("Karen Koordinator", casework.RoleCoordinator, "A Kommune", "Ungeenheden")
	f.admin = s.user("Anna Admin", casework.RoleAdmin, "A Kommune", "")
	f.ulla = s.user("Ulla Ungevejleder", casework.RoleCaseworker, "A Kommune", "UU")
	f.mads = s.user("Mads Mentor", casework.RoleCaseworker, "A Kommune", "Mentor")
	f.jonna = s.user("Jonna Jobcenter", casework.RoleCaseworker, "A Kommune", "Jobcenter")
	f.frede = s.user("Frede Familie", casework.RoleCaseworker, "A Kommune", "Familierådgivning")
	f.otherCoordinator = s.user("Bo Koordinator", casework.RoleCoordinator, "B Kommune", "")
	bente := s.user("Bente Ungevejleder", casework.RoleCaseworker, "B Kommune", "")

	// Alma is on nobody's list, though close to several: a former fourth
	// member, a contact person who handed over (accepted), her last meeting
	// exactly the interval ago, measured three months less a day ago, and
	// 18 on the 90th day from today.
	alma := f.course("Alma Rask", func(c *course) { c.birth = "2009-06-08"; c.measured = "2026-12-11"; c.held = []int{-90} })
	f.team(f.ulla, alma, f.frede)
	f.ok(f.db.RemoveTeamMember(f.ctx, f.ulla, alma, f.frede.ID))
	if out := f.contact(f.ulla, alma, f.mads); !out.Handover {
		t.Fatal("choosing a second contact person did not start a handover")
	}
	f.ok(f.db.AcceptHandover(f.ctx, f.mads, alma, f.pendingHandoverTo(f.mads, alma)))

	// Bo never had a contact person (and turned 18 yesterday).
	f.course("Bo Kontaktløs", func(c *course) { c.contact = false; c.birth = "2009-03-09" })

	// Cilla's contact person ended when she was anchored; she came back.
	cilla := f.course("Cilla Ophørt", nil)
	f.at(daysFrom(-5), func() {
		f.status(f.ulla, cilla, casework.StatusAnchored)
		f.status(f.ulla, cilla, casework.StatusActive)
	})

	// Dan: one handover declined, the next one waits.
	dan := f.course("Dan Overdragelse", nil)
	f.contact(f.ulla, dan, f.mads)
	f.ok(f.db.DeclineHandover(f.ctx, f.mads, dan, f.pendingHandoverTo(f.mads, dan), "nej tak"))
	f.at(daysFrom(-4), func() { f.contact(f.ulla, dan, f.jonna) })

	// Finn: one referral withdrawn, the next one waits.
	finn := f.course("Finn Visiteret", nil)
	referral := casework.ReferralForm{Situation: "s", Tried: "t", Needed: "n"}
	f.ok(f.db.CreateReferral(f.ctx, f.ulla, finn, referral))
	pending, err := f.db.PendingReferrals(f.ctx, f.coordinator)
	f.ok(err)
	if len(pending) != 1 {
		t.Fatalf("%d pending referrals, want 1", len(pending))
	}
	f.ok(f.db.WithdrawReferral(f.ctx, f.ulla, finn, pending[0].ID))
	f.at(daysFrom(-7), func() { f.ok(f.db.CreateReferral(f.ctx, f.ulla, finn, referral)) })

	// Gry's team was three until Jonna left: two now.
	gry := f.course("Gry Lilleteam", nil)
	f.at(daysFrom(-6), func() { f.ok(f.db.RemoveTeamMember(f.ctx, f.ulla, gry, f.jonna.ID)) })

	// Hans has five meetings ahead. Two agendas are late (send-by 8 March,
	// and today); one is sent; one is due tomorrow; one meeting is cancelled.
	hans := f.course("Hans Dagsorden", nil)
	f.meetings["hans 15"] = f.meeting(f.ulla, hans, casework.KindCooperation, cph("2027-03-15 10:00"), nil)
	f.meetings["hans 17"] = f.meeting(f.ulla, hans, casework.KindCooperation, cph("2027-03-17 10:00"), nil)
	f.meeting(f.ulla, hans, casework.KindCooperation, cph("2027-03-18 10:00"), nil)
	sent := f.meeting(f.ulla, hans, casework.KindCooperation, cph("2027-03-16 10:00"), nil)
	f.ok(f.db.AddAgendaItem(f.ctx, f.ulla, sent, casework.AgendaDetails{Text: "Skole", RaisedByYouth: true}, ""))
	f.ok(f.db.SendAgenda(f.ctx, f.ulla, sent, daysFrom(-1)))
	f.closeMeeting(f.ulla, f.meeting(f.ulla, hans, casework.KindCooperation, cph("2027-03-12 10:00"), nil), casework.MeetingCancelled)

	// Ida's last held meeting was 110 days ago; the one ten days ago was
	// cancelled.
	f.course("Ida Mødeløs", func(c *course) { c.held = []int{-110}; c.cancelled = []int{-10} })
	// Jens was last measured four months ago.
	f.course("Jens Umålt", func(c *course) { c.measured = "2026-11-05" })
	// Kim turns 18 in 30 days, Lea today.
	f.course("Kim Atten", func(c *course) { c.birth = "2009-04-09" })
	f.course("Lea Fødselsdag", func(c *course) { c.birth = "2009-03-10" })
	// Nina is anchored: however little her course has, she is on no list.
	nina := f.course("Nina Forankret", func(c *course) {
		c.birth, c.team, c.measured, c.held = "2009-04-01", nil, "", nil
	})
	f.status(f.ulla, nina, casework.StatusAnchored)
	// Otto came 20 days ago: not yet due a meeting or a measurement.
	f.course("Otto Ny", func(c *course) { c.measured, c.held, c.created = "", nil, -20 })
	// Pia came 100 days ago and has had neither.
	f.course("Pia Gammel", func(c *course) { c.measured, c.held, c.created = "", nil, -100 })

	// B Kommune's young person has nothing at all.
	var zara int64
	f.at(daysFrom(-200), func() { zara = s.youth(bente, "Zara Anden", "2012-06-01", casework.LevelBump) })
	f.youth["Zara Anden"] = zara
	return f
}

type chairEntry struct {
	name    string
	since   time.Time
	meeting string // the key of the meeting, for a late agenda
}

// checkChairs compares the groups with the expected entries per category,
// every category present, in order, with its total.
func (f *chairsFixture) checkChairs(t *testing.T, groups []casework.ChairGroup, want map[casework.ChairCategory][]chairEntry) {
	t.Helper()
	if len(groups) != len(casework.ChairCategories) {
		t.Fatalf("%d groups, want one per category (%d)", len(groups), len(casework.ChairCategories))
	}
	for i, g := range groups {
		if g.Category != casework.ChairCategories[i] {
			t.Errorf("group %d is %s, want %s", i, g.Category, casework.ChairCategories[i])
		}
		w := want[g.Category]
		var got, exp []string
		for _, e := range g.Entries {
			if e.Category != g.Category {
				t.Errorf("%s holds an entry of %s", g.Category, e.Category)
			}
			got = append(got, fmt.Sprintf("%d %s since %s meeting %d", e.YouthID, e.YouthName, e.Since.UTC().Format(time.RFC3339), e.MeetingID))
		}
		for _, e := range w {
			exp = append(exp, fmt.Sprintf("%d %s since %s meeting %d", f.youth[e.name], e.name, e.since.UTC().Format(time.RFC3339), f.meetings[e.meeting]))
		}
		if strings.Join(got, "\n") != strings.Join(exp, "\n") {
			t.Errorf("%s:\n got  %s\n want %s", g.Category, strings.Join(got, "\n      "), strings.Join(exp, "\n      "))
		}
		if g.Total != len(w) {
			t.Errorf("%s total = %d, want %d", g.Category, g.Total, len(w))
		}
	}
}

func TestBetweenChairsListsEachCategoryWithItsEdgeCases(t *testing.T) {
	t.Parallel()
	f := newChairsFixture(t)
	groups, err := f.db.BetweenChairs(f.ctx, f.coordinator, clockNow, clockToday)
	f.ok(err)
	want := map[casework.ChairCategory][]chairEntry{
		casework.ChairNoContact: {
			{name: "Bo Kontaktløs", since: daysFrom(-200)}, // since coming
			{name: "Cilla Ophørt", since: daysFrom(-5)},    // since her contact person ended
		},
		casework.ChairHandover:  {{name: "Dan Overdragelse", since: daysFrom(-4)}},
		casework.ChairReferral:  {{name: "Finn Visiteret", since: daysFrom(-7)}},
		casework.ChairSmallTeam: {{name: "Gry Lilleteam", since: daysFrom(-6)}}, // since Jonna left
		casework.ChairAgenda: { // since the send-by day began in Copenhagen
			{name: "Hans Dagsorden", since: cph("2027-03-08 00:00"), meeting: "hans 15"},
			{name: "Hans Dagsorden", since: cph("2027-03-10 00:00"), meeting: "hans 17"},
		},
		casework.ChairNoMeeting: {
			{name: "Ida Mødeløs", since: daysFrom(-110)}, // her last held meeting
			{name: "Pia Gammel", since: daysFrom(-100)},  // since coming
		},
		casework.ChairNoProgression: {
			{name: "Jens Umålt", since: cph("2026-11-05 00:00")},
			{name: "Pia Gammel", since: daysFrom(-100)},
		},
		casework.ChairTurning18: { // the birthday ahead
			{name: "Lea Fødselsdag", since: cph("2027-03-10 00:00")},
			{name: "Kim Atten", since: cph("2027-04-09 00:00")},
		},
	}
	f.checkChairs(t, groups, want)
	if n := f.count(`SELECT count(*) FROM audit_log WHERE action = 'overview.between_chairs' AND user_id = $1 AND detail = 'entries=13'`, f.coordinator.ID); n != 1 {
		t.Errorf("%d audit rows 'entries=13' for one read, want 1", n)
	}
	// The same whatever the session's time zone.
	for _, tz := range []string{"Europe/Copenhagen", "America/New_York", "Asia/Tokyo"} {
		t.Run("session time zone "+tz, func(t *testing.T) {
			groups, err := f.openWith("timezone="+tz).BetweenChairs(f.ctx, f.coordinator, clockNow, clockToday)
			if err != nil {
				t.Fatal(err)
			}
			f.checkChairs(t, groups, want)
		})
	}

	// A longer meeting interval of the municipality's own: Pia (100 days)
	// is no longer overdue a meeting, Ida (110 days) still is.
	f.ok(f.db.SetThresholds(f.ctx, f.admin, casework.LoadThresholds{ContactCases: 12, Teams: 25, OverdueItems: 5, MeetingIntervalDays: 105}))
	groups, err = f.db.BetweenChairs(f.ctx, f.coordinator, clockNow, clockToday)
	f.ok(err)
	want[casework.ChairNoMeeting] = want[casework.ChairNoMeeting][:1]
	f.checkChairs(t, groups, want)

	// B Kommune's coordinator sees B's young person only, in every
	// category she falls into.
	groups, err = f.db.BetweenChairs(f.ctx, f.otherCoordinator, clockNow, clockToday)
	f.ok(err)
	zara := []chairEntry{{name: "Zara Anden", since: daysFrom(-200)}}
	f.checkChairs(t, groups, map[casework.ChairCategory][]chairEntry{
		casework.ChairNoContact: zara, casework.ChairSmallTeam: zara, casework.ChairNoMeeting: zara, casework.ChairNoProgression: zara,
	})

	for _, u := range []casework.User{f.admin, f.ulla} {
		if _, err := f.db.BetweenChairs(f.ctx, u, clockNow, clockToday); errorCode(err) != casework.EForbidden {
			t.Errorf("%s (%s): %v, want forbidden", u.Name, u.Role, err)
		}
	}
}

// BetweenChairs reads the thresholds and the list in its one transaction
// and lets go of it before the audit writer takes a connection for the row:
// with a pool of one connection it never waits for a second one.
func TestBetweenChairsReadsThroughOneConnection(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	k := s.user("Karen Koordinator", casework.RoleCoordinator, "A Kommune", "")
	u := s.user("Ulla Ungevejleder", casework.RoleCaseworker, "A Kommune", "")
	var y int64
	s.at(daysFrom(-30), func() { y = s.youth(u, "Bo Kontaktløs", "2012-06-01", casework.LevelBump) })

	one := s.openWith("pool_max_conns=1")
	ctx, cancel := context.WithTimeout(s.ctx, 5*time.Second)
	defer cancel()
	before := one.Pool.Stat().AcquireCount()
	groups, err := one.BetweenChairs(ctx, k, clockNow, clockToday)
	if err != nil {
		t.Fatalf("with one connection in the pool: %v", err)
	}
	if n := one.Pool.Stat().AcquireCount() - before; n != 2 {
		t.Errorf("BetweenChairs took %d connections from the pool, want 2 one after the other (the reads, then the audit row)", n)
	}
	f := &chairsFixture{storeFixture: s, youth: map[string]int64{"Bo Kontaktløs": y}}
	bo := []chairEntry{{name: "Bo Kontaktløs", since: daysFrom(-30)}}
	f.checkChairs(t, groups, map[casework.ChairCategory][]chairEntry{casework.ChairNoContact: bo, casework.ChairSmallTeam: bo})
}
