package server

import (
	"net/http"

	"kui/internal/casework"
	"kui/web"
)

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	t := web.T(r.Context())
	v := web.HomeView{Page: s.page(r, t.HomeTitle, web.NavHome), Today: s.today()}
	if u.Role != casework.RoleAdmin {
		list, _, err := s.db.ListYouth(r.Context(), *u, casework.YouthFilter{OnlyMine: true, Limit: 50})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.Youth = list
		if v.Handovers, err = s.db.MyHandovers(r.Context(), *u); err != nil {
			s.fail(w, r, err)
			return
		}
		if v.PendingReferrals, err = s.db.CountPendingReferrals(r.Context(), *u); err != nil {
			s.fail(w, r, err)
			return
		}
		if v.Meetings, err = s.homeMeetings(r, *u); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, web.HomePage(v))
}

// homeMeetings are the front page's next meetings of the user and the
// agendas they must send.
func (s *Server) homeMeetings(r *http.Request, u casework.User) (web.HomeMeetingsView, error) {
	v := web.HomeMeetingsView{Now: s.now(), UserID: u.ID}
	var err error
	if v.Meetings, err = s.db.MyMeetings(r.Context(), u, s.now(), 10); err != nil {
		return v, err
	}
	withOther := web.T(r.Context()).MeetingT.PlaceWithOther
	for i, m := range v.Meetings {
		v.Meetings[i].Place = m.PlaceLine(withOther) // the room, and the place written beside it
	}
	if u.Role != casework.RoleCoordinator {
		v.Alerts, err = s.db.AgendaAlerts(r.Context(), u, s.now())
	}
	return v, err
}
