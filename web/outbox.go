package web

import (
	"time"
)

// OutboxView is the administrator's page of the municipality's outgoing
// e-mail.
type OutboxView struct {
	Page Page
	Rows []OutboxRow
}

// OutboxRow is one outgoing e-mail, as the page shows it: never the
// address, only the recipient's name.
type OutboxRow struct {
	ID        int64
	UserName  string
	Kind      string // a casework.Kind, or "digest"
	State     string
	Attempts  int
	LastError string
	CreatedAt time.Time
	SentAt    time.Time
}

// outboxBadge is the badge of a state: failed stands out, sent is done.
func outboxBadge(state string) string {
	switch state {
	case "failed":
		return "badge badge-error"
	case "sent":
		return "badge badge-success"
	}
	return "badge"
}
