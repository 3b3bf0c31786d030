package postgres_test

import (
	"slices"
	"testing"
	"time"

	"kui/internal/casework"
	"kui/internal/postgres"
)

// The screen's system read shows what the screen shows, writes no audit
// row, and never reads a coordination meeting; opening a screen's stream is
// checked and writes one meeting.screen row.
func TestMeetingForScreenAndScreenOpened(t *testing.T) {
	s := newStore(t)
	uu := s.user("Ulla Ungevejleder", casework.RoleCaseworker, "A Kommune", "UU")
	outsider := s.user("Otto Udenfor", casework.RoleCaseworker, "A Kommune", "Jobcenter")
	yid := s.youth(uu, "Mikkel Jensen", "2010-03-12", casework.LevelBump)
	mid := s.meeting(uu, yid, casework.KindCooperation, daysFrom(3), nil)
	coord := s.meeting(uu, yid, casework.KindCoordination, daysFrom(4), nil)
	s.planItem(uu, mid, nil, daysFrom(20))
	screenRows := func() int {
		return s.count(`SELECT count(*) FROM audit_log WHERE action = 'meeting.screen'`)
	}
	before := s.count(`SELECT count(*) FROM audit_log`)

	m, err := s.db.MeetingForScreen(s.ctx, mid)
	s.ok(err)
	if m.ID != mid || m.YouthName != "Mikkel Jensen" || len(m.Plan) != 1 || m.Plan[0].Text != "Jeg skal møde op i skole" {
		t.Errorf("the screen's read: %+v", m)
	}
	if _, err := s.db.MeetingForScreen(s.ctx, coord); errorCode(err) != casework.ENotFound {
		t.Errorf("a coordination meeting for the screen: %v, want not found", err)
	}
	if n := s.count(`SELECT count(*) FROM audit_log`); n != before {
		t.Errorf("the screen's system read wrote %d audit rows", n-before)
	}

	s.ok(s.db.ScreenOpened(s.ctx, uu, mid))
	if n := screenRows(); n != 1 {
		t.Errorf("%d meeting.screen rows after one stream opened, want 1", n)
	}
	for who, c := range map[string]struct {
		actor casework.User
		mid   int64
	}{"an outsider": {outsider, mid}, "a coordination meeting": {uu, coord}} {
		if err := s.db.ScreenOpened(s.ctx, c.actor, c.mid); errorCode(err) != casework.ENotFound {
			t.Errorf("%s: %v, want not found", who, err)
		}
	}
	if n := screenRows(); n != 1 {
		t.Errorf("%d meeting.screen rows after two refused opens, want 1", n)
	}
}

// One query tells which of a meeting's screen watchers may still watch:
// a live session (not expired, not signed out) of a user who may still see
// the meeting; a session shared by several screens counts for each.
func TestScreenWatchers(t *testing.T) {
	s := newStore(t)
	uu := s.user("Ulla Ungevejleder", casework.RoleCaseworker, "A Kommune", "UU")
	mentor := s.user("Mads Mentor", casework.RoleCaseworker, "A Kommune", "Mentor")
	coordinator := s.user("Karen Koordinator", casework.RoleCoordinator, "A Kommune", "Ungeenheden")
	outsider := s.user("Otto Udenfor", casework.RoleCaseworker, "A Kommune", "Jobcenter")
	other := s.user("Bo Koordinator", casework.RoleCoordinator, "B Kommune", "")
	yid := s.youth(uu, "Mikkel Jensen", "2010-03-12", casework.LevelBump)
	s.team(uu, yid, mentor)
	mid := s.meeting(uu, yid, casework.KindCooperation, daysFrom(3), nil)
	coord := s.meeting(uu, yid, casework.KindCoordination, daysFrom(4), nil)

	// Sessions run on the wall clock.
	now := time.Now()
	session := func(token string, expiry time.Time, revoked bool) {
		var at any
		if revoked {
			at = now.Add(-time.Minute)
		}
		s.exec(`INSERT INTO sessions (token, data, expiry, deadline, revoked_at) VALUES ($1, '\x00', $2, $3, $4)`,
			token, expiry, now.Add(8*time.Hour), at)
	}
	session("uu", now.Add(30*time.Minute), false)
	session("uu-expired", now.Add(-time.Second), false)
	session("uu-signed-out", now.Add(8*time.Hour), true)
	session("mentor", now.Add(30*time.Minute), false)
	session("coordinator", now.Add(30*time.Minute), false)
	session("outsider", now.Add(30*time.Minute), false)
	session("other", now.Add(30*time.Minute), false)

	watchers := []postgres.ScreenWatcher{
		{UserID: uu.ID, Session: "uu"},
		{UserID: uu.ID, Session: "uu-expired"},
		{UserID: uu.ID, Session: "uu-signed-out"},
		{UserID: uu.ID, Session: "no-such-session"},
		{UserID: mentor.ID, Session: "mentor"},
		{UserID: coordinator.ID, Session: "coordinator"},
		{UserID: outsider.ID, Session: "outsider"},
		{UserID: other.ID, Session: "other"},
		{UserID: uu.ID, Session: "uu"}, // a second screen on the same session
	}
	check := func(what string, mid int64, want []bool) {
		t.Helper()
		got, err := s.db.ScreenWatchers(s.ctx, mid, watchers, now)
		s.ok(err)
		if !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", what, got, want)
		}
	}
	check("as planned", mid, []bool{true, false, false, false, true, true, false, false, true})

	// Off the team, and deactivated: no longer.
	s.ok(s.db.RemoveTeamMember(s.ctx, uu, yid, mentor.ID))
	s.exec(`UPDATE users SET active = false WHERE id = $1`, coordinator.ID)
	check("mentor off the team, coordinator deactivated", mid, []bool{true, false, false, false, false, false, false, false, true})

	check("a coordination meeting", coord, make([]bool, len(watchers)))
	if got, err := s.db.ScreenWatchers(s.ctx, mid, nil, now); err != nil || len(got) != 0 {
		t.Errorf("no watchers: %v, %v", got, err)
	}
}
