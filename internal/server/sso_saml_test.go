package server_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"math/big"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"

	"kui/internal/casework"
	"kui/internal/demoidp"
	"kui/internal/server"
)

// Signing in with SAML (saml.go) against a real SAML identity provider in
// the test process: crewjam's samlidp, with OIOSAML 3 attributes
// (internal/demoidp). Responses are tampered with as an attacker would:
// after the provider signed them, before kui's ACS reads them.

// OIO-BPP privileges the test provider grants, and the kui CVR.
const (
	samlCVR            = "12345678"
	privCaseworker     = "http://kui.example/roles/sagsbehandler"
	privCoordinator    = "http://kui.example/roles/koordinator"
	samlUser           = "nina@a.example"
	samlUserName       = "Nina Nyborg"
	samlSecondUser     = "per@a.example"
	samlSecondUserName = "Per Pedersen"
)

func samlTestUsers() *demoidp.Users {
	return demoidp.NewUsers(
		demoidp.User{Username: samlUser, Email: samlUser, Name: samlUserName, Roles: []string{privCaseworker}, LoA: "Substantial"},
		demoidp.User{Username: samlSecondUser, Email: samlSecondUser, Name: samlSecondUserName, Roles: []string{privCoordinator}, LoA: "High"},
	)
}

// samlTestKeyPair is an RSA key and a self-signed certificate for it.
func samlTestKeyPair(t testing.TB, name string) (*rsa.PrivateKey, *x509.Certificate) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(now.UnixNano()), Subject: pkix.Name{CommonName: name},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return key, cert
}

// samlWorld is the test app with a kui instance that has its SAML key
// pair, and the providers connected to it.
type samlWorld struct {
	t    *testing.T
	a    *testApp
	kui  string // where browsers reach kui
	key  crypto.Signer
	cert *x509.Certificate
}

func newSAMLWorld(t *testing.T) *samlWorld {
	t.Helper()
	a := newTestApp(t)
	key, cert := samlTestKeyPair(t, "kui test SP")
	w := &samlWorld{t: t, a: a, key: key, cert: cert}
	w.kui = a.startInstanceWith(a.DB, server.Config{SAMLKey: key, SAMLCert: cert})
	// Whatever happened, no e-mail address or name reached the technical log.
	t.Cleanup(func() {
		logs := w.a.logs.String()
		for _, pd := range []string{samlUser, samlUserName, samlSecondUser, samlSecondUserName, "Nina", "Nyborg"} {
			if strings.Contains(logs, pd) {
				t.Errorf("the technical log holds personal data (%q)", pd)
			}
		}
	})
	return w
}

// samlProvider describes one provider: the demo IdP's options and kui's
// configuration of it.
type samlProvider struct {
	slug     string
	idpCVR   string            // the CVR the IdP scopes privileges to; samlCVR when empty
	clock    *dsig.Clock       // the IdP's clock; nil = real time
	encrypt  bool              // assertions encrypted to kui's key
	key      crypto.Signer     // the IdP's signing key; nil = a fresh one
	cert     *x509.Certificate //
	metadata func([]byte) []byte
	users    *demoidp.Users
	// kui's side, when not the default (A Kommune, OIOSAML 3, the CVR,
	// privileges mapped to caseworker and coordinator).
	municipality string
	roleAttr     string // not OIOSAML: roles are this attribute's values
	roles        []casework.RoleMapping
}

// provider starts a demo SAML IdP, connects it to municipality A in kui
// (its metadata stored, privileges mapped to roles and units) and gives it
// kui's SP metadata, read from kui's metadata address.
func (w *samlWorld) provider(o samlProvider) *demoidp.SAML {
	t := w.t
	t.Helper()
	if o.users == nil {
		o.users = samlTestUsers()
	}
	if o.idpCVR == "" {
		o.idpCVR = samlCVR
	}
	p, err := demoidp.StartSAML(demoidp.SAMLOptions{CVR: o.idpCVR, Title: "A Kommunes login (test)", Users: o.users,
		Key: o.key, Certificate: o.cert, Clock: o.clock, EncryptAssertions: o.encrypt})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	md := p.MetadataXML
	if o.metadata != nil {
		md = o.metadata(md)
	}
	if o.municipality == "" {
		o.municipality = "A Kommune"
	}
	if o.roles == nil {
		o.roles = []casework.RoleMapping{
			{Value: privCoordinator, Role: casework.RoleCoordinator, UnitName: "Ungeenheden"},
			{Value: privCaseworker, Role: casework.RoleCaseworker, UnitName: "Mentor"},
		}
	}
	idp := casework.IdP{Slug: o.slug, DisplayName: o.municipality + "s login", Protocol: casework.MethodSAML, Enabled: true,
		SAMLMetadata: string(md), SAMLOIOSAML: true, SAMLCVR: samlCVR, SAMLMinLoA: "Substantial", Roles: o.roles}
	if o.roleAttr != "" {
		idp.SAMLOIOSAML, idp.SAMLCVR, idp.SAMLRoleAttr = false, "", o.roleAttr
	}
	if _, err := w.a.DB.UpsertIdP(context.Background(), o.municipality, idp); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(w.kui + "/saml/" + o.slug + "/metadata")
	if err != nil {
		t.Fatal(err)
	}
	spMD, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("kui's SP metadata: %d %v", resp.StatusCode, err)
	}
	if err := p.SetSPMetadata(spMD); err != nil {
		t.Fatal(err)
	}
	return p
}

