package server

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"kui/internal/casework"
	"kui/internal/postgres"
	"kui/web"
)

// Signing in through a municipality's OpenID Provider (Entra ID, or any
// OpenID Connect provider): the authorization code flow with PKCE (S256),
// state and nonce. The state is the pending sign-in's id in PostgreSQL, so
// any kui instance can finish a sign-in another started. The ID token is
// verified by go-oidc against the provider's published keys, its issuer, kui's
// client id as audience and its expiry — on the wall clock, as the provider
// signed it; the nonce is kui's own check. No token is kept.

// oidcProviders caches each provider's discovery document and key set, per
// instance, by the provider's id and the time its configuration last
// changed. The zero value is ready to use.
type oidcProviders struct {
	mu   sync.Mutex
	byID map[int64]oidcProviderEntry
}

type oidcProviderEntry struct {
	updatedAt  time.Time
	issuer     string
	provider   *oidc.Provider
	endSession string // the discovery document's end_session_endpoint, if any
}

// oidcProvider is the discovered provider of idp; discovery runs the first
// time and again after its configuration changes.
func (s *Server) oidcProvider(ctx context.Context, idp casework.IdP) (oidcProviderEntry, error) {
	c := &s.oidcProviders
	c.mu.Lock()
	e, ok := c.byID[idp.ID]
	c.mu.Unlock()
	if ok && e.updatedAt.Equal(idp.UpdatedAt) && e.issuer == idp.OIDCIssuer {
		return e, nil
	}
	// The issuer in the discovery document must equal the configured one
	// exactly (go-oidc refuses otherwise): Entra's "common" fails closed.
	prov, err := oidc.NewProvider(oidc.ClientContext(ctx, s.idpClient), idp.OIDCIssuer)
	if err != nil {
		return oidcProviderEntry{}, err
	}
	var extra struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := prov.Claims(&extra); err != nil {
		return oidcProviderEntry{}, err
	}
	e = oidcProviderEntry{updatedAt: idp.UpdatedAt, issuer: idp.OIDCIssuer, provider: prov}
	if u, err := url.Parse(extra.EndSession); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		e.endSession = extra.EndSession
	}
	c.mu.Lock()
	if c.byID == nil {
		c.byID = map[int64]oidcProviderEntry{}
	}
	c.byID[idp.ID] = e
	c.mu.Unlock()
	return e, nil
}

// oauthConfig is kui as the provider's client. The client secret is read
// from the environment variable the configuration names, at each use.
func (s *Server) oauthConfig(idp casework.IdP, prov *oidc.Provider, redirectURL string) oauth2.Config {
	scopes := idp.OIDCScopes
	if len(scopes) == 0 {
		scopes = []string{oidc.ScopeOpenID, "email", "profile"}
	}
	return oauth2.Config{ClientID: idp.OIDCClientID, ClientSecret: s.secret(idp.OIDCSecretEnv),
		Endpoint: prov.Endpoint(), RedirectURL: redirectURL, Scopes: scopes}
}

// oidcStart stores a pending sign-in (state, nonce, PKCE verifier) bound to
// this browser and sends the browser to the provider.
func (s *Server) oidcStart(w http.ResponseWriter, r *http.Request, idp casework.IdP, next string) {
	ctx := r.Context()
	e, err := s.oidcProvider(ctx, idp)
	if err != nil {
		s.providerDown(w, r, idp, "discovery", err)
		return
	}
	state, err := randomToken()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	nonce, err := randomToken()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	verifier := oauth2.GenerateVerifier()
	conf := s.oauthConfig(idp, e.provider, s.absoluteURL(r, "/login/idp/"+idp.Slug+"/callback"))
	browser, err := s.startSignInCookie(w)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.CreatePendingLogin(ctx, postgres.PendingLogin{ID: state, IdPID: idp.ID, ReturnURL: conf.RedirectURL,
		Next: next, OIDCNonce: nonce, OIDCVerifier: verifier}, browser); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, conf.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), http.StatusSeeOther)
}

