package server

import (
	"context"
	"encoding/xml"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/crewjam/saml"
	"github.com/crewjam/saml/samlsp"
	"github.com/go-chi/chi/v5"
	dsig "github.com/russellhaering/goxmldsig"

	"kui/internal/casework"
	"kui/internal/postgres"
)

// Signing in with SAML 2.0 (OIOSAML 3: KOMBIT's Context Handler; or AD FS),
// with crewjam/saml's ServiceProvider. kui is one service provider per
// provider: its entity ID is /saml/{slug}/metadata and its assertion
// consumer service /saml/{slug}/acs, both absolute on BASE_URL. One key
// pair (KUI_SAML_KEY_FILE, KUI_SAML_CERT_FILE) signs every AuthnRequest and
// decrypts encrypted assertions; without it SAML is off.
//
// The flow has two steps after the provider, because its answer arrives as
// a cross-site POST that carries none of kui's SameSite=Lax cookies:
//
//  1. samlStart stores the pending sign-in (its id is the RelayState, with
//     the AuthnRequest's ID) bound to this browser's sign-in cookie, and
//     sends the browser to the provider with a signed AuthnRequest.
//  2. samlACS verifies the provider's response against the pending
//     sign-in (signature, issuer, audience, recipient, InResponseTo, time
//     window, the replay store), reads the person and their privileges,
//     stores the verified identity with the pending sign-in and sends the
//     browser on to /login/idp/{slug}/finish.
//  3. samlFinish, a top-level GET that does carry the sign-in cookie,
//     takes the verified identity for this browser only and signs in.
//
// The pending sign-in and the replay store are in PostgreSQL, so any
// instance can do any step. crewjam's own checks use the wall clock, as
// the provider signs with it: ServiceProvider.Clock stays nil.
//
// A SAML response and its attributes are personal data: nothing of them
// reaches the technical log, only the refusal's code.

// OIOSAML 3 attribute names (the Danish public-sector SAML profile).
const (
	oiosamlLoA        = "https://data.gov.dk/concept/core/nsis/loa"
	oiosamlPrivileges = "https://data.gov.dk/model/core/eid/privilegesIntermediate"
	oiosamlEmail      = "https://data.gov.dk/model/core/eid/email"
	oiosamlFullName   = "https://data.gov.dk/model/core/eid/fullName"
	oiosamlFirstName  = "https://data.gov.dk/model/core/eid/firstName"
	oiosamlLastName   = "https://data.gov.dk/model/core/eid/lastName"
	// A citizen's CPR number (NemLog-in gives it only to IT systems approved
	// for it), and the CVR a MitID Erhverv (professional) identity carries.
	oiosamlCPR             = "https://data.gov.dk/model/core/eid/cprNumber"
	oiosamlProfessionalCVR = "https://data.gov.dk/model/core/eid/professional/cvr"
)

// Where a provider that is not OIOSAML (AD FS, Entra ID's SAML) puts the
// e-mail address and name, first found wins. OIOSAML's names are read too.
var (
	samlEmailAttrs = []string{oiosamlEmail,
		"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
		"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", "urn:oid:0.9.2342.19200300.100.1.3",
		"email", "mail"}
	samlNameAttrs = []string{oiosamlFullName, "http://schemas.microsoft.com/identity/claims/displayname",
		"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", "urn:oid:2.16.840.1.113730.3.1.241",
		"displayName", "name"}
	samlFirstNameAttrs = []string{oiosamlFirstName, "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
		"urn:oid:2.5.4.42", "givenName"}
	samlLastNameAttrs = []string{oiosamlLastName, "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
		"urn:oid:2.5.4.4", "sn"}
)

// maxSAMLFormBytes bounds the provider's posted form (a signed, possibly
// encrypted response with its certificates is some tens of kilobytes).
const maxSAMLFormBytes = 1 << 20

// samlOn tells whether this kui has its SAML key pair.
func (s *Server) samlOn() bool { return s.samlKey != nil && s.samlCert != nil }

// samlACSPath is a provider's assertion consumer service on kui; the
// metadata (and entity ID) is beside it, at /saml/{slug}/metadata.
func samlACSPath(slug string) string { return "/saml/" + slug + "/acs" }

