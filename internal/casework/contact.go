package casework

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// maxWeighingLen limits the free text of a contact person's weighing and of
// a handover's decline, matching the database's checks.
const maxWeighingLen = 2000

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
	ID             int64
	YouthID        int64
	YouthName      string
	YouthBirthDate time.Time // telling two of the same name apart
	FromID         int64
	FromName       string
	ToID           int64
	ToName         string
	ToUnit         string
	Weighing       Weighing
	Reason         string
	RequestedByID  int64
	RequestedBy    string
	RequestedAt    time.Time
	Status         HandoverStatus
	DecidedBy      string
	DecidedAt      time.Time
	DecisionNote   string
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