// oidcCallback is the redirect URI: the provider's answer, verified, becomes
// a kui session (finishSignIn), or is refused with the Danish page.
func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	idp, ok := s.enabledIdP(w, r)
	if !ok {
		return
	}
	if idp.Protocol != casework.MethodOIDC {
		s.refuse(w, r, http.StatusNotFound, casework.RefusedUnknownProvider, idp, casework.Identity{})
		return
	}
	q := r.URL.Query()
	// The pending sign-in is taken first, whatever the answer: a state is
	// used once, also when the provider reports an error.
	pl, err := s.db.TakePendingLogin(ctx, q.Get("state"), s.signInDigest(r))
	stateOK := err == nil && pl.IdPID == idp.ID
	if err != nil && casework.Code(err) != casework.ENotFound {
		s.fail(w, r, err)
		return
	}
	if q.Get("error") != "" {
		// The provider's error code is a fixed vocabulary (RFC 6749 §4.1.2.1);
		// its description is free text and not logged.
		s.log.LogAttrs(ctx, slog.LevelInfo, "identity provider answered an error", slog.String("idp", idp.Slug),
			slog.String("error", logSafe(q.Get("error"))))
		s.refuse(w, r, http.StatusBadRequest, casework.RefusedProviderError, idp, casework.Identity{})
		return
	}
	if !stateOK {
		s.refuse(w, r, http.StatusBadRequest, casework.RefusedState, idp, casework.Identity{})
		return
	}
	e, err := s.oidcProvider(ctx, idp)
	if err != nil {
		s.providerDown(w, r, idp, "discovery", err)
		return
	}
	// The same redirect_uri as sent, whichever instance started the sign-in.
	conf := s.oauthConfig(idp, e.provider, pl.ReturnURL)
	octx := oidc.ClientContext(ctx, s.idpClient)
	tok, err := conf.Exchange(octx, q.Get("code"), oauth2.VerifierOption(pl.OIDCVerifier))
	if err != nil {
		if _, ok := errors.AsType[*oauth2.RetrieveError](err); ok {
			// The provider refused the code (its body may echo input: not logged).
			s.log.LogAttrs(ctx, slog.LevelWarn, "token exchange refused", slog.String("idp", idp.Slug))
			s.refuse(w, r, http.StatusBadRequest, casework.RefusedBadResponse, idp, casework.Identity{})
			return
		}
		s.providerDown(w, r, idp, "token exchange", err)
		return
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		s.refuse(w, r, http.StatusBadRequest, casework.RefusedBadResponse, idp, casework.Identity{})
		return
	}
	// Signature (the provider's JWKS), iss, aud, exp — on the wall clock:
	// never set oidc.Config.Now.
	idt, err := e.provider.Verifier(&oidc.Config{ClientID: idp.OIDCClientID}).Verify(octx, raw)
	if err != nil {
		reason := verifyRefusal(err)
		if reason == casework.RefusedProviderDown {
			s.providerDown(w, r, idp, "keys", err)
			return
		}
		s.refuse(w, r, http.StatusBadRequest, reason, idp, casework.Identity{})
		return
	}
	id := casework.Identity{Method: casework.MethodOIDC, Subject: idt.Subject}
	// go-oidc does not look at the nonce: it is kui's to compare.
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(pl.OIDCNonce)) != 1 {
		s.refuse(w, r, http.StatusBadRequest, casework.RefusedNonce, idp, id)
		return
	}
	if err := readClaims(idt, idp, &id); err != nil {
		s.refuse(w, r, http.StatusBadRequest, casework.RefusedBadResponse, idp, id)
		return
	}
	s.finishSignIn(w, r, idp, id, pl.Next)
}

