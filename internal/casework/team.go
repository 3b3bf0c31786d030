package casework

import (
	"strings"
	"time"
)

// Limits on the team's free text, matching the database's checks.
const (
	maxTeamRoleLen    = 100
	maxTeamChoiceNote = 2000
)

// Team sizes the law's practice asks for.
const (
	TeamMin = 3
	TeamMax = 5
)

// TeamMember is a professional on a young person's team.
type TeamMember struct {
	UserID   int64
	Name     string
	UnitName string
	TeamRole string
	JoinedAt time.Time
}

// FormerMember is someone who was on the team, and when they left.
type FormerMember struct {
	TeamMember
	LeftAt    time.Time
	RemovedBy string
}

// Professional is a user of the municipality who can be on a team or take a
// case, with their current load as contact person.
type Professional struct {
	ID          int64
	Name        string
	UnitName    string
	Role        Role
	ContactLoad int // young people they are the active contact person of
}

// TeamChoice records that the young person chose their team, and when: at
// the pre-meeting (formøde), "Den unge bestemmer".
type TeamChoice struct {
	ChosenOn   time.Time
	Note       string
	RecordedBy string
	RecordedAt time.Time
}

// Team is everything the team page shows about one young person: who is
// on the team and was, the young person's choice, the contact person, the
// pending handover and referral, and the history.
type Team struct {
	YouthID       int64
	Status        Status
	Members       []TeamMember
	Former        []FormerMember
	Choice        *TeamChoice    // the newest record of the young person's choice, nil when none
	ContactPerson *ContactPerson // the active one, nil when none
	Handover      *Handover      // the pending one, nil when none
	Referral      *Referral      // the pending one, nil when none
	// Loads are the members' current loads as contact person, by user id.
	Loads map[int64]int
	// ContactHistory lists every contact person period, newest first.
	ContactHistory []ContactPerson
	// Handovers lists the handovers that were declined or cancelled,
	// newest first (accepted ones show as contact person periods).
	Handovers []Handover
	// Referrals lists every referral that was decided or withdrawn.
	Referrals []Referral
	// Candidates are the professionals of the municipality not on the team,
	// who can be added.
	Candidates []Professional
}

// Full tells whether the team has the most members it may have.
func (t Team) Full() bool { return len(t.Members) >= TeamMax }

// TooSmall tells whether the team is smaller than the practice asks.
func (t Team) TooSmall() bool { return len(t.Members) < TeamMin }

// Member finds a current member by user id.
func (t Team) Member(userID int64) (TeamMember, bool) {
	for _, m := range t.Members {
		if m.UserID == userID {
			return m, true
		}
	}
	return TeamMember{}, false
}

// IsContactPerson tells whether userID is the active contact person.
func (t Team) IsContactPerson(userID int64) bool {
	return t.ContactPerson != nil && t.ContactPerson.UserID == userID
}

// NeedsContactPerson tells whether kui should ask for a contact person: the
// young person is in an active course and has none.
func (t Team) NeedsContactPerson() bool { return t.Status == StatusActive && t.ContactPerson == nil }

// Returned tells whether the young person came back to an active course
// after the last contact person ended because they were anchored, so a
// contact person should be re-established.
func (t Team) Returned() bool {
	if !t.NeedsContactPerson() || len(t.ContactHistory) == 0 {
		return false
	}
	last := t.ContactHistory[0]
	return last.EndReason == EndAnchored || last.EndReason == EndClosed
}

// TeamMemberForm is a request to put a professional on the team.
type TeamMemberForm struct {
	UserID   string
	TeamRole string
}

// Validate reads the chosen professional and the role they have in this team.
func (f TeamMemberForm) Validate() (int64, string, error) {
	problems := map[string]Problem{}
	id := parseID(problems, "user_id", f.UserID)
	role := strings.TrimSpace(f.TeamRole)
	checkText(problems, "team_role", role, maxTeamRoleLen, false)
	return id, role, Invalid(problems)
}

// TeamChoiceForm records the day the young person chose their team.
type TeamChoiceForm struct {
	ChosenOn string
	Note     string
}

// Validate checks the date (not in the future) and the note.
func (f TeamChoiceForm) Validate(today time.Time) (time.Time, string, error) {
	problems := map[string]Problem{}
	d, _ := parsePastDate(problems, "chosen_on", f.ChosenOn, today)
	note := strings.TrimSpace(f.Note)
	checkText(problems, "note", note, maxTeamChoiceNote, false)
	return d, note, Invalid(problems)
}