// samlBrowser is one browser: a cookie jar, shared by a client that
// follows redirects (through the IdP) and one that shows kui's 303s.
type samlBrowser struct {
	follow *http.Client
	c      *client
}

func (w *samlWorld) browser() samlBrowser {
	jar, _ := cookiejar.New(nil)
	return samlBrowser{follow: &http.Client{Jar: jar}, c: &client{t: w.t, base: w.kui, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}}
}

// login signs username in at the IdP, starting at kui's start address,
// and returns the form the IdP's page would post to kui's ACS.
func (w *samlWorld) login(p *demoidp.SAML, b samlBrowser, slug, username string) (string, url.Values) {
	w.t.Helper()
	acs, form, err := p.Login(w.t.Context(), b.follow, w.kui+"/login/idp/"+slug, username)
	if err != nil {
		w.t.Fatal(err)
	}
	if want := w.kui + "/saml/" + slug + "/acs"; acs != want {
		w.t.Fatalf("the IdP posts to %s, want %s", acs, want)
	}
	return acs, form
}

// postACS posts the IdP's form to kui's ACS, as the IdP's page would: a
// cross-site POST.
func (b samlBrowser) postACS(acs string, form url.Values) response {
	b.c.t.Helper()
	req, err := http.NewRequest(http.MethodPost, acs, strings.NewReader(form.Encode()))
	if err != nil {
		b.c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://idp.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	return b.c.do(req)
}

// signIn does a whole sign-in and returns the finish step's answer.
func (w *samlWorld) signIn(p *demoidp.SAML, b samlBrowser, slug, username string) response {
	w.t.Helper()
	acs, form := w.login(p, b, slug, username)
	resp := b.postACS(acs, form)
	if resp.status != http.StatusSeeOther || resp.location(w.t) != "/login/idp/"+slug+"/finish" {
		w.t.Fatalf("ACS: %d to %q", resp.status, resp.header.Get("Location"))
	}
	return b.c.get(strings.TrimPrefix(resp.header.Get("Location"), w.kui))
}

// signedIn tells whether the browser's session has a user.
func (b samlBrowser) signedIn() bool {
	b.c.t.Helper()
	return b.c.get("/").status == http.StatusOK
}

type samlCounts struct{ users, identities int }

func (w *samlWorld) counts() samlCounts {
	w.t.Helper()
	var c samlCounts
	if err := w.a.DB.Pool.QueryRow(context.Background(),
		`SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM user_identities)`).Scan(&c.users, &c.identities); err != nil {
		w.t.Fatal(err)
	}
	return c
}

// lastSecurityEvent is the security log's newest line.
func (w *samlWorld) lastSecurityEvent() (event, method, reason string) {
	w.t.Helper()
	if err := w.a.DB.Pool.QueryRow(context.Background(),
		`SELECT event, method, reason FROM security_log ORDER BY id DESC LIMIT 1`).Scan(&event, &method, &reason); err != nil {
		w.t.Fatal(err)
	}
	return event, method, reason
}

// refused checks a refused sign-in: the status, the Danish page, nothing
// written but the security log's refusal with its reason, no session with
// a user.
func (w *samlWorld) refused(resp response, status int, reason casework.SignInRefusal, before samlCounts, b samlBrowser) {
	w.t.Helper()
	if resp.status != status {
		w.t.Errorf("status %d, want %d", resp.status, status)
	}
	if !strings.Contains(resp.body, "Du blev ikke logget ind") {
		w.t.Errorf("not the Danish refusal page: %.300s", resp.body)
	}
	if got := w.counts(); got != before {
		w.t.Errorf("users, identities: %+v, before %+v", got, before)
	}
	if ev, method, got := w.lastSecurityEvent(); ev != casework.EventRefused || method != casework.MethodSAML || got != string(reason) {
		w.t.Errorf("security log: %s %s %q, want refused saml %q", ev, method, got, reason)
	}
	if b.signedIn() {
		w.t.Error("the browser is signed in")
	}
}

// samlXML and withXML read and replace a SAMLResponse's XML.
func samlXML(t *testing.T, form url.Values) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(form.Get("SAMLResponse"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func withXML(form url.Values, xml []byte) url.Values {
	return url.Values{"SAMLResponse": {base64.StdEncoding.EncodeToString(xml)}, "RelayState": {form.Get("RelayState")}}
}

func TestSAMLSignInCreatesTheUserWithTheMappedRole(t *testing.T) {
	w := newSAMLWorld(t)
	p := w.provider(samlProvider{slug: "a-saml"})
	before := w.counts()
	b := w.browser()
	resp := w.signIn(p, b, "a-saml", samlUser)
	if resp.status != http.StatusSeeOther || resp.location(t) != "/" {
		t.Fatalf("finish: %d to %q: %.300s", resp.status, resp.header.Get("Location"), resp.body)
	}
	if !b.signedIn() {
		t.Fatal("not signed in after finishing")
	}
	if got := w.counts(); got.users != before.users+1 || got.identities != before.identities+1 {
		t.Errorf("counts %+v, before %+v", got, before)
	}
	var name, role, unit, method, municipality string
	if err := w.a.DB.Pool.QueryRow(context.Background(), `
		SELECT u.name, u.role, coalesce(un.name, ''), coalesce(u.last_sign_in_method, ''), m.name
		  FROM users u JOIN municipalities m ON m.id = u.municipality_id LEFT JOIN units un ON un.id = u.unit_id
		 WHERE u.email = $1`, samlUser).Scan(&name, &role, &unit, &method, &municipality); err != nil {
		t.Fatal(err)
	}
	if name != samlUserName || role != string(casework.RoleCaseworker) || unit != "Mentor" || method != "saml" || municipality != "A Kommune" {
		t.Errorf("user: %q %q %q %q %q", name, role, unit, method, municipality)
	}
	if ev, m, _ := w.lastSecurityEvent(); ev != casework.EventSignIn || m != casework.MethodSAML {
		t.Errorf("security log: %s %s", ev, m)
	}
	var pending int
	if err := w.a.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM pending_logins`).Scan(&pending); err != nil || pending != 0 {
		t.Errorf("pending sign-ins left: %d %v", pending, err)
	}

	t.Run("encrypted assertions", func(t *testing.T) {
		w := *w
		w.t = t
		p := w.provider(samlProvider{slug: "a-saml-enc", encrypt: true})
		b := w.browser()
		acs, form := w.login(p, b, "a-saml-enc", samlSecondUser)
		if !bytes.Contains(samlXML(t, form), []byte("EncryptedAssertion")) {
			t.Fatal("the assertion is not encrypted")
		}
		resp := b.postACS(acs, form)
		resp = b.c.get(strings.TrimPrefix(resp.header.Get("Location"), w.kui))
		if resp.status != http.StatusSeeOther || !b.signedIn() {
			t.Fatalf("finish: %d", resp.status)
		}
	})
}

func TestSAMLMetadataAndSignedAuthnRequest(t *testing.T) {
	w := newSAMLWorld(t)
	p := w.provider(samlProvider{slug: "a-saml"})
	b := w.browser()

	md := b.c.get("/saml/a-saml/metadata")
	if md.status != http.StatusOK || md.header.Get("Content-Type") != "application/samlmetadata+xml" {
		t.Fatalf("metadata: %d %s", md.status, md.header.Get("Content-Type"))
	}
	for _, want := range []string{`entityID="` + w.kui + `/saml/a-saml/metadata"`, `AuthnRequestsSigned="true"`,
		`WantAssertionsSigned="true"`, `Location="` + w.kui + `/saml/a-saml/acs"`, `use="signing"`,
		base64.StdEncoding.EncodeToString(w.cert.Raw)} {
		if !strings.Contains(md.body, want) {
			t.Errorf("the metadata lacks %s", want)
		}
	}

	start := b.c.get("/login/idp/a-saml")
	if start.status != http.StatusSeeOther {
		t.Fatalf("start: %d", start.status)
	}
	to, err := url.Parse(start.header.Get("Location"))
	if err != nil || !strings.HasPrefix(to.String(), p.URL+"/sso?") {
		t.Fatalf("start sends to %s", to)
	}
	q := to.Query()
	if q.Get("SigAlg") != dsig.RSASHA256SignatureMethod || q.Get("Signature") == "" || q.Get("RelayState") == "" {
		t.Fatalf("not signed with RSA-SHA256: SigAlg %q", q.Get("SigAlg"))
	}
	get := func(u string) int {
		resp, err := b.follow.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	// The IdP refuses the request once its signature is changed.
	sig, err := base64.StdEncoding.DecodeString(q.Get("Signature"))
	if err != nil {
		t.Fatal(err)
	}
	sig[len(sig)/2] ^= 0x01
	tampered := strings.Replace(to.RawQuery, "Signature="+url.QueryEscape(q.Get("Signature")),
		"Signature="+url.QueryEscape(base64.StdEncoding.EncodeToString(sig)), 1)
	if tampered == to.RawQuery {
		t.Fatal("the Signature parameter was not replaced")
	}
	bad := *to
	bad.RawQuery = tampered
	if status := get(bad.String()); status < 400 || status > 499 {
		t.Errorf("a tampered AuthnRequest signature: the IdP answered %d, want 4xx", status)
	}
	if status := get(to.String()); status != http.StatusOK {
		t.Errorf("the signed AuthnRequest: the IdP answered %d, want its login page", status)
	}
}

func TestSAMLRefusesBadResponses(t *testing.T) {
	w := newSAMLWorld(t)
	p := w.provider(samlProvider{slug: "a-saml"})

	t.Run("forged: a byte of the signed assertion changed", func(t *testing.T) {
		w := *w
		w.t = t
		b := w.browser()
		acs, form := w.login(p, b, "a-saml", samlUser)
		xml := samlXML(t, form)
		forged := bytes.Replace(xml, []byte(samlUserName), []byte("Nina Nyborh"), 1)
		if bytes.Equal(forged, xml) {
			t.Fatal("the name is not in the response")
		}
		before := w.counts()
		w.refused(b.postACS(acs, withXML(form, forged)), http.StatusBadRequest, casework.RefusedBadSignature, before, b)
	})

	t.Run("unsigned: the signatures removed", func(t *testing.T) {
		w := *w
		w.t = t
		b := w.browser()
		acs, form := w.login(p, b, "a-saml", samlUser)
		xml := samlXML(t, form)
		unsigned := regexp.MustCompile(`(?s)<(?:[A-Za-z0-9]+:)?Signature[ >].*?</(?:[A-Za-z0-9]+:)?Signature>`).ReplaceAll(xml, nil)
		if bytes.Equal(unsigned, xml) || bytes.Contains(unsigned, []byte("SignatureValue")) {
			t.Fatal("no signature removed")
		}
		before := w.counts()
		w.refused(b.postACS(acs, withXML(form, unsigned)), http.StatusBadRequest, casework.RefusedBadSignature, before, b)
	})

	// A provider whose key the test holds, to sign what it changed with
	// the key kui trusts: what the provider itself could have sent.
	idpKey, idpCert := samlTestKeyPair(t, "the IdP")
	pk := w.provider(samlProvider{slug: "a-saml-resp", key: idpKey, cert: idpCert})

	t.Run("re-signed unchanged with the provider's key: accepted (the control)", func(t *testing.T) {
		w := *w
		w.t = t
		b := w.browser()
		acs, form := w.login(pk, b, "a-saml-resp", samlUser)
		xml := resign(t, samlXML(t, form), idpKey, idpCert, true, nil)
		if resp := b.postACS(acs, withXML(form, xml)); resp.status != http.StatusSeeOther {
			t.Fatalf("ACS: %d: %.300s", resp.status, resp.body)
		}
	})

	t.Run("the response signed, the assertion not", func(t *testing.T) {
		w := *w
		w.t = t
		b := w.browser()
		acs, form := w.login(pk, b, "a-saml-resp", samlUser)
		xml := resign(t, samlXML(t, form), idpKey, idpCert, false, nil)
		before := w.counts()
		w.refused(b.postACS(acs, withXML(form, xml)), http.StatusBadRequest, casework.RefusedBadSignature, before, b)
	})

	t.Run("wrong audience: signed for another service provider", func(t *testing.T) {
		w := *w
		w.t = t
		b := w.browser()
		acs, form := w.login(pk, b, "a-saml-resp", samlUser)
		xml := resign(t, samlXML(t, form), idpKey, idpCert, true, func(assertion *etree.Element) {
			aud := assertion.FindElement("./Conditions/AudienceRestriction/Audience")
			if aud == nil {
				t.Fatal("no Audience")
			}
			aud.SetText("https://another-service.example/saml/metadata")
		})
		before := w.counts()
		w.refused(b.postACS(acs, withXML(form, xml)), http.StatusBadRequest, casework.RefusedAudience, before, b)
	})

	t.Run("wrong issuer: another provider's name", func(t *testing.T) {
		w := *w
		w.t = t
		b := w.browser()
		acs, form := w.login(pk, b, "a-saml-resp", samlUser)
		xml := resign(t, samlXML(t, form), idpKey, idpCert, true, func(assertion *etree.Element) {
			for _, el := range []*etree.Element{assertion, assertion.Parent()} {
				el.FindElement("./Issuer").SetText("https://another-idp.example/metadata")
			}
		})
		before := w.counts()
		w.refused(b.postACS(acs, withXML(form, xml)), http.StatusBadRequest, casework.RefusedIssuer, before, b)
	})

	t.Run("signed with RSASSA-PSS: a signature kui cannot check", func(t *testing.T) {
		w := *w
		w.t = t
		b := w.browser()
		acs, form := w.login(p, b, "a-saml", samlUser)
		// goxmldsig knows no RSASSA-PSS; such a response (OCES3, if a
		// provider signs so) is refused cleanly as a bad signature.
		xml := samlXML(t, form)
		pss := bytes.ReplaceAll(xml, []byte(dsig.RSASHA256SignatureMethod), []byte("http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1"))
		if bytes.Equal(pss, xml) {
			t.Fatal("no RSA-SHA256 signature method in the response")
		}
		before := w.counts()
		w.refused(b.postACS(acs, withXML(form, pss)), http.StatusBadRequest, casework.RefusedBadSignature, before, b)
	})

	t.Run("another provider's sign-in", func(t *testing.T) {
		w := *w
		w.t = t
		other := w.provider(samlProvider{slug: "a-saml-other"})
		b := w.browser()
		_, theirs := w.login(other, b, "a-saml-other", samlUser)
		acs, ours := w.login(p, b, "a-saml", samlUser)
		before := w.counts()
		mixed := url.Values{"SAMLResponse": {ours.Get("SAMLResponse")}, "RelayState": {theirs.Get("RelayState")}}
		w.refused(b.postACS(acs, mixed), http.StatusBadRequest, casework.RefusedState, before, b)
	})

	t.Run("replayed: the same response posted twice", func(t *testing.T) {
		w := *w
		w.t = t
		b := w.browser()
		acs, form := w.login(p, b, "a-saml", samlUser)
		first := b.postACS(acs, form)
		if first.status != http.StatusSeeOther {
			t.Fatalf("first post: %d", first.status)
		}
		var used int
		if err := w.a.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM saml_assertions_used`).Scan(&used); err != nil || used == 0 {
			t.Fatalf("the replay store holds %d keys (%v)", used, err)
		}
		before := w.counts()
		// The refusal ends the sign-in cookie; the browser starts over.
		w.refused(b.postACS(acs, form), http.StatusBadRequest, casework.RefusedReplayed, before, b)
		// The replay store refuses it on its own, even were the pending
		// sign-in still waiting for its answer (two instances at once).
		if _, err := w.a.DB.Pool.Exec(context.Background(), `UPDATE pending_logins SET asserted = NULL`); err != nil {
			t.Fatal(err)
		}
		w.refused(b.postACS(acs, form), http.StatusBadRequest, casework.RefusedReplayed, before, b)
		var asserted bool
		if err := w.a.DB.Pool.QueryRow(context.Background(), `SELECT bool_or(asserted IS NOT NULL) FROM pending_logins`).Scan(&asserted); err != nil || asserted {
			t.Fatalf("the replayed response was stored as asserted (%v)", err)
		}
		// Another browser posting it gets no further.
		other := w.browser()
		w.refused(other.postACS(acs, form), http.StatusBadRequest, casework.RefusedReplayed, before, other)
	})

	t.Run("replayed after the sign-in finished", func(t *testing.T) {
		w := *w
		w.t = t
		b := w.browser()
		acs, form := w.login(p, b, "a-saml", samlSecondUser)
		resp := b.postACS(acs, form)
		if fin := b.c.get(strings.TrimPrefix(resp.header.Get("Location"), w.kui)); fin.status != http.StatusSeeOther || !b.signedIn() {
			t.Fatalf("finish: %d", fin.status)
		}
		before := w.counts()
		other := w.browser()
		w.refused(other.postACS(acs, form), http.StatusBadRequest, casework.RefusedState, before, other)
	})

	t.Run("wrong InResponseTo: another sign-in's RelayState", func(t *testing.T) {
		w := *w
		w.t = t
		b := w.browser()
		acs, first := w.login(p, b, "a-saml", samlUser)
		_, second := w.login(p, b, "a-saml", samlUser)
		before := w.counts()
		mixed := url.Values{"SAMLResponse": {first.Get("SAMLResponse")}, "RelayState": {second.Get("RelayState")}}
		w.refused(b.postACS(acs, mixed), http.StatusBadRequest, casework.RefusedState, before, b)
	})

	t.Run("unknown RelayState", func(t *testing.T) {
		w := *w
		w.t = t
		b := w.browser()
		acs, form := w.login(p, b, "a-saml", samlUser)
		form.Set("RelayState", "nothing-kui-started")
		before := w.counts()
		w.refused(b.postACS(acs, form), http.StatusBadRequest, casework.RefusedState, before, b)
	})

	t.Run("level of assurance Low", func(t *testing.T) {
		w := *w
		w.t = t
		users := samlTestUsers()
		users.SetLoA(samlUser, "Low")
		p := w.provider(samlProvider{slug: "a-saml-low", users: users})
		b := w.browser()
		acs, form := w.login(p, b, "a-saml-low", samlUser)
		before := w.counts()
		w.refused(b.postACS(acs, form), http.StatusForbidden, casework.RefusedLoA, before, b)
	})

	t.Run("privileges scoped to another CVR", func(t *testing.T) {
		w := *w
		w.t = t
		p := w.provider(samlProvider{slug: "a-saml-cvr", idpCVR: "87654321"})
		b := w.browser()
		acs, form := w.login(p, b, "a-saml-cvr", samlUser)
		resp := b.postACS(acs, form)
		if resp.status != http.StatusSeeOther {
			t.Fatalf("ACS: %d", resp.status)
		}
		before := w.counts()
		fin := b.c.get(strings.TrimPrefix(resp.header.Get("Location"), w.kui))
		w.refused(fin, http.StatusForbidden, casework.RefusedNoRole, before, b)
		if !strings.Contains(fin.body, "kui-administrator") {
			t.Error("the no-role page does not say whom to ask")
		}
	})

	t.Run("expired: the IdP's clock 2 minutes behind", func(t *testing.T) {
		w := *w
		w.t = t
		p := w.provider(samlProvider{slug: "a-saml-old", clock: dsig.NewFakeClockAt(time.Now().Add(-2 * time.Minute))})
		b := w.browser()
		acs, form := w.login(p, b, "a-saml-old", samlUser)
		before := w.counts()
		w.refused(b.postACS(acs, form), http.StatusBadRequest, casework.RefusedExpired, before, b)
	})

	t.Run("wrongly signed: a key kui does not trust", func(t *testing.T) {
		w := *w
		w.t = t
		idpKey, idpCert := samlTestKeyPair(t, "the IdP")
		_, trusted := samlTestKeyPair(t, "the IdP's certificate kui has")
		p := w.provider(samlProvider{slug: "a-saml-key", key: idpKey, cert: idpCert, metadata: func(md []byte) []byte {
			real := []byte(base64.StdEncoding.EncodeToString(idpCert.Raw))
			if !bytes.Contains(md, real) {
				t.Fatal("the IdP's certificate is not in its metadata")
			}
			return bytes.ReplaceAll(md, real, []byte(base64.StdEncoding.EncodeToString(trusted.Raw)))
		}})
		b := w.browser()
		acs, form := w.login(p, b, "a-saml-key", samlUser)
		before := w.counts()
		w.refused(b.postACS(acs, form), http.StatusBadRequest, casework.RefusedBadSignature, before, b)
	})

	t.Run("no SAMLResponse", func(t *testing.T) {
		w := *w
		w.t = t
		b := w.browser()
		acs, form := w.login(p, b, "a-saml", samlUser)
		before := w.counts()
		w.refused(b.postACS(acs, url.Values{"RelayState": {form.Get("RelayState")}}), http.StatusBadRequest,
			casework.RefusedBadResponse, before, b)
	})
}

