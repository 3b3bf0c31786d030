package server

import (
	"net/http"

	"kui/web"
)

// The administrator's settings of the young people's own pages: whether
// "Hvem har set min sag" shows the professionals' names (by default the
// unit and the purpose only).

func (s *Server) citizenSettings(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	on, err := s.db.AccessLogNames(ctx, *userFrom(ctx))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, web.CitizenSettingsPage(web.CitizenSettingsView{
		Page: s.page(r, web.T(ctx).Ung.Rights.AdminTitle, web.NavAdmin), AccessLogNames: on}))
}

func (s *Server) citizenSettingsSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !s.posted(w, r) {
		return
	}
	err := s.db.SetAccessLogNames(ctx, *userFrom(ctx), r.PostForm.Get("access_log_names") != "")
	s.endForm(w, r, err, formEnd{To: "/admin/sign-in/citizen", Flash: web.T(ctx).Ung.Rights.AdminSaved})
}
