package server

import (
	"context"
	"net/http"
	"strconv"

	"kui/internal/casework"
	"kui/web"
)

func (s *Server) agendaAdd(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	mid, err := idParam(r, "mid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	form := casework.AgendaForm{Text: r.PostForm.Get("text"), RaisedBy: r.PostForm.Get("raised_by"), Token: r.PostForm.Get("token")}
	kind, err := s.db.AgendaMeetingKind(ctx, *userFrom(ctx), mid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := form.Validate(kind)
	if err == nil {
		err = s.db.AddAgendaItem(ctx, *userFrom(ctx), mid, d, form.Token)
	}
	if err == nil {
		if !fromScreen(r) {
			s.flash(r, "success", web.T(ctx).MeetingT.AgendaAdded)
		}
		s.redirect(w, r, backTo(r, mid, "#agenda"))
		return
	}
	problems := casework.FieldProblems(err)
	if problems == nil {
		s.fail(w, r, err)
		return
	}
	if fromScreen(r) {
		s.showScreen(w, r, http.StatusUnprocessableEntity, func(v *web.ScreenView) {
			v.Agenda, v.AgendaProb, v.AgendaTok = form, problems, form.Token
		})
		return
	}
	s.showMeeting(w, r, http.StatusUnprocessableEntity, func(v *web.MeetingView) {
		v.Agenda, v.AgendaProblems, v.AgendaToken = form, problems, form.Token
	})
}

func (s *Server) agendaSend(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	mid, err := idParam(r, "mid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.db.SendAgenda(ctx, *userFrom(ctx), mid, s.now())
	if err == nil {
		s.flash(r, "success", web.T(ctx).MeetingT.AgendaSentFlash)
		s.redirect(w, r, meetingLink(mid, "#agenda"))
		return
	}
	if p := casework.FieldProblems(err); p != nil {
		s.showMeeting(w, r, http.StatusUnprocessableEntity, func(v *web.MeetingView) { v.SendProblem = p["agenda"] })
		return
	}
	s.fail(w, r, err)
}

func (s *Server) agendaMove(w http.ResponseWriter, r *http.Request) {
	s.moveItem(w, r, "iid", "#agenda-", s.db.MoveAgendaItem)
}

// moveItem moves an agenda or plan item one place, and goes back to it.
func (s *Server) moveItem(w http.ResponseWriter, r *http.Request, param, fragment string, move func(ctx context.Context, actor casework.User, mid, id int64, up bool) error) {
	ctx := r.Context()
	mid, err := idParam(r, "mid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := idParam(r, param)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	up, err := direction(r)
	if err == nil {
		err = move(ctx, *userFrom(ctx), mid, id, up)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, meetingLink(mid, fragment+strconv.FormatInt(id, 10)))
}

func (s *Server) agendaDelete(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	mid, err := idParam(r, "mid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	iid, err := idParam(r, "iid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.DeleteAgendaItem(ctx, *userFrom(ctx), mid, iid); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "success", web.T(ctx).MeetingT.AgendaRemoved)
	s.redirect(w, r, meetingLink(mid, "#agenda"))
}