func TestSAMLFinishOnlyInTheBrowserThatStarted(t *testing.T) {
	w := newSAMLWorld(t)
	p := w.provider(samlProvider{slug: "a-saml"})
	b := w.browser()
	acs, form := w.login(p, b, "a-saml", samlUser)
	resp := b.postACS(acs, form)
	if resp.status != http.StatusSeeOther {
		t.Fatalf("ACS: %d", resp.status)
	}
	finish := strings.TrimPrefix(resp.header.Get("Location"), w.kui)
	before := w.counts()

	// A browser without the sign-in cookie.
	other := w.browser()
	w.refused(other.c.get(finish), http.StatusBadRequest, casework.RefusedState, before, other)
	// A browser with a sign-in of its own.
	third := w.browser()
	if start := third.c.get("/login/idp/a-saml"); start.status != http.StatusSeeOther {
		t.Fatalf("third browser's start: %d", start.status)
	}
	w.refused(third.c.get(finish), http.StatusBadRequest, casework.RefusedState, before, third)

	// The browser that started still finishes, once.
	if fin := b.c.get(finish); fin.status != http.StatusSeeOther || fin.location(t) != "/" || !b.signedIn() {
		t.Fatalf("finish in the right browser: %d", fin.status)
	}
	again := w.browser()
	w.refused(again.c.get(finish), http.StatusBadRequest, casework.RefusedState, w.counts(), again)
}

