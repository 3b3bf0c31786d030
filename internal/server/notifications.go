package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"kui/internal/casework"
	"kui/web"
)

// notificationSettings shows the user's e-mail choice for each kind they
// can get.
func (s *Server) notificationSettings(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	prefs, err := s.db.Preferences(ctx, *userFrom(ctx))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	choices := make(map[casework.Kind]string, len(prefs))
	for k, d := range prefs {
		choices[k] = string(d)
	}
	s.showNotificationSettings(w, r, http.StatusOK, prefs, choices, nil)
}

// showNotificationSettings renders the settings page: the kinds are those
// in prefs, the radio buttons checked as in choices.
func (s *Server) showNotificationSettings(w http.ResponseWriter, r *http.Request, status int,
	prefs map[casework.Kind]casework.Delivery, choices map[casework.Kind]string, problems map[casework.Kind]bool) {
	ctx := r.Context()
	v := web.NotificationSettingsView{
		Page:    s.page(r, web.T(ctx).NotifT.SettingsTitle, web.NavInbox),
		Choices: choices, Problems: problems,
	}
	for _, k := range casework.Kinds {
		if _, ok := prefs[k]; ok {
			v.Kinds = append(v.Kinds, k)
		}
	}
	s.render(w, r, status, web.NotificationSettingsPage(v))
}

// notificationSettingsSave saves the choices: one radio group per kind the
// user can get ("kind_<kind>"); an unknown or missing value is 422 with the
// form as sent.
func (s *Server) notificationSettingsSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !s.posted(w, r) {
		return
	}
	actor := *userFrom(ctx)
	prefs, err := s.db.Preferences(ctx, actor)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	chosen := make(map[casework.Kind]casework.Delivery, len(prefs))
	choices := make(map[casework.Kind]string, len(prefs))
	problems := map[casework.Kind]bool{}
	for k := range prefs {
		d := casework.Delivery(r.PostForm.Get("kind_" + string(k)))
		choices[k] = string(d)
		if !d.Valid() {
			problems[k] = true
			continue
		}
		chosen[k] = d
	}
	if len(problems) > 0 {
		s.showNotificationSettings(w, r, http.StatusUnprocessableEntity, prefs, choices, problems)
		return
	}
	err = s.db.SetPreferences(ctx, actor, chosen)
	s.endForm(w, r, err, formEnd{To: "/settings/notifications", Flash: web.T(ctx).NotifT.SettingsSaved})
}

// unsubscribeToken reads the route's token: the user and the kind it
// unsubscribes. A token that does not check out is answered 404 here.
func (s *Server) unsubscribeToken(w http.ResponseWriter, r *http.Request) (int64, casework.Kind, bool) {
	ctx := r.Context()
	secret, err := s.db.UnsubscribeSecret(ctx)
	if err != nil {
		s.fail(w, r, err)
		return 0, "", false
	}
	userID, kind, ok := casework.ParseUnsubscribeToken(secret, chi.URLParam(r, "token"))
	if !ok {
		s.unsubscribeBad(w, r)
		return 0, "", false
	}
	return userID, kind, true
}

// unsubscribeBad is the 404 page of a link that is not (or no longer) valid.
func (s *Server) unsubscribeBad(w http.ResponseWriter, r *http.Request) {
	nt := web.T(r.Context()).NotifT
	page := web.Page{Title: nt.UnsubBadTitle, User: userFrom(r.Context())}
	s.render(w, r, http.StatusNotFound, web.ErrorPage(page, nt.UnsubBadText))
}

// unsubscribeConfirm is an e-mail's unsubscribe link opened: a question and
// a button. It changes nothing, because mail scanners open links.
func (s *Server) unsubscribeConfirm(w http.ResponseWriter, r *http.Request) {
	_, kind, ok := s.unsubscribeToken(w, r)
	if !ok {
		return
	}
	nt := web.T(r.Context()).NotifT
	v := web.UnsubscribeView{Page: s.page(r, nt.UnsubTitle, ""), Kind: kind, Action: r.URL.EscapedPath()}
	s.render(w, r, http.StatusOK, web.UnsubscribePage(v))
}

// unsubscribe turns the kind's e-mail off for the token's user: the
// page's button, or a mail client's one-click unsubscribe (RFC 8058, a
// POST without Origin or Sec-Fetch-Site, which http.CrossOriginProtection
// lets through as not from a browser).
func (s *Server) unsubscribe(w http.ResponseWriter, r *http.Request) {
	userID, kind, ok := s.unsubscribeToken(w, r)
	if !ok {
		return
	}
	if err := s.db.Unsubscribe(r.Context(), userID, kind); err != nil {
		if casework.Code(err) == casework.ENotFound {
			s.unsubscribeBad(w, r)
			return
		}
		s.fail(w, r, err)
		return
	}
	nt := web.T(r.Context()).NotifT
	v := web.UnsubscribeView{Page: s.page(r, nt.UnsubDoneTitle, ""), Kind: kind, Done: true}
	s.render(w, r, http.StatusOK, web.UnsubscribePage(v))
}
