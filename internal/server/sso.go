package server

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"kui/internal/casework"
	"kui/internal/postgres"
	"kui/web"
)

// Signing in with the municipality's own login: what the OpenID Connect
// (oidc.go) and SAML (saml.go) flows share. A flow starts at
// /login/idp/{slug}, which stores a pending sign-in (postgres.PendingLogin)
// bound to this browser by the kui_signin cookie; the provider's answer is
// verified by the flow, and finishSignIn makes the verified identity a kui
// session. Every refusal goes through refuse.

// idpTimeout bounds every request kui makes to an identity provider
// (discovery, keys, the token exchange).
const idpTimeout = 5 * time.Second

// providerSecret reads only the environment variables named for provider
// secrets: an administrator cannot point kui at DATABASE_URL.
func providerSecret(getenv func(string) string) func(string) string {
	return func(name string) string {
		if getenv == nil || !strings.HasPrefix(name, "KUI_IDP_") {
			return ""
		}
		return getenv(name)
	}
}

// ssoStart sends the browser to its municipality's provider. It is reached
// by a link (GET): the page's form-action policy would stop a form's
// redirect to another site.
func (s *Server) ssoStart(w http.ResponseWriter, r *http.Request) {
	idp, ok := s.enabledIdP(w, r)
	if !ok {
		return
	}
	next := safeNext(r.URL.Query().Get("next"))
	switch idp.Protocol {
	case casework.MethodOIDC:
		s.oidcStart(w, r, idp, next)
	case casework.MethodSAML:
		s.samlStart(w, r, idp, next)
	default:
		s.notFound(w, r)
	}
}

// enabledIdP reads the {slug} route parameter's provider; an unknown or
// disabled one is refused (404, the Danish page, the security log).
func (s *Server) enabledIdP(w http.ResponseWriter, r *http.Request) (casework.IdP, bool) {
	idp, err := s.db.IdPBySlug(r.Context(), chi.URLParam(r, "slug"))
	if casework.Code(err) == casework.ENotFound || (err == nil && !idp.Enabled) {
		s.refuse(w, r, http.StatusNotFound, casework.RefusedUnknownProvider, casework.IdP{}, casework.Identity{})
		return casework.IdP{}, false
	}
	if err != nil {
		s.fail(w, r, err)
		return casework.IdP{}, false
	}
	return idp, true
}

// Session keys that record how the user signed in.
const (
	sessionSignInMethod = "sign_in_method" // casework.MethodPassword, MethodTOTP, MethodOIDC, MethodSAML
	sessionSignInIdP    = "sign_in_idp"    // the provider's slug, for OIDC and SAML
)

// signInCookieName is the cookie that binds a started sign-in to the
// browser that started it; only its SHA-256 digest is stored.
func (s *Server) signInCookieName() string {
	if s.https {
		return "__Host-kui_signin"
	}
	return "kui_signin"
}

// startSignInCookie gives the browser a fresh sign-in cookie and returns
// the digest to store with the pending sign-in.
func (s *Server) startSignInCookie(w http.ResponseWriter) ([]byte, error) {
	value, err := randomToken()
	if err != nil {
		return nil, err
	}
	http.SetCookie(w, &http.Cookie{
		Name: s.signInCookieName(), Value: value, Path: "/", MaxAge: int(postgres.PendingLoginLifetime.Seconds()),
		HttpOnly: true, Secure: s.https, SameSite: http.SameSiteLaxMode,
	})
	return digest(value), nil
}

// signInDigest is the digest of the browser's sign-in cookie; nil without one.
func (s *Server) signInDigest(r *http.Request) []byte {
	c, err := r.Cookie(s.signInCookieName())
	if err != nil || c.Value == "" {
		return nil
	}
	return digest(c.Value)
}

// endSignInCookie removes the sign-in cookie once the sign-in is over.
func (s *Server) endSignInCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: s.signInCookieName(), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.https, SameSite: http.SameSiteLaxMode})
}