func TestSAMLUnknownProvider(t *testing.T) {
	w := newSAMLWorld(t)
	w.provider(samlProvider{slug: "a-saml"})
	b := w.browser()
	before := w.counts()
	for _, resp := range []response{
		b.c.get("/login/idp/nowhere"),
		b.c.get("/login/idp/nowhere/finish?state=x"),
		b.c.get("/saml/nowhere/metadata"),
		b.postACS(w.kui+"/saml/nowhere/acs", url.Values{"SAMLResponse": {"eA=="}, "RelayState": {"x"}}),
	} {
		if resp.status != http.StatusNotFound {
			t.Errorf("status %d, want 404", resp.status)
		}
		if ev, _, reason := w.lastSecurityEvent(); ev != casework.EventRefused || reason != string(casework.RefusedUnknownProvider) {
			t.Errorf("security log: %s %s", ev, reason)
		}
	}
	if w.counts() != before {
		t.Error("something was written")
	}

	// A provider switched off: its metadata is there (the IdP is set up
	// first), its sign-in is not.
	if _, err := w.a.DB.Pool.Exec(context.Background(), `UPDATE identity_providers SET enabled = false WHERE slug = 'a-saml'`); err != nil {
		t.Fatal(err)
	}
	if resp := b.c.get("/saml/a-saml/metadata"); resp.status != http.StatusOK {
		t.Errorf("metadata of a provider switched off: %d", resp.status)
	}
	for _, resp := range []response{b.c.get("/login/idp/a-saml"), b.c.get("/login/idp/a-saml/finish?state=x"),
		b.postACS(w.kui+"/saml/a-saml/acs", url.Values{"SAMLResponse": {"eA=="}, "RelayState": {"x"}})} {
		if resp.status != http.StatusNotFound {
			t.Errorf("a provider switched off: status %d, want 404", resp.status)
		}
	}
}

