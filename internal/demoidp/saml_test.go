package demoidp

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/crewjam/saml"
	"github.com/crewjam/saml/samlsp"
	dsig "github.com/russellhaering/goxmldsig"
	"golang.org/x/net/html"
)

// serviceProvider is a real crewjam SP, as kui's: signed AuthnRequests
// (redirect binding), assertions posted to its ACS, a replay cache. Its
// /start redirects to the IdP; the test posts the IdP's form itself.
type serviceProvider struct {
	srv *httptest.Server
	sp  saml.ServiceProvider

	mu  sync.Mutex
	ids []string // AuthnRequest IDs sent
}

func newServiceProvider(t *testing.T) *serviceProvider {
	s := &serviceProvider{}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == s.sp.AcsURL.Path && r.Method == http.MethodPost {
			r.ParseForm()
			a, err := s.acs(r.PostForm)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			w.Write([]byte("signed in: " + a.Subject.NameID.Value))
			return
		}
		if r.URL.Path != "/start" {
			http.NotFound(w, r)
			return
		}
		req, err := s.sp.MakeAuthenticationRequest(s.sp.GetSSOBindingLocation(saml.HTTPRedirectBinding), saml.HTTPRedirectBinding, saml.HTTPPostBinding)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		s.mu.Lock()
		s.ids = append(s.ids, req.ID)
		s.mu.Unlock()
		u, err := req.Redirect("relay-"+req.ID, &s.sp)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		http.Redirect(w, r, u.String(), http.StatusSeeOther)
	}))
	t.Cleanup(s.srv.Close)
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	_, cert, err := keyPair(key, nil)
	if err != nil {
		t.Fatal(err)
	}
	meta, _ := url.Parse(s.srv.URL + "/saml/demo/metadata")
	acs, _ := url.Parse(s.srv.URL + "/saml/demo/acs")
	s.sp = saml.ServiceProvider{EntityID: meta.String(), MetadataURL: *meta, AcsURL: *acs, Key: key, Certificate: cert,
		SignatureMethod: dsig.RSASHA256SignatureMethod, RejectSHA1Signatures: true,
		AssertionConsumerServiceBindings: []string{saml.HTTPPostBinding},
		ReplayCache:                      samlsp.NewMemoryReplayCache(100)}
	return s
}

