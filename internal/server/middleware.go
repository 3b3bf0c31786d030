package server

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"kui/internal/casework"
	"kui/internal/postgres"
	"kui/web"
)

// contentSecurityPolicy allows only our own files: no inline script or
// style, no framing, forms post only to us.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if s.https {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		// Pages carry personal data: never keep them in a cache. Static
		// files override this.
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// DefaultRequestTimeLimit bounds the work of one request, its database work
// above all: when PostgreSQL stops answering without closing its
// connections (a frozen server, a network partition) a query on a pooled
// connection would otherwise wait for ever. Past it the request fails with
// the Danish 503 page, inside the 3 s a user is kept waiting at most.
const DefaultRequestTimeLimit = 2500 * time.Millisecond

// limitRequestTime gives every request but an event stream a deadline
// (Config.RequestTimeLimit). An event stream lasts as long as its client listens;
// it reads the database once, when it opens.
func (s *Server) limitRequestTime(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.Header.Get("Accept"), "text/event-stream") || strings.HasSuffix(r.URL.Path, "/events") {
			next.ServeHTTP(w, r)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), s.requestTimeLimit)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// staticFiles serves the files under /static/. Pages link them by their
// content-hashed names (web.Asset: /static/app.3f2a9c1b0d4e.css), which
// browsers may keep for a year without asking again; the plain names keep
// working, cached for an hour and revalidated by their ETag.
func staticFiles(fsys fs.FS) http.Handler {
	web.StaticFile("") // hash the files now, at start, not on the first request
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, hashed, etag, ok := web.StaticFile(strings.TrimPrefix(r.URL.Path, "/"))
		if !ok {
			http.NotFound(w, r)
			return
		}
		if hashed {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "public, max-age=3600")
		}
		// Weak: the same content may be sent gzipped or not.
		w.Header().Set("ETag", `W/"`+etag+`"`)
		http.ServeFileFS(w, r, fsys, name)
	})
}

// compressibleTypes are the answers worth compressing: text. An event
// stream (text/event-stream) is not among them: each event must reach the
// screen when it is flushed, not when a compressor's buffer fills.
var compressibleTypes = []string{
	"text/html", "text/css", "text/plain", "text/javascript", "text/csv", "text/calendar",
	"application/javascript", "application/json", "image/svg+xml",
}

// compress gzips the text answers of clients that accept it.
var compress = middleware.Compress(1, compressibleTypes...)

// statusRecorder remembers the status a handler answered with, for the log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach Flush on the real writer (SSE).
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// logRequests writes one line per request: the route pattern, never the
// path or query, which may carry names or search terms.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		route := "unmatched"
		if rc := chi.RouteContext(r.Context()); rc != nil && rc.RoutePattern() != "" {
			route = rc.RoutePattern()
		}
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("route", route),
			slog.Int("status", rec.status), slog.Duration("duration", time.Since(start)))
	})
}

func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.fail(w, r, fmt.Errorf("panic: %v\n%s", v, debug.Stack()))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type userKey struct{}

// userFrom is the signed-in user, or nil.
func userFrom(ctx context.Context) *casework.User {
	u, _ := ctx.Value(userKey{}).(*casework.User)
	return u
}

const sessionUserID = "user_id"

// loadUser puts the session's user on the request context. A session whose
// user no longer exists or is deactivated is treated as signed out.
func (s *Server) loadUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := postgres.GuardInput(web.WithCatalogue(r.Context(), &web.Danish))
		if id := s.sessions.GetInt64(ctx, sessionUserID); id != 0 {
			u, err := s.db.UserByID(ctx, id)
			switch casework.Code(err) {
			case "":
			case casework.ENotFound:
				s.sessions.Remove(ctx, sessionUserID)
			default:
				s.fail(w, r.WithContext(ctx), err)
				return
			}
			if err == nil {
				ctx = context.WithValue(ctx, userKey{}, &u)
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func (s *Server) requireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if citizenFrom(r.Context()) != nil {
			// A young person's session knows no professional's page.
			s.notFound(w, r)
			return
		}
		if userFrom(r.Context()) == nil {
			target := "/login"
			if r.Method == http.MethodGet && r.URL.Path != "/" {
				target += "?next=" + url.QueryEscape(r.URL.RequestURI())
			}
			http.Redirect(w, r, target, http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) requireRole(roles ...casework.Role) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			u := userFrom(r.Context())
			for _, role := range roles {
				if u != nil && u.Role == role {
					next.ServeHTTP(w, r)
					return
				}
			}
			s.fail(w, r, casework.Forbidden())
		})
	}
}

// refuseUnstorable answers a request whose address PostgreSQL could not
// store or search for — a NUL byte or bytes that are not UTF-8 in the path
// (404) or in a query value (422, with a Danish page) — before any handler
// reads it. Forms refuse such text in their decoder (parseForm).
func (s *Server) refuseUnstorable(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !casework.Storable(r.URL.Path) {
			s.notFound(w, r)
			return
		}
		// The values as the handlers read them (r.URL.Query).
		for name, values := range r.URL.Query() {
			ok := casework.Storable(name)
			for _, v := range values {
				ok = ok && casework.Storable(v)
			}
			if !ok {
				t := web.T(r.Context())
				page := web.Page{Title: t.InputT.UnstorableTitle, User: userFrom(r.Context())}
				s.render(w, r, http.StatusUnprocessableEntity, web.ErrorPage(page, t.InputT.UnstorableText))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// crossSiteRefused answers a POST the browser says came from another site
// (http.CrossOriginProtection): the user's role has nothing to do with it,
// so the page says where the request came from.
func (s *Server) crossSiteRefused(w http.ResponseWriter, r *http.Request) {
	s.log.LogAttrs(r.Context(), slog.LevelWarn, "cross-origin request refused", slog.String("method", r.Method))
	r = r.WithContext(web.WithCatalogue(r.Context(), &web.Danish))
	t := web.T(r.Context())
	s.render(w, r, http.StatusForbidden, web.ErrorPage(web.Page{Title: t.InputT.CrossSiteTitle}, t.InputT.CrossSiteText))
}
