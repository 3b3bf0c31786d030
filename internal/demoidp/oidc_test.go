package demoidp

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/net/html"
	"golang.org/x/oauth2"
)

func demoUsers() *Users {
	return NewUsers(
		User{Username: "uu@demo.example", Email: "uu@demo.example", Name: "Ulla Ung", Roles: []string{"kui:caseworker:1"}},
		User{Username: "aa@demo.example", Email: "aa@demo.example", Name: "Anders And", Password: "kendt"},
	)
}

// relyingParty is a real OIDC client (go-oidc + x/oauth2): code flow with
// PKCE S256, state and nonce. Its /callback answers 200 with the ID
// token's claims as JSON, or 400 with the reason it refused.
type relyingParty struct {
	srv  *httptest.Server
	prov *oidc.Provider
	conf oauth2.Config

	mu      sync.Mutex
	pending map[string][2]string // state → nonce, verifier
}

func newRelyingParty(t *testing.T) *relyingParty {
	rp := &relyingParty{pending: map[string][2]string{}}
	rp.srv = httptest.NewServer(http.HandlerFunc(rp.serve))
	t.Cleanup(rp.srv.Close)
	return rp
}

func (rp *relyingParty) callbackURL() string { return rp.srv.URL + "/callback" }

// connect does discovery at the provider.
func (rp *relyingParty) connect(t *testing.T, p *OIDC) {
	prov, err := oidc.NewProvider(context.Background(), p.Issuer)
	if err != nil {
		t.Fatal(err)
	}
	rp.prov = prov
	rp.conf = oauth2.Config{ClientID: p.ClientID, ClientSecret: p.ClientSecret, Endpoint: prov.Endpoint(),
		RedirectURL: rp.callbackURL(), Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
}

func (rp *relyingParty) serve(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/start":
		state, nonce, verifier := rand.Text(), rand.Text(), oauth2.GenerateVerifier()
		rp.mu.Lock()
		rp.pending[state] = [2]string{nonce, verifier}
		rp.mu.Unlock()
		http.Redirect(w, r, rp.conf.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), http.StatusSeeOther)
	case "/callback":
		claims, err := rp.callback(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(claims)
	case "/logged-out":
		w.Write([]byte("logged out"))
	default:
		http.NotFound(w, r)
	}
}

func (rp *relyingParty) callback(r *http.Request) (map[string]any, error) {
	q := r.URL.Query()
	rp.mu.Lock()
	pl, ok := rp.pending[q.Get("state")]
	delete(rp.pending, q.Get("state"))
	rp.mu.Unlock()
	if !ok {
		return nil, errors.New("unknown state")
	}
	tok, err := rp.conf.Exchange(r.Context(), q.Get("code"), oauth2.VerifierOption(pl[1]))
	if err != nil {
		return nil, err
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := rp.prov.Verifier(&oidc.Config{ClientID: rp.conf.ClientID}).Verify(r.Context(), raw)
	if err != nil {
		return nil, err
	}
	if idt.Nonce != pl[0] {
		return nil, errors.New("nonce mismatch")
	}
	var claims map[string]any
	err = idt.Claims(&claims)
	return claims, err
}

func browser(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar}
}

