// Package demoidp runs real identity providers in-process: an OpenID
// Provider (zitadel/oidc v3's op package with its example storage) and a
// SAML 2.0 identity provider (crewjam/saml's samlidp). kui's tests use them
// as protocol peers, and `kui dev` as the demo provider a newcomer signs in
// through. No protocol is written by hand here; the package only adds a
// user list (Users), a Danish demo login page with one button per user,
// the OIOSAML 3 attributes, and (OIDC) switchable misbehaviours. Both
// providers listen on loopback addresses only.
//
// # OpenID Connect
//
// StartOIDC registers one confidential web client (code flow, PKCE S256,
// client secret by HTTP Basic auth, http loopback redirect URIs accepted).
// The ID token carries sub (= Username), email, name and "roles"
// (User.Roles, read at each sign-in, so SetRoles shows at the next one);
// the example storage would leave email and name out of a code-flow ID
// token, so the client is wrapped (IDTokenUserinfoClaimsAssertion). The
// example client also accepts no post_logout_redirect_uri, so the wrapper
// returns OIDCOptions.PostLogoutRedirectURIs: GET
// {Issuer}/end_session?client_id=…&post_logout_redirect_uri=…[&state=…]
// answers 302 to that URI (with state); an unregistered URI is refused.
//
// A test signs in with a Go http.Client that has a cookie jar and follows
// redirects:
//
//  1. GET kui's start URL; kui redirects to {Issuer}/authorize, which
//     redirects to {Issuer}/login/username?authRequestID=ID (the demo page).
//  2. Read authRequestID from the final response's Request.URL.
//  3. POST authRequestID, username and password (form-encoded) to
//     {Issuer}/login/username; the OP answers 303 to its callback, which
//     redirects to kui's redirect URI with code and state.
//
// OIDC.SignIn does exactly this and returns kui's final response. A wrong
// password answers 403.
//
// # SAML 2.0
//
// StartSAML trusts one service provider, kui, from its SP metadata (given
// at start or later with SetSPMetadata). samlidp's copy of that metadata
// says AuthnRequestsSigned="false", because its login form re-posts the
// SAMLRequest without the redirect binding's signature and would refuse
// it; the signature on the first GET to /sso is still verified. Unless
// EncryptAssertions is set, the copy also lacks the SP's encryption key,
// so assertions arrive in the clear and tests can tamper with them.
// Assertions are always signed; NameID is the user's e-mail; the
// attributes are AttrLoA (User.LoA or "Substantial"), AttrPrivileges
// (base64 of PrivilegesXML: OIO-BPP, one Privilege per role, scoped to the
// CVR number), AttrEmail and AttrFullName, read at each sign-in. samlidp's
// session cookie is dropped from every request, so the demo page is shown
// at every sign-in and another user can be picked.
//
// A test signs in with a Go http.Client (cookie jar, following redirects):
//
//  1. GET kui's start URL; kui redirects to {URL}/sso?SAMLRequest=…&
//     RelayState=…&SigAlg=…&Signature=…, which answers the demo page.
//  2. Read the hidden SAMLRequest and RelayState of its forms.
//  3. POST SAMLRequest, RelayState, user (= Username) and password to
//     {URL}/sso; the answer is an auto-submitting form to kui's ACS with
//     the hidden fields SAMLResponse and RelayState.
//  4. POST those two fields to the ACS.
//
// SAML.Login does steps 1 to 3 and returns the ACS URL and the form, so a
// test can post it, tamper with it first, or post it twice.
package demoidp
