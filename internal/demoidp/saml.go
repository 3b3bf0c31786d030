package demoidp

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/crewjam/saml"
	"github.com/crewjam/saml/samlidp"
	dsig "github.com/russellhaering/goxmldsig"
	"golang.org/x/crypto/bcrypt"
	"golang.org/x/net/html"
)

// OIOSAML 3 attribute names the SAML provider asserts.
const (
	AttrLoA        = "https://data.gov.dk/concept/core/nsis/loa"
	AttrPrivileges = "https://data.gov.dk/model/core/eid/privilegesIntermediate"
	AttrEmail      = "https://data.gov.dk/model/core/eid/email"
	AttrFullName   = "https://data.gov.dk/model/core/eid/fullName"
	// A citizen's CPR number, and the CVR of a MitID Erhverv (professional) identity.
	AttrCPR             = "https://data.gov.dk/model/core/eid/cprNumber"
	AttrProfessionalCVR = "https://data.gov.dk/model/core/eid/professional/cvr"
	// CVRScope prefixes the CVR number in an OIO-BPP PrivilegeGroup's Scope.
	CVRScope = "urn:dk:gov:saml:cvrNumberIdentifier:"
)

// SAMLOptions configure StartSAML.
type SAMLOptions struct {
	Addr        string            // listen address; "" = "127.0.0.1:0". A non-loopback host is refused with an error.
	SPMetadata  []byte            // kui's SP metadata XML (EntityDescriptor); may be nil and given later with SetSPMetadata
	CVR         string            // 8 digits: privileges are scoped CVRScope+CVR
	Title       string            // Danish heading of the demo login page
	Users       *Users            //
	Key         crypto.Signer     // nil = a fresh RSA 2048 key
	Certificate *x509.Certificate // nil = self-signed for Key
	// Clock is samlidp's clock; nil = real time. A clock 2 minutes behind
	// (dsig.NewFakeClockAt(time.Now().Add(-2*time.Minute))) issues assertions
	// a crewjam SP refuses as expired (older than saml.MaxIssueDelay, 90 s);
	// more than saml.MaxClockSkew (180 s) behind, samlidp refuses the
	// AuthnRequest itself as issued in the future.
	Clock *dsig.Clock
	// EncryptAssertions false (default) removes the SP's encryption key from
	// samlidp's copy of its metadata, so assertions arrive in the clear and
	// tests can tamper with them; true encrypts them to the SP's key.
	EncryptAssertions bool
}

// SAML is a running crewjam samlidp identity provider with the OIOSAML 3
// attributes and the demo login page. It trusts one SP (kui's metadata).
type SAML struct {
	URL         string // "http://127.0.0.1:PORT"
	MetadataXML []byte // the IdP's metadata, to store in kui's identity_providers.saml_metadata
	Users       *Users

	encrypt bool
	idp     *samlidp.Server
	srv     *http.Server
	mu      sync.Mutex // serialises SetSPMetadata
}

// StartSAML starts a SAML 2.0 identity provider on opts.Addr.
func StartSAML(opts SAMLOptions) (*SAML, error) {
	if opts.Users == nil {
		return nil, errors.New("demoidp: SAMLOptions.Users is nil")
	}
	key, cert, err := keyPair(opts.Key, opts.Certificate)
	if err != nil {
		return nil, err
	}
	store := &samlidp.MemoryStore{}
	for _, u := range opts.Users.List() {
		hash, err := bcrypt.GenerateFromPassword([]byte(u.Password), bcrypt.MinCost)
		if err != nil {
			return nil, err
		}
		// samlidp's login finds the user at /users/<posted user>; NameID = Email.
		if err := store.Put("/users/"+u.Username, samlidp.User{Name: u.Username, HashedPassword: hash,
			Email: u.Email, CommonName: u.Name}); err != nil {
			return nil, err
		}
	}
	ln, err := listenLoopback(opts.Addr)
	if err != nil {
		return nil, err
	}
	p := &SAML{URL: "http://" + ln.Addr().String(), Users: opts.Users, encrypt: opts.EncryptAssertions}
	base, _ := url.Parse(p.URL)
	title := orDefault(opts.Title)
	tmpl := template.Must(template.New("saml").Funcs(template.FuncMap{
		"page": func(toast, action, samlRequest, relayState string) page {
			if toast != "" {
				toast = "Forkert brugernavn eller adgangskode."
			}
			return page{Title: title, Action: action, Toast: toast, UserField: "user", Users: p.Users.List(),
				Hidden: []field{{"SAMLRequest", samlRequest}, {"RelayState", relayState}}}
		},
	}).Parse(`{{template "page" (page .Toast .URL .SAMLRequest .RelayState)}}`))
	template.Must(tmpl.New("page").Parse(pageSrc))
	p.idp, err = samlidp.New(samlidp.Options{
		URL: *base, Key: key, Certificate: cert, Store: store, Clock: opts.Clock,
		LoginFormTemplate: tmpl,
		// samlidp logs usernames (e-mail addresses) at every sign-in.
		Logger: log.New(io.Discard, "", 0),
		// The admin API (users, services) would otherwise be open to anyone.
		AdminMiddleware: func(http.Handler) http.Handler { return http.NotFoundHandler() },
	})
	if err != nil {
		ln.Close()
		return nil, err
	}
	p.idp.IDP.AssertionMaker = oiosaml{users: opts.Users, cvr: opts.CVR}
	if opts.SPMetadata != nil {
		if err := p.SetSPMetadata(opts.SPMetadata); err != nil {
			ln.Close()
			return nil, err
		}
	}
	rec := httptest.NewRecorder()
	p.idp.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p.URL+"/metadata", nil))
	if rec.Code != http.StatusOK {
		ln.Close()
		return nil, fmt.Errorf("demoidp: IdP metadata: %d %s", rec.Code, rec.Body)
	}
	p.MetadataXML = rec.Body.Bytes()
	p.srv = serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Without its session cookie samlidp shows the login page at every
		// sign-in, so a person (or test) can pick another demo user.
		r.Header.Del("Cookie")
		p.idp.ServeHTTP(w, r)
	}))
	return p, nil
}