func (s *serviceProvider) metadata(t *testing.T) []byte {
	b, err := xml.Marshal(s.sp.Metadata())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// acs parses form as the SP's ACS would.
func (s *serviceProvider) acs(form url.Values) (*saml.Assertion, error) {
	r := httptest.NewRequest(http.MethodPost, s.sp.AcsURL.String(), strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	ids := slices.Clone(s.ids)
	s.mu.Unlock()
	return s.sp.ParseResponse(r, ids)
}

func startSAML(t *testing.T, opts SAMLOptions) (*SAML, *serviceProvider) {
	t.Helper()
	s := newServiceProvider(t)
	opts.SPMetadata = s.metadata(t)
	opts.Users = demoUsers()
	opts.CVR = "12345678"
	opts.Title = "Anden Kommunes login (demo)"
	p, err := StartSAML(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	md, err := samlsp.ParseMetadata(p.MetadataXML)
	if err != nil {
		t.Fatal(err)
	}
	s.sp.IDPMetadata = md
	return p, s
}

func attributes(a *saml.Assertion) map[string][]string {
	out := map[string][]string{}
	for _, st := range a.AttributeStatements {
		for _, at := range st.Attributes {
			for _, v := range at.Values {
				out[at.Name] = append(out[at.Name], v.Value)
			}
		}
	}
	return out
}

// privileges decodes the OIO-BPP attribute into scope → privileges.
func privileges(t *testing.T, attrs map[string][]string) map[string][]string {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(strings.Join(attrs[AttrPrivileges], ""))
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		XMLName xml.Name `xml:"http://digst.dk/oiosaml/basic_privilege_profile PrivilegeList"`
		Groups  []struct {
			Scope      string   `xml:"Scope,attr"`
			Privileges []string `xml:"Privilege"`
		} `xml:"PrivilegeGroup"`
	}
	if err := xml.Unmarshal(raw, &list); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	out := map[string][]string{}
	for _, g := range list.Groups {
		out[g.Scope] = append(out[g.Scope], g.Privileges...)
	}
	return out
}

func TestSAMLSignInAttributesReplayAndRoleChange(t *testing.T) {
	p, s := startSAML(t, SAMLOptions{})
	acsURL, form, err := p.Login(t.Context(), browser(t), s.srv.URL+"/start", "uu@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	if acsURL != s.sp.AcsURL.String() || !strings.HasPrefix(form.Get("RelayState"), "relay-") {
		t.Fatalf("form to %s: %v", acsURL, form)
	}
	a, err := s.acs(form)
	if err != nil {
		t.Fatalf("ParseResponse: %v", err)
	}
	if a.Signature == nil {
		t.Error("the assertion is not signed")
	}
	if a.Subject == nil || a.Subject.NameID == nil || a.Subject.NameID.Value != "uu@demo.example" {
		t.Errorf("subject: %+v", a.Subject)
	}
	attrs := attributes(a)
	if got := attrs[AttrLoA]; !slices.Equal(got, []string{"Substantial"}) {
		t.Errorf("loa = %v", got)
	}
	if got := attrs[AttrEmail]; !slices.Equal(got, []string{"uu@demo.example"}) {
		t.Errorf("email = %v", got)
	}
	if got := attrs[AttrFullName]; !slices.Equal(got, []string{"Ulla Ung"}) {
		t.Errorf("fullName = %v", got)
	}
	if got := privileges(t, attrs); len(got) != 1 || !slices.Equal(got[CVRScope+"12345678"], []string{"kui:caseworker:1"}) {
		t.Errorf("privileges = %v", got)
	}

	// The same response again: the replay cache refuses it.
	if _, err := s.acs(form); !errors.Is(err, saml.ErrAssertionReplayed) {
		t.Errorf("replayed response: %v, want ErrAssertionReplayed", err)
	}

	// Roles and LoA changed at the provider show at the next sign-in.
	p.Users.SetRoles("uu@demo.example", "kui:admin:1", "kui:caseworker:2")
	p.Users.SetLoA("uu@demo.example", "Low")
	_, form, err = p.Login(t.Context(), browser(t), s.srv.URL+"/start", "uu@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	if a, err = s.acs(form); err != nil {
		t.Fatal(err)
	}
	attrs = attributes(a)
	if got := privileges(t, attrs)[CVRScope+"12345678"]; !slices.Equal(got, []string{"kui:admin:1", "kui:caseworker:2"}) {
		t.Errorf("privileges after SetRoles = %v", got)
	}
	if got := attrs[AttrLoA]; !slices.Equal(got, []string{"Low"}) {
		t.Errorf("loa after SetLoA = %v", got)
	}

	// The same browser picks another user: samlidp's session does not stick.
	client := browser(t)
	for _, who := range []string{"uu@demo.example", "aa@demo.example"} {
		_, form, err = p.Login(t.Context(), client, s.srv.URL+"/start", who)
		if err != nil {
			t.Fatal(err)
		}
		if a, err = s.acs(form); err != nil || a.Subject.NameID.Value != who {
			t.Errorf("%s: %v", who, err)
		}
	}
}

func TestSAMLTamperedResponseIsRefused(t *testing.T) {
	p, s := startSAML(t, SAMLOptions{})
	_, form, err := p.Login(t.Context(), browser(t), s.srv.URL+"/start", "uu@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base64.StdEncoding.DecodeString(form.Get("SAMLResponse"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte("Ulla Ung")) {
		t.Fatalf("the assertion is not in the clear: %s", raw)
	}
	forged := url.Values{"SAMLResponse": {base64.StdEncoding.EncodeToString(bytes.Replace(raw, []byte("Ulla Ung"), []byte("Ulla Ond"), 1))},
		"RelayState": {form.Get("RelayState")}}
	if _, err := s.acs(forged); !errors.Is(err, saml.ErrInvalidSignature) {
		t.Errorf("forged response: %v, want ErrInvalidSignature", err)
	}
	if _, err := s.acs(form); err != nil {
		t.Errorf("the untouched response: %v", err)
	}
}

func TestSAMLEncryptedAssertions(t *testing.T) {
	p, s := startSAML(t, SAMLOptions{EncryptAssertions: true})
	_, form, err := p.Login(t.Context(), browser(t), s.srv.URL+"/start", "uu@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString(form.Get("SAMLResponse"))
	if !bytes.Contains(raw, []byte("EncryptedAssertion")) || bytes.Contains(raw, []byte("Ulla Ung")) {
		t.Errorf("the assertion is not encrypted")
	}
	a, err := s.acs(form)
	if err != nil {
		t.Fatal(err)
	}
	if got := attributes(a)[AttrFullName]; !slices.Equal(got, []string{"Ulla Ung"}) {
		t.Errorf("fullName = %v", got)
	}
}

func TestSAMLExpiredAssertionIsRefused(t *testing.T) {
	// samlidp refuses AuthnRequests more than saml.MaxClockSkew (180 s) ahead
	// of its clock; crewjam's SP refuses assertions issued more than
	// saml.MaxIssueDelay (90 s) ago. Two minutes behind is in between.
	p, s := startSAML(t, SAMLOptions{Clock: dsig.NewFakeClockAt(time.Now().Add(-2 * time.Minute))})
	_, form, err := p.Login(t.Context(), browser(t), s.srv.URL+"/start", "uu@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.acs(form); !errors.Is(err, saml.ErrExpired) {
		t.Errorf("assertion from 2 minutes ago: %v, want ErrExpired", err)
	}
}

func TestSAMLLoginPage(t *testing.T) {
	p, s := startSAML(t, SAMLOptions{})
	resp, err := browser(t).Get(s.srv.URL + "/start")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/sso" {
		t.Fatalf("%d at %s", resp.StatusCode, resp.Request.URL)
	}
	relay := resp.Request.URL.Query().Get("RelayState")
	checkLoginPage(t, doc, "Anden Kommunes login (demo)", "user", map[string]string{"RelayState": relay})
	action, fields, err := firstForm(http.DefaultClient, httptestGet(t, resp.Request.URL.String()))
	if err != nil || action != p.URL+"/sso" || fields.Get("SAMLRequest") == "" {
		t.Errorf("form to %s, %v, %v", action, fields, err)
	}

	// The AuthnRequest's signature is checked on the first GET.
	u := *resp.Request.URL
	q := u.Query()
	sig := []byte(q.Get("Signature"))
	sig[10] ^= 1
	q.Set("Signature", string(sig))
	u.RawQuery = q.Encode()
	resp, err = http.Get(u.String())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		t.Error("a tampered AuthnRequest signature was accepted")
	}
}

func httptestGet(t *testing.T, u string) *http.Request {
	r, err := http.NewRequestWithContext(t.Context(), http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