// samlIdP reads the {slug} route parameter's SAML provider; an unknown or
// non-SAML one, or a disabled one unless allowDisabled, is refused (404,
// the Danish page, the security log with the method saml).
func (s *Server) samlIdP(w http.ResponseWriter, r *http.Request, allowDisabled bool) (casework.IdP, bool) {
	idp, err := s.db.IdPBySlug(r.Context(), chi.URLParam(r, "slug"))
	if casework.Code(err) == casework.ENotFound || (err == nil && ((!idp.Enabled && !allowDisabled) || idp.Protocol != casework.MethodSAML)) {
		s.refuse(w, r, http.StatusNotFound, casework.RefusedUnknownProvider, casework.IdP{},
			casework.Identity{Method: casework.MethodSAML})
		return casework.IdP{}, false
	}
	if err != nil {
		s.fail(w, r, err)
		return casework.IdP{}, false
	}
	return idp, true
}

// samlOff answers a SAML step on a kui without its key pair: the provider
// is configured, but this kui cannot sign a request or read an encrypted
// answer. For the person signing in the provider is unavailable (503);
// the technical log tells the operator why.
func (s *Server) samlOff(w http.ResponseWriter, r *http.Request, idp casework.IdP) {
	s.log.LogAttrs(r.Context(), slog.LevelError, "saml sign-in is off: KUI_SAML_KEY_FILE and KUI_SAML_CERT_FILE are not set",
		slog.String("idp", idp.Slug))
	s.refuse(w, r, http.StatusServiceUnavailable, casework.RefusedProviderDown, idp, casework.Identity{Method: casework.MethodSAML})
}

// serviceProvider is kui as the service provider of idp, its assertion
// consumer service at acs (absolute). The entity ID is the metadata
// address beside it, so that every instance, and the ACS step of a
// sign-in another instance started, names the same one.
func (s *Server) serviceProvider(ctx context.Context, idp casework.IdP, acs string) (*saml.ServiceProvider, error) {
	acsURL, err := url.Parse(acs)
	if err != nil {
		return nil, err
	}
	metaURL := *acsURL
	metaURL.Path = strings.TrimSuffix(acsURL.Path, "/acs") + "/metadata"
	sp := &saml.ServiceProvider{
		EntityID: metaURL.String(), MetadataURL: metaURL, AcsURL: *acsURL,
		Key: s.samlKey, Certificate: s.samlCert,
		// Signs AuthnRequests (the redirect binding's SigAlg and Signature).
		SignatureMethod:      dsig.RSASHA256SignatureMethod,
		RejectSHA1Signatures: true, LimitRelayStateLength: true,
		// Only the POST binding: no artifact resolution, no request kui
		// makes to the provider because of what a browser posted.
		AssertionConsumerServiceBindings: []string{saml.HTTPPostBinding},
		ReplayCache:                      samlReplay{ctx: ctx, db: s.db, idpID: idp.ID, dbErr: new(error)},
		HTTPClient:                       s.idpClient,
	}
	if idp.SAMLMetadata != "" {
		md, err := samlsp.ParseMetadata([]byte(idp.SAMLMetadata))
		if err != nil {
			return nil, err
		}
		sp.IDPMetadata = md
	}
	return sp, nil
}

// samlReplay is crewjam's replay cache in PostgreSQL: an assertion is
// accepted once by all instances. (The interface has no context.) dbErr
// keeps a failure of the database, which crewjam reports as a refused
// response: the ACS answers it as the outage it is.
type samlReplay struct {
	ctx   context.Context
	db    *postgres.DB
	idpID int64
	dbErr *error
}

func (c samlReplay) Consume(key string, until time.Time) error {
	fresh, err := c.db.ConsumeSAMLKey(c.ctx, c.idpID, key, until)
	if err != nil {
		*c.dbErr = err
		return err
	}
	if !fresh {
		return saml.ErrAssertionReplayed
	}
	return nil
}

// samlMetadata serves kui's service-provider metadata for the provider:
// the address an operator gives the municipality's IdP (Context Handler,
// AD FS). It lists kui's certificate for signing and encryption, signed
// AuthnRequests and wanted signed assertions, and the ACS. It is served
// for a provider that is switched off too: the IdP's side is set up before
// the provider is switched on. Without kui's key pair there is no service
// provider to describe: 404.
func (s *Server) samlMetadata(w http.ResponseWriter, r *http.Request) {
	idp, ok := s.samlIdP(w, r, true)
	if !ok {
		return
	}
	if !s.samlOn() {
		s.log.LogAttrs(r.Context(), slog.LevelError, "saml metadata asked for, but KUI_SAML_KEY_FILE and KUI_SAML_CERT_FILE are not set",
			slog.String("idp", idp.Slug))
		s.notFound(w, r)
		return
	}
	sp, err := s.serviceProvider(r.Context(), casework.IdP{ID: idp.ID}, s.absoluteURL(r, samlACSPath(idp.Slug)))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b, err := xml.MarshalIndent(sp.Metadata(), "", "  ")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/samlmetadata+xml")
	w.Header().Set("Content-Disposition", `inline; filename="kui-`+idp.Slug+`-metadata.xml"`)
	_, _ = w.Write([]byte(xml.Header))
	_, _ = w.Write(b)
}

