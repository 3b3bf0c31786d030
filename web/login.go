package web

import "kui/internal/casework"

// LoginView is the login page.
type LoginView struct {
	Page     Page
	Email    string
	Problem  string                      // a sentence for the whole form, empty when none
	Problems map[string]casework.Problem // beside the fields
	Next     string
	SSO      []SSOLink // the enabled providers' sign-in links
}
