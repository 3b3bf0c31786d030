package server

import (
	"io/fs"
	"net/http"

	"github.com/go-chi/chi/v5"

	"kui/internal/casework"
	"kui/web"
)

// routes lists every route kui answers.
func (s *Server) routes() *chi.Mux {
	// Cross-site POSTs are refused before anything else reads them.
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(s.crossOriginDenied))

	root := chi.NewRouter()
	root.Use(s.recoverPanics, s.logRequests, s.securityHeaders, s.limitRequestTime, csrf.Handler)

	// No session for these: probes and static files must not touch the database's sessions.
	root.Get("/healthz", s.healthz)
	root.Get("/readyz", s.readyz)
	static, _ := fs.Sub(web.Static, "static")
	root.Handle("/static/*", http.StripPrefix("/static/", staticFiles(static)))

	// The benchmark's ceiling for a signed-in page: the session and one
	// round trip to the database, nothing else.
	root.With(s.sessions.LoadAndSave).Get("/session/ping", s.sessionPing)

	app := chi.NewRouter()
	app.Use(s.sessions.LoadAndSave, s.loadUser)
	app.NotFound(s.notFound)
	app.MethodNotAllowed(s.notFound)

	app.Get("/login", s.loginPage)
	app.Post("/login", s.login)
	app.Post("/logout", s.logout)
	// A user's private calendar feed: no login, the secret in the address is the key.
	app.Get("/calendar/{token}.ics", s.calendarFeed)

	app.Group(func(r chi.Router) {
		r.Use(s.requireUser)
		r.Get("/", s.home)

		r.Get("/youth", s.youthList)
		r.Get("/youth/new", s.youthNew)
		r.Post("/youth", s.youthCreate)
		r.Get("/youth/{id}", s.youthShow)
		r.Post("/youth/{id}", s.youthUpdate)
		r.Get("/youth/{id}/edit", s.youthEdit)
		r.Post("/youth/{id}/status", s.youthChangeStatus)
		r.Post("/youth/{id}/cpr", s.youthRevealCPR)

		s.teamRoutes(r)
		s.caseFileRoutes(r)
		s.meetingRoutes(r)
		s.overviewRoutes(r)

		r.With(s.requireRole(casework.RoleAdmin)).Get("/admin", s.adminIndex)
		r.With(s.requireRole(casework.RoleAdmin)).Get("/admin/audit", s.auditLog)
	})
	root.Mount("/", app)
	return root
}
