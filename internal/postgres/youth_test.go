package postgres_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"kui/internal/casework"
)

// Who sees which young person (visibleToActor): a caseworker those whose
// team they are on now; a facilitator also those whose meetings they run
// (not a cancelled one); a coordinator every young person of the
// municipality; an administrator none; a deactivated account none; nobody
// another municipality's. A hidden young person is not found, and its read
// leaves no audit row.
func TestVisibilityOfYoungPeople(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	coordinator := s.user("Karen Koordinator", casework.RoleCoordinator, "A Kommune", "")
	admin := s.user("Anna Admin", casework.RoleAdmin, "A Kommune", "")
	tove := s.user("Tove Tovholder", casework.RoleFacilitator, "A Kommune", "")
	ulla := s.user("Ulla Ungevejleder", casework.RoleCaseworker, "A Kommune", "")
	mads := s.user("Mads Mentor", casework.RoleCaseworker, "A Kommune", "")
	jonna := s.user("Jonna Jobcenter", casework.RoleCaseworker, "A Kommune", "")
	frede := s.user("Frede Familie", casework.RoleCaseworker, "A Kommune", "")
	dorte := s.user("Dorte Deaktiveret", casework.RoleCaseworker, "A Kommune", "")
	otherCoordinator := s.user("Bo Koordinator", casework.RoleCoordinator, "B Kommune", "")
	bente := s.user("Bente Ungevejleder", casework.RoleCaseworker, "B Kommune", "")

	// Yrsa: Ulla's, with Mads and Dorte on the team; Jonna was on it.
	yrsa := s.youth(ulla, "Yrsa Et", "2010-03-12", casework.LevelBump)
	s.team(ulla, yrsa, mads, jonna, dorte)
	s.ok(s.db.RemoveTeamMember(s.ctx, ulla, yrsa, jonna.ID))
	// Yngve, Ylva and Yvonne: Mads's; Tove runs Yngve's planned meeting,
	// ran Yvonne's, and Ylva's was cancelled.
	yngve := s.youth(mads, "Yngve To", "2011-05-01", casework.LevelLittle)
	s.meeting(mads, yngve, casework.KindCooperation, daysFrom(7), &tove)
	ylva := s.youth(mads, "Ylva Tre", "2011-06-01", casework.LevelBump)
	s.closeMeeting(mads, s.meeting(mads, ylva, casework.KindCooperation, daysFrom(7), &tove), casework.MeetingCancelled)
	yvonne := s.youth(mads, "Yvonne Fire", "2011-07-01", casework.LevelBump)
	s.closeMeeting(mads, s.meeting(mads, yvonne, casework.KindCooperation, daysFrom(-7), &tove), casework.MeetingEnded)
	// Zara: B Kommune's.
	zara := s.youth(bente, "Zara Anden", "2012-06-01", casework.LevelBump)
	// No store method deactivates an account yet.
	s.exec(`UPDATE users SET active = false WHERE id = $1`, dorte.ID)

	all := []int64{yrsa, yngve, ylva, yvonne, zara}
	name := map[int64]string{yrsa: "Yrsa", yngve: "Yngve", ylva: "Ylva", yvonne: "Yvonne", zara: "Zara"}
	for _, c := range []struct {
		actor   casework.User
		visible []int64 // in the list's order: by name
	}{
		{coordinator, []int64{ylva, yngve, yrsa, yvonne}},
		{admin, nil},
		{tove, []int64{yngve, yvonne}},
		{ulla, []int64{yrsa}},
		{mads, []int64{ylva, yngve, yrsa, yvonne}},
		{jonna, nil}, // left the team
		{frede, nil}, // never on it
		{dorte, nil}, // deactivated
		{otherCoordinator, []int64{zara}},
		{bente, []int64{zara}},
	} {
		who := fmt.Sprintf("%s (%s)", c.actor.Name, c.actor.Role)
		list, total, err := s.db.ListYouth(s.ctx, c.actor, casework.YouthFilter{})
		s.ok(err)
		var got []string
		for _, y := range list {
			got = append(got, name[y.ID])
		}
		var want []string
		for _, id := range c.visible {
			want = append(want, name[id])
		}
		if strings.Join(got, ", ") != strings.Join(want, ", ") || total != len(c.visible) {
			t.Errorf("%s lists [%s] of %d, want [%s] of %d", who, strings.Join(got, ", "), total, strings.Join(want, ", "), len(c.visible))
		}

		for _, id := range all {
			visible := slices.Contains(c.visible, id)
			audited := s.count(`SELECT count(*) FROM audit_log WHERE action = 'youth.view' AND user_id = $1 AND youth_id = $2`, c.actor.ID, id)
			rec, err := s.db.ViewYouth(s.ctx, c.actor, id, casework.AuditYouthView, clockToday)
			h, herr := s.db.YouthHeading(s.ctx, c.actor, id)
			audited = s.count(`SELECT count(*) FROM audit_log WHERE action = 'youth.view' AND user_id = $1 AND youth_id = $2`, c.actor.ID, id) - audited
			switch {
			case visible && (err != nil || herr != nil):
				t.Errorf("%s cannot see %s: %v, %v", who, name[id], err, herr)
			case visible && (rec.Youth.ID != id || h.ID != id || audited != 1):
				t.Errorf("%s reading %s: record %d, heading %d, %d audit rows; want %d, %d, 1", who, name[id], rec.Youth.ID, h.ID, audited, id, id)
			case !visible && (errorCode(err) != casework.ENotFound || errorCode(herr) != casework.ENotFound):
				t.Errorf("%s reading hidden %s: %v, %v; want not found", who, name[id], err, herr)
			case !visible && (rec.Youth.ID != 0 || len(rec.Team) != 0 || h.ID != 0 || audited != 0):
				t.Errorf("%s reading hidden %s got record %d with %d members, heading %d, %d audit rows; want nothing", who, name[id], rec.Youth.ID, len(rec.Team), h.ID, audited)
			}
		}
	}
}
