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
	mid, ok := s.id(w, r, "mid")
	if !ok || !s.posted(w, r) {
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
	s.endMeetingForm(w, r, err, meetingFormEnd{To: backTo(r, mid, "#agenda"), Flash: web.T(ctx).MeetingT.AgendaAdded,
		OnPage: func(v *web.MeetingView, problems map[string]casework.Problem) {
			v.Agenda, v.AgendaProblems, v.AgendaToken = form, problems, form.Token
		},
		OnScreen: func(v *web.ScreenView, problems map[string]casework.Problem) {
			v.Agenda, v.AgendaProb, v.AgendaTok = form, problems, form.Token
		}})
}

func (s *Server) agendaSend(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	mid, ok := s.id(w, r, "mid")
	if !ok {
		return
	}
	err := s.db.SendAgenda(ctx, *userFrom(ctx), mid, s.now())
	s.endMeetingForm(w, r, err, meetingFormEnd{To: web.MeetingPath(mid, "#agenda"), Flash: web.T(ctx).MeetingT.AgendaSentFlash,
		OnPage: func(v *web.MeetingView, problems map[string]casework.Problem) { v.SendProblem = problems["agenda"] }})
}

func (s *Server) agendaMove(w http.ResponseWriter, r *http.Request) {
	s.moveItem(w, r, "iid", "#agenda-", s.db.MoveAgendaItem)
}

// moveItem moves an agenda or plan item one place, and goes back to it.
func (s *Server) moveItem(w http.ResponseWriter, r *http.Request, param, fragment string, move func(ctx context.Context, actor casework.User, mid, id int64, up bool) error) {
	ctx := r.Context()
	ids, ok := s.ids(w, r, "mid", param)
	if !ok || !s.posted(w, r) {
		return
	}
	up, err := direction(r)
	if err == nil {
		err = move(ctx, *userFrom(ctx), ids[0], ids[1], up)
	}
	s.endForm(w, r, err, formEnd{To: web.MeetingPath(ids[0], fragment+strconv.FormatInt(ids[1], 10))})
}

func (s *Server) agendaDelete(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ids, ok := s.ids(w, r, "mid", "iid")
	if !ok {
		return
	}
	err := s.db.DeleteAgendaItem(ctx, *userFrom(ctx), ids[0], ids[1])
	s.endForm(w, r, err, formEnd{To: web.MeetingPath(ids[0], "#agenda"), Flash: web.T(ctx).MeetingT.AgendaRemoved})
}
