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
	id, ok := s.id(w, r, "id")
	if !ok || !s.posted(w, r) {
		return
	}
	f := r.PostForm
	form := casework.ReferralForm{Situation: f.Get("situation"), Tried: f.Get("tried"), Needed: f.Get("needed")}
	details, err := form.Validate()
	if err == nil {
		err = s.db.CreateReferral(ctx, *userFrom(ctx), id, details)
	}
	s.endForm(w, r, err, formEnd{To: web.YouthPath(id, "/team"), Flash: web.T(ctx).TeamT.ReferralSent,
		Invalid: func(status int, problems map[string]casework.Problem) {
			s.showReferralForm(w, r, status, func(v *web.ReferralFormView) { v.Form, v.Problems = form, problems })
		},
		Conflict: func(status int, problem casework.Problem) {
			s.showReferralForm(w, r, status, func(v *web.ReferralFormView) { v.Refusal = problem })
		}})
}

func (s *Server) referralWithdraw(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ids, ok := s.ids(w, r, "id", "rid")
	if !ok {
		return
	}
	err := s.db.WithdrawReferral(ctx, *userFrom(ctx), ids[0], ids[1])
	s.endTeamForm(w, r, err, web.YouthPath(ids[0], "/team"), web.T(ctx).TeamT.ReferralWithdrawn, func(*web.TeamPageView) {})
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
	rid, ok := s.id(w, r, "rid")
	if !ok {
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
	rid, ok := s.id(w, r, "rid")
	if !ok || !s.posted(w, r) {
		return
	}
	form := casework.DecisionForm{UserID: r.PostForm.Get("user_id"), Note: r.PostForm.Get("note")}
	userID, note, err := form.Validate()
	var youthID int64
	if err == nil {
		youthID, err = s.db.DecideReferral(ctx, *userFrom(ctx), rid, userID, note)
	}
	s.endForm(w, r, conflictOnField(err, casework.ProblemTeamFull, "user_id"), formEnd{To: web.YouthPath(youthID, "/team"), Flash: web.T(ctx).TeamT.ReferralDecided,
		Invalid: func(status int, problems map[string]casework.Problem) {
			s.showReferral(w, r, status, func(v *web.ReferralDecisionView) { v.Form, v.Problems = form, problems })
		},
		Conflict: func(status int, problem casework.Problem) {
			s.showReferral(w, r, status, func(v *web.ReferralDecisionView) { v.Form, v.Refusal = form, problem })
		}})
}