// readClaims reads the person and their role values from a verified ID
// token: email (or an e-mail-like preferred_username, as Entra's UPN), name
// (or given_name and family_name), and the role claim, an array or a string.
//
// A citizen provider's answer carries the CPR number in its configured claim
// (idp.OIDCCPRClaim) instead; a missing or invalid one leaves id.CPR empty.
func readClaims(idt *oidc.IDToken, idp casework.IdP, id *casework.Identity) error {
	if idp.Audience == casework.AudienceCitizen {
		return readCitizenClaims(idt, idp.OIDCCPRClaim, id)
	}
	roleClaim := idp.OIDCRoleClaim
	var c struct {
		Email             string `json:"email"`
		EmailVerified     *bool  `json:"email_verified"`
		Name              string `json:"name"`
		GivenName         string `json:"given_name"`
		FamilyName        string `json:"family_name"`
		PreferredUsername string `json:"preferred_username"`
	}
	if err := idt.Claims(&c); err != nil {
		return err
	}
	if c.EmailVerified != nil && !*c.EmailVerified {
		// An address the provider itself has not checked links no kui user.
		return errors.New("oidc: e-mail not verified")
	}
	id.Email = strings.TrimSpace(c.Email)
	if id.Email == "" && casework.LooksLikeEmail(c.PreferredUsername) {
		id.Email = strings.TrimSpace(c.PreferredUsername)
	}
	id.Name = strings.TrimSpace(c.Name)
	if id.Name == "" {
		id.Name = strings.TrimSpace(c.GivenName + " " + c.FamilyName)
	}
	if roleClaim == "" {
		roleClaim = "roles"
	}
	var all map[string]json.RawMessage
	if err := idt.Claims(&all); err != nil {
		return err
	}
	if v, ok := all[roleClaim]; ok {
		var many []string
		if err := json.Unmarshal(v, &many); err == nil {
			id.Values = many
		} else {
			var one string
			if err := json.Unmarshal(v, &one); err != nil {
				return errors.New("oidc: role claim is neither a string nor a list of strings")
			}
			id.Values = []string{one}
		}
	}
	return nil
}

// readCitizenClaims reads the CPR number from a citizen provider's claim:
// a string of 10 digits (or DDMMYY-XXXX), or nothing kui will use.
func readCitizenClaims(idt *oidc.IDToken, claim string, id *casework.Identity) error {
	var all map[string]json.RawMessage
	if err := idt.Claims(&all); err != nil {
		return err
	}
	var cpr string
	if v, ok := all[claim]; ok && json.Unmarshal(v, &cpr) == nil {
		if c, problem := casework.ParseCPR(cpr); problem == "" {
			id.CPR = c
		}
	}
	return nil
}

// verifyRefusal names why go-oidc refused an ID token. go-oidc has a type
// only for an expired token; the others are told by their messages, read in
// v3.21.0's verify.go.
func verifyRefusal(err error) casework.SignInRefusal {
	if _, ok := errors.AsType[*oidc.TokenExpiredError](err); ok {
		return casework.RefusedExpired
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "issued by a different provider"):
		return casework.RefusedIssuer
	case strings.Contains(msg, "expected audience"):
		return casework.RefusedAudience
	case strings.Contains(msg, "fetching keys"):
		return casework.RefusedProviderDown
	case strings.Contains(msg, "verify signature"), strings.Contains(msg, "not signed"), strings.Contains(msg, "malformed jwt"):
		return casework.RefusedBadSignature
	}
	return casework.RefusedBadResponse
}

// providerDown refuses a sign-in the provider could not be reached for:
// 502, the Danish page. The error names URLs of the provider, never a person.
// A discovery document naming another issuer than configured (Entra's
// "common") is the configuration's fault: refused as issuer.
func (s *Server) providerDown(w http.ResponseWriter, r *http.Request, idp casework.IdP, step string, err error) {
	reason := casework.RefusedProviderDown
	if _, ok := errors.AsType[*oidc.IssuerMismatchError](err); ok {
		reason = casework.RefusedIssuer
	}
	s.log.LogAttrs(r.Context(), slog.LevelWarn, "identity provider unusable", slog.String("idp", idp.Slug),
		slog.String("step", step), slog.String("reason", string(reason)), errorAttr(err))
	s.refuse(w, r, http.StatusBadGateway, reason, idp, casework.Identity{})
}

// logSafe keeps a short code from the request fit for the technical log.
func logSafe(s string) string {
	if len(s) > 40 {
		s = s[:40]
	}
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' {
			return r
		}
		return '?'
	}, s)
}

