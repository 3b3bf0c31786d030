package web

import "kui/internal/casework"

// AuditView is the administrator's audit log page.
type AuditView struct {
	Page    Page
	Query   string
	Matches []casework.YouthSummary
	Youth   *casework.YouthSummary // whose log is shown, nil before one is picked
	Entries []casework.AuditEntry
}
