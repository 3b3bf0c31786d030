package server

import (
	"context"
	"net/http"

	"kui/internal/casework"
	"kui/web"
)

// showTeam renders the team page; adjust fills in what the action before
// it wants shown (a form with errors, a refusal).
func (s *Server) showTeam(w http.ResponseWriter, r *http.Request, status int, adjust func(*web.TeamPageView)) {
	ctx := r.Context()
	h, team, ok := underYouth(s, w, r, func(ctx context.Context, u casework.User, id int64) (casework.Team, error) {
		return s.db.ViewTeam(ctx, u, id, casework.AuditTeamView)
	})
	if !ok {
		return
	}
	v := web.TeamPageView{Page: s.page(r, web.T(ctx).TeamT.TeamTitle, web.NavYouth), Heading: h, Today: s.today(), Team: team}
	adjust(&v)
	s.render(w, r, status, web.TeamPage(v))
}

func (s *Server) teamShow(w http.ResponseWriter, r *http.Request) {
	s.showTeam(w, r, http.StatusOK, func(*web.TeamPageView) {})
}

// endTeamForm ends a form posted from the team page (endForm): done, to
// with flash; refused, the team page again with field problems beside
// their fields (422) or a conflict at the top (409; a full team is a
// problem of the chosen professional, 422).
func (s *Server) endTeamForm(w http.ResponseWriter, r *http.Request, err error, to, flash string, adjust func(*web.TeamPageView)) {
	s.endForm(w, r, conflictOnField(err, casework.ProblemTeamFull, "user_id"), formEnd{To: to, Flash: flash,
		Invalid: func(status int, problems map[string]casework.Problem) {
			s.showTeam(w, r, status, func(v *web.TeamPageView) {
				v.Problems = problems
				adjust(v)
			})
		},
		Conflict: func(status int, problem casework.Problem) {
			s.showTeam(w, r, status, func(v *web.TeamPageView) {
				v.Refusal = problem
				adjust(v)
			})
		}})
}

func (s *Server) teamAdd(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, ok := s.id(w, r, "id")
	if !ok || !s.posted(w, r) {
		return
	}
	form := casework.TeamMemberForm{UserID: r.PostForm.Get("user_id"), TeamRole: r.PostForm.Get("team_role")}
	userID, role, err := form.Validate()
	if err == nil {
		err = s.db.AddTeamMember(ctx, *userFrom(ctx), id, userID, role)
	}
	to, flash := web.YouthPath(id, "/team"), web.T(ctx).TeamT.MemberAdded
	if err == nil {
		// Whoever created the young person without a seat on the team saw
		// them only until the team began (visibleToActor).
		if _, herr := s.db.YouthHeading(ctx, *userFrom(ctx), id); casework.Code(herr) == casework.ENotFound {
			to, flash = "/", web.T(ctx).TeamT.MemberAddedLeft
		}
	}
	s.endTeamForm(w, r, err, to, flash, func(v *web.TeamPageView) { v.Add = form })
}

func (s *Server) teamChosen(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, ok := s.id(w, r, "id")
	if !ok || !s.posted(w, r) {
		return
	}
	form := casework.TeamChoiceForm{ChosenOn: r.PostForm.Get("chosen_on"), Note: r.PostForm.Get("note")}
	chosenOn, note, err := form.Validate(s.today())
	if err == nil {
		err = s.db.RecordTeamChoice(ctx, *userFrom(ctx), id, chosenOn, note)
	}
	s.endTeamForm(w, r, err, web.YouthPath(id, "/team")+"#choice-heading", web.T(ctx).TeamT.ChoiceSaved, func(v *web.TeamPageView) { v.Choice = form })
}

// removeView loads the confirmation before a member leaves the team, with
// the reason they cannot, if one applies now.
func (s *Server) removeView(w http.ResponseWriter, r *http.Request) (web.RemoveMemberView, bool) {
	ctx := r.Context()
	h, ok := s.youthHeading(w, r)
	if !ok {
		return web.RemoveMemberView{}, false
	}
	userID, err := idParam(r, "userID")
	if err != nil {
		s.fail(w, r, err)
		return web.RemoveMemberView{}, false
	}
	u := userFrom(ctx)
	team, err := s.db.ViewTeam(ctx, *u, h.ID, casework.AuditTeamView)
	if err != nil {
		s.fail(w, r, err)
		return web.RemoveMemberView{}, false
	}
	m, ok := team.Member(userID)
	if !ok {
		s.fail(w, r, casework.NotFound())
		return web.RemoveMemberView{}, false
	}
	v := web.RemoveMemberView{Page: s.page(r, web.T(ctx).TeamT.RemoveTitle, web.NavYouth), Heading: h, Today: s.today(), Member: m, Self: userID == u.ID}
	switch {
	case team.IsContactPerson(userID):
		v.Blocked = casework.ProblemContactPersonStays
	case team.Handover != nil && team.Handover.ToID == userID:
		v.Blocked = casework.ProblemHandoverReceiverStays
	case len(team.Members) <= 1:
		v.Blocked = casework.ProblemTeamLastMember
	}
	return v, true
}

func (s *Server) teamRemoveConfirm(w http.ResponseWriter, r *http.Request) {
	if v, ok := s.removeView(w, r); ok {
		s.render(w, r, http.StatusOK, web.RemoveMemberPage(v))
	}
}

func (s *Server) teamRemove(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := userFrom(ctx)
	ids, ok := s.ids(w, r, "id", "userID")
	if !ok {
		return
	}
	id, userID := ids[0], ids[1]
	err := s.db.RemoveTeamMember(ctx, *u, id, userID)
	tt := web.T(ctx).TeamT
	end := formEnd{To: web.YouthPath(id, "/team") + "#former-heading", Flash: tt.MemberRemoved,
		Conflict: func(status int, problem casework.Problem) {
			if v, ok := s.removeView(w, r); ok {
				v.Blocked = problem
				s.render(w, r, status, web.RemoveMemberPage(v))
			}
		}}
	if userID == u.ID && !u.Role.SeesWholeMunicipality() {
		// Whoever leaves the team no longer sees the young person.
		end.To, end.Flash = "/", tt.RemovedSelf
	}
	s.endForm(w, r, err, end)
}
