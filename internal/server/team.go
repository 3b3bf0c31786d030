package server

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"kui/internal/casework"
	"kui/internal/postgres"
	"kui/web"
)

// teamRoutes: the team around the young person, the contact person,
// handovers and referrals to the visitation committee, and the units the
// professionals belong to.
func (s *Server) teamRoutes(r chi.Router) {
	r.Get("/youth/{id}/team", s.teamShow)
	r.Post("/youth/{id}/team", s.teamAdd)
	r.Post("/youth/{id}/team/chosen", s.teamChosen)
	r.Get("/youth/{id}/team/{userID}/remove", s.teamRemoveConfirm)
	r.Post("/youth/{id}/team/{userID}/remove", s.teamRemove)

	r.Get("/youth/{id}/contact-person", s.contactShow)
	r.Post("/youth/{id}/contact-person", s.contactChoose)
	r.Post("/youth/{id}/handovers/{hid}/accept", s.handoverAccept)
	r.Post("/youth/{id}/handovers/{hid}/decline", s.handoverDecline)
	r.Post("/youth/{id}/handovers/{hid}/cancel", s.handoverCancel)

	r.Get("/youth/{id}/referral", s.referralNew)
	r.Post("/youth/{id}/referrals", s.referralCreate)
	r.Post("/youth/{id}/referrals/{rid}/withdraw", s.referralWithdraw)

	coordinator := r.With(s.requireRole(casework.RoleCoordinator))
	coordinator.Get("/referrals", s.referralList)
	coordinator.Get("/referrals/{rid}", s.referralShow)
	coordinator.Post("/referrals/{rid}/decide", s.referralDecide)

	admin := r.With(s.requireRole(casework.RoleAdmin))
	admin.Get("/admin/units", s.unitsShow)
	admin.Post("/admin/units", s.unitAdd)
	admin.Post("/admin/units/{unitID}", s.unitRename)
}

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

// contactForm reads the choice of contact person and its weighing as typed.
func contactForm(r *http.Request) casework.ContactForm {
	f := r.PostForm
	return casework.ContactForm{
		UserID:          f.Get("user_id"),
		Reason:          f.Get("reason"),
		Needs:           f.Get("needs"),
		WishUserIDs:     f["wish_user_id"],
		RelationUserIDs: f["relation_user_id"],
		NeedsUserIDs:    f["needs_user_id"],
		Current:         f.Get("current"),
	}
}

// showContact renders the choice of contact person with suggestions ranked
// by the weighing in form.
func (s *Server) showContact(w http.ResponseWriter, r *http.Request, status int, form casework.ContactForm, problems map[string]casework.Problem, preselect bool) {
	h, ok := s.youthHeading(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	team, err := s.db.ViewTeam(ctx, *userFrom(ctx), h.ID, casework.AuditContactView)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tt := web.T(ctx).TeamT
	title := tt.ChooseContactTitle
	var current int64
	if team.ContactPerson != nil {
		title, current = tt.ChangeContactTitle, team.ContactPerson.UserID
	}
	v := web.ContactPageView{Page: s.page(r, title, web.NavYouth), Heading: h, Today: s.today(), Team: team, Form: form, Problems: problems}
	v.Suggestions = casework.Suggest(team.Members, team.Loads, form.Input(), current)
	// After the weighing, the best suggestion is the sensible default.
	if preselect && form.UserID == "" && len(v.Suggestions) > 0 {
		if best := v.Suggestions[0]; best.YouthWish || best.Relation || best.NeedsMatch {
			v.Form.UserID = strconv.FormatInt(best.Member.UserID, 10)
		}
	}
	s.render(w, r, status, web.ContactPage(v))
}

func (s *Server) contactShow(w http.ResponseWriter, r *http.Request) {
	s.showContact(w, r, http.StatusOK, casework.ContactForm{}, nil, false)
}

func (s *Server) contactChoose(w http.ResponseWriter, r *http.Request) {
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
	form := contactForm(r)
	if r.PostForm.Get("suggest") != "" {
		s.showContact(w, r, http.StatusOK, form, nil, true)
		return
	}
	choice, err := form.Validate()
	if err == nil {
		var out postgres.ContactOutcome
		if out, err = s.db.ChooseContactPerson(ctx, *userFrom(ctx), id, choice); err == nil {
			tt := web.T(ctx).TeamT
			if out.Handover {
				s.flash(r, "info", fmt.Sprintf(tt.HandoverSent, out.Name))
			} else {
				s.flash(r, "success", fmt.Sprintf(tt.ContactAssigned, out.Name))
			}
			s.redirect(w, r, teamPath(id))
			return
		}
	}
	switch {
	case casework.FieldProblems(err) != nil:
		s.showContact(w, r, http.StatusUnprocessableEntity, form, casework.FieldProblems(err), false)
	case casework.Code(err) == casework.EConflict:
		// Someone else changed the contact person meanwhile: show the new
		// situation, keeping the weighing typed.
		form.Current, form.UserID = "", ""
		s.showContact(w, r, http.StatusConflict, form, map[string]casework.Problem{"user_id": conflictProblem(err)}, false)
	default:
		s.fail(w, r, err)
	}
}

// handoverIDs reads the young person's and the handover's ids.
func handoverIDs(r *http.Request) (int64, int64, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return 0, 0, err
	}
	hid, err := idParam(r, "hid")
	return id, hid, err
}

