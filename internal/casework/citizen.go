package casework

import "errors"

// The young person's own kui (/ung/…): a young person signs in as a citizen
// through the municipality's citizen provider (MitID through NemLog-in, or a
// broker), is matched to their case by the CPR the provider asserts — the
// only place kui finds a person by CPR — and sees their own plan, meeting,
// team, progression, consents and who has read their case.

// Audience is who a provider signs in: professionals (staff) or young
// people (citizen). A staff provider never yields a citizen session, nor a
// citizen provider a professional's.
type Audience string

const (
	AudienceStaff   Audience = "staff"
	AudienceCitizen Audience = "citizen"
)

// Citizen is a signed-in young person: the citizen session row and the case
// it opens. It holds no CPR.
type Citizen struct {
	SessionID      int64
	YouthID        int64
	MunicipalityID int64
	FirstName      string
}

// Refusals of a citizen sign-in.
const (
	// RefusedNoCPR: the provider's answer carried no usable CPR number.
	RefusedNoCPR SignInRefusal = "no_cpr"
	// RefusedNoCase: no case of the provider's municipality has that CPR.
	RefusedNoCase SignInRefusal = "no_case"
	// RefusedProfessional: a MitID Erhverv (professional) identity at the citizen provider.
	RefusedProfessional SignInRefusal = "professional_identity"
	// RefusedWrongAudience: a professional's sign-in through a citizen
	// provider's address, or the other way round.
	RefusedWrongAudience SignInRefusal = "wrong_audience"
)

// ValidateCitizen checks that a citizen provider's identity has what kui
// needs to find the case: a subject, and a CPR (or, after the SAML ACS
// matched it, the case's id). No e-mail is needed.
func (id Identity) ValidateCitizen() error {
	if id.Subject == "" || len(id.Subject) > 500 || !Storable(id.Subject) {
		return errors.New("identity: missing or unusable subject")
	}
	if id.CPR == "" && id.YouthID == 0 {
		return errors.New("identity: no CPR")
	}
	return nil
}

// The young person's own actions in the audit log (actor_kind 'youth').
const (
	AuditUngPlan            AuditAction = "ung.plan"
	AuditUngMeeting         AuditAction = "ung.meeting"
	AuditUngAgendaAdd       AuditAction = "ung.agenda_add"
	AuditUngAgendaDelete    AuditAction = "ung.agenda_delete"
	AuditUngTeam            AuditAction = "ung.team"
	AuditUngProgression     AuditAction = "ung.progression"
	AuditUngRate            AuditAction = "ung.progression_rate"
	AuditUngConsents        AuditAction = "ung.consents"
	AuditUngConsentWithdraw AuditAction = "ung.consent_withdraw"
	AuditUngAccessLog       AuditAction = "ung.access_log"
	AuditUngData            AuditAction = "ung.data_export"
	AuditUngHome            AuditAction = "ung.home"
)

// ProblemYouthAgendaClosed: the young person may no longer change the
// agenda (past its send-by date, sent, or the meeting is over).
const ProblemYouthAgendaClosed Problem = "youth_agenda_closed"
