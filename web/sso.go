package web

import (
	"net/url"

	"kui/internal/casework"
)

// SignInRefusedView is the page of a sign-in kui refused.
type SignInRefusedView struct {
	Page    Page
	Reason  casework.SignInRefusal
	IdPName string // "" when the provider is not known
	// Citizen: the provider signs in young people, whose way back is their
	// own login page (/ung/login), not the professionals'.
	Citizen bool
}

// SSOLink is a link that starts a sign-in at a municipality's provider.
type SSOLink struct {
	Name string // the provider's display name
	URL  string // /login/idp/{slug}?next=…
}

// SSOChooseView is the page that finds a municipality's provider from a
// work e-mail.
type SSOChooseView struct {
	Page     Page
	Email    string
	Next     string
	Found    *SSOLink // the provider of the e-mail's domain
	NotFound bool     // an e-mail was given, and no provider has its domain
}

// LoggedOutView is the page after signing out.
type LoggedOutView struct {
	Page Page
	// ProviderLogoutURL is the provider's end-session address the browser
	// is sent on to; "" when there is none.
	ProviderLogoutURL string
}

// loginURL is the login page, keeping where to go after signing in.
func loginURL(next string) string {
	if next == "" {
		return "/login"
	}
	return "/login?next=" + url.QueryEscape(next)
}
