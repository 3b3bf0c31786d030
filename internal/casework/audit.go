package casework

// AuditAction names what was done to a young person's data, as the audit log
// records it.
type AuditAction string

const (
	AuditYouthList    AuditAction = "youth.list"
	AuditYouthView    AuditAction = "youth.view"
	AuditYouthCreate  AuditAction = "youth.create"
	AuditYouthUpdate  AuditAction = "youth.update"
	AuditYouthStatus  AuditAction = "youth.status"
	AuditCPRReveal    AuditAction = "youth.cpr_reveal"
	AuditYouthEditing AuditAction = "youth.edit_form"
	AuditTeamAdd      AuditAction = "team.add"
)
