package server

import (
	"fmt"
	"net/http"

	"kui/internal/casework"
	"kui/web"
)

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