// Close stops the provider.
func (p *SAML) Close() { p.srv.Close() }

// SetSPMetadata replaces kui's SP metadata (kui's metadata may only be known
// after the IdP URL is). samlidp's copy says AuthnRequestsSigned="false":
// its login form re-posts the SAMLRequest without the redirect binding's
// signature, which it would otherwise refuse; the signature of the first
// GET is still checked. Without EncryptAssertions the SP's encryption keys
// are left out of the copy.
func (p *SAML) SetSPMetadata(spMetadata []byte) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	var md saml.EntityDescriptor
	if err := xml.Unmarshal(spMetadata, &md); err != nil {
		return fmt.Errorf("demoidp: SP metadata: %w", err)
	}
	if len(md.SPSSODescriptors) == 0 {
		return errors.New("demoidp: SP metadata has no SPSSODescriptor")
	}
	no := false
	for i := range md.SPSSODescriptors {
		d := &md.SPSSODescriptors[i]
		d.AuthnRequestsSigned = &no
		if !p.encrypt {
			var keys []saml.KeyDescriptor
			for _, k := range d.KeyDescriptors {
				switch k.Use {
				case "signing":
					keys = append(keys, k)
				case "": // both uses: keep it for signing only
					k.Use = "signing"
					keys = append(keys, k)
				}
			}
			d.KeyDescriptors = keys
		}
	}
	data, err := xml.Marshal(md)
	if err != nil {
		return err
	}
	req := httptest.NewRequest(http.MethodPut, p.URL+"/services/kui", bytes.NewReader(data))
	req.SetPathValue("id", "kui")
	rec := httptest.NewRecorder()
	p.idp.HandlePutService(rec, req)
	if rec.Code != http.StatusNoContent {
		return fmt.Errorf("demoidp: samlidp refused the SP metadata: %d", rec.Code)
	}
	return nil
}