// samlStart sends the browser to the provider with a signed AuthnRequest
// (the redirect binding). The pending sign-in remembers the request's ID
// and the ACS address as sent, and is bound to this browser's cookie.
func (s *Server) samlStart(w http.ResponseWriter, r *http.Request, idp casework.IdP, next string) {
	if !s.samlOn() {
		s.samlOff(w, r, idp)
		return
	}
	ctx := r.Context()
	acs := s.absoluteURL(r, samlACSPath(idp.Slug))
	sp, err := s.serviceProvider(ctx, idp, acs)
	if err != nil {
		// The stored metadata is unusable: the operator's to fix.
		s.log.LogAttrs(ctx, slog.LevelError, "saml provider metadata unusable", slog.String("idp", idp.Slug), errorAttr(err))
		s.refuse(w, r, http.StatusServiceUnavailable, casework.RefusedProviderDown, idp, casework.Identity{Method: casework.MethodSAML})
		return
	}
	sso := sp.GetSSOBindingLocation(saml.HTTPRedirectBinding)
	if sso == "" {
		s.log.LogAttrs(ctx, slog.LevelError, "saml provider metadata has no HTTP-Redirect SingleSignOnService", slog.String("idp", idp.Slug))
		s.refuse(w, r, http.StatusServiceUnavailable, casework.RefusedProviderDown, idp, casework.Identity{Method: casework.MethodSAML})
		return
	}
	req, err := sp.MakeAuthenticationRequest(sso, saml.HTTPRedirectBinding, saml.HTTPPostBinding)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	relay, err := randomToken()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	to, err := req.Redirect(relay, sp)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	browser, err := s.startSignInCookie(w)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.CreatePendingLogin(ctx, postgres.PendingLogin{ID: relay, IdPID: idp.ID, ReturnURL: acs, Next: next,
		SAMLRequestID: req.ID}, browser); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, to.String(), http.StatusSeeOther)
}

