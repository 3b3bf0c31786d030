// Package server is kui's HTTP face: routes, handlers, sessions and the one
// error path. Handlers are small: parse the form, validate in the domain,
// call the store, render or redirect.
package server

import (
	"cmp"
	"crypto"
	"crypto/x509"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"

	"kui/internal/casework"
	"kui/internal/live"
	"kui/internal/postgres"
)

// Config is what the server is told by its operator.
type Config struct {
	// BaseURL is where users reach kui. When it starts with https://, the
	// session cookie is Secure and carries the __Host- prefix.
	BaseURL string
	// Live tells open big screens that their meeting changed (LISTEN/NOTIFY
	// → Server-Sent Events). The caller runs and closes it; without one the
	// event streams answer 503 and screens fall back to their reload link.
	Live *live.Hub
	// RequestTimeLimit is how long one request may work before it fails
	// with the Danish 503 page; DefaultRequestTimeLimit when zero.
	RequestTimeLimit time.Duration
	// Secret reads a provider's client secret from the environment by the
	// name its configuration gives (KUI_IDP_…; any other name is never
	// read). Nil: no secrets.
	Secret func(name string) string
	// SAMLKey and SAMLCert are kui's key pair as a SAML service provider
	// (KUI_SAML_KEY_FILE, KUI_SAML_CERT_FILE): it signs AuthnRequests and
	// decrypts assertions. Without them, SAML sign-in is off.
	SAMLKey  crypto.Signer
	SAMLCert *x509.Certificate
}

// Server answers every request kui serves.
type Server struct {
	db       *postgres.DB
	log      *slog.Logger
	sessions *scs.SessionManager
	throttle *loginThrottle
	// now is kui's one clock, the store's (postgres.DB.Now): the dates a
	// page shows and the times the store writes can never disagree.
	now     func() time.Time
	https   bool
	baseURL string
	live    *live.Hub
	handler *chi.Mux
	screens *screenFeed // the view-only big screens' content (screenfeed.go)

	// Signing in with the municipality's login (sso.go, oidc.go, saml.go).
	secret        func(name string) string
	samlKey       crypto.Signer
	samlCert      *x509.Certificate
	idpClient     *http.Client  // every request kui makes to a provider
	oidcProviders oidcProviders // discovered OpenID Providers (oidc.go)

	requestTimeLimit time.Duration

	stopCleanup chan struct{} // closed by Close
	cleanupDone chan struct{} // closed when cleanupSessions returns
	closeOnce   sync.Once
}

// Session lifetimes: a caseworker who walks away is signed out after half an
// hour; nobody stays signed in longer than a working day.
const (
	sessionIdleTimeout = 30 * time.Minute
	sessionLifetime    = 10 * time.Hour
)

// NewServer wires the routes to their dependencies. Close stops the session
// store's background cleanup.
func NewServer(logger *slog.Logger, db *postgres.DB, cfg Config) *Server {
	s := &Server{
		db:       db,
		log:      logger,
		throttle: newLoginThrottle(),
		now:      db.Now,
		https:    strings.HasPrefix(cfg.BaseURL, "https://"),
		baseURL:  strings.TrimSuffix(cfg.BaseURL, "/"),
		live:     cfg.Live,

		secret:    providerSecret(cfg.Secret),
		samlKey:   cfg.SAMLKey,
		samlCert:  cfg.SAMLCert,
		idpClient: &http.Client{Timeout: idpTimeout},

		requestTimeLimit: cmp.Or(cfg.RequestTimeLimit, DefaultRequestTimeLimit),
	}
	// Sessions live in PostgreSQL, read and written on the request's
	// context so a database that stops answering fails the request in time.
	s.stopCleanup, s.cleanupDone = make(chan struct{}), make(chan struct{})
	go s.cleanupSessions(sessionCleanupInterval)
	s.sessions = scs.New()
	// The store keeps the idle timeout, moving a session's expiry forward
	// at most once a minute; scs's own (IdleTimeout > 0) would mark every
	// loaded session changed and write it on every request. So scs commits
	// only what changed (sign-in, flash, new token, logout), and passes the
	// store the absolute deadline (Lifetime).
	s.sessions.Store = db.Sessions(sessionIdleTimeout)
	s.sessions.IdleTimeout = 0
	s.sessions.Lifetime = sessionLifetime
	s.sessions.Cookie.Name = "kui_session"
	s.sessions.Cookie.HttpOnly = true
	s.sessions.Cookie.SameSite = http.SameSiteLaxMode
	s.sessions.Cookie.Path = "/"
	if s.https {
		// __Host- binds the cookie to this exact host, over HTTPS, path /.
		s.sessions.Cookie.Name = "__Host-kui_session"
		s.sessions.Cookie.Secure = true
	}
	s.sessions.ErrorFunc = s.sessionSaveFailed
	s.handler = s.routes()
	s.screens = s.newScreenFeed()
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Routes is the route table, for tests that cover every route (chi.Walk).
func (s *Server) Routes() chi.Routes { return s.handler }

// Close stops background work and waits for it to end.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.stopCleanup) })
	<-s.cleanupDone
	if s.screens != nil {
		s.screens.Close()
	}
}

// today is the current date in Copenhagen, as a date value (midnight UTC),
// comparable with dates read from the database.
func (s *Server) today() time.Time { return casework.DateOf(s.now()) }
