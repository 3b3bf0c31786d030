package server

import (
	"context"
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
	ctx := r.Context()
	h, team, ok := underYouth(s, w, r, func(ctx context.Context, u casework.User, id int64) (casework.Team, error) {
		return s.db.ViewTeam(ctx, u, id, casework.AuditContactView)
	})
	if !ok {
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
	id, ok := s.id(w, r, "id")
	if !ok || !s.posted(w, r) {
		return
	}
	form := contactForm(r)
	if r.PostForm.Get("suggest") != "" {
		s.showContact(w, r, http.StatusOK, form, nil, true)
		return
	}
	choice, err := form.Validate()
	var out postgres.ContactOutcome
	if err == nil {
		out, err = s.db.ChooseContactPerson(ctx, *userFrom(ctx), id, choice)
	}
	tt := web.T(ctx).TeamT
	end := formEnd{To: web.YouthPath(id, "/team"), Flash: fmt.Sprintf(tt.ContactAssigned, out.Name),
		Invalid: func(status int, problems map[string]casework.Problem) {
			s.showContact(w, r, status, form, problems, false)
		},
		Conflict: func(status int, problem casework.Problem) {
			// Someone else changed the contact person meanwhile: show the
			// new situation, keeping the weighing typed.
			form.Current, form.UserID = "", ""
			s.showContact(w, r, status, form, map[string]casework.Problem{"user_id": problem}, false)
		}}
	if out.Handover {
		end.FlashKind, end.Flash = "info", fmt.Sprintf(tt.HandoverSent, out.Name)
	}
	s.endForm(w, r, err, end)
}

func (s *Server) handoverAccept(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ids, ok := s.ids(w, r, "id", "hid")
	if !ok {
		return
	}
	err := s.db.AcceptHandover(ctx, *userFrom(ctx), ids[0], ids[1])
	s.endTeamForm(w, r, err, web.YouthPath(ids[0], "/team"), web.T(ctx).TeamT.HandoverAccepted, func(*web.TeamPageView) {})
}

func (s *Server) handoverDecline(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ids, ok := s.ids(w, r, "id", "hid")
	if !ok || !s.posted(w, r) {
		return
	}
	typed := r.PostForm.Get("decline_reason")
	reason, err := casework.ValidateDeclineReason(typed)
	if err == nil {
		err = s.db.DeclineHandover(ctx, *userFrom(ctx), ids[0], ids[1], reason)
	}
	s.endTeamForm(w, r, err, web.YouthPath(ids[0], "/team"), web.T(ctx).TeamT.HandoverDeclined, func(v *web.TeamPageView) { v.Decline = typed })
}

func (s *Server) handoverCancel(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ids, ok := s.ids(w, r, "id", "hid")
	if !ok {
		return
	}
	err := s.db.CancelHandover(ctx, *userFrom(ctx), ids[0], ids[1])
	s.endTeamForm(w, r, err, web.YouthPath(ids[0], "/team"), web.T(ctx).TeamT.HandoverCancelled, func(*web.TeamPageView) {})
}
