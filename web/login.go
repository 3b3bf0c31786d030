package web

// LoginView is the login page.
type LoginView struct {
	Page    Page
	Email   string
	Problem string // a sentence for the whole form, empty when none
	Next    string
}
