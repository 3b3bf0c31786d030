package casework

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Limits on the team's and the contact person's free text, matching the
// database's checks.
const (
	maxTeamRoleLen    = 100
	maxWeighingLen    = 2000
	maxReferralLen    = 5000
	maxUnitNameLen    = 100
	maxTeamChoiceNote = 2000
)

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

// Weighing is what the municipalities weigh when they choose a contact
// person: the young person's wish, an existing relationship, and whether
// the professional's field fits the needs and kind of efforts.
type Weighing struct {
	YouthWish  bool
	Relation   bool
	NeedsMatch bool
	Needs      string // the needs and kind of efforts, in words
}

// ContactSource tells how a contact person period began.
type ContactSource string

const (
	SourceDirect     ContactSource = "direct"     // the first choice, when there was none
	SourceHandover   ContactSource = "handover"   // the receiver accepted a handover
	SourceVisitation ContactSource = "visitation" // the visitation committee decided
)

// ContactEndReason tells why a contact person period ended.
type ContactEndReason string

const (
	EndHandover   ContactEndReason = "handover"   // someone else accepted the role
	EndAnchored   ContactEndReason = "anchored"   // the young person is anchored in education or a job
	EndClosed     ContactEndReason = "closed"     // the course was closed
	EndVisitation ContactEndReason = "visitation" // the visitation committee chose someone else
)

// ContactPerson is one period in which a professional was the young
// person's contact person. EndedAt is zero while it lasts.
type ContactPerson struct {
	UserID     int64
	Name       string
	UnitName   string
	Source     ContactSource
	Weighing   Weighing
	Reason     string
	AssignedBy string
	StartedAt  time.Time
	EndedAt    time.Time
	EndReason  ContactEndReason
	EndedBy    string
}

// Active tells whether the period lasts.
func (c ContactPerson) Active() bool { return c.EndedAt.IsZero() }

// HandoverStatus is where a handover of the contact person role stands.
type HandoverStatus string

const (
	HandoverPending   HandoverStatus = "pending"
	HandoverAccepted  HandoverStatus = "accepted"
	HandoverDeclined  HandoverStatus = "declined"
	HandoverCancelled HandoverStatus = "cancelled"
)

// Handover is a change of contact person that waits for the receiver.
// Until they accept, the one before stays responsible.
type Handover struct {
	ID            int64
	YouthID       int64
	YouthName     string
	FromID        int64
	FromName      string
	ToID          int64
	ToName        string
	ToUnit        string
	Weighing      Weighing
	Reason        string
	RequestedByID int64
	RequestedBy   string
	RequestedAt   time.Time
	Status        HandoverStatus
	DecidedBy     string
	DecidedAt     time.Time
	DecisionNote  string
}

// ReferralStatus is where a referral to the visitation committee stands.
type ReferralStatus string

const (
	ReferralPending   ReferralStatus = "pending"
	ReferralDecided   ReferralStatus = "decided"
	ReferralWithdrawn ReferralStatus = "withdrawn"
)

// Referral is a case referred to the visitation committee (visitations-
// udvalget) with the referral form (indstillingsskema), when no contact
// person can be found.
type Referral struct {
	ID           int64
	YouthID      int64
	YouthName    string
	Situation    string // the young person's situation
	Tried        string // what has been tried
	Needed       string // what is needed
	ReferredBy   string
	ReferredAt   time.Time
	Status       ReferralStatus
	DecidedBy    string
	DecidedAt    time.Time
	DecisionNote string
	AssignedName string
	// ContactPerson is who the young person's contact person is now ("" when
	// none), so the committee sees whether one has been found meanwhile.
	ContactPerson string
}

// ReferralCase is a referral as the visitation committee sees it when
// deciding: the referral, the young person's team, and every professional
// who could take the case, with their load.
type ReferralCase struct {
	Referral      Referral
	Members       []TeamMember
	Professionals []Professional // everyone of the municipality, members included
}

// IsMember tells whether userID is on the young person's team now.
func (rc ReferralCase) IsMember(userID int64) bool {
	for _, m := range rc.Members {
		if m.UserID == userID {
			return true
		}
	}
	return false
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
	d, p := ParseDate(f.ChosenOn)
	switch {
	case p != "":
		problems["chosen_on"] = p
	case d.After(today):
		problems["chosen_on"] = ProblemDateInFuture
	}
	note := strings.TrimSpace(f.Note)
	checkText(problems, "note", note, maxTeamChoiceNote, false)
	return d, note, Invalid(problems)
}

// ContactForm is the choice of a contact person with its weighing, as typed.
// The same form asks for suggestions: whom the young person wishes (one or
// more), who has a relationship, whose field fits the needs.
type ContactForm struct {
	UserID          string
	Reason          string
	Needs           string
	WishUserIDs     []string
	RelationUserIDs []string
	NeedsUserIDs    []string
	// Current is the contact person's user id as the form showed it ("0"
	// for none), so a choice made while someone else changed the contact
	// person is refused rather than turned into something else. Empty when
	// the form did not send it.
	Current string
}

// ContactChoice is a validated choice of contact person.
type ContactChoice struct {
	UserID   int64
	Weighing Weighing
	Reason   string
	// Expect is the contact person the actor saw (0: none); checked only
	// when CheckExpect is set.
	Expect      int64
	CheckExpect bool
}

// Input is the weighing the form describes, for ranking suggestions.
func (f ContactForm) Input() SuggestionInput {
	return SuggestionInput{Wish: idSet(f.WishUserIDs), Relation: idSet(f.RelationUserIDs), NeedsMatch: idSet(f.NeedsUserIDs)}
}

