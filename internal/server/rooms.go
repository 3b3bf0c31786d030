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
	if err := parseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	form := roomForm(r)
	room, err := form.Validate()
	if err == nil {
		if err = s.db.CreateRoom(ctx, *userFrom(ctx), room); err == nil {
			s.flash(r, "success", web.T(ctx).MeetingT.RoomSaved)
			s.redirect(w, r, "/admin/rooms")
			return
		}
	}
	problems := casework.FieldProblems(err)
	if problems == nil {
		s.fail(w, r, err)
		return
	}
	s.showRoomsAdmin(w, r, http.StatusUnprocessableEntity, func(v *web.RoomsAdminView) { v.Room, v.RoomProblems = form, problems })
}

func (s *Server) roomUpdate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := idParam(r, "rid")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := parseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	room, err := roomForm(r).Validate()
	if err == nil {
		err = s.db.UpdateRoom(ctx, *userFrom(ctx), id, room)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "success", web.T(ctx).MeetingT.RoomSaved)
	s.redirect(w, r, "/admin/rooms")
}

func (s *Server) meetingDayAdd(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := parseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	f := r.PostForm
	form := casework.MeetingDayForm{RoomID: f.Get("room_id"), Weekday: f.Get("weekday"), Starts: f.Get("starts"), Ends: f.Get("ends")}
	d, err := form.Validate()
	if err == nil {
		if err = s.db.AddMeetingDay(ctx, *userFrom(ctx), d); err == nil {
			s.flash(r, "success", web.T(ctx).MeetingT.FixedDaySaved)
			s.redirect(w, r, "/admin/rooms#days")
			return
		}
	}
	problems := casework.FieldProblems(err)
	if problems == nil {
		s.fail(w, r, err)
		return
	}
	s.showRoomsAdmin(w, r, http.StatusUnprocessableEntity, func(v *web.RoomsAdminView) { v.Day, v.DayProblems = form, problems })
}

func (s *Server) meetingDayDelete(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := idParam(r, "did")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.DeleteMeetingDay(ctx, *userFrom(ctx), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "success", web.T(ctx).MeetingT.FixedDayRemoved)
	s.redirect(w, r, "/admin/rooms#days")
}

func (s *Server) meetingSettingsSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := parseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	raw := r.PostForm.Get("agenda_lead_days")
	days, err := casework.ValidLeadDays(raw)
	if err == nil {
		if err = s.db.SaveAgendaLeadDays(ctx, *userFrom(ctx), days); err == nil {
			s.flash(r, "success", web.T(ctx).MeetingT.LeadSaved)
			s.redirect(w, r, "/admin/rooms#lead")
			return
		}
	}
	problems := casework.FieldProblems(err)
	if problems == nil {
		s.fail(w, r, err)
		return
	}
	s.showRoomsAdmin(w, r, http.StatusUnprocessableEntity, func(v *web.RoomsAdminView) {
		v.LeadDays, v.LeadProblem = raw, problems["agenda_lead_days"]
	})
}
