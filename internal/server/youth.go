package server

import (
	"context"
	"net/http"

	"kui/internal/casework"
	"kui/web"
)

func (s *Server) youthList(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	t := web.T(r.Context())
	q := r.URL.Query()
	f := casework.YouthFilter{Query: q.Get("q"), Level: casework.Level(q.Get("level")), Status: casework.Status(q.Get("status"))}
	list, total, err := s.db.ListYouth(r.Context(), *u, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.YouthListView{Page: s.page(r, t.YouthListTitle, web.NavYouth), Filter: f, Youth: list, Total: total, Today: s.today(), CanAdd: true}
	s.render(w, r, http.StatusOK, web.YouthListPage(v))
}

func (s *Server) youthNew(w http.ResponseWriter, r *http.Request) {
	t := web.T(r.Context())
	// Nothing is chosen for the creator but whether they are on the team
	// themselves, as their role usually is.
	form := casework.YouthForm{JoinTeam: casework.JoinsTeamByDefault(userFrom(r.Context()).Role)}
	v := web.YouthFormView{Page: s.page(r, t.YouthNewTitle, web.NavYouth), Form: form}
	s.render(w, r, http.StatusOK, web.YouthFormPage(v))
}

// youthForm reads the young person's form as typed.
func youthForm(r *http.Request) casework.YouthForm {
	f := r.PostForm
	form := casework.YouthForm{
		Name:            f.Get("name"),
		BirthDate:       f.Get("birth_date"),
		CPR:             f.Get("cpr"),
		Level:           f.Get("level"),
		NeedCategory:    f.Get("need_category"),
		EducationStatus: f.Get("education_status"),
		EducationPlan:   f.Get("education_plan"),
		JoinTeam:        f.Get("join_team") != "",
	}
	form.Version = formVersion(r)
	for i := range form.Guardians {
		form.Guardians[i] = casework.Guardian{
			Name:     f.Get(casework.GuardianField(i, "name")),
			Relation: f.Get(casework.GuardianField(i, "relation")),
			Phone:    f.Get(casework.GuardianField(i, "phone")),
			Email:    f.Get(casework.GuardianField(i, "email")),
		}
	}
	return form
}

func (s *Server) youthCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	t := web.T(ctx)
	if !s.posted(w, r) {
		return
	}
	form := youthForm(r)
	details, err := form.Validate(s.today(), true)
	var id int64
	if err == nil {
		id, err = s.db.CreateYouth(ctx, *userFrom(ctx), details)
	}
	end := formEnd{To: web.YouthPath(id, ""), Flash: t.YouthCreated,
		Invalid: func(status int, problems map[string]casework.Problem) {
			v := web.YouthFormView{Page: s.page(r, t.YouthNewTitle, web.NavYouth), Form: form, Problems: problems}
			s.render(w, r, status, web.YouthFormPage(v))
		}}
	if !form.JoinTeam {
		// The creator is not on the team: the next step is to put it together.
		end.To, end.Flash = web.YouthPath(id, "/team"), t.YouthCreatedNoTeam
	}
	s.endForm(w, r, err, end)
}

func (s *Server) youthShow(w http.ResponseWriter, r *http.Request) {
	s.showYouth(w, r, http.StatusOK, func(*web.YouthPageView) {})
}

// showYouth renders the young person's page; adjust fills in what the
// action before it wants shown (a revealed CPR, a status form with errors).
func (s *Server) showYouth(w http.ResponseWriter, r *http.Request, status int, adjust func(*web.YouthPageView)) {
	id, ok := s.id(w, r, "id")
	if !ok {
		return
	}
	rec, err := s.db.ViewYouth(r.Context(), *userFrom(r.Context()), id, casework.AuditYouthView, s.today())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.YouthPageView{Page: s.page(r, rec.Name, web.NavYouth), Record: rec, Today: s.today()}
	adjust(&v)
	s.render(w, r, status, web.YouthPage(v))
}

func (s *Server) youthEdit(w http.ResponseWriter, r *http.Request) {
	id, ok := s.id(w, r, "id")
	if !ok {
		return
	}
	rec, err := s.db.ViewYouth(r.Context(), *userFrom(r.Context()), id, casework.AuditYouthEditing, s.today())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t := web.T(r.Context())
	v := web.YouthFormView{Page: s.page(r, t.YouthEditTitle, web.NavYouth), ID: id, Form: formFromYouth(rec.Youth)}
	s.render(w, r, http.StatusOK, web.YouthFormPage(v))
}

