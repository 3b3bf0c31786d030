package demoidp

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// OIDCOptions configure StartOIDC.
type OIDCOptions struct {
	Addr                   string   // listen address; "" = "127.0.0.1:0". A non-loopback host is refused with an error.
	ClientID               string   // e.g. "kui"
	ClientSecret           string   // "" = random (read it back from OIDC.ClientSecret)
	RedirectURIs           []string // e.g. "http://127.0.0.1:8080/login/idp/demo/callback"
	PostLogoutRedirectURIs []string // accepted by the end_session endpoint together with client_id
	Title                  string   // Danish heading of the demo login page, e.g. "Demo Kommunes login (demo)"
	Users                  *Users
	Misbehave              OIDCMisbehaviour // zero value: behaves correctly
}

// OIDCMisbehaviour makes the REAL provider (still signing with real keys)
// issue tokens a correct client must refuse.
type OIDCMisbehaviour struct {
	WrongNonce    bool // ID token carries a different nonce than the client sent
	WrongAudience bool // ID token's aud is "someone-else"
	Expired       bool // ID token already expired (IDTokenLifetime negative)
	WrongKey      bool // ID token signed with a key not in the JWKS
	WrongIssuer   bool // token endpoint/ID token name another issuer than discovery
}

// OIDC is a running OpenID Provider (zitadel/oidc's op with its example
// storage) with one confidential client (code flow, PKCE S256, client
// secret via HTTP Basic auth) and the demo login page.
type OIDC struct {
	Issuer       string // "http://127.0.0.1:PORT"
	ClientID     string
	ClientSecret string
	Users        *Users

	mu        sync.Mutex
	misbehave OIDCMisbehaviour
	srv       *http.Server
}

// StartOIDC starts an OpenID Provider on opts.Addr.
func StartOIDC(opts OIDCOptions) (*OIDC, error) {
	if opts.Users == nil {
		return nil, errors.New("demoidp: OIDCOptions.Users is nil")
	}
	if opts.ClientID == "" {
		return nil, errors.New("demoidp: OIDCOptions.ClientID is empty")
	}
	ln, err := listenLoopback(opts.Addr)
	if err != nil {
		return nil, err
	}
	p := &OIDC{Issuer: "http://" + ln.Addr().String(), ClientID: opts.ClientID,
		ClientSecret: opts.ClientSecret, Users: opts.Users, misbehave: opts.Misbehave}
	if p.ClientSecret == "" {
		p.ClientSecret = rand.Text()
	}
	otherKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		ln.Close()
		return nil, err
	}
	client := storage.WebClient(p.ClientID, p.ClientSecret, opts.RedirectURIs...)
	st := &opStorage{
		Storage:  storage.NewStorageWithClients(userStore{opts.Users}, map[string]*storage.Client{client.GetID(): client}),
		p:        p,
		logout:   opts.PostLogoutRedirectURIs,
		otherKey: otherKey,
	}
	var cryptoKey [32]byte
	rand.Read(cryptoKey[:])
	issuer := func(bool) (op.IssuerFromRequest, error) {
		return func(r *http.Request) string {
			if p.Misbehaviour().WrongIssuer && strings.HasSuffix(r.URL.Path, "/oauth/token") {
				return p.Issuer + "/someone-else"
			}
			return p.Issuer
		}, nil
	}
	provider, err := op.NewProvider(&op.Config{CryptoKey: cryptoKey, CodeMethodS256: true}, st, issuer, op.WithAllowInsecure())
	if err != nil {
		ln.Close()
		return nil, err
	}
	title := orDefault(opts.Title)
	mux := http.NewServeMux()
	mux.Handle("/login/username", op.NewIssuerInterceptor(provider.IssuerFromRequest).HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.FormValue("authRequestID")
		switch r.Method {
		case http.MethodGet:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			pageHTML.Execute(w, page{Title: title, Action: "/login/username", UserField: "username",
				Hidden: []field{{"authRequestID", id}}, Users: p.Users.List()})
		case http.MethodPost:
			if err := st.CheckUsernamePassword(r.FormValue("username"), r.FormValue("password"), id); err != nil {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.WriteHeader(http.StatusForbidden)
				refusedHTML.Execute(w, title)
				return
			}
			http.Redirect(w, r, op.AuthCallbackURL(provider)(r.Context(), id), http.StatusSeeOther)
		default:
			w.Header().Set("Allow", "GET, POST")
			http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		}
	}))
	mux.Handle("/", provider)
	p.srv = serve(ln, mux)
	return p, nil
}

