package server

import (
	"cmp"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"kui/internal/casework"
	"kui/internal/postgres"
	"kui/web"
)

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if userFrom(r.Context()) != nil {
		s.redirect(w, r, "/")
		return
	}
	t := web.T(r.Context())
	v := web.LoginView{Page: s.page(r, t.LoginTitle, ""), Next: safeNext(r.URL.Query().Get("next"))}
	links, err := s.ssoLinks(r, v.Next)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.SSO = links
	s.render(w, r, http.StatusOK, web.LoginPage(v))
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	t := web.T(ctx)
	refused, err := parseForm(w, r)
	if err != nil {
		s.formFailed(w, r, err)
		return
	}
	email := strings.TrimSpace(r.PostForm.Get("email"))
	password := r.PostForm.Get("password")
	v := web.LoginView{Page: web.Page{Title: t.LoginTitle}, Email: email, Next: safeNext(r.PostForm.Get("next"))}
	if len(refused) > 0 {
		// Nothing was looked up: no password to check, nothing to count.
		postgres.ReleaseInput(ctx)
		v.Problems = refused
		v.Problem = t.Problem(casework.ProblemUnstorableText)
		s.loginAgain(w, r, http.StatusUnprocessableEntity, v)
		return
	}

	user, hash, err := s.db.UserForLogin(ctx, email)
	if err != nil && casework.Code(err) != casework.ENotFound {
		s.fail(w, r, err)
		return
	}
	attempt, err := s.loginAttempt(r, email, user.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	allowed, err := s.db.LoginAttempt(ctx, attempt.rules()...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !allowed {
		// Refused without checking the password: a locked key gives a
		// guesser nothing.
		locks, err := s.db.LoginLocks(ctx, attempt.keys())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		var until time.Time
		for _, u := range locks {
			if u.After(until) {
				until = u
			}
		}
		wait := max(until.Sub(s.now()), 0)
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds()+1)))
		v.Problem = attempt.refusal(t, locks, wait)
		s.loginAgain(w, r, http.StatusTooManyRequests, v)
		return
	}
	if !casework.CheckPasswordOrDummy(hash, password) {
		// The attempt is counted already (LoginAttempt).
		s.loginFailed(w, r, v)
		return
	}
	if user.Role != casework.RoleAdmin {
		// The municipality may have its professionals sign in only with
		// its own login; administrators always may use a password. The
		// answer is a wrong password's: it does not confirm the password.
		allowed, err := s.db.PasswordLoginAllowed(ctx, user.MunicipalityID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if !allowed {
			if err := s.db.LogSecurity(ctx, casework.SecurityEvent{MunicipalityID: user.MunicipalityID, UserID: user.ID,
				Event: casework.EventRefused, Method: casework.MethodPassword, Reason: casework.RefusedPasswordOff}); err != nil {
				s.fail(w, r, err)
				return
			}
			s.loginFailed(w, r, v)
			return
		}
	}
	if err := s.db.LoginSucceeded(ctx, attempt.forgotten(), attempt.undone()...); err != nil {
		s.fail(w, r, err)
		return
	}
	// A new token at every privilege change stops session fixation.
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	if s.https {
		// Served over https, a password account signs in with a second
		// factor too (totp.go): not signed in until the code is right.
		s.startTOTP(w, r, user, v.Next)
		return
	}
	if err := s.db.RecordSignIn(ctx, user, casework.MethodPassword); err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Remove(ctx, sessionCitizen)
	s.sessions.Put(ctx, sessionUserID, user.ID)
	s.sessions.Put(ctx, sessionSignInMethod, casework.MethodPassword)
	if err := s.trustDevice(w, r, user.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	target := v.Next
	if target == "" {
		target = "/"
	}
	s.redirect(w, r, target)
}

// loginFailed shows the login page again after a wrong password (or a
// right one where the municipality allows no password): where the e-mail's
// domain belongs to such a municipality, it says to use its own login —
// for every e-mail of the domain, so it tells nothing about the account.
func (s *Server) loginFailed(w http.ResponseWriter, r *http.Request, v web.LoginView) {
	ctx := r.Context()
	t := web.T(ctx)
	v.Problem = t.LoginFailed
	if at := strings.LastIndexByte(v.Email, '@'); at >= 0 {
		idp, err := s.db.IdPByDomain(ctx, strings.ToLower(v.Email[at+1:]))
		if err == nil {
			if allowed, err := s.db.PasswordLoginAllowed(ctx, idp.MunicipalityID); err == nil && !allowed {
				v.Problem += " " + t.SSOT.Refusal(casework.RefusedPasswordOff)
			}
		}
	}
	s.loginAgain(w, r, http.StatusUnprocessableEntity, v)
}

// loginAgain shows the login page again with v's problem. It offers the
// municipalities' logins too; without them (the database failing) the
// password form still works.
func (s *Server) loginAgain(w http.ResponseWriter, r *http.Request, status int, v web.LoginView) {
	v.SSO, _ = s.ssoLinks(r, v.Next)
	s.render(w, r, status, web.LoginPage(v))
}

// logout ends the kui session (a new token, no user) and writes the
// security log's sign_out line. After a sign-in through an OpenID Provider
// that offers an end_session_endpoint, the browser goes on to /logged-out,
// which sends it to sign out at the provider too; otherwise to /login.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	user := userFrom(ctx)
	method := cmp.Or(s.sessions.GetString(ctx, sessionSignInMethod), casework.MethodPassword)
	slug := s.sessions.GetString(ctx, sessionSignInIdP)
	err := s.sessions.RenewToken(ctx)
	if err == nil {
		s.sessions.Remove(ctx, sessionUserID)
		s.sessions.Remove(ctx, sessionSignInMethod)
		s.sessions.Remove(ctx, sessionSignInIdP)
	}
	if err != nil || user == nil {
		s.endForm(w, r, err, formEnd{To: "/login", Flash: web.T(ctx).LoggedOut, FlashKind: "info"})
		return
	}
	var idp casework.IdP
	if slug != "" {
		p, err := s.db.IdPBySlug(ctx, slug)
		if err != nil && casework.Code(err) != casework.ENotFound {
			s.fail(w, r, err)
			return
		}
		if p.MunicipalityID == user.MunicipalityID {
			idp = p
		}
	}
	if err := s.db.LogSecurity(ctx, casework.SecurityEvent{MunicipalityID: user.MunicipalityID, UserID: user.ID,
		IdPID: idp.ID, Event: casework.EventSignOut, Method: method}); err != nil {
		s.fail(w, r, err)
		return
	}
	if method == casework.MethodOIDC {
		if to := s.oidcEndSessionURL(r, idp); to != "" {
			s.sessions.Put(ctx, sessionLogoutURL, to)
			s.redirect(w, r, "/logged-out")
			return
		}
	}
	s.endForm(w, r, nil, formEnd{To: "/login", Flash: web.T(ctx).LoggedOut, FlashKind: "info"})
}

// safeNext keeps a post-login target only when it is a path on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return ""
	}
	return next
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