func TestSAMLOffWithoutAKeyPair(t *testing.T) {
	w := newSAMLWorld(t)
	w.provider(samlProvider{slug: "a-saml"})
	// The app's first instance has no SAML key pair.
	c := w.a.anonymous()
	if resp := c.get("/saml/a-saml/metadata"); resp.status != http.StatusNotFound {
		t.Errorf("metadata without a key pair: %d, want 404", resp.status)
	}
	resp := c.get("/login/idp/a-saml")
	if resp.status != http.StatusServiceUnavailable || !strings.Contains(resp.body, "Du blev ikke logget ind") {
		t.Errorf("start without a key pair: %d, want 503 and the Danish page", resp.status)
	}
	if !strings.Contains(w.a.logs.String(), "KUI_SAML_KEY_FILE") {
		t.Error("the technical log does not tell the operator what is missing")
	}
}

func TestSAMLRoleChangeAtTheNextSignIn(t *testing.T) {
	w := newSAMLWorld(t)
	users := samlTestUsers()
	p := w.provider(samlProvider{slug: "a-saml", users: users})
	role := func() (string, string) {
		var role, unit string
		if err := w.a.DB.Pool.QueryRow(context.Background(), `
			SELECT u.role, coalesce(un.name, '') FROM users u LEFT JOIN units un ON un.id = u.unit_id WHERE u.email = $1`,
			samlUser).Scan(&role, &unit); err != nil {
			t.Fatal(err)
		}
		return role, unit
	}
	if resp := w.signIn(p, w.browser(), "a-saml", samlUser); resp.status != http.StatusSeeOther {
		t.Fatalf("first sign-in: %d", resp.status)
	}
	if r, u := role(); r != string(casework.RoleCaseworker) || u != "Mentor" {
		t.Fatalf("after the first sign-in: %s %s", r, u)
	}
	before := w.counts()
	users.SetRoles(samlUser, privCoordinator)
	b := w.browser()
	if resp := w.signIn(p, b, "a-saml", samlUser); resp.status != http.StatusSeeOther || !b.signedIn() {
		t.Fatalf("second sign-in: %d", resp.status)
	}
	if r, u := role(); r != string(casework.RoleCoordinator) || u != "Ungeenheden" {
		t.Errorf("after the role change: %s %s", r, u)
	}
	if w.counts() != before {
		t.Error("the second sign-in made another user or link")
	}
	// Without any privilege kui maps: refused, the user kept as they were.
	users.SetRoles(samlUser, "http://kui.example/roles/ukendt")
	b = w.browser()
	resp := w.signIn(p, b, "a-saml", samlUser)
	w.refused(resp, http.StatusForbidden, casework.RefusedNoRole, before, b)
	if r, _ := role(); r != string(casework.RoleCoordinator) {
		t.Errorf("the refused sign-in changed the role to %s", r)
	}
}