// Misbehaviour returns the current misbehaviour.
func (p *OIDC) Misbehaviour() OIDCMisbehaviour {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.misbehave
}

// SetMisbehaviour changes the behaviour for later requests (tests switch it between sign-ins).
func (p *OIDC) SetMisbehaviour(m OIDCMisbehaviour) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.misbehave = m
}

// Close stops the provider.
func (p *OIDC) Close() { p.srv.Close() }

// SignIn signs username in the way a browser would: it GETs startURL (kui's
// "sign in with the demo provider" URL) with client, which must have a
// cookie jar and follow redirects, lands on the OP's login page, reads
// authRequestID from that page's URL, POSTs authRequestID, username and the
// user's password to /login/username and follows the redirects back into
// kui. It returns that final response; the caller closes its body.
func (p *OIDC) SignIn(ctx context.Context, client *http.Client, startURL, username string) (*http.Response, error) {
	u, ok := p.Users.get(username)
	if !ok {
		return nil, fmt.Errorf("demoidp: no user %q", username)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, startURL, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	at := resp.Request.URL
	id := at.Query().Get("authRequestID")
	if resp.StatusCode != http.StatusOK || at.Path != "/login/username" || id == "" ||
		at.Scheme+"://"+at.Host != p.Issuer {
		return nil, fmt.Errorf("demoidp: %s did not lead to the login page of %s (ended at %s with %s)",
			startURL, p.Issuer, at.Redacted(), resp.Status)
	}
	form := url.Values{"authRequestID": {id}, "username": {u.Username}, "password": {u.Password}}
	req, err = http.NewRequestWithContext(ctx, http.MethodPost, p.Issuer+"/login/username", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return client.Do(req)
}

// userStore is the example storage's UserStore over Users. A user's ID
// (the ID token's sub) is the username.
type userStore struct{ users *Users }

func (s userStore) GetUserByID(id string) *storage.User { return s.GetUserByUsername(id) }
func (s userStore) ExampleClientID() string             { return "" }
func (s userStore) GetUserByUsername(username string) *storage.User {
	u, ok := s.users.get(username)
	if !ok {
		return nil
	}
	given, family := u.Name, ""
	if i := strings.LastIndex(u.Name, " "); i > 0 {
		given, family = u.Name[:i], u.Name[i+1:]
	}
	return &storage.User{ID: u.Username, Username: u.Username, Password: u.Password,
		FirstName: given, LastName: family, Email: u.Email, EmailVerified: true}
}

// opStorage is the example storage plus roles, the client's post-logout
// redirect URIs and the misbehaviours.
type opStorage struct {
	*storage.Storage
	p        *OIDC
	logout   []string
	otherKey *rsa.PrivateKey
}

// addClaims sets the full name and the "roles" claim, read at each sign-in.
func (s *opStorage) addClaims(ui *oidc.UserInfo, userID string) {
	if u, ok := s.p.Users.get(userID); ok {
		ui.Name = u.Name
		roles := u.Roles
		if roles == nil {
			roles = []string{}
		}
		ui.AppendClaims("roles", roles)
		if u.CPR != "" {
			ui.AppendClaims(CPRClaim, u.CPR)
		}
	}
}

// CPRClaim is the claim that carries a citizen's CPR number in the demo
// provider's ID tokens (brokers name it differently: kui's provider
// configuration names the claim).
const CPRClaim = "cpr"

// SetUserinfoFromRequest fills the ID token's user claims.
func (s *opStorage) SetUserinfoFromRequest(ctx context.Context, ui *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	if err := s.Storage.SetUserinfoFromRequest(ctx, ui, req, scopes); err != nil {
		return err
	}
	s.addClaims(ui, req.GetSubject())
	return nil
}

// SetUserinfoFromToken fills the userinfo endpoint's answer.
func (s *opStorage) SetUserinfoFromToken(ctx context.Context, ui *oidc.UserInfo, tokenID, subject, origin string) error {
	if err := s.Storage.SetUserinfoFromToken(ctx, ui, tokenID, subject, origin); err != nil {
		return err
	}
	s.addClaims(ui, subject)
	return nil
}

func (s *opStorage) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, err := s.Storage.GetClientByClientID(ctx, id)
	if err != nil {
		return nil, err
	}
	m := s.p.Misbehaviour()
	return kuiClient{Client: c, logout: s.logout, expired: m.Expired, wrongAudience: m.WrongAudience}, nil
}

func (s *opStorage) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	ar, err := s.Storage.AuthRequestByCode(ctx, code)
	if err != nil {
		return nil, err
	}
	m := s.p.Misbehaviour()
	if m.WrongAudience || m.WrongNonce {
		ar = skewedRequest{AuthRequest: ar, wrongAudience: m.WrongAudience, wrongNonce: m.WrongNonce}
	}
	return ar, nil
}

