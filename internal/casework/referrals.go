package casework

import (
	"strings"
	"time"
)

// maxReferralLen limits each part of a referral and the committee's note,
// matching the database's checks.
const maxReferralLen = 5000

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
	ID             int64
	YouthID        int64
	YouthName      string
	YouthBirthDate time.Time // telling two of the same name apart
	Situation      string    // the young person's situation
	Tried          string    // what has been tried
	Needed         string    // what is needed
	ReferredBy     string
	ReferredAt     time.Time
	Status         ReferralStatus
	DecidedBy      string
	DecidedAt      time.Time
	DecisionNote   string
	AssignedName   string
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
