package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"kui/internal/casework"
	"kui/web"
)

// routes lists every route kui answers, one line each: method, path,
// handler and the roles it is for. Access to a record is checked in SQL
// (internal/postgres); a route with no role gate is for every signed-in user.
func (s *Server) routes() *chi.Mux {
	// Cross-site POSTs are refused before anything else reads them.
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(s.crossSiteRefused))
	// A SAML provider posts its answer from its own site (saml.go checks it).
	csrf.AddInsecureBypassPattern("POST /saml/{slug}/acs")

	root := chi.NewRouter()
	root.Use(compress, s.recoverPanics, s.logRequests, s.securityHeaders, s.limitRequestTime, csrf.Handler)

	// No session for these: probes and static files must not touch the database's sessions.
	root.Get("/healthz", s.healthz)
	root.Get("/readyz", s.readyz)
	root.Handle("/static/*", http.StripPrefix("/static/", staticFiles(web.StaticFiles())))

	// The benchmark's ceiling for a signed-in page: the session and one
	// round trip to the database, nothing else.
	root.With(s.loadAndSave).Get("/session/ping", s.sessionPing)

	app := chi.NewRouter()
	app.Use(s.loadAndSave, s.loadUser, s.loadCitizen, s.refuseUnstorable)
	app.NotFound(s.notFound)
	app.MethodNotAllowed(s.notFound)

	// Signing in and out (auth.go).
	app.Get("/login", s.loginPage)
	app.Post("/login", s.login)
	app.Post("/logout", s.logout)
	app.Get("/logged-out", s.loggedOut)

	// Signing in with the municipality's own login (sso.go; oidc.go, saml.go).
	app.Get("/login/sso", s.ssoChoose)
	app.Get("/login/idp/{slug}", s.ssoStart)
	app.Get("/login/idp/{slug}/callback", s.oidcCallback)
	app.Get("/login/idp/{slug}/finish", s.samlFinish)
	app.Get("/saml/{slug}/metadata", s.samlMetadata)
	app.Post("/saml/{slug}/acs", s.samlACS)

	// The second factor of a password sign-in when kui is served over https (totp.go).
	app.Get("/login/totp", s.totpPage)
	app.Post("/login/totp", s.totpCheck)
	app.Get("/login/totp/setup", s.totpSetupPage)
	app.Post("/login/totp/setup", s.totpSetup)
	// An e-mail's unsubscribe link: no login, the signed token is the key (notifications.go).
	app.Get("/unsubscribe/{token}", s.unsubscribeConfirm)
	app.Post("/unsubscribe/{token}", s.unsubscribe)
	// A user's private calendar feed: no login, the secret in the address is the key (calendar.go).
	app.Get("/calendar/{token}.ics", s.calendarFeed)

	// The young person's own pages (citizen.go, ung_meeting.go, ung_rights.go):
	// a citizen session only. A professional gets 403, anyone else is sent to
	// /ung/login; a citizen gets 404 on every professional route (requireUser).
	app.Get("/ung/login", s.ungLogin)
	app.Post("/ung/logout", s.ungLogout)
	app.Group(func(r chi.Router) {
		r.Use(s.requireCitizen)
		r.Get("/ung", s.ungHome)
		r.Get("/ung/plan", s.ungPlan)                                         // Min plan (printable)
		r.Get("/ung/moede", s.ungMeeting)                                     // Mit næste møde
		r.Post("/ung/moede/emner", s.ungAgendaAdd)                            // my own agenda topic
		r.Post("/ung/moede/emner/{iid}/slet", s.ungAgendaDelete)              // remove a topic I added
		r.Get("/ung/team", s.ungTeam)                                         // Mit team og min kontaktperson
		r.Get("/ung/udvikling", s.ungProgression)                             // Min udvikling
		r.Post("/ung/udvikling", s.ungRate)                                   // my own rating this quarter
		r.Get("/ung/samtykker", s.ungConsents)                                // Mine samtykker
		r.Get("/ung/samtykker/{cid}/traek-tilbage", s.ungConsentWithdrawForm) // confirm (works without JS)
		r.Post("/ung/samtykker/{cid}/traek-tilbage", s.ungConsentWithdraw)
		r.Get("/ung/indsigt", s.ungAccessLog)  // Hvem har set min sag
		r.Get("/ung/data", s.ungData)          // all kui holds about me, printable
		r.Get("/ung/data.json", s.ungDataJSON) // the same as a file
	})

	// The role gates. Administrators manage the system and see no young person.
	professionals := s.requireRole(casework.RoleCaseworker, casework.RoleFacilitator, casework.RoleCoordinator)
	coordinator := s.requireRole(casework.RoleCoordinator)
	overseers := s.requireRole(casework.RoleCoordinator, casework.RoleAdmin)
	admin := s.requireRole(casework.RoleAdmin)

	app.Group(func(r chi.Router) {
		r.Use(s.requireUser)

		// The front page (home.go).
		r.Get("/", s.home)

		// What waits for me, "Venter på dig" (inbox.go), and my e-mail choices (notifications.go).
		r.With(professionals).Get("/inbox", s.inboxShow)
		r.With(professionals).Post("/inbox/{nid}/read", s.inboxRead)
		r.With(professionals).Get("/settings/notifications", s.notificationSettings)
		r.With(professionals).Post("/settings/notifications", s.notificationSettingsSave)
		r.With(professionals).Get("/settings/contact", s.contactSettings) // my work phone, for the young people (settings_contact.go)
		r.With(professionals).Post("/settings/contact", s.contactSettingsSave)

		// Young people (youth.go).
		r.With(professionals).Get("/youth", s.youthList)
		r.With(professionals).Get("/youth/new", s.youthNew)
		r.With(professionals).Post("/youth", s.youthCreate)
		r.Get("/youth/{id}", s.youthShow)
		r.Post("/youth/{id}", s.youthUpdate)
		r.Get("/youth/{id}/edit", s.youthEdit)
		r.Post("/youth/{id}/status", s.youthChangeStatus)
		r.Post("/youth/{id}/cpr", s.youthRevealCPR)

		// The team around the young person (team.go).
		r.Get("/youth/{id}/team", s.teamShow)
		r.Post("/youth/{id}/team", s.teamAdd)
		r.Post("/youth/{id}/team/chosen", s.teamChosen)
		r.Get("/youth/{id}/team/{userID}/remove", s.teamRemoveConfirm)
		r.Post("/youth/{id}/team/{userID}/remove", s.teamRemove)

		// The contact person, suggestions and handovers (contact.go).
		r.Get("/youth/{id}/contact-person", s.contactShow)
		r.Post("/youth/{id}/contact-person", s.contactChoose)
		r.Post("/youth/{id}/handovers/{hid}/accept", s.handoverAccept)
		r.Post("/youth/{id}/handovers/{hid}/decline", s.handoverDecline)
		r.Post("/youth/{id}/handovers/{hid}/cancel", s.handoverCancel)

		// Referrals to the visitation committee (referrals.go).
		r.Get("/youth/{id}/referral", s.referralNew)
		r.Post("/youth/{id}/referrals", s.referralCreate)
		r.Post("/youth/{id}/referrals/{rid}/withdraw", s.referralWithdraw)
		r.With(coordinator).Get("/referrals", s.referralList)
		r.With(coordinator).Get("/referrals/{rid}", s.referralShow)
		r.With(coordinator).Post("/referrals/{rid}/decide", s.referralDecide)

		// The journal (notes.go).
		r.Get("/youth/{id}/notes", s.notesPage)
		r.Post("/youth/{id}/notes", s.noteCreate)
		r.Get("/youth/{id}/notes/{nid}/correct", s.noteCorrectForm)
		r.Post("/youth/{id}/notes/{nid}/correct", s.noteCorrect)

		// Efforts (efforts.go).
		r.Get("/youth/{id}/efforts", s.effortsPage)
		r.Post("/youth/{id}/efforts", s.effortCreate)
		r.Get("/youth/{id}/efforts/{eid}/edit", s.effortEdit)
		r.Post("/youth/{id}/efforts/{eid}", s.effortUpdate)

		// Consents (consents.go).
		r.Get("/youth/{id}/consents", s.consentsPage)
		r.Post("/youth/{id}/consents", s.consentCreate)
		r.Get("/youth/{id}/consents/{cid}/withdraw", s.consentWithdrawForm)
		r.Post("/youth/{id}/consents/{cid}/withdraw", s.consentWithdraw)

		// The contact person's checklist (checklist.go).
		r.Get("/youth/{id}/checklist", s.checklistPage)
		r.Post("/youth/{id}/checklist/{item}", s.checklistUpdate)

		// Progression (progression.go).
		r.Get("/youth/{id}/progression", s.progressionPage)
		r.Post("/youth/{id}/progression", s.progressionRecord)

		// Meetings (meeting.go).
		r.Get("/youth/{id}/meetings", s.youthMeetings)
		r.Post("/youth/{id}/meetings", s.meetingCreate)
		r.Get("/meetings/{mid}", s.meetingShow)
		r.Get("/meetings/{mid}/edit", s.meetingEdit)
		r.Post("/meetings/{mid}/edit", s.meetingUpdate)
		r.Get("/meetings/{mid}/end", s.meetingCloseConfirm(casework.MeetingEnded))
		r.Post("/meetings/{mid}/end", s.meetingClose(casework.MeetingEnded))
		r.Get("/meetings/{mid}/cancel", s.meetingCloseConfirm(casework.MeetingCancelled))
		r.Post("/meetings/{mid}/cancel", s.meetingClose(casework.MeetingCancelled))
		r.Get("/meetings/{mid}/agenda/print", s.meetingPrint(web.PrintAgenda))
		r.Get("/meetings/{mid}/plan/print", s.meetingPrint(web.PrintPlan))

		// A meeting's agenda (agenda.go).
		r.Post("/meetings/{mid}/agenda", s.agendaAdd)
		r.Post("/meetings/{mid}/agenda/send", s.agendaSend)
		r.Post("/meetings/{mid}/agenda/{iid}/move", s.agendaMove)
		r.Post("/meetings/{mid}/agenda/{iid}/delete", s.agendaDelete)

		// A meeting's action plan and its follow-up (plan.go).
		r.Post("/meetings/{mid}/plan", s.planAdd)
		r.Get("/meetings/{mid}/plan/{pid}/edit", s.planEdit)
		r.Post("/meetings/{mid}/plan/{pid}", s.planUpdate)
		r.Post("/meetings/{mid}/plan/{pid}/move", s.planMove)
		r.Post("/meetings/{mid}/plan/{pid}/delete", s.planDelete)
		r.Post("/meetings/{mid}/followup/{pid}", s.followupSave)

		// The big screen and its live updates (screen.go).
		r.Get("/meetings/{mid}/screen", s.screen)
		r.Get("/meetings/{mid}/screen/live", s.screenLive)
		r.Get("/meetings/{mid}/events", s.meetingEvents)

		// Calendars: a meeting's .ics, the private feed's page (calendar.go).
		r.Get("/meetings/{mid}/calendar.ics", s.meetingICS)
		r.Get("/calendar", s.calendarPage)
		r.Post("/calendar/renew", s.calendarRenew)
		r.Post("/calendar/stop", s.calendarStop)

		// The overview of loads and progression (overview.go).
		r.With(overseers).Get("/overview", s.loadOverview)
		r.With(coordinator).Get("/overview/between-chairs", s.betweenChairs)
		r.With(coordinator).Get("/overview/professionals/{uid}", s.professionalDrilldown)
		r.With(overseers).Get("/overview/progression", s.snapshotPage)
		r.With(overseers).Get("/overview/progression.csv", s.snapshotCSV)

		// Administration (admin.go, audit.go).
		r.With(admin).Get("/admin", s.adminIndex)
		r.With(admin).Get("/admin/units", s.unitsShow)
		r.With(admin).Post("/admin/units", s.unitAdd)
		r.With(admin).Post("/admin/units/{unitID}", s.unitRename)
		r.With(admin).Get("/admin/thresholds", s.thresholdsPage)
		r.With(admin).Post("/admin/thresholds", s.thresholdsSave)
		r.With(admin).Get("/admin/progression-scale", s.scalePage)
		r.With(admin).Post("/admin/progression-scale", s.scaleSave)
		r.With(admin).Get("/admin/audit", s.auditLog)

		// The outgoing e-mail: sent, waiting, failed with the reason; resend (outbox.go).
		r.With(admin).Get("/admin/outbox", s.outboxList)
		r.With(admin).Post("/admin/outbox/{oid}/retry", s.outboxRetry)

		// Signing in: the municipality's providers and role mappings, password
		// sign-in, users' last sign-in, the security log (idp.go, users.go).
		r.With(admin).Get("/admin/sign-in", s.idpList)
		r.With(admin).Post("/admin/sign-in/password", s.passwordLoginSave)
		r.With(admin).Get("/admin/sign-in/citizen", s.citizenSettings)      // the young people's pages (citizen_settings.go)
		r.With(admin).Post("/admin/sign-in/citizen", s.citizenSettingsSave) // names in their access log
		r.With(admin).Get("/admin/sign-in/new", s.idpNew)
		r.With(admin).Post("/admin/sign-in", s.idpCreate)
		r.With(admin).Get("/admin/sign-in/{idp}", s.idpEdit)
		r.With(admin).Post("/admin/sign-in/{idp}", s.idpUpdate)
		r.With(admin).Get("/admin/sign-in/{idp}/delete", s.idpDeleteConfirm)
		r.With(admin).Post("/admin/sign-in/{idp}/delete", s.idpDelete)
		r.With(admin).Post("/admin/sign-in/{idp}/roles", s.idpRoleAdd)
		r.With(admin).Post("/admin/sign-in/{idp}/roles/{mapping}/delete", s.idpRoleDelete)
		r.With(admin).Get("/admin/users", s.usersList)
		r.With(admin).Get("/admin/security-log", s.securityLog)

		// Meeting rooms, fixed meeting days, the agenda's lead time (rooms.go).
		r.With(admin).Get("/admin/rooms", s.roomsAdmin)
		r.With(admin).Post("/admin/rooms", s.roomCreate)
		r.With(admin).Post("/admin/rooms/{rid}", s.roomUpdate)
		r.With(admin).Post("/admin/rooms/days", s.meetingDayAdd)
		r.With(admin).Post("/admin/rooms/days/{did}/delete", s.meetingDayDelete)
		r.With(admin).Post("/admin/rooms/settings", s.meetingSettingsSave)
	})
	root.Mount("/", app)
	return root
}