// TestSAMLSignInAcrossInstances starts a sign-in on one instance and has
// the ACS and the finish step done by another, behind one address.
func TestSAMLSignInAcrossInstances(t *testing.T) {
	w := newSAMLWorld(t)
	var target atomic.Pointer[url.URL]
	var mu sync.Mutex
	served := map[string]string{} // path → instance
	names := map[string]string{}
	rp := &httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) {
		pr.SetURL(target.Load())
		pr.Out.Host = pr.In.Host
	}}
	proxy := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		mu.Lock()
		served[r.URL.Path] = names[target.Load().String()]
		mu.Unlock()
		rp.ServeHTTP(rw, r)
	}))
	t.Cleanup(proxy.Close)
	cfg := server.Config{BaseURL: proxy.URL, SAMLKey: w.key, SAMLCert: w.cert}
	urlA, _ := url.Parse(w.a.startInstanceWith(w.a.DB, cfg))
	urlB, _ := url.Parse(w.a.startInstanceWith(w.a.DB, cfg))
	names[urlA.String()], names[urlB.String()] = "A", "B"
	target.Store(urlA)
	w.kui = proxy.URL
	p := w.provider(samlProvider{slug: "a-saml"})

	b := w.browser()
	// Started with where to go afterwards: B takes it from the database.
	acs, form, err := p.Login(t.Context(), b.follow, w.kui+"/login/idp/a-saml?next=%2Fcalendar", samlUser)
	if err != nil {
		t.Fatal(err)
	}
	target.Store(urlB)
	resp := b.postACS(acs, form)
	if resp.status != http.StatusSeeOther {
		t.Fatalf("ACS on B: %d", resp.status)
	}
	fin := b.c.get(strings.TrimPrefix(resp.header.Get("Location"), w.kui))
	if fin.status != http.StatusSeeOther || fin.location(t) != "/calendar" || !b.signedIn() {
		t.Fatalf("finish on B: %d to %q", fin.status, fin.header.Get("Location"))
	}
	mu.Lock()
	defer mu.Unlock()
	for path, want := range map[string]string{"/login/idp/a-saml": "A", "/saml/a-saml/acs": "B", "/login/idp/a-saml/finish": "B"} {
		if served[path] != want {
			t.Errorf("%s served by %q, want %q", path, served[path], want)
		}
	}
}

