package web

import (
	"fmt"
	"strconv"

	"kui/internal/casework"
)

// Page is what every page's shell needs: the title, who is signed in, and a
// one-time message from the previous action.
type Page struct {
	Title string
	User  *casework.User // nil on the login and error pages
	Flash Flash
	Nav   NavItem
	// Refresh, when set, is an address the browser is sent on to at once
	// (a meta refresh): the provider's sign-out after kui's.
	Refresh string
	// Inbox is the number of unread lines in "Venter på dig", shown in the
	// header for professionals when InboxCounted (not on error pages, nor
	// when counting failed).
	Inbox        int
	InboxCounted bool
}

// showsInbox tells whether the header links to "Venter på dig": for the
// professionals who have one (not administrators).
func (p Page) showsInbox() bool {
	return p.User != nil && p.User.Role != casework.RoleAdmin
}

// Flash is a message carried across a redirect.
type Flash struct {
	Kind string // "success", "info", "warning", "error"
	Text string
}

// NavItem names the section a page belongs to, to mark it in the menu.
type NavItem string

const (
	NavHome  NavItem = "home"
	NavYouth NavItem = "youth"
	NavAudit NavItem = "audit"
	// NavOverview is the coordinator's overview and snapshot.
	NavOverview NavItem = "overview"
	// NavAdmin is the administrator's settings.
	NavAdmin NavItem = "admin"
	// NavInbox is "Venter på dig" and the e-mail choices.
	NavInbox NavItem = "inbox"
)

// alertIconID is the dkfds icon for an alert's kind.
func alertIconID(kind string) string {
	switch kind {
	case "success":
		return "success"
	case "warning":
		return "warning"
	case "error":
		return "error"
	}
	return "info"
}

func itoa(n int) string { return strconv.Itoa(n) }

func idString(id int64) string { return strconv.FormatInt(id, 10) }

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
