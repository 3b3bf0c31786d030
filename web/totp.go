package web

import "kui/internal/casework"

// TOTPView is the second step of a password sign-in: the code from the
// authenticator app.
type TOTPView struct {
	Page    Page
	Problem casework.Problem
	// Message is a sentence for the whole form (a lock), "" when none.
	Message string
}

// TOTPSetupView enrols the authenticator app: the new secret as text and
// as a QR code (a data: URL of a PNG).
type TOTPSetupView struct {
	Page    Page
	Secret  string
	QR      string
	Problem casework.Problem
	Message string
}
