package server

import (
	"net/http"

	"kui/web"
)

// securityLogLines is how many of the newest security log lines the
// administrator sees.
const securityLogLines = 200

// usersList: the municipality's users with when and how each last signed in.
func (s *Server) usersList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	users, err := s.db.UsersWithSignIn(ctx, *userFrom(ctx))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.SignInUsersView{Page: s.page(r, web.T(ctx).IdPT.UsersTitle, web.NavAdmin), Users: users}
	s.render(w, r, http.StatusOK, web.SignInUsersPage(v))
}

// securityLog: the municipality's newest sign-ins, refusals and sign-outs.
func (s *Server) securityLog(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	entries, err := s.db.SecurityLog(ctx, *userFrom(ctx), securityLogLines)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.SecurityLogView{Page: s.page(r, web.T(ctx).IdPT.LogTitle, web.NavAdmin)}
	for _, e := range entries {
		v.Rows = append(v.Rows, web.SecurityLogRow{At: e.At, UserName: e.UserName, IdPName: e.IdPName,
			Event: e.Event, Method: e.Method, Reason: e.Reason, Citizen: e.Citizen})
	}
	s.render(w, r, http.StatusOK, web.SecurityLogPage(v))
}
