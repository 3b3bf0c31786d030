package casework

import (
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ErrorCode classifies a failure so each adapter can answer it in its own
// terms: the server maps it to an HTTP status and a page.
type ErrorCode string

const (
	ENotFound  ErrorCode = "not_found" // missing, or not visible to the actor: the two are not told apart
	EConflict  ErrorCode = "conflict"  // someone else changed it first, or a rule like the team cap
	EInvalid   ErrorCode = "invalid"   // the input breaks a rule; Fields says where
	EForbidden ErrorCode = "forbidden" // the actor's role may not do this
	EInternal  ErrorCode = "internal"
)

// Problem names what is wrong with a value, independent of language: the web
// catalogue turns it into a Danish sentence.
type Problem string

const (
	ProblemRequired       Problem = "required"
	ProblemTooLong        Problem = "too_long"
	ProblemDateFormat     Problem = "date_format"
	ProblemDateInFuture   Problem = "date_in_future"
	ProblemAgeOutOfRange  Problem = "age_out_of_range"
	ProblemCPRFormat      Problem = "cpr_format"
	ProblemCPRDate        Problem = "cpr_date"
	ProblemCPRBirthDate   Problem = "cpr_birth_date"
	ProblemCPRTaken       Problem = "cpr_taken"
	ProblemUnknownChoice  Problem = "unknown_choice"
	ProblemStatusChange   Problem = "status_change"
	ProblemStaleVersion   Problem = "stale_version"
	ProblemEmailFormat    Problem = "email_format"
	ProblemEmailTaken     Problem = "email_taken"
	ProblemPasswordLength Problem = "password_length"
	ProblemTeamFull       Problem = "team_full"
	ProblemNotFound       Problem = "not_found"

	// The team and its contact person.
	ProblemAlreadyOnTeam         Problem = "already_on_team"
	ProblemTeamLastMember        Problem = "team_last_member"
	ProblemContactPersonStays    Problem = "contact_person_stays"
	ProblemHandoverReceiverStays Problem = "handover_receiver_stays"
	ProblemNotOnTeam             Problem = "not_on_team"
	ProblemAlreadyContactPerson  Problem = "already_contact_person"
	ProblemContactPersonChanged  Problem = "contact_person_changed"
	ProblemHandoverPending       Problem = "handover_pending"
	ProblemHandoverClosed        Problem = "handover_closed"
	ProblemYouthNotActive        Problem = "youth_not_active"
	ProblemReferralPending       Problem = "referral_pending"
	ProblemReferralClosed        Problem = "referral_closed"
	ProblemUnitTaken             Problem = "unit_taken"

	// The case's working tools: efforts, journal notes, consents, checklist.
	ProblemEndBeforeStart       Problem = "end_before_start"
	ProblemEndRequired          Problem = "end_required"
	ProblemExpiryBeforeGiven    Problem = "expiry_before_given"
	ProblemUnitsRequired        Problem = "units_required"
	ProblemWithdrawnBeforeGiven Problem = "withdrawn_before_given"
	ProblemNoteCorrected        Problem = "note_corrected"
	ProblemConsentWithdrawn     Problem = "consent_withdrawn"

	// Meetings, their agenda and action plan, rooms and fixed meeting days.
	ProblemNotFirstPerson       Problem = "not_first_person"
	ProblemDateTimeFormat       Problem = "datetime_format"
	ProblemDateTimeMissing      Problem = "datetime_missing" // in a daylight-saving gap
	ProblemMeetingTooEarly      Problem = "meeting_too_early"
	ProblemMeetingTooLate       Problem = "meeting_too_late"
	ProblemDuration             Problem = "meeting_duration"
	ProblemDueInPast            Problem = "due_in_past"
	ProblemDueTooLate           Problem = "due_too_late"
	ProblemMeetingClosed        Problem = "meeting_closed"
	ProblemAgendaSent           Problem = "agenda_sent"
	ProblemAgendaEmpty          Problem = "agenda_empty"
	ProblemYouthTopicsOnly      Problem = "youth_topics_only"
	ProblemNoPlanAtCoordination Problem = "no_plan_at_coordination"
	ProblemRoomBooked           Problem = "room_booked"
	ProblemParticipantsMax      Problem = "participants_max"
	ProblemNotParticipant       Problem = "not_participant"
	ProblemPlanChanged          Problem = "plan_changed"
	ProblemLeadDays             Problem = "lead_days"
	ProblemWeekday              Problem = "weekday"
	ProblemClockFormat          Problem = "clock_format"
	ProblemClockOrder           Problem = "clock_order"
	ProblemRoomTaken            Problem = "room_taken"
	ProblemFollowupOutcome      Problem = "followup_outcome"

	// Progression and the coordinator's overview.
	ProblemNumberRange Problem = "number_range" // the number is missing or out of its range

	// Signing in with the municipality's login.
	ProblemSlugFormat    Problem = "slug_format"
	ProblemSlugTaken     Problem = "slug_taken"
	ProblemIssuerURL     Problem = "issuer_url"
	ProblemSecretEnvName Problem = "secret_env_name"
	ProblemSAMLMetadata  Problem = "saml_metadata"
	ProblemCVRFormat     Problem = "cvr_format"
	ProblemDomainFormat  Problem = "domain_format"
	ProblemDomainTaken   Problem = "domain_taken"
	ProblemMappingTaken  Problem = "mapping_taken"
	ProblemTOTPCode      Problem = "totp_code"
)

// Error is the one error type the domain and its stores return for anything
// a user can cause. Fields maps a form field name to what is wrong with it.
type Error struct {
	Code    ErrorCode
	Problem Problem
	Fields  map[string]Problem
}

func (e *Error) Error() string {
	if len(e.Fields) > 0 {
		return string(e.Code) + ": " + string(e.Problem) + " in " + joinKeys(e.Fields)
	}
	return string(e.Code) + ": " + string(e.Problem)
}

func joinKeys(m map[string]Problem) string {
	keys := slices.Sorted(maps.Keys(m))
	s := ""
	for i, k := range keys {
		if i > 0 {
			s += ","
		}
		s += k
	}
	return s
}

// NotFound is the answer for a record that does not exist or that the actor
// may not see.
func NotFound() *Error { return &Error{Code: ENotFound, Problem: ProblemNotFound} }

// Forbidden is the answer for an action the actor's role does not allow.
func Forbidden() *Error { return &Error{Code: EForbidden} }

// Conflict reports a rule that another change got in the way of.
func Conflict(p Problem) *Error { return &Error{Code: EConflict, Problem: p} }

// Invalid reports input errors by field; it is nil when fields is empty, so
// validators can end with `return v, Invalid(problems)`.
func Invalid(fields map[string]Problem) error {
	if len(fields) == 0 {
		return nil
	}
	return &Error{Code: EInvalid, Fields: fields}
}

// Code returns the code of err: "" for nil, EInternal for anything that is
// not an *Error.
func Code(err error) ErrorCode {
	if err == nil {
		return ""
	}
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Code
	}
	return EInternal
}