func (s *opStorage) SigningKey(ctx context.Context) (op.SigningKey, error) {
	k, err := s.Storage.SigningKey(ctx)
	if err != nil || !s.p.Misbehaviour().WrongKey {
		return k, err
	}
	return otherSigningKey{SigningKey: k, key: s.otherKey}, nil
}

// kuiClient is the example's web client as kui needs it.
type kuiClient struct {
	op.Client
	logout                 []string
	expired, wrongAudience bool
}

// GetID names another client when the audience is to be wrong: zitadel
// always adds the request's client ID to the ID token's aud, and compares
// it with this one at the token endpoint.
func (c kuiClient) GetID() string {
	if c.wrongAudience {
		return someoneElse
	}
	return c.Client.GetID()
}

// IDTokenUserinfoClaimsAssertion puts email and name in the ID token, as Entra ID does.
func (kuiClient) IDTokenUserinfoClaimsAssertion() bool { return true }

// PostLogoutRedirectURIs are the URIs end_session may redirect to (the example client has none).
func (c kuiClient) PostLogoutRedirectURIs() []string { return c.logout }

func (c kuiClient) IDTokenLifetime() time.Duration {
	if c.expired {
		return -time.Hour
	}
	return c.Client.IDTokenLifetime()
}

// skewedRequest names another audience or nonce in the ID token.
type skewedRequest struct {
	op.AuthRequest
	wrongAudience, wrongNonce bool
}

const someoneElse = "someone-else"

func (r skewedRequest) GetAudience() []string {
	if r.wrongAudience {
		return []string{someoneElse}
	}
	return r.AuthRequest.GetAudience()
}

func (r skewedRequest) GetClientID() string {
	if r.wrongAudience {
		return someoneElse
	}
	return r.AuthRequest.GetClientID()
}

func (r skewedRequest) GetNonce() string {
	if r.wrongNonce {
		return "not-" + r.AuthRequest.GetNonce()
	}
	return r.AuthRequest.GetNonce()
}

// otherSigningKey signs with a key the JWKS does not publish.
type otherSigningKey struct {
	op.SigningKey
	key *rsa.PrivateKey
}

func (k otherSigningKey) Key() any   { return k.key }
func (k otherSigningKey) ID() string { return "not-in-jwks" }