// samlACS receives the provider's answer, posted from the provider's page
// (a cross-site POST: no kui cookie, Go's cross-origin protection bypassed
// for this route only). Everything it trusts is checked here: the pending
// sign-in the RelayState names, then crewjam's checks of the response, a
// signed assertion, the level of assurance; then the verified identity
// waits with the pending sign-in for samlFinish.
func (s *Server) samlACS(w http.ResponseWriter, r *http.Request) {
	idp, ok := s.samlIdP(w, r, false)
	if !ok {
		return
	}
	if !s.samlOn() {
		s.samlOff(w, r, idp)
		return
	}
	ctx := r.Context()
	noOne := casework.Identity{Method: casework.MethodSAML}
	r.Body = http.MaxBytesReader(w, r.Body, maxSAMLFormBytes)
	if err := r.ParseForm(); err != nil {
		s.refuse(w, r, http.StatusBadRequest, casework.RefusedBadResponse, idp, noOne)
		return
	}
	if r.PostForm.Get("SAMLResponse") == "" || r.PostForm.Has("SAMLart") || r.URL.Query().Has("SAMLart") {
		// Only the POST binding: an artifact would have kui call out.
		s.refuse(w, r, http.StatusBadRequest, casework.RefusedBadResponse, idp, noOne)
		return
	}
	relay := r.PostForm.Get("RelayState")
	pl, err := s.db.PendingLoginByID(ctx, relay)
	if casework.Code(err) == casework.ENotFound || (err == nil && pl.IdPID != idp.ID) {
		s.refuse(w, r, http.StatusBadRequest, casework.RefusedState, idp, noOne)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The ACS address as the AuthnRequest named it, whichever instance
	// sent it: Destination and Recipient are checked against it.
	sp, err := s.serviceProvider(ctx, idp, pl.ReturnURL)
	if err != nil {
		s.log.LogAttrs(ctx, slog.LevelError, "saml provider metadata unusable", slog.String("idp", idp.Slug), errorAttr(err))
		s.refuse(w, r, http.StatusServiceUnavailable, casework.RefusedProviderDown, idp, noOne)
		return
	}
	a, err := sp.ParseResponse(r, []string{pl.SAMLRequestID})
	if replay := sp.ReplayCache.(samlReplay); *replay.dbErr != nil {
		s.fail(w, r, *replay.dbErr)
		return
	}
	if err != nil {
		s.refuse(w, r, http.StatusBadRequest, samlRefusal(err), idp, noOne)
		return
	}
	// OIOSAML wants the assertion itself signed; crewjam would also take
	// an unsigned assertion in a signed response.
	if a.Signature == nil {
		s.refuse(w, r, http.StatusBadRequest, casework.RefusedBadSignature, idp, noOne)
		return
	}
	id, refusal := samlIdentity(a, idp)
	if refusal != "" {
		status := http.StatusBadRequest
		if refusal == casework.RefusedLoA {
			status = http.StatusForbidden
		}
		s.refuse(w, r, status, refusal, idp, id)
		return
	}
	if idp.Audience == casework.AudienceCitizen {
		// The CPR number never waits in pending_logins: the case is
		// matched here, and only its id goes on to the finish step.
		var ok bool
		if id, ok = s.samlMatchCitizen(w, r, idp, id); !ok {
			return
		}
	}
	fresh, err := s.db.SetAsserted(ctx, pl.ID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !fresh {
		// A second verified response for the same sign-in.
		s.refuse(w, r, http.StatusBadRequest, casework.RefusedReplayed, idp, id)
		return
	}
	s.redirect(w, r, "/login/idp/"+idp.Slug+"/finish?state="+url.QueryEscape(pl.ID))
}

// samlMatchCitizen matches a citizen provider's verified identity to the
// young person's case of the provider's municipality by its CPR number, and
// returns the identity with the case's id instead of the CPR. A MitID
// Erhverv identity, an answer without a CPR and a CPR of no case there are
// refused (and logged) here.
func (s *Server) samlMatchCitizen(w http.ResponseWriter, r *http.Request, idp casework.IdP, id casework.Identity) (casework.Identity, bool) {
	switch {
	case id.Professional:
		s.refuse(w, r, http.StatusForbidden, casework.RefusedProfessional, idp, id)
		return id, false
	case id.Subject == "" || id.CPR == "":
		reason := casework.RefusedNoCPR
		if id.Subject == "" {
			reason = casework.RefusedBadResponse
		}
		s.refuse(w, r, http.StatusForbidden, reason, idp, id)
		return id, false
	}
	youthID, err := s.db.MatchCitizen(r.Context(), idp, id.CPR)
	if casework.Code(err) == casework.ENotFound {
		s.refuse(w, r, http.StatusForbidden, casework.RefusedNoCase, idp, id)
		return id, false
	}
	if err != nil {
		s.fail(w, r, err)
		return id, false
	}
	id.CPR, id.YouthID = "", youthID
	return id, true
}

// samlFinish is the second step: a top-level GET, which carries the
// browser's SameSite=Lax sign-in cookie. Only the browser that started the
// sign-in can take its verified identity, once.
func (s *Server) samlFinish(w http.ResponseWriter, r *http.Request) {
	idp, ok := s.samlIdP(w, r, false)
	if !ok {
		return
	}
	noOne := casework.Identity{Method: casework.MethodSAML}
	browser := s.signInDigest(r)
	if browser == nil {
		s.refuse(w, r, http.StatusBadRequest, casework.RefusedState, idp, noOne)
		return
	}
	pl, err := s.db.TakeAssertedLogin(r.Context(), r.URL.Query().Get("state"), browser)
	if casework.Code(err) == casework.ENotFound || (err == nil && (pl.IdPID != idp.ID || pl.Asserted == nil)) {
		s.refuse(w, r, http.StatusBadRequest, casework.RefusedState, idp, noOne)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.finishSignIn(w, r, idp, *pl.Asserted, pl.Next)
}

// samlRefusal names why crewjam refused a response. Its error carries the
// response (personal data) and is never logged.
func samlRefusal(err error) casework.SignInRefusal {
	switch {
	case errors.Is(err, saml.ErrAssertionReplayed):
		return casework.RefusedReplayed
	case errors.Is(err, saml.ErrInvalidSignature), unsignedResponse(err):
		return casework.RefusedBadSignature
	case errors.Is(err, saml.ErrExpired), errors.Is(err, saml.ErrNotYetValid):
		return casework.RefusedExpired
	case errors.Is(err, saml.ErrIssuerMismatch):
		return casework.RefusedIssuer
	case errors.Is(err, saml.ErrAudienceMismatch):
		return casework.RefusedAudience
	case errors.Is(err, saml.ErrRequestIDMismatch):
		return casework.RefusedState
	}
	if _, ok := errors.AsType[saml.ErrBadStatus](err); ok {
		// The provider answered, but did not sign the person in.
		return casework.RefusedProviderError
	}
	return casework.RefusedBadResponse
}

// unsignedResponse tells whether crewjam refused a response because
// neither it nor its assertion carried a signature: its error for that is
// not exported, so it is known by its text (anything else unrecognised is
// a bad response all the same).
func unsignedResponse(err error) bool {
	for e := err; e != nil; e = errors.Unwrap(e) {
		if e.Error() == "signature element not present" {
			return true
		}
	}
	return false
}

// samlIdentity reads who signed in from a verified assertion: NameID as
// the subject, the e-mail address and name, and the values the role
// mapping looks for: for OIOSAML 3 the OIO-BPP privileges granted in the
// municipality's CVR scope (after the NSIS level is checked), otherwise
// the values of the configured role attribute.
func samlIdentity(a *saml.Assertion, idp casework.IdP) (casework.Identity, casework.SignInRefusal) {
	attrs := map[string][]string{}
	for _, st := range a.AttributeStatements {
		for _, at := range st.Attributes {
			for _, v := range at.Values {
				attrs[at.Name] = append(attrs[at.Name], strings.TrimSpace(v.Value))
			}
			if at.FriendlyName != "" && at.FriendlyName != at.Name {
				for _, v := range at.Values {
					attrs[at.FriendlyName] = append(attrs[at.FriendlyName], strings.TrimSpace(v.Value))
				}
			}
		}
	}
	id := casework.Identity{Method: casework.MethodSAML}
	if a.Subject != nil && a.Subject.NameID != nil {
		id.Subject = strings.TrimSpace(a.Subject.NameID.Value)
	}
	if idp.Audience == casework.AudienceCitizen {
		return samlCitizen(attrs, idp, id)
	}
	id.Email = first(attrs, samlEmailAttrs)
	id.Name = first(attrs, samlNameAttrs)
	if id.Name == "" {
		id.Name = strings.TrimSpace(first(attrs, samlFirstNameAttrs) + " " + first(attrs, samlLastNameAttrs))
	}
	if !idp.SAMLOIOSAML {
		for _, v := range attrs[idp.SAMLRoleAttr] {
			if v != "" {
				id.Values = append(id.Values, v)
			}
		}
		return id, ""
	}
	minLoA := idp.SAMLMinLoA
	if minLoA == "" {
		minLoA = "Substantial"
	}
	if loa := attrs[oiosamlLoA]; len(loa) != 1 || !casework.LoAAtLeast(loa[0], minLoA) {
		return id, casework.RefusedLoA
	}
	for _, b64 := range attrs[oiosamlPrivileges] {
		values, err := casework.ParsePrivileges(b64, idp.SAMLCVR)
		if err != nil {
			return id, casework.RefusedBadResponse
		}
		id.Values = append(id.Values, values...)
	}
	return id, ""
}

// samlCitizen reads a citizen provider's assertion (NemLog-in, OIOSAML 3):
// the NSIS level, always checked, as a young person's case is behind it;
// the CPR number (an invalid one is none); and whether it is a MitID
// Erhverv identity, which carries the professional CVR attribute. No
// e-mail, name or privileges: a young person has no role to map, and kui
// knows their name from the case.
func samlCitizen(attrs map[string][]string, idp casework.IdP, id casework.Identity) (casework.Identity, casework.SignInRefusal) {
	minLoA := idp.SAMLMinLoA
	if minLoA == "" {
		minLoA = "Substantial"
	}
	if loa := attrs[oiosamlLoA]; len(loa) != 1 || !casework.LoAAtLeast(loa[0], minLoA) {
		return id, casework.RefusedLoA
	}
	if cpr, problem := casework.ParseCPR(first(attrs, []string{oiosamlCPR})); problem == "" {
		id.CPR = cpr
	}
	id.Professional = first(attrs, []string{oiosamlProfessionalCVR}) != ""
	return id, ""
}

// first is the first non-empty value of the first of names present.
func first(attrs map[string][]string, names []string) string {
	for _, n := range names {
		for _, v := range attrs[n] {
			if v != "" {
				return v
			}
		}
	}
	return ""
}
