package web

import (
	"strconv"

	"kui/internal/casework"
)

// RoomsAdminView is the administrator's page of meeting rooms, fixed
// meeting days and the agenda's lead time.
type RoomsAdminView struct {
	Page         Page
	Rooms        []casework.Room
	Days         []casework.MeetingDay
	LeadDays     string
	LeadProblem  casework.Problem
	Room         casework.RoomForm
	RoomProblems map[string]casework.Problem
	Day          casework.MeetingDayForm
	DayProblems  map[string]casework.Problem
}

func weekdayOptions(c *Catalogue) []Option {
	opts := make([]Option, 0, 7)
	for iso := 1; iso <= 7; iso++ {
		opts = append(opts, Option{Value: strconv.Itoa(iso), Label: c.MeetingT.Weekdays[iso%7]})
	}
	return opts
}
