package server

import (
	"fmt"
	"net/http"
	"strconv"

	"kui/internal/casework"
	"kui/internal/postgres"
	"kui/web"
)

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
