package server

import (
	"net/http"

	"kui/internal/casework"
	"kui/web"
)

// contactSettings shows the professional's own work phone number, which
// the young people of their teams see on their team page (/ung/team).
func (s *Server) contactSettings(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	phone, err := s.db.WorkPhone(ctx, *userFrom(ctx))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showContactSettings(w, r, http.StatusOK, phone, "")
}

func (s *Server) showContactSettings(w http.ResponseWriter, r *http.Request, status int, phone string, problem casework.Problem) {
	ctx := r.Context()
	v := web.ContactSettingsView{Page: s.page(r, web.T(ctx).Ung.Meeting.ContactSettingsTitle, web.NavInbox),
		WorkPhone: phone, Problem: problem}
	s.render(w, r, status, web.ContactSettingsPage(v))
}

// contactSettingsSave saves the work phone number: 303 with a flash; 422
// with the number as typed when it is not a phone number.
func (s *Server) contactSettingsSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !s.posted(w, r) {
		return
	}
	phone := r.PostForm.Get("work_phone")
	err := s.db.SetWorkPhone(ctx, *userFrom(ctx), phone)
	s.endForm(w, r, err, formEnd{To: "/settings/contact", Flash: web.T(ctx).Ung.Meeting.ContactSaved,
		Invalid: func(status int, problems map[string]casework.Problem) {
			s.showContactSettings(w, r, status, phone, problems["work_phone"])
		}})
}
