package web

import (
	"strconv"
	"strings"
	"time"

	"kui/internal/casework"
)

// ConsentsView is the list of the young person's consents with the form for a new one.
type ConsentsView struct {
	Page     Page
	Heading  casework.YouthHeading
	Today    time.Time
	List     casework.ConsentList
	Form     casework.ConsentForm
	Problems map[string]casework.Problem
}

// HasValid tells whether any consent is valid today.
func (v ConsentsView) HasValid() bool {
	for _, c := range v.List.Consents {
		if s := c.State(v.Today); s == casework.ConsentValid || s == casework.ConsentExpiring {
			return true
		}
	}
	return false
}

// NewConsentForm is the empty consent form: given today by the young
// person, for a year, for all units.
func NewConsentForm(today time.Time) casework.ConsentForm {
	return casework.ConsentForm{
		GivenBy:   string(casework.GivenByYouth),
		GivenOn:   today.Format(time.DateOnly),
		ExpiresOn: today.AddDate(1, 0, 0).Format(time.DateOnly),
		UnitScope: casework.UnitScopeAll,
	}
}

// ConsentWithdrawView is the page that records a consent's withdrawal.
type ConsentWithdrawView struct {
	Page     Page
	Heading  casework.YouthHeading
	Today    time.Time
	Consent  casework.Consent
	Form     casework.WithdrawalForm
	Problems map[string]casework.Problem
}

func consentPath(youthID, consentID int64, rest string) string {
	return YouthPath(youthID, "/consents/"+strconv.FormatInt(consentID, 10)+rest)
}

func consentBadge(s casework.ConsentState) string {
	switch s {
	case casework.ConsentValid:
		return "badge badge-success"
	case casework.ConsentExpiring, casework.ConsentPending:
		return "badge badge-warning"
	}
	return "badge badge-error"
}

// guardianHint tells when to name a parent, and which are registered.
func guardianHint(t *Catalogue, guardians []casework.Guardian) string {
	hint := t.CaseT.ConsentGivenByNameHint
	var names []string
	for _, g := range guardians {
		name := g.Name
		if g.Relation != "" {
			name += " (" + g.Relation + ")"
		}
		names = append(names, name)
	}
	if len(names) > 0 {
		hint += " " + t.Guardians + ": " + strings.Join(names, ", ") + "."
	}
	return hint
}

func unitNames(units []casework.UnitChoice, none string) string {
	if len(units) == 0 {
		return none
	}
	names := make([]string, len(units))
	for i, u := range units {
		names[i] = u.Name
	}
	return strings.Join(names, ", ")
}

// consentKinds lists the sensitive information a consent covers.
func consentKinds(t *Catalogue, c casework.Consent) string {
	var kinds []string
	for _, k := range casework.SensitiveKinds {
		if c.Covers(k) {
			kinds = append(kinds, t.CaseT.SensitiveShort[k])
		}
	}
	if len(kinds) == 0 {
		return t.CaseT.ConsentNone
	}
	s := strings.Join(kinds, ", ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// giverName is who gave or withdrew a consent, as a phrase.
func giverName(t *Catalogue, who casework.ConsentGiver, name string) string {
	if who == casework.GivenByGuardian {
		return sprintf(t.CaseT.ConsentFromGuardian, name)
	}
	return strings.ToLower(t.CaseT.ConsentGivers[who])
}