// FieldProblems returns the per-field problems carried by err, if any.
func FieldProblems(err error) map[string]Problem {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Fields
	}
	return nil
}

// Reading and checking the fields of a form.

func checkText(problems map[string]Problem, field, value string, max int, required bool) {
	switch {
	case !Storable(value):
		problems[field] = ProblemUnstorableText
	case required && value == "":
		problems[field] = ProblemRequired
	case utf8.RuneCountInString(value) > max:
		problems[field] = ProblemTooLong
	}
}

func oneOf[T comparable](v T, options []T) bool {
	for _, o := range options {
		if v == o {
			return true
		}
	}
	return false
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

// ParseDate reads a date as forms send it: YYYY-MM-DD.
func ParseDate(s string) (time.Time, Problem) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, ProblemRequired
	}
	d, err := time.Parse(time.DateOnly, s)
	// Year 1 is Go's zero time, which the rules read as "no date": only
	// years a case can have are dates here.
	if err != nil || d.Year() < 1900 || d.Year() > 2199 {
		return time.Time{}, ProblemDateFormat
	}
	return d, ""
}

// parsePastDate reads a date that has happened, today at the latest; a
// missing, malformed or future one is a problem with the field. The date
// read is returned even when in the future (ok false), for the checks that
// compare it with another.
func parsePastDate(problems map[string]Problem, field, s string, today time.Time) (d time.Time, ok bool) {
	d, p := ParseDate(s)
	switch {
	case p != "":
		problems[field] = p
	case d.After(today):
		problems[field] = ProblemDateInFuture
	default:
		return d, true
	}
	return d, false
}

// LooksLikeEmail is a plausibility check, not RFC 5322: something@something.tld.
func LooksLikeEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	return at > 0 && at < len(s)-1 && strings.Contains(s[at+1:], ".") && !strings.ContainsAny(s, " \t\r\n<>")
}
