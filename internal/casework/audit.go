package casework

import "time"

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

	AuditTeamView         AuditAction = "team.view"
	AuditTeamRemove       AuditAction = "team.remove"
	AuditTeamChosen       AuditAction = "team.chosen"
	AuditContactView      AuditAction = "contact.view"
	AuditContactAssign    AuditAction = "contact.assign"
	AuditContactEnd       AuditAction = "contact.end"
	AuditHandoverRequest  AuditAction = "handover.request"
	AuditHandoverAccept   AuditAction = "handover.accept"
	AuditHandoverDecline  AuditAction = "handover.decline"
	AuditHandoverCancel   AuditAction = "handover.cancel"
	AuditHandoverList     AuditAction = "handover.list"
	AuditReferralCreate   AuditAction = "referral.create"
	AuditReferralView     AuditAction = "referral.view"
	AuditReferralList     AuditAction = "referral.list"
	AuditReferralDecide   AuditAction = "referral.decide"
	AuditReferralWithdraw AuditAction = "referral.withdraw"

	AuditInboxList AuditAction = "inbox.list"

	AuditEffortList      AuditAction = "effort.list"
	AuditEffortEditing   AuditAction = "effort.edit_form"
	AuditEffortCreate    AuditAction = "effort.create"
	AuditEffortUpdate    AuditAction = "effort.update"
	AuditNoteList        AuditAction = "note.list"
	AuditNoteCreate      AuditAction = "note.create"
	AuditNoteCorrecting  AuditAction = "note.correct_form"
	AuditNoteCorrect     AuditAction = "note.correct"
	AuditConsentList     AuditAction = "consent.list"
	AuditConsentView     AuditAction = "consent.view"
	AuditConsentCreate   AuditAction = "consent.create"
	AuditConsentWithdraw AuditAction = "consent.withdraw"
	AuditChecklistView   AuditAction = "checklist.view"
	AuditChecklistUpdate AuditAction = "checklist.update"

	// Meetings, their agenda and action plan, and the calendar feed.
	AuditMeetingCreate   AuditAction = "meeting.create"
	AuditMeetingView     AuditAction = "meeting.view"
	AuditMeetingScreen   AuditAction = "meeting.screen"
	AuditMeetingPrint    AuditAction = "meeting.print"
	AuditMeetingList     AuditAction = "meeting.list"
	AuditMeetingUpdate   AuditAction = "meeting.update"
	AuditMeetingEnd      AuditAction = "meeting.end"
	AuditMeetingCancel   AuditAction = "meeting.cancel"
	AuditMeetingCalendar AuditAction = "meeting.calendar"
	AuditAgendaAdd       AuditAction = "agenda.add"
	AuditAgendaMove      AuditAction = "agenda.move"
	AuditAgendaDelete    AuditAction = "agenda.delete"
	AuditAgendaSend      AuditAction = "agenda.send"
	AuditPlanAdd         AuditAction = "plan.add"
	AuditPlanEditing     AuditAction = "plan.edit_form"
	AuditPlanUpdate      AuditAction = "plan.update"
	AuditPlanDelete      AuditAction = "plan.delete"
	AuditPlanMove        AuditAction = "plan.move"
	AuditPlanFollowup    AuditAction = "plan.followup"
	AuditCalendarFeed    AuditAction = "calendar.feed"

	// Progression and the coordinator's overview.
	AuditProgressionView   AuditAction = "progression.view"
	AuditProgressionRecord AuditAction = "progression.record"
	AuditSnapshotExport    AuditAction = "progression.export"
	AuditBetweenChairs     AuditAction = "overview.between_chairs"
	AuditLoadDrilldown     AuditAction = "overview.professional"
)

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	At        time.Time
	UserName  string
	UserEmail string
	YouthID   int64
	YouthName string
	Action    AuditAction
	Detail    string
}