func formFromYouth(y casework.Youth) casework.YouthForm {
	form := casework.YouthForm{
		Name:            y.Name,
		BirthDate:       y.BirthDate.Format("2006-01-02"),
		CPR:             y.CPR.Formatted(),
		Level:           string(y.Level),
		NeedCategory:    string(y.NeedCategory),
		EducationStatus: y.EducationStatus,
		EducationPlan:   y.EducationPlan,
		Version:         y.Version,
	}
	copy(form.Guardians[:], y.Guardians)
	return form
}

func (s *Server) youthUpdate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	t := web.T(ctx)
	id, ok := s.id(w, r, "id")
	if !ok || !s.posted(w, r) {
		return
	}
	form := youthForm(r)
	details, err := form.Validate(s.today(), false)
	if err == nil {
		err = s.db.UpdateYouth(ctx, *userFrom(ctx), id, form.Version, details)
	}
	v := web.YouthFormView{Page: s.page(r, t.YouthEditTitle, web.NavYouth), ID: id, Form: form}
	s.endForm(w, r, err, formEnd{To: web.YouthPath(id, ""), Flash: t.YouthSaved,
		Invalid: func(status int, problems map[string]casework.Problem) {
			v.Problems = problems
			s.render(w, r, status, web.YouthFormPage(v))
		},
		Conflict: func(status int, _ casework.Problem) {
			// Keep what the user typed; the next save starts from the
			// version now stored.
			current, err := s.db.ViewYouth(ctx, *userFrom(ctx), id, casework.AuditYouthEditing, s.today())
			if err != nil {
				s.fail(w, r, err)
				return
			}
			v.Stale, v.Form.Version = true, current.Version
			s.render(w, r, status, web.YouthFormPage(v))
		}})
}

func (s *Server) youthChangeStatus(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, ok := s.id(w, r, "id")
	if !ok || !s.posted(w, r) {
		return
	}
	form := casework.StatusForm{To: r.PostForm.Get("status"), Reason: r.PostForm.Get("reason")}
	h, err := s.db.YouthHeading(ctx, *userFrom(ctx), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	to, reason, err := form.ValidateChange(h.Status)
	if err == nil {
		err = s.db.ChangeStatus(ctx, *userFrom(ctx), id, to, reason)
	}
	s.endForm(w, r, err, formEnd{To: web.YouthPath(id, "#status"), Flash: web.T(ctx).StatusChanged,
		Invalid: func(status int, problems map[string]casework.Problem) {
			s.showYouth(w, r, status, func(v *web.YouthPageView) { v.Status, v.Problems = form, problems })
		}})
}

// youthRevealCPR shows the page once with the full CPR number. It is a POST
// so that the reveal is a deliberate act, logged, and never a link that a
// browser prefetches or history replays.
func (s *Server) youthRevealCPR(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, ok := s.id(w, r, "id")
	if !ok {
		return
	}
	cpr, err := s.db.RevealCPR(ctx, *userFrom(ctx), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showYouth(w, r, http.StatusOK, func(v *web.YouthPageView) {
		v.RevealedCPR = cpr
		v.Page.Flash = web.Flash{Kind: "info", Text: web.T(ctx).CPRRevealed}
	})
}

// youthHeading reads the {id} of the route and the young person's heading
// for a sub-page. On failure it has answered the request and returns false.
func (s *Server) youthHeading(w http.ResponseWriter, r *http.Request) (casework.YouthHeading, bool) {
	id, err := idParam(r, "id")
	if err == nil {
		var h casework.YouthHeading
		if h, err = s.db.YouthHeading(r.Context(), *userFrom(r.Context()), id); err == nil {
			return h, true
		}
	}
	s.fail(w, r, err)
	return casework.YouthHeading{}, false
}

// underYouth reads the heading of the young person in the route's {id} and
// what a page under them shows (load). On failure it has answered through
// the error path and returns false.
func underYouth[T any](s *Server, w http.ResponseWriter, r *http.Request, load func(ctx context.Context, actor casework.User, youthID int64) (T, error)) (casework.YouthHeading, T, bool) {
	var zero T
	h, ok := s.youthHeading(w, r)
	if !ok {
		return h, zero, false
	}
	v, err := load(r.Context(), *userFrom(r.Context()), h.ID)
	if err != nil {
		s.fail(w, r, err)
		return h, zero, false
	}
	return h, v, true
}
