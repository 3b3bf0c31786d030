package web

import (
	"time"

	"kui/internal/casework"
)

// SignInUsersView is the administrator's list of the municipality's users
// with when and how each last signed in.
type SignInUsersView struct {
	Page  Page
	Users []casework.SignInUser
}

// SecurityLogRow is one line of the security log as the administrator
// sees it.
type SecurityLogRow struct {
	At       time.Time
	UserName string // "" when no user is known
	IdPName  string // "" for a password sign-in
	Event    string
	Method   string
	Reason   casework.SignInRefusal
	Citizen  bool // a young person's line: "En ung (Min side)", never their name
}

// SecurityLogView is the newest lines of the municipality's security log.
type SecurityLogView struct {
	Page Page
	Rows []SecurityLogRow
}

func yesNo(t *Catalogue, b bool) string {
	if b {
		return t.IdPT.Yes
	}
	return t.IdPT.No
}

// lastSignIn is when and how a user last signed in, in words.
func lastSignIn(t *Catalogue, u casework.SignInUser) string {
	if u.LastSignInAt.IsZero() {
		return t.IdPT.Never
	}
	s := t.DateTime(u.LastSignInAt)
	if m := t.IdPT.Methods[u.LastSignInMethod]; m != "" {
		s += ", " + m
	}
	if u.LastSignInIdPName != "" {
		s += " " + sprintf(t.IdPT.SignInVia, u.LastSignInIdPName)
	}
	return s
}
