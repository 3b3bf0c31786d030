package casework

import (
	"strconv"
	"strings"
	"time"
)

// ConsentGiver is who gave (or withdrew) a consent.
type ConsentGiver string

const (
	GivenByYouth    ConsentGiver = "youth"    // den unge selv
	GivenByGuardian ConsentGiver = "guardian" // en forælder eller værge, ved navn
)

// ConsentGivers in the order they are offered.
var ConsentGivers = []ConsentGiver{GivenByYouth, GivenByGuardian}

// ConsentState is whether a consent can be relied on today.
type ConsentState string

const (
	ConsentValid     ConsentState = "valid"
	ConsentExpiring  ConsentState = "expiring" // valid, but ends within ConsentExpiringWithin
	ConsentExpired   ConsentState = "expired"
	ConsentWithdrawn ConsentState = "withdrawn"
	ConsentPending   ConsentState = "pending" // given with a later date
)

// ConsentExpiringWithin is how early a consent is flagged as about to expire.
const ConsentExpiringWithin = 30

// Consent is the young person's (or a parent's) consent to share
// information between units, and in particular health information and
// religion. It is valid from the day given to its expiry date, both
// included, unless withdrawn. A consent is never changed, except once to
// record its withdrawal.
type Consent struct {
	ID             int64
	YouthID        int64
	GivenBy        ConsentGiver
	GivenByName    string // the parent's or guardian's name
	GivenOn        time.Time
	ExpiresOn      time.Time // the last day it is valid
	CoversHealth   bool
	CoversReligion bool
	CoversOther    bool
	AllUnits       bool
	Units          []UnitChoice // the units it covers, unless AllUnits
	Note           string
	RecordedByName string
	RecordedAt     time.Time

	WithdrawnOn              time.Time // zero while not withdrawn
	WithdrawnBy              ConsentGiver
	WithdrawnByName          string
	WithdrawalRecordedByName string
	WithdrawalRecordedAt     time.Time
	// WithdrawnInKui: the young person withdrew it themself on their own
	// page in kui; no professional recorded it.
	WithdrawnInKui bool
}

// State is the consent's standing on the given day.
func (c Consent) State(today time.Time) ConsentState {
	switch {
	case !c.WithdrawnOn.IsZero():
		return ConsentWithdrawn
	case c.ExpiresOn.Before(today):
		return ConsentExpired
	case c.GivenOn.After(today):
		return ConsentPending
	case !c.ExpiresOn.After(today.AddDate(0, 0, ConsentExpiringWithin)):
		return ConsentExpiring
	}
	return ConsentValid
}

// Covers tells whether the consent shares information of the given kind.
func (c Consent) Covers(kind SensitiveKind) bool {
	switch kind {
	case SensitiveHealth:
		return c.CoversHealth
	case SensitiveReligion:
		return c.CoversReligion
	case SensitiveOther:
		return c.CoversOther
	}
	return true
}

// ConsentList is the consents page: the consents, newest first, and what
// the form offers.
type ConsentList struct {
	Consents  []Consent
	Units     []UnitChoice
	Guardians []Guardian
}

// Unit scopes of a consent form.
const (
	UnitScopeAll  = "all"
	UnitScopeSome = "some"
)

// ConsentForm is a consent as typed.
type ConsentForm struct {
	GivenBy        string
	GivenByName    string
	GivenOn        string
	ExpiresOn      string
	CoversHealth   bool
	CoversReligion bool
	CoversOther    bool
	UnitScope      string   // UnitScopeAll or UnitScopeSome
	Units          []string // unit ids, when UnitScopeSome
	Note           string
}

// HasUnit tells whether the form has the unit ticked.
func (f ConsentForm) HasUnit(id int64) bool {
	s := strconv.FormatInt(id, 10)
	for _, u := range f.Units {
		if u == s {
			return true
		}
	}
	return false
}