func startOIDC(t *testing.T) (*OIDC, *relyingParty) {
	t.Helper()
	rp := newRelyingParty(t)
	p, err := StartOIDC(OIDCOptions{ClientID: "kui", RedirectURIs: []string{rp.callbackURL()},
		PostLogoutRedirectURIs: []string{rp.srv.URL + "/logged-out"},
		Title:                  "Demo Kommunes login (demo)", Users: demoUsers()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	rp.connect(t, p)
	return p, rp
}

// signIn signs username in at rp and returns the callback's status and body.
func signIn(t *testing.T, p *OIDC, rp *relyingParty, username string) (int, string) {
	t.Helper()
	resp, err := p.SignIn(t.Context(), browser(t), rp.srv.URL+"/start", username)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Request.URL.Path != "/callback" {
		t.Fatalf("ended at %s, not the callback", resp.Request.URL)
	}
	return resp.StatusCode, string(b)
}

func claimsOf(t *testing.T, body string) map[string]any {
	t.Helper()
	var c map[string]any
	if err := json.Unmarshal([]byte(body), &c); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	return c
}

func rolesOf(c map[string]any) []string {
	var out []string
	rs, _ := c["roles"].([]any)
	for _, r := range rs {
		s, _ := r.(string)
		out = append(out, s)
	}
	return out
}

func TestOIDCSignInAndRoleChange(t *testing.T) {
	p, rp := startOIDC(t)
	if len(p.ClientSecret) < 16 {
		t.Fatalf("client secret %q is not random", p.ClientSecret)
	}
	status, body := signIn(t, p, rp, "uu@demo.example")
	if status != http.StatusOK {
		t.Fatalf("sign-in: %d %s", status, body)
	}
	c := claimsOf(t, body)
	if c["email"] != "uu@demo.example" || c["name"] != "Ulla Ung" || c["sub"] != "uu@demo.example" || c["iss"] != p.Issuer {
		t.Errorf("claims: %v", c)
	}
	if got := rolesOf(c); !slices.Equal(got, []string{"kui:caseworker:1"}) {
		t.Errorf("roles = %v", got)
	}

	p.Users.SetRoles("uu@demo.example", "kui:admin:1", "kui:caseworker:2")
	status, body = signIn(t, p, rp, "uu@demo.example")
	if status != http.StatusOK {
		t.Fatalf("second sign-in: %d %s", status, body)
	}
	if got := rolesOf(claimsOf(t, body)); !slices.Equal(got, []string{"kui:admin:1", "kui:caseworker:2"}) {
		t.Errorf("roles after SetRoles = %v", got)
	}

	// A user without roles gets an empty list; a given password works.
	status, body = signIn(t, p, rp, "aa@demo.example")
	if c := claimsOf(t, body); status != http.StatusOK || c["name"] != "Anders And" || len(rolesOf(c)) != 0 {
		t.Errorf("aa: %d %s", status, body)
	}
}

func TestOIDCMisbehaviourIsRefused(t *testing.T) {
	p, rp := startOIDC(t)
	for _, tc := range []struct {
		name string
		m    OIDCMisbehaviour
		want string // in go-oidc's error or the relying party's nonce check
	}{
		{"nonce", OIDCMisbehaviour{WrongNonce: true}, "nonce mismatch"},
		{"audience", OIDCMisbehaviour{WrongAudience: true}, "expected audience"},
		{"expired", OIDCMisbehaviour{Expired: true}, "token is expired"},
		{"key", OIDCMisbehaviour{WrongKey: true}, "failed to verify signature"},
		{"issuer", OIDCMisbehaviour{WrongIssuer: true}, "id token issued by a different provider"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p.SetMisbehaviour(tc.m)
			status, body := signIn(t, p, rp, "uu@demo.example")
			if status != http.StatusBadRequest || !strings.Contains(body, tc.want) {
				t.Errorf("got %d %q, want 400 with %q", status, body, tc.want)
			}
			p.SetMisbehaviour(OIDCMisbehaviour{})
			if status, body := signIn(t, p, rp, "uu@demo.example"); status != http.StatusOK {
				t.Errorf("after reset: %d %s", status, body)
			}
		})
	}
}

func TestOIDCEndSession(t *testing.T) {
	_, rp := startOIDC(t)
	var disc struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := rp.prov.Claims(&disc); err != nil || disc.EndSession == "" {
		t.Fatalf("no end_session_endpoint in discovery (%v)", err)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	back := rp.srv.URL + "/logged-out"
	resp, err := noFollow.Get(disc.EndSession + "?" + url.Values{"client_id": {"kui"}, "post_logout_redirect_uri": {back}, "state": {"s1"}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusFound || loc != back+"?state=s1" {
		t.Errorf("end_session: %d to %q, want 302 to %s?state=s1", resp.StatusCode, loc, back)
	}
	resp, err = noFollow.Get(disc.EndSession + "?" + url.Values{"client_id": {"kui"}, "post_logout_redirect_uri": {"http://127.0.0.1:1/elsewhere"}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); strings.HasPrefix(loc, "http://127.0.0.1:1/") {
		t.Errorf("end_session redirected to an unregistered URI: %s", loc)
	}
}

func TestOIDCLoginPage(t *testing.T) {
	p, rp := startOIDC(t)
	client := browser(t)
	resp, err := client.Get(rp.srv.URL + "/start")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	id := resp.Request.URL.Query().Get("authRequestID")
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/login/username" || id == "" {
		t.Fatalf("%d at %s", resp.StatusCode, resp.Request.URL)
	}
	checkLoginPage(t, doc, "Demo Kommunes login (demo)", "username", map[string]string{"authRequestID": id})

	// A wrong password is refused with 403.
	resp, err = client.PostForm(p.Issuer+"/login/username", url.Values{"authRequestID": {id}, "username": {"uu@demo.example"}, "password": {"forkert"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("wrong password: %d", resp.StatusCode)
	}
}

// checkLoginPage checks a demo login page: Danish, titled, one form per
// demo user with the hidden fields and a button »Name (e-mail)«.
func checkLoginPage(t *testing.T, doc *html.Node, title, userField string, hidden map[string]string) {
	t.Helper()
	var forms []*html.Node
	var h1, htmlLang, titleText string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "html":
				htmlLang = attr(n, "lang")
			case "title":
				titleText = text(n)
			case "h1":
				h1 = text(n)
			case "form":
				forms = append(forms, n)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if htmlLang != "da" || titleText != title || h1 != title {
		t.Errorf("lang %q, title %q, h1 %q", htmlLang, titleText, h1)
	}
	want := []string{"Ulla Ung (uu@demo.example)", "Anders And (aa@demo.example)"}
	if len(forms) != len(want) {
		t.Fatalf("%d forms, want %d", len(forms), len(want))
	}
	users := demoUsers().List()
	for i, f := range forms {
		fields := map[string]string{}
		var buttons []string
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode && n.Data == "input" && attr(n, "type") == "hidden" {
				fields[attr(n, "name")] = attr(n, "value")
			}
			if n.Type == html.ElementNode && n.Data == "button" && attr(n, "type") == "submit" {
				buttons = append(buttons, text(n))
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(f)
		if attr(f, "method") != "post" || len(buttons) != 1 || buttons[0] != want[i] {
			t.Errorf("form %d: method %q, buttons %q", i, attr(f, "method"), buttons)
		}
		if fields[userField] != users[i].Username || fields["password"] == "" {
			t.Errorf("form %d: fields %v", i, fields)
		}
		for k, v := range hidden {
			if fields[k] != v {
				t.Errorf("form %d: %s = %q, want %q", i, k, fields[k], v)
			}
		}
	}
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}

func TestNonLoopbackAddrIsRefused(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:0", "example.com:0", "[::]:0"} {
		if p, err := StartOIDC(OIDCOptions{Addr: addr, ClientID: "kui", Users: demoUsers()}); err == nil {
			p.Close()
			t.Errorf("StartOIDC(%q) did not refuse", addr)
		}
		if p, err := StartSAML(SAMLOptions{Addr: addr, Users: demoUsers()}); err == nil {
			p.Close()
			t.Errorf("StartSAML(%q) did not refuse", addr)
		}
	}
	p, err := StartOIDC(OIDCOptions{Addr: "localhost:0", ClientID: "kui", Users: demoUsers()})
	if err != nil {
		t.Fatal(err)
	}
	p.Close()
}