func digest(s string) []byte {
	sum := sha256.Sum256([]byte(s))
	return sum[:]
}

// randomToken is 32 random bytes, base64url: a state, nonce or cookie value.
func randomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// finishSignIn makes a provider's verified identity a kui session: the
// provider's role mapping decides the role (none: refused, calm page); the
// store finds, links or creates the user in the provider's municipality
// and writes the security log's line in the same transaction; then a new
// session token, and on to next.
func (s *Server) finishSignIn(w http.ResponseWriter, r *http.Request, idp casework.IdP, id casework.Identity, next string) {
	if idp.Audience == casework.AudienceCitizen {
		s.finishCitizenSignIn(w, r, idp, id, next)
		return
	}
	ctx := r.Context()
	s.endSignInCookie(w)
	if err := id.Validate(); err != nil {
		s.refuse(w, r, http.StatusBadRequest, casework.RefusedBadResponse, idp, id)
		return
	}
	m, ok := idp.MapRole(id.Values)
	if !ok {
		s.refuse(w, r, http.StatusForbidden, casework.RefusedNoRole, idp, id)
		return
	}
	user, refused, err := s.db.SignInWithIdentity(ctx, idp, id, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if refused != "" {
		// Logged already, in the store's transaction.
		s.refusalPage(w, r, http.StatusForbidden, refused, idp)
		return
	}
	// A new token at every privilege change stops session fixation.
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Remove(ctx, sessionCitizen)
	s.sessions.Put(ctx, sessionUserID, user.ID)
	s.sessions.Put(ctx, sessionSignInMethod, id.Method)
	s.sessions.Put(ctx, sessionSignInIdP, idp.Slug)
	s.log.LogAttrs(ctx, slog.LevelInfo, "signed in", slog.String("method", id.Method), slog.String("idp", idp.Slug),
		slog.Int64("user_id", user.ID))
	if next = safeNext(next); next == "" {
		next = "/"
	}
	s.redirect(w, r, next)
}

// refuse answers a sign-in kui will not accept: one technical log line
// (the reason and the provider's slug — never a token, e-mail or name), a
// line in the security log, the Danish page, and no change to the session.
// id may be empty when the provider's answer named nobody kui could trust.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, status int, reason casework.SignInRefusal, idp casework.IdP, id casework.Identity) {
	s.endSignInCookie(w)
	ev := casework.SecurityEvent{MunicipalityID: idp.MunicipalityID, IdPID: idp.ID, Event: casework.EventRefused,
		Method: idp.Protocol, Reason: reason}
	if ev.Method == "" {
		ev.Method = id.Method
	}
	if ev.Method == "" {
		ev.Method = casework.MethodOIDC
	}
	if id.Subject != "" && idp.ID != 0 {
		ev.SubjectDigest = postgres.SubjectDigest(idp.ID, id.Subject)
	}
	if err := s.db.LogSecurity(r.Context(), ev); err != nil {
		s.log.LogAttrs(r.Context(), slog.LevelError, "security log failed", errorAttr(err))
	}
	s.refusalPage(w, r, status, reason, idp)
}

// refusalPage is the Danish page of a refused sign-in, logged already.
func (s *Server) refusalPage(w http.ResponseWriter, r *http.Request, status int, reason casework.SignInRefusal, idp casework.IdP) {
	s.log.LogAttrs(r.Context(), slog.LevelWarn, "sign-in refused", slog.String("reason", string(reason)),
		slog.String("idp", idp.Slug))
	t := web.T(r.Context())
	v := web.SignInRefusedView{Page: s.page(r, t.SSOT.RefusedTitle, ""), Reason: reason, IdPName: idp.DisplayName,
		Citizen: idp.Audience == casework.AudienceCitizen}
	s.render(w, r, status, web.SignInRefusedPage(v))
}
