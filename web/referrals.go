package web

import (
	"time"

	"kui/internal/casework"
)

// ReferralFormView is the referral form (indstillingsskema).
type ReferralFormView struct {
	Page     Page
	Heading  casework.YouthHeading
	Today    time.Time
	Form     casework.ReferralForm
	Problems map[string]casework.Problem
	// Refusal is why no referral can be made now (one is pending, or the
	// young person is not in an active course).
	Refusal casework.Problem
}

// ReferralsView is the coordinator's list of what waits for the visitation
// committee, and the handovers that wait for their receiver.
type ReferralsView struct {
	Page      Page
	Referrals []casework.Referral
	Handovers []casework.Handover
}

// ReferralDecisionView is one referral, for the committee to decide on.
type ReferralDecisionView struct {
	Page     Page
	Case     casework.ReferralCase
	Form     casework.DecisionForm
	Problems map[string]casework.Problem
	Refusal  casework.Problem
}

func referralPath(id int64) string { return "/referrals/" + idString(id) }
