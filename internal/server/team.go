package server

import (
	"net/http"
	"strconv"

	"kui/internal/casework"
	"kui/web"
)

func teamPath(id int64) string { return "/youth/" + strconv.FormatInt(id, 10) + "/team" }

// showTeam renders the team page; adjust fills in what the action before
// it wants shown (a form with errors, a refusal).
func (s *Server) showTeam(w http.ResponseWriter, r *http.Request, status int, adjust func(*web.TeamPageView)) {
	h, ok := s.youthHeading(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	team, err := s.db.ViewTeam(ctx, *userFrom(ctx), h.ID, casework.AuditTeamView)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.TeamPageView{Page: s.page(r, web.T(ctx).TeamT.TeamTitle, web.NavYouth), Heading: h, Today: s.today(), Team: team}
	adjust(&v)
	s.render(w, r, status, web.TeamPage(v))
}

func (s *Server) teamShow(w http.ResponseWriter, r *http.Request) {
	s.showTeam(w, r, http.StatusOK, func(*web.TeamPageView) {})
}

// refuse shows the team page again after an action the rules refused:
// field problems beside their fields (422), a conflict at the top (409; a
// full team is a problem of the chosen professional, 422). Anything else
// goes the one error path.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, err error, adjust func(*web.TeamPageView)) {
	switch {
	case casework.FieldProblems(err) != nil:
		s.showTeam(w, r, http.StatusUnprocessableEntity, func(v *web.TeamPageView) {
			v.Problems = casework.FieldProblems(err)
			adjust(v)
		})
	case casework.Code(err) == casework.EConflict && conflictProblem(err) == casework.ProblemTeamFull:
		s.showTeam(w, r, http.StatusUnprocessableEntity, func(v *web.TeamPageView) {
			v.Problems = map[string]casework.Problem{"user_id": casework.ProblemTeamFull}
			adjust(v)
		})
	case casework.Code(err) == casework.EConflict:
		s.showTeam(w, r, http.StatusConflict, func(v *web.TeamPageView) {
			v.Refusal = conflictProblem(err)
			adjust(v)
		})
	default:
		s.fail(w, r, err)
	}
}

func (s *Server) teamAdd(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := idParam(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	form := casework.TeamMemberForm{UserID: r.PostForm.Get("user_id"), TeamRole: r.PostForm.Get("team_role")}
	userID, role, err := form.Validate()
	if err == nil {
		if err = s.db.AddTeamMember(ctx, *userFrom(ctx), id, userID, role); err == nil {
			s.flash(r, "success", web.T(ctx).TeamT.MemberAdded)
			s.redirect(w, r, teamPath(id))
			return
		}
	}
	s.refuse(w, r, err, func(v *web.TeamPageView) { v.Add = form })
}

func (s *Server) teamChosen(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := idParam(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	form := casework.TeamChoiceForm{ChosenOn: r.PostForm.Get("chosen_on"), Note: r.PostForm.Get("note")}
	chosenOn, note, err := form.Validate(s.today())
	if err == nil {
		if err = s.db.RecordTeamChoice(ctx, *userFrom(ctx), id, chosenOn, note); err == nil {
			s.flash(r, "success", web.T(ctx).TeamT.ChoiceSaved)
			s.redirect(w, r, teamPath(id)+"#choice-heading")
			return
		}
	}
	s.refuse(w, r, err, func(v *web.TeamPageView) { v.Choice = form })
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
	id, err := idParam(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	userID, err := idParam(r, "userID")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.db.RemoveTeamMember(ctx, *u, id, userID)
	tt := web.T(ctx).TeamT
	switch {
	case err == nil && userID == u.ID && !u.Role.SeesWholeMunicipality():
		// Whoever leaves the team no longer sees the young person.
		s.flash(r, "success", tt.RemovedSelf)
		s.redirect(w, r, "/")
	case err == nil:
		s.flash(r, "success", tt.MemberRemoved)
		s.redirect(w, r, teamPath(id)+"#former-heading")
	case casework.Code(err) == casework.EConflict:
		v, ok := s.removeView(w, r)
		if ok {
			v.Blocked = conflictProblem(err)
			s.render(w, r, http.StatusConflict, web.RemoveMemberPage(v))
		}
	default:
		s.fail(w, r, err)
	}
}