// ConsentDetails are the validated values of a ConsentForm.
type ConsentDetails struct {
	GivenBy        ConsentGiver
	GivenByName    string
	GivenOn        time.Time
	ExpiresOn      time.Time
	CoversHealth   bool
	CoversReligion bool
	CoversOther    bool
	AllUnits       bool
	UnitIDs        []int64
	Note           string
}

// maxConsentNoteLen limits a consent's note, matching the database's check.
const maxConsentNoteLen = 2000

// Validate checks the consent: who gave it (a parent by name), when (not
// in the future), until when (after it was given), and which units it
// covers (all, or at least one named).
func (f ConsentForm) Validate(today time.Time) (ConsentDetails, error) {
	problems := map[string]Problem{}
	d := ConsentDetails{
		GivenBy:        ConsentGiver(f.GivenBy),
		CoversHealth:   f.CoversHealth,
		CoversReligion: f.CoversReligion,
		CoversOther:    f.CoversOther,
		Note:           strings.TrimSpace(f.Note),
	}
	d.GivenByName = checkGiver(problems, "given_by", d.GivenBy, f.GivenByName)
	checkText(problems, "note", d.Note, maxConsentNoteLen, false)
	given, ok := parsePastDate(problems, "given_on", f.GivenOn, today)
	if ok {
		d.GivenOn = given
	}
	expires, p := ParseDate(f.ExpiresOn)
	switch {
	case p != "":
		problems["expires_on"] = p
	case !given.IsZero() && !expires.After(given):
		problems["expires_on"] = ProblemExpiryBeforeGiven
	default:
		d.ExpiresOn = expires
	}
	switch f.UnitScope {
	case UnitScopeAll:
		d.AllUnits = true
	case UnitScopeSome:
		seen := map[int64]bool{}
		for _, s := range f.Units {
			id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
			if err != nil || id <= 0 {
				problems["units"] = ProblemUnknownChoice
				continue
			}
			if !seen[id] {
				seen[id] = true
				d.UnitIDs = append(d.UnitIDs, id)
			}
		}
		if len(d.UnitIDs) == 0 && problems["units"] == "" {
			problems["units"] = ProblemUnitsRequired
		}
	default:
		problems["unit_scope"] = ProblemUnknownChoice
	}
	return d, Invalid(problems)
}

// checkGiver checks who gave or withdrew a consent; a parent or guardian
// must be named. It returns the name to store.
func checkGiver(problems map[string]Problem, field string, who ConsentGiver, name string) string {
	name = strings.TrimSpace(name)
	switch who {
	case GivenByYouth:
		return ""
	case GivenByGuardian:
		checkText(problems, field+"_name", name, maxNameLen, true)
		return name
	}
	problems[field] = ProblemUnknownChoice
	return ""
}

// WithdrawalForm records that a consent was withdrawn, as typed.
type WithdrawalForm struct {
	WithdrawnOn     string
	WithdrawnBy     string
	WithdrawnByName string
}

// WithdrawalDetails are the validated values of a WithdrawalForm.
type WithdrawalDetails struct {
	WithdrawnOn     time.Time
	WithdrawnBy     ConsentGiver
	WithdrawnByName string
}

// Validate checks the withdrawal: when (not in the future, not before the
// consent was given) and by whom.
func (f WithdrawalForm) Validate(today, givenOn time.Time) (WithdrawalDetails, error) {
	problems := map[string]Problem{}
	d := WithdrawalDetails{WithdrawnBy: ConsentGiver(f.WithdrawnBy)}
	d.WithdrawnByName = checkGiver(problems, "withdrawn_by", d.WithdrawnBy, f.WithdrawnByName)
	if on, ok := parsePastDate(problems, "withdrawn_on", f.WithdrawnOn, today); ok {
		if on.Before(givenOn) {
			problems["withdrawn_on"] = ProblemWithdrawnBeforeGiven
		} else {
			d.WithdrawnOn = on
		}
	}
	return d, Invalid(problems)
}
