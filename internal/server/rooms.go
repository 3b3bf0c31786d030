package server

import (
	"net/http"
	"strconv"

	"kui/internal/casework"
	"kui/web"
)

func (s *Server) roomsAdmin(w http.ResponseWriter, r *http.Request) {
	s.showRoomsAdmin(w, r, http.StatusOK, func(*web.RoomsAdminView) {})
}

func (s *Server) showRoomsAdmin(w http.ResponseWriter, r *http.Request, status int, adjust func(*web.RoomsAdminView)) {
	ctx := r.Context()
	a, err := s.db.MeetingAdminPage(ctx, *userFrom(ctx))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.RoomsAdminView{
		Page:  s.page(r, web.T(ctx).MeetingT.AdminTitle, web.NavAdmin),
		Rooms: a.Rooms, Days: a.Days, LeadDays: strconv.Itoa(a.LeadDays),
		Day: casework.MeetingDayForm{Weekday: "2", Starts: "09:00", Ends: "12:00"},
	}
	adjust(&v)
	s.render(w, r, status, web.RoomsAdminPage(v))
}

func roomForm(r *http.Request) casework.RoomForm {
	f := r.PostForm
	return casework.RoomForm{Name: f.Get("name"), Address: f.Get("address"), HasScreen: f.Get("has_screen") != "", Active: f.Get("active") != ""}
}

func (s *Server) roomCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !s.posted(w, r) {
		return
	}
	form := roomForm(r)
	room, err := form.Validate()
	if err == nil {
		err = s.db.CreateRoom(ctx, *userFrom(ctx), room)
	}
	s.endForm(w, r, err, formEnd{To: "/admin/rooms", Flash: web.T(ctx).MeetingT.RoomSaved,
		Invalid: func(status int, problems map[string]casework.Problem) {
			s.showRoomsAdmin(w, r, status, func(v *web.RoomsAdminView) { v.Room, v.RoomProblems = form, problems })
		}})
}

func (s *Server) roomUpdate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rid, ok := s.id(w, r, "rid")
	if !ok || !s.posted(w, r) {
		return
	}
	room, err := roomForm(r).Validate()
	if err == nil {
		err = s.db.UpdateRoom(ctx, *userFrom(ctx), rid, room)
	}
	s.endForm(w, r, err, formEnd{To: "/admin/rooms", Flash: web.T(ctx).MeetingT.RoomSaved})
}

func (s *Server) meetingDayAdd(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !s.posted(w, r) {
		return
	}
	f := r.PostForm
	form := casework.MeetingDayForm{RoomID: f.Get("room_id"), Weekday: f.Get("weekday"), Starts: f.Get("starts"), Ends: f.Get("ends")}
	d, err := form.Validate()
	if err == nil {
		err = s.db.AddMeetingDay(ctx, *userFrom(ctx), d)
	}
	s.endForm(w, r, err, formEnd{To: "/admin/rooms#days", Flash: web.T(ctx).MeetingT.FixedDaySaved,
		Invalid: func(status int, problems map[string]casework.Problem) {
			s.showRoomsAdmin(w, r, status, func(v *web.RoomsAdminView) { v.Day, v.DayProblems = form, problems })
		}})
}

func (s *Server) meetingDayDelete(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, ok := s.id(w, r, "did")
	if !ok {
		return
	}
	err := s.db.DeleteMeetingDay(ctx, *userFrom(ctx), id)
	s.endForm(w, r, err, formEnd{To: "/admin/rooms#days", Flash: web.T(ctx).MeetingT.FixedDayRemoved})
}

func (s *Server) meetingSettingsSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !s.posted(w, r) {
		return
	}
	raw := r.PostForm.Get("agenda_lead_days")
	days, err := casework.ValidLeadDays(raw)
	if err == nil {
		err = s.db.SaveAgendaLeadDays(ctx, *userFrom(ctx), days)
	}
	s.endForm(w, r, err, formEnd{To: "/admin/rooms#lead", Flash: web.T(ctx).MeetingT.LeadSaved,
		Invalid: func(status int, problems map[string]casework.Problem) {
			s.showRoomsAdmin(w, r, status, func(v *web.RoomsAdminView) { v.LeadDays, v.LeadProblem = raw, problems["agenda_lead_days"] })
		}})
}