// Login signs username in at the IdP the way a browser would, without
// posting the result to kui: it GETs startURL (kui's URL that redirects to
// the IdP with a SAMLRequest) with client (cookie jar, following
// redirects), reads SAMLRequest and RelayState from the demo login page,
// POSTs them with user and password to /sso and returns the address and
// fields (SAMLResponse, RelayState) of the form the IdP's answer would
// auto-submit to kui's ACS. Tests post form to acsURL themselves, tampered
// with or twice.
func (p *SAML) Login(ctx context.Context, client *http.Client, startURL, username string) (acsURL string, form url.Values, err error) {
	u, ok := p.Users.get(username)
	if !ok {
		return "", nil, fmt.Errorf("demoidp: no user %q", username)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, startURL, nil)
	if err != nil {
		return "", nil, err
	}
	action, fields, err := firstForm(client, req)
	if err != nil {
		return "", nil, err
	}
	if fields.Has("SAMLResponse") {
		return action, fields, nil
	}
	if !fields.Has("SAMLRequest") {
		return "", nil, fmt.Errorf("demoidp: %s led to a page without a SAMLRequest", startURL)
	}
	post := url.Values{"SAMLRequest": {fields.Get("SAMLRequest")}, "RelayState": {fields.Get("RelayState")},
		"user": {u.Username}, "password": {u.Password}}
	req, err = http.NewRequestWithContext(ctx, http.MethodPost, action, strings.NewReader(post.Encode()))
	if err != nil {
		return "", nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	action, fields, err = firstForm(client, req)
	if err != nil {
		return "", nil, err
	}
	if !fields.Has("SAMLResponse") {
		return "", nil, errors.New("demoidp: the IdP did not answer with a SAMLResponse")
	}
	return action, url.Values{"SAMLResponse": {fields.Get("SAMLResponse")}, "RelayState": {fields.Get("RelayState")}}, nil
}

// firstForm does req and returns the absolute action and the hidden fields
// of the first form in the HTML answer.
func firstForm(client *http.Client, req *http.Request) (string, url.Values, error) {
	resp, err := client.Do(req)
	if err != nil {
		return "", nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return "", nil, fmt.Errorf("demoidp: %s answered %s", resp.Request.URL.Redacted(), resp.Status)
	}
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		return "", nil, err
	}
	var action string
	fields := url.Values{}
	found := false
	var walk func(*html.Node, bool)
	walk = func(n *html.Node, inForm bool) {
		if n.Type == html.ElementNode && n.Data == "form" {
			if found {
				return
			}
			found, inForm, action = true, true, attr(n, "action")
		}
		if inForm && n.Type == html.ElementNode && n.Data == "input" && attr(n, "type") == "hidden" {
			fields.Add(attr(n, "name"), attr(n, "value"))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inForm)
		}
	}
	walk(doc, false)
	if !found {
		return "", nil, fmt.Errorf("demoidp: no form at %s", resp.Request.URL.Redacted())
	}
	abs, err := resp.Request.URL.Parse(action)
	if err != nil {
		return "", nil, err
	}
	return abs.String(), fields, nil
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// oiosaml adds the OIOSAML 3 attributes to samlidp's assertions. It reads
// the user at each sign-in, so role and LoA changes show at the next one.
type oiosaml struct {
	users *Users
	cvr   string
}

func (o oiosaml) MakeAssertion(req *saml.IdpAuthnRequest, session *saml.Session) error {
	s := *session
	if u, ok := o.users.byEmail(session.NameID); ok {
		loa := u.LoA
		if loa == "" {
			loa = "Substantial"
		}
		s.CustomAttributes = append(slices.Clone(s.CustomAttributes),
			uriAttribute(AttrLoA, loa),
			uriAttribute(AttrPrivileges, base64.StdEncoding.EncodeToString(PrivilegesXML(o.cvr, u.Roles))),
			uriAttribute(AttrEmail, u.Email),
			uriAttribute(AttrFullName, u.Name))
		if u.CPR != "" {
			s.CustomAttributes = append(s.CustomAttributes, uriAttribute(AttrCPR, u.CPR))
		}
		if u.Professional {
			s.CustomAttributes = append(s.CustomAttributes, uriAttribute(AttrProfessionalCVR, o.cvr))
		}
	}
	return saml.DefaultAssertionMaker{}.MakeAssertion(req, &s)
}

func uriAttribute(name, value string) saml.Attribute {
	return saml.Attribute{Name: name, NameFormat: "urn:oasis:names:tc:SAML:2.0:attrname-format:uri",
		Values: []saml.AttributeValue{{Type: "xs:string", Value: value}}}
}

// PrivilegesXML is the OIO-BPP privilege list the SAML provider asserts
// (base64-encoded) in AttrPrivileges: one PrivilegeGroup scoped to the CVR
// number, one Privilege per role.
func PrivilegesXML(cvr string, roles []string) []byte {
	var b bytes.Buffer
	b.WriteString(`<bpp:PrivilegeList xmlns:bpp="http://digst.dk/oiosaml/basic_privilege_profile"><PrivilegeGroup Scope="`)
	xml.EscapeText(&b, []byte(CVRScope+cvr))
	b.WriteString(`">`)
	for _, r := range roles {
		b.WriteString("<Privilege>")
		xml.EscapeText(&b, []byte(r))
		b.WriteString("</Privilege>")
	}
	b.WriteString(`</PrivilegeGroup></bpp:PrivilegeList>`)
	return b.Bytes()
}

// keyPair returns key and cert, making a fresh RSA key and a self-signed
// certificate for what is missing.
func keyPair(key crypto.Signer, cert *x509.Certificate) (crypto.Signer, *x509.Certificate, error) {
	if key == nil && cert != nil {
		return nil, nil, errors.New("demoidp: a SAML Certificate needs its Key")
	}
	if key == nil {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return nil, nil, err
		}
		key = k
	}
	if cert != nil {
		return key, cert, nil
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(now.UnixNano()),
		Subject:      pkix.Name{CommonName: "kui demo SAML IdP"},
		NotBefore:    now.Add(-24 * time.Hour), NotAfter: now.Add(10 * 365 * 24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, nil, err
	}
	cert, err = x509.ParseCertificate(der)
	return key, cert, err
}