// oidcEndSessionURL is where the browser ends its session at the provider
// idp, coming back to /logged-out; "" when the provider offers no
// end_session_endpoint (or cannot be reached now). No id_token_hint: kui
// keeps no token, so it names itself by client_id.
func (s *Server) oidcEndSessionURL(r *http.Request, idp casework.IdP) string {
	if idp.Protocol != casework.MethodOIDC || !idp.Enabled {
		return ""
	}
	e, err := s.oidcProvider(r.Context(), idp)
	if err != nil {
		s.log.LogAttrs(r.Context(), slog.LevelWarn, "identity provider unreachable", slog.String("idp", idp.Slug),
			slog.String("step", "sign-out"), errorAttr(err))
		return ""
	}
	if e.endSession == "" {
		return ""
	}
	u, err := url.Parse(e.endSession)
	if err != nil {
		return ""
	}
	q := u.Query()
	q.Set("client_id", idp.OIDCClientID)
	q.Set("post_logout_redirect_uri", s.absoluteURL(r, "/logged-out"))
	u.RawQuery = q.Encode()
	return u.String()
}

// sessionLogoutURL keeps, across the redirect to /logged-out, the
// provider's end-session URL for the browser to visit.
const sessionLogoutURL = "provider_logout_url"

// loggedOut says the user is signed out of kui and, when the provider
// offers it, sends the browser on to sign out there too (a meta refresh
// and a visible link: the page's form-action policy does not govern them).
func (s *Server) loggedOut(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if userFrom(ctx) != nil {
		s.redirect(w, r, "/")
		return
	}
	t := web.T(ctx)
	v := web.LoggedOutView{Page: s.page(r, t.SSOT.LoggedOutTitle, ""), ProviderLogoutURL: s.sessions.PopString(ctx, sessionLogoutURL)}
	v.Page.Refresh = v.ProviderLogoutURL
	s.render(w, r, http.StatusOK, web.LoggedOutPage(v))
}

// ssoChoose finds the municipality's provider from a work e-mail's domain
// (a GET form on /login and here) and shows its link. The link, not a
// redirect: Chromium checks form-action 'self' on every redirect after a
// form's submission and blocks the onward one to the provider's site
// (tried on 2 Dec 2026: ERR_ABORTED and a CSP violation).
func (s *Server) ssoChoose(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if userFrom(ctx) != nil {
		s.redirect(w, r, "/")
		return
	}
	t := web.T(ctx)
	q := r.URL.Query()
	v := web.SSOChooseView{Page: s.page(r, t.SSOT.ChooseTitle, ""), Next: safeNext(q.Get("next"))}
	email := strings.TrimSpace(q.Get("email"))
	if len(email) > 320 || !casework.Storable(email) {
		email = ""
	}
	v.Email = email
	if _, asked := q["email"]; asked {
		at := strings.LastIndexByte(email, '@')
		domain := ""
		if at >= 0 {
			domain = strings.ToLower(email[at+1:])
		} else if !strings.Contains(email, " ") {
			domain = strings.ToLower(strings.TrimPrefix(email, "@")) // a bare domain
		}
		var idp casework.IdP
		var err error = casework.NotFound()
		if domain != "" {
			idp, err = s.db.IdPByDomain(ctx, domain)
		}
		switch {
		case err == nil:
			v.Found = &web.SSOLink{Name: idp.DisplayName, URL: ssoStartURL(idp.Slug, v.Next)}
		case casework.Code(err) == casework.ENotFound:
			v.NotFound = true
		default:
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, web.SSOChoosePage(v))
}

// ssoLinks are the login page's links to the enabled providers.
func (s *Server) ssoLinks(r *http.Request, next string) ([]web.SSOLink, error) {
	idps, err := s.db.IdPsForLogin(r.Context())
	if err != nil {
		return nil, err
	}
	links := make([]web.SSOLink, 0, len(idps))
	for _, p := range idps {
		if p.Protocol == casework.MethodSAML && s.samlKey == nil {
			continue // SAML is off without kui's key pair
		}
		links = append(links, web.SSOLink{Name: p.DisplayName, URL: ssoStartURL(p.Slug, next)})
	}
	return links, nil
}

func ssoStartURL(slug, next string) string {
	u := "/login/idp/" + url.PathEscape(slug)
	if next != "" {
		u += "?next=" + url.QueryEscape(next)
	}
	return u
}