func (s *Server) handoverAccept(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, hid, err := handoverIDs(r)
	if err == nil {
		if err = s.db.AcceptHandover(ctx, *userFrom(ctx), id, hid); err == nil {
			s.flash(r, "success", web.T(ctx).TeamT.HandoverAccepted)
			s.redirect(w, r, teamPath(id))
			return
		}
	}
	s.refuse(w, r, err, func(*web.TeamPageView) {})
}

func (s *Server) handoverDecline(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, hid, err := handoverIDs(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	typed := r.PostForm.Get("decline_reason")
	reason, err := casework.ValidateDeclineReason(typed)
	if err == nil {
		if err = s.db.DeclineHandover(ctx, *userFrom(ctx), id, hid, reason); err == nil {
			s.flash(r, "success", web.T(ctx).TeamT.HandoverDeclined)
			s.redirect(w, r, teamPath(id))
			return
		}
	}
	s.refuse(w, r, err, func(v *web.TeamPageView) { v.Decline = typed })
}

func (s *Server) handoverCancel(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, hid, err := handoverIDs(r)
	if err == nil {
		if err = s.db.CancelHandover(ctx, *userFrom(ctx), id, hid); err == nil {
			s.flash(r, "success", web.T(ctx).TeamT.HandoverCancelled)
			s.redirect(w, r, teamPath(id))
			return
		}
	}
	s.refuse(w, r, err, func(*web.TeamPageView) {})
}

func (s *Server) showReferralForm(w http.ResponseWriter, r *http.Request, status int, adjust func(*web.ReferralFormView)) {
	h, ok := s.youthHeading(w, r)
	if !ok {
		return
	}
	v := web.ReferralFormView{Page: s.page(r, web.T(r.Context()).TeamT.ReferralTitle, web.NavYouth), Heading: h, Today: s.today()}
	if h.Status != casework.StatusActive {
		v.Refusal = casework.ProblemYouthNotActive
	}
	adjust(&v)
	s.render(w, r, status, web.ReferralFormPage(v))
}

func (s *Server) referralNew(w http.ResponseWriter, r *http.Request) {
	s.showReferralForm(w, r, http.StatusOK, func(*web.ReferralFormView) {})
}

func (s *Server) referralCreate(w http.ResponseWriter, r *http.Request) {
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
	f := r.PostForm
	form := casework.ReferralForm{Situation: f.Get("situation"), Tried: f.Get("tried"), Needed: f.Get("needed")}
	details, err := form.Validate()
	if err == nil {
		if err = s.db.CreateReferral(ctx, *userFrom(ctx), id, details); err == nil {
			s.flash(r, "success", web.T(ctx).TeamT.ReferralSent)
			s.redirect(w, r, teamPath(id))
			return
		}
	}
	switch {
	case casework.FieldProblems(err) != nil:
		s.showReferralForm(w, r, http.StatusUnprocessableEntity, func(v *web.ReferralFormView) {
			v.Form, v.Problems = form, casework.FieldProblems(err)
		})
	case casework.Code(err) == casework.EConflict:
		s.showReferralForm(w, r, http.StatusConflict, func(v *web.ReferralFormView) { v.Refusal = conflictProblem(err) })
	default:
		s.fail(w, r, err)
	}
}

func (s *Server) referralWithdraw(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := idParam(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rid, err := idParam(r, "rid")
	if err == nil {
		if err = s.db.WithdrawReferral(ctx, *userFrom(ctx), id, rid); err == nil {
			s.flash(r, "success", web.T(ctx).TeamT.ReferralWithdrawn)
			s.redirect(w, r, teamPath(id))
			return
		}
	}
	s.refuse(w, r, err, func(*web.TeamPageView) {})
}

// referralList is the coordinator's view of what waits for the visitation
// committee, and of handovers waiting for their receiver.
func (s *Server) referralList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := userFrom(ctx)
	referrals, err := s.db.PendingReferrals(ctx, *u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	handovers, err := s.db.PendingHandovers(ctx, *u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.ReferralsView{Page: s.page(r, web.T(ctx).TeamT.ReferralsTitle, web.NavOverview), Referrals: referrals, Handovers: handovers}
	s.render(w, r, http.StatusOK, web.ReferralsPage(v))
}

func (s *Server) showReferral(w http.ResponseWriter, r *http.Request, status int, adjust func(*web.ReferralDecisionView)) {
	ctx := r.Context()
	rid, err := idParam(r, "rid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rc, err := s.db.ViewReferral(ctx, *userFrom(ctx), rid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.ReferralDecisionView{Page: s.page(r, fmt.Sprintf(web.T(ctx).TeamT.DecisionTitle, rc.Referral.YouthName), web.NavOverview), Case: rc}
	adjust(&v)
	s.render(w, r, status, web.ReferralDecisionPage(v))
}

func (s *Server) referralShow(w http.ResponseWriter, r *http.Request) {
	s.showReferral(w, r, http.StatusOK, func(*web.ReferralDecisionView) {})
}

func (s *Server) referralDecide(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rid, err := idParam(r, "rid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	form := casework.DecisionForm{UserID: r.PostForm.Get("user_id"), Note: r.PostForm.Get("note")}
	userID, note, err := form.Validate()
	if err == nil {
		var youthID int64
		if youthID, err = s.db.DecideReferral(ctx, *userFrom(ctx), rid, userID, note); err == nil {
			s.flash(r, "success", web.T(ctx).TeamT.ReferralDecided)
			s.redirect(w, r, teamPath(youthID))
			return
		}
	}
	switch {
	case casework.FieldProblems(err) != nil:
		s.showReferral(w, r, http.StatusUnprocessableEntity, func(v *web.ReferralDecisionView) {
			v.Form, v.Problems = form, casework.FieldProblems(err)
		})
	case casework.Code(err) == casework.EConflict && conflictProblem(err) == casework.ProblemTeamFull:
		s.showReferral(w, r, http.StatusUnprocessableEntity, func(v *web.ReferralDecisionView) {
			v.Form, v.Problems = form, map[string]casework.Problem{"user_id": casework.ProblemTeamFull}
		})
	case casework.Code(err) == casework.EConflict:
		s.showReferral(w, r, http.StatusConflict, func(v *web.ReferralDecisionView) {
			v.Form, v.Refusal = form, conflictProblem(err)
		})
	default:
		s.fail(w, r, err)
	}
}

func (s *Server) showUnits(w http.ResponseWriter, r *http.Request, status int, adjust func(*web.UnitsView)) {
	ctx := r.Context()
	units, err := s.db.ListUnits(ctx, *userFrom(ctx))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.UnitsView{Page: s.page(r, web.T(ctx).TeamT.UnitsTitle, web.NavAdmin), Units: units}
	adjust(&v)
	s.render(w, r, status, web.UnitsPage(v))
}

func (s *Server) unitsShow(w http.ResponseWriter, r *http.Request) {
	s.showUnits(w, r, http.StatusOK, func(*web.UnitsView) {})
}

func (s *Server) unitAdd(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := parseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	typed := r.PostForm.Get("name")
	name, err := casework.ValidateUnitName(typed)
	if err == nil {
		if err = s.db.AddUnit(ctx, *userFrom(ctx), name); err == nil {
			s.flash(r, "success", web.T(ctx).TeamT.UnitAdded)
			s.redirect(w, r, "/admin/units")
			return
		}
	}
	if casework.FieldProblems(err) == nil {
		s.fail(w, r, err)
		return
	}
	s.showUnits(w, r, http.StatusUnprocessableEntity, func(v *web.UnitsView) {
		v.NewName, v.Problems = typed, casework.FieldProblems(err)
	})
}

func (s *Server) unitRename(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	unitID, err := idParam(r, "unitID")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	typed := r.PostForm.Get("name")
	name, err := casework.ValidateUnitName(typed)
	if err == nil {
		if err = s.db.RenameUnit(ctx, *userFrom(ctx), unitID, name); err == nil {
			s.flash(r, "success", web.T(ctx).TeamT.UnitRenamed)
			s.redirect(w, r, "/admin/units")
			return
		}
	}
	if casework.FieldProblems(err) == nil {
		s.fail(w, r, err)
		return
	}
	s.showUnits(w, r, http.StatusUnprocessableEntity, func(v *web.UnitsView) {
		v.RenameID, v.RenameName, v.RenameProblem = unitID, typed, casework.FieldProblems(err)["name"]
	})
}
