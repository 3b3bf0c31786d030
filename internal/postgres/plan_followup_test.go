package postgres_test

import (
	"testing"

	"kui/internal/casework"
	"kui/internal/postgres"
)

// The meeting a meeting follows up is the last one ended before it, in the
// order the meetings ended, not by their clock times: a planned meeting in
// the same slot as an ended one follows it up, and an ended meeting keeps
// the one ended before it, even one set to start later.
func TestPreviousMeetingIsTheLastEnded(t *testing.T) {
	s := newStore(t)
	ulla := s.user("Ulla Ungevejleder", casework.RoleCaseworker, "A Kommune", "Ungevejledning")
	yrsa := s.youth(ulla, "Yrsa Et", "2010-03-12", casework.LevelBump)
	previous := func(meetingID int64) int64 {
		t.Helper()
		m, err := s.db.ViewMeeting(s.ctx, ulla, meetingID, postgres.ViewMeetingPage)
		s.ok(err)
		if m.PreviousMeeting == nil {
			return 0
		}
		return m.PreviousMeeting.ID
	}

	first := s.meeting(ulla, yrsa, casework.KindCooperation, cph("2027-03-03 10:00"), nil)
	s.planItem(ulla, first, nil, date("2027-03-20"))
	s.at(daysFrom(-7), func() { s.closeMeeting(ulla, first, casework.MeetingEnded) })

	same := s.meeting(ulla, yrsa, casework.KindCooperation, cph("2027-03-03 10:00"), nil)
	if got := previous(same); got != first {
		t.Fatalf("the meeting in the same slot follows up %d, want the ended one, %d", got, first)
	}
	// Held and ended after the first, though set to start the day before it.
	earlier := s.meeting(ulla, yrsa, casework.KindCooperation, cph("2027-03-02 10:00"), nil)
	s.planItem(ulla, earlier, nil, date("2027-03-25"))
	s.at(daysFrom(-1), func() { s.closeMeeting(ulla, earlier, casework.MeetingEnded) })

	if got := previous(same); got != earlier {
		t.Errorf("the planned meeting follows up %d, want the one ended last, %d", got, earlier)
	}
	if got := previous(earlier); got != first {
		t.Errorf("the second meeting ended follows up %d, want the first, %d", got, first)
	}
	if got := previous(first); got != 0 {
		t.Errorf("the first meeting follows up %d, want none", got)
	}
	s.closeMeeting(ulla, same, casework.MeetingEnded)
	if got := previous(same); got != earlier {
		t.Errorf("once ended, the meeting follows up %d, want %d", got, earlier)
	}
}
