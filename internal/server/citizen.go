package server

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"kui/internal/casework"
	"kui/web"
)

// The young person's own kui (/ung/…): the citizen session a sign-in
// through a citizen provider opens, and the gates around it. A citizen
// session is its own key in the session (never the professional's user id):
// it reaches the /ung pages only, and a professional's session is refused
// there. The pages themselves are in ung_meeting.go and ung_rights.go.

// sessionCitizen holds the id of the citizen_sessions row.
const sessionCitizen = "citizen_session"

type citizenKey struct{}

// citizenFrom is the signed-in young person, or nil.
func citizenFrom(ctx context.Context) *casework.Citizen {
	c, _ := ctx.Value(citizenKey{}).(*casework.Citizen)
	return c
}

// loadCitizen puts the session's young person on the request context. A
// session that was ended (signed out, or the case's CPR changed) is treated
// as signed out.
func (s *Server) loadCitizen(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if id := s.sessions.GetInt64(ctx, sessionCitizen); id != 0 {
			c, err := s.db.CitizenBySession(ctx, id)
			switch casework.Code(err) {
			case "":
				ctx = context.WithValue(ctx, citizenKey{}, &c)
			case casework.ENotFound:
				s.sessions.Remove(ctx, sessionCitizen)
			default:
				s.fail(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// requireCitizen lets only a signed-in young person through: a
// professional is refused (403); anyone else is sent to sign in.
func (s *Server) requireCitizen(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if citizenFrom(ctx) != nil {
			next.ServeHTTP(w, r)
			return
		}
		if userFrom(ctx) != nil {
			s.fail(w, r, casework.Forbidden())
			return
		}
		target := "/ung/login"
		if r.Method == http.MethodGet && r.URL.Path != "/ung" {
			target += "?next=" + url.QueryEscape(r.URL.RequestURI())
		}
		http.Redirect(w, r, target, http.StatusSeeOther)
	})
}

// finishCitizenSignIn makes a citizen provider's verified identity a
// citizen session: the store matches the case by CPR in the provider's
// municipality and writes the security log; then a new session token with
// the citizen's key only, and on to next (within /ung).
func (s *Server) finishCitizenSignIn(w http.ResponseWriter, r *http.Request, idp casework.IdP, id casework.Identity, next string) {
	ctx := r.Context()
	s.endSignInCookie(w)
	if err := id.ValidateCitizen(); err != nil {
		reason := casework.RefusedBadResponse
		if id.Subject != "" && id.CPR == "" && id.YouthID == 0 {
			reason = casework.RefusedNoCPR
		}
		s.refuse(w, r, http.StatusForbidden, reason, idp, id)
		return
	}
	c, refused, err := s.db.StartCitizenSession(ctx, idp, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if refused != "" {
		// Logged already, in the store's transaction.
		s.refusalPage(w, r, http.StatusForbidden, refused, idp)
		return
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Remove(ctx, sessionUserID)
	s.sessions.Remove(ctx, sessionSignInMethod)
	s.sessions.Put(ctx, sessionSignInIdP, idp.Slug)
	s.sessions.Put(ctx, sessionCitizen, c.SessionID)
	s.log.LogAttrs(ctx, slog.LevelInfo, "citizen signed in", slog.String("method", id.Method), slog.String("idp", idp.Slug),
		slog.Int64("citizen_session", c.SessionID))
	if next = safeNext(next); next == "" || (next != "/ung" && !strings.HasPrefix(next, "/ung/")) {
		next = "/ung/plan"
	}
	s.redirect(w, r, next)
}

// ungPage is the shell of a young person's page.
func (s *Server) ungPage(r *http.Request, title string, nav web.UngNav) web.UngPage {
	ctx := r.Context()
	p := web.UngPage{Title: title, Nav: nav}
	if c := citizenFrom(ctx); c != nil {
		p.FirstName = c.FirstName
	}
	if text := s.sessions.PopString(ctx, "flash_text"); text != "" {
		p.Flash = web.Flash{Kind: s.sessions.PopString(ctx, "flash_kind"), Text: text}
	}
	return p
}

// ungLogin is the young person's login page: the municipalities' citizen
// providers. A young person already signed in goes on to their page.
func (s *Server) ungLogin(w http.ResponseWriter, r *http.Request) {
	if citizenFrom(r.Context()) != nil {
		s.redirect(w, r, "/ung")
		return
	}
	idps, err := s.db.CitizenIdPsForLogin(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	next := safeNext(r.URL.Query().Get("next"))
	v := web.UngLoginView{Page: s.ungPage(r, web.T(r.Context()).Ung.LoginTitle, "")}
	for _, p := range idps {
		u := "/login/idp/" + url.PathEscape(p.Slug)
		if next != "" {
			u += "?next=" + url.QueryEscape(next)
		}
		v.Links = append(v.Links, web.SSOLink{Name: p.DisplayName, URL: u})
	}
	s.render(w, r, http.StatusOK, web.UngLoginPage(v))
}

// ungLogout ends the young person's session (and the row behind it).
func (s *Server) ungLogout(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if c := citizenFrom(ctx); c != nil {
		if err := s.db.EndCitizenSession(ctx, *c); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	// A new token: the old cookie opens nothing.
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Remove(ctx, sessionCitizen)
	s.sessions.Remove(ctx, sessionSignInIdP)
	s.flash(r, "success", web.T(ctx).Ung.LoggedOut)
	s.redirect(w, r, "/ung/login")
}

// ungHome is the young person's front page.
func (s *Server) ungHome(w http.ResponseWriter, r *http.Request) {
	c := citizenFrom(r.Context())
	if err := s.db.CitizenHome(r.Context(), *c); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, web.UngHomePage(web.UngHomeView{Page: s.ungPage(r, web.T(r.Context()).Ung.HomeTitle, web.UngNavHome)}))
}