// resign takes a provider's response apart and signs it again with the
// provider's key, as the provider would have: change (when given) edits
// the assertion, which is signed again when signAssertion is set; the
// Response is always signed.
func resign(t *testing.T, xml []byte, key crypto.Signer, cert *x509.Certificate, signAssertion bool, change func(assertion *etree.Element)) []byte {
	t.Helper()
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(xml); err != nil {
		t.Fatal(err)
	}
	resp := doc.Root()
	assertion := resp.FindElement("./Assertion")
	if assertion == nil || assertion.FindElement("./Signature") == nil {
		t.Fatal("not a response with a signed assertion in the clear")
	}
	if old := resp.FindElement("./Signature"); old != nil {
		resp.RemoveChild(old)
	}
	assertion.RemoveChild(assertion.FindElement("./Signature"))
	if change != nil {
		change(assertion)
	}
	sign := func(el *etree.Element) *etree.Element {
		signer, err := dsig.NewSigningContext(key, [][]byte{cert.Raw})
		if err != nil {
			t.Fatal(err)
		}
		if err := signer.SetSignatureMethod(dsig.RSASHA256SignatureMethod); err != nil {
			t.Fatal(err)
		}
		signed, err := signer.SignEnveloped(el)
		if err != nil {
			t.Fatal(err)
		}
		// The signature goes after the Issuer, as the schema wants.
		sig := signed.Child[len(signed.Child)-1].(*etree.Element).Copy()
		signed.Child = signed.Child[:len(signed.Child)-1]
		signed.InsertChildAt(signed.FindElement("./Issuer").Index()+1, sig)
		return signed
	}
	if signAssertion {
		// Signed on its own, the assertion declares the namespaces it
		// inherits, so it canonicalises alike in and out of the Response.
		for _, a := range resp.Attr {
			if a.Space == "xmlns" && assertion.SelectAttr("xmlns:"+a.Key) == nil {
				assertion.CreateAttr("xmlns:"+a.Key, a.Value)
			}
		}
		i := assertion.Index()
		signed := sign(assertion)
		resp.RemoveChildAt(i)
		resp.InsertChildAt(i, signed)
	}
	doc.SetRoot(sign(resp))
	out, err := doc.WriteToBytes()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSAMLWithoutOIOSAML is a provider such as AD FS: the values of one
// attribute are the roles, and there is no NSIS level to check. The demo
// provider sends no role attribute of its own, so its full-name attribute
// stands in for one.
func TestSAMLWithoutOIOSAML(t *testing.T) {
	w := newSAMLWorld(t)
	users := samlTestUsers()
	users.SetLoA(samlSecondUser, "Low") // not looked at
	p := w.provider(samlProvider{slug: "a-adfs", users: users, roleAttr: demoidp.AttrFullName,
		roles: []casework.RoleMapping{{Value: samlSecondUserName, Role: casework.RoleCoordinator}}})
	b := w.browser()
	if resp := w.signIn(p, b, "a-adfs", samlSecondUser); resp.status != http.StatusSeeOther || !b.signedIn() {
		t.Fatalf("sign-in: %d: %.300s", resp.status, resp.body)
	}
	var role string
	if err := w.a.DB.Pool.QueryRow(context.Background(), `SELECT role FROM users WHERE email = $1`, samlSecondUser).Scan(&role); err != nil || role != string(casework.RoleCoordinator) {
		t.Errorf("role %q (%v)", role, err)
	}
	// Whoever does not hold a mapped value is refused.
	before := w.counts()
	other := w.browser()
	w.refused(w.signIn(p, other, "a-adfs", samlUser), http.StatusForbidden, casework.RefusedNoRole, before, other)
}

// TestSAMLNeverReachesAnotherMunicipality: B's provider asserting the
// e-mail address of A's user is refused, and A's user is left as it was.
func TestSAMLNeverReachesAnotherMunicipality(t *testing.T) {
	w := newSAMLWorld(t)
	const aUser = "uu@a.example"
	users := demoidp.NewUsers(demoidp.User{Username: aUser, Email: aUser, Name: "Ulla fra B", Roles: []string{privCoordinator}})
	p := w.provider(samlProvider{slug: "b-saml", municipality: "B Kommune", users: users})
	var roleBefore string
	if err := w.a.DB.Pool.QueryRow(context.Background(), `SELECT role FROM users WHERE email = $1`, aUser).Scan(&roleBefore); err != nil {
		t.Fatal(err)
	}
	before := w.counts()
	b := w.browser()
	w.refused(w.signIn(p, b, "b-saml", aUser), http.StatusForbidden, casework.RefusedOtherMunicipality, before, b)
	var role, municipality string
	if err := w.a.DB.Pool.QueryRow(context.Background(), `
		SELECT u.role, m.name FROM users u JOIN municipalities m ON m.id = u.municipality_id WHERE u.email = $1`, aUser).
		Scan(&role, &municipality); err != nil {
		t.Fatal(err)
	}
	if role != roleBefore || municipality != "A Kommune" {
		t.Errorf("A's user is now %s in %s", role, municipality)
	}
	if strings.Contains(w.a.logs.String(), "Ulla fra B") || strings.Contains(w.a.logs.String(), aUser) {
		t.Error("the technical log holds personal data")
	}
}
