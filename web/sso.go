package web

import "kui/internal/casework"

// SignInRefusedView is the page of a sign-in kui refused.
type SignInRefusedView struct {
	Page    Page
	Reason  casework.SignInRefusal
	IdPName string // "" when the provider is not known
}
