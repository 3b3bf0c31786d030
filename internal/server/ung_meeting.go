package server

import (
	"net/http"
	"strconv"

	"kui/internal/casework"
	"kui/web"
)

// The young person's plan, next meeting (with their own agenda topics) and
// team: /ung/plan, /ung/moede, /ung/team. The store finds everything
// through the citizen session; an id in a form or the address only names a
// meeting or topic of their own case (another's is not found).

// ungPlan is the young person's action plan, printable.
func (s *Server) ungPlan(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	plan, err := s.db.UngPlan(ctx, *citizenFrom(ctx))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.UngPlanView{Page: s.ungPage(r, web.T(ctx).Ung.Meeting.PlanTitle, web.UngNavPlan), Plan: plan}
	s.render(w, r, http.StatusOK, web.UngPlanPage(v))
}

// ungMeeting is the young person's next meeting with its agenda.
func (s *Server) ungMeeting(w http.ResponseWriter, r *http.Request) {
	s.showUngMeeting(w, r, http.StatusOK, "", "")
}

// showUngMeeting renders the next meeting, with the topic form as typed
// and its problem (a form sent back).
func (s *Server) showUngMeeting(w http.ResponseWriter, r *http.Request, status int, text string, problem casework.Problem) {
	ctx := r.Context()
	m, err := s.db.UngNextMeeting(ctx, *citizenFrom(ctx))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.UngMeetingView{Page: s.ungPage(r, web.T(ctx).Ung.Meeting.MeetingTitle, web.UngNavMeeting), Meeting: m,
		Text: text, Problem: problem}
	s.render(w, r, status, web.UngMeetingPage(v))
}

// formMeetingID reads the meeting named in a young person's form; a
// missing or malformed one is not found.
func formMeetingID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PostForm.Get("meeting"), 10, 64)
	if err != nil || id <= 0 {
		return 0, casework.NotFound()
	}
	return id, nil
}

// ungAgendaAdd puts the young person's own topic on their meeting's
// agenda: 303 back with a flash; 422 with the text kept when it is empty or
// too long; 409 with the Danish text when the agenda is closed to them.
func (s *Server) ungAgendaAdd(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !s.posted(w, r) {
		return
	}
	meetingID, err := formMeetingID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	text := r.PostForm.Get("text")
	err = s.db.UngAddAgendaTopic(ctx, *citizenFrom(ctx), meetingID, text)
	s.endForm(w, r, err, formEnd{To: "/ung/moede", Flash: web.T(ctx).Ung.Meeting.TopicAdded,
		Invalid: func(status int, problems map[string]casework.Problem) {
			s.showUngMeeting(w, r, status, text, problems["text"])
		}})
}

// ungAgendaDelete takes off the agenda a topic the young person wrote
// themself: 303 back with a flash; a professional's topic, or one of
// another's meeting, is not found; 409 when the agenda is closed.
func (s *Server) ungAgendaDelete(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	itemID, ok := s.id(w, r, "iid")
	if !ok || !s.posted(w, r) {
		return
	}
	meetingID, err := formMeetingID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.db.UngDeleteAgendaTopic(ctx, *citizenFrom(ctx), meetingID, itemID)
	s.endForm(w, r, err, formEnd{To: "/ung/moede", Flash: web.T(ctx).Ung.Meeting.TopicRemoved})
}

// ungTeam is the young person's team and contact person.
func (s *Server) ungTeam(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	team, err := s.db.UngTeam(ctx, *citizenFrom(ctx))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.UngTeamView{Page: s.ungPage(r, web.T(ctx).Ung.Meeting.TeamTitle, web.UngNavTeam), Team: team}
	s.render(w, r, http.StatusOK, web.UngTeamPage(v))
}