func idSet(values []string) map[int64]bool {
	set := map[int64]bool{}
	for _, s := range values {
		if id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil && id > 0 {
			set[id] = true
		}
	}
	return set
}

// Validate checks the choice: someone chosen, a reason given. Whether the
// chosen one is on the team is the store's to check, in the same
// transaction as the choice.
func (f ContactForm) Validate() (ContactChoice, error) {
	problems := map[string]Problem{}
	c := ContactChoice{UserID: parseID(problems, "user_id", f.UserID)}
	c.Reason = strings.TrimSpace(f.Reason)
	checkText(problems, "reason", c.Reason, maxWeighingLen, true)
	needs := strings.TrimSpace(f.Needs)
	checkText(problems, "needs", needs, maxWeighingLen, false)
	in := f.Input()
	c.Weighing = Weighing{
		YouthWish:  in.Wish[c.UserID],
		Relation:   in.Relation[c.UserID],
		NeedsMatch: in.NeedsMatch[c.UserID],
		Needs:      needs,
	}
	if s := strings.TrimSpace(f.Current); s != "" {
		expect, err := strconv.ParseInt(s, 10, 64)
		if err != nil || expect < 0 {
			problems["user_id"] = ProblemUnknownChoice
		}
		c.Expect, c.CheckExpect = expect, true
	}
	return c, Invalid(problems)
}

// SuggestionInput is the weighing to rank candidates by: whom the young
// person wishes, who has a relationship, whose field fits the needs.
type SuggestionInput struct {
	Wish       map[int64]bool
	Relation   map[int64]bool
	NeedsMatch map[int64]bool
}

// Suggestion is a team member ranked as contact person, with why.
type Suggestion struct {
	Member     TeamMember
	Load       int
	YouthWish  bool
	Relation   bool
	NeedsMatch bool
}

// score weighs the criteria in the order the municipalities do: the young
// person's wish before the relationship before the fit with the needs.
func (s Suggestion) score() int {
	n := 0
	if s.YouthWish {
		n += 4
	}
	if s.Relation {
		n += 2
	}
	if s.NeedsMatch {
		n++
	}
	return n
}

// Suggest ranks the team's members as contact person: by the weighing
// first, then by the lighter load (fewer active contact-person cases), then
// by name. The current contact person (exclude) is left out.
func Suggest(members []TeamMember, loads map[int64]int, in SuggestionInput, exclude int64) []Suggestion {
	out := make([]Suggestion, 0, len(members))
	for _, m := range members {
		if m.UserID == exclude {
			continue
		}
		out = append(out, Suggestion{
			Member:     m,
			Load:       loads[m.UserID],
			YouthWish:  in.Wish[m.UserID],
			Relation:   in.Relation[m.UserID],
			NeedsMatch: in.NeedsMatch[m.UserID],
		})
	}
	slices.SortStableFunc(out, func(a, b Suggestion) int {
		return cmp.Or(
			cmp.Compare(b.score(), a.score()),
			cmp.Compare(a.Load, b.Load),
			cmp.Compare(strings.ToLower(a.Member.Name), strings.ToLower(b.Member.Name)),
		)
	})
	return out
}

// ValidateDeclineReason checks why a receiver declines a handover: they must
// say why, so the team can find someone else.
func ValidateDeclineReason(s string) (string, error) {
	problems := map[string]Problem{}
	s = strings.TrimSpace(s)
	checkText(problems, "decline_reason", s, maxWeighingLen, true)
	return s, Invalid(problems)
}

// ReferralForm is the referral form (indstillingsskema) to the visitation
// committee.
type ReferralForm struct {
	Situation string
	Tried     string
	Needed    string
}

// Validate requires all three parts: the committee decides on them.
func (f ReferralForm) Validate() (ReferralForm, error) {
	problems := map[string]Problem{}
	d := ReferralForm{Situation: strings.TrimSpace(f.Situation), Tried: strings.TrimSpace(f.Tried), Needed: strings.TrimSpace(f.Needed)}
	checkText(problems, "situation", d.Situation, maxReferralLen, true)
	checkText(problems, "tried", d.Tried, maxReferralLen, true)
	checkText(problems, "needed", d.Needed, maxReferralLen, true)
	return d, Invalid(problems)
}

// DecisionForm is the visitation committee's decision: who becomes the
// contact person, and why.
type DecisionForm struct {
	UserID string
	Note   string
}

// Validate requires a professional and a note.
func (f DecisionForm) Validate() (int64, string, error) {
	problems := map[string]Problem{}
	id := parseID(problems, "user_id", f.UserID)
	note := strings.TrimSpace(f.Note)
	checkText(problems, "note", note, maxReferralLen, true)
	return id, note, Invalid(problems)
}

// Unit is a unit or department of a municipality (Familierådgivning,
// Jobcenter, UU/Ungevejledning …).
type Unit struct {
	ID    int64
	Name  string
	Users int // active users in the unit
}

// ValidateUnitName checks a unit's name.
func ValidateUnitName(s string) (string, error) {
	problems := map[string]Problem{}
	s = strings.TrimSpace(s)
	checkText(problems, "name", s, maxUnitNameLen, true)
	return s, Invalid(problems)
}

// parseID reads a positive id chosen in a form; empty is "required".
func parseID(problems map[string]Problem, field, s string) int64 {
	s = strings.TrimSpace(s)
	if s == "" {
		problems[field] = ProblemRequired
		return 0
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		problems[field] = ProblemUnknownChoice
		return 0
	}
	return id
}
