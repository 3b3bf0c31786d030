package casework

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Room is a meeting room.
type Room struct {
	ID        int64
	Name      string
	Address   string
	HasScreen bool
	Active    bool
}

// RoomForm is a room as typed by an administrator.
type RoomForm struct {
	Name      string
	Address   string
	HasScreen bool
	Active    bool
}

// Validate checks a room.
func (f RoomForm) Validate() (Room, error) {
	problems := map[string]Problem{}
	r := Room{Name: strings.TrimSpace(f.Name), Address: strings.TrimSpace(f.Address), HasScreen: f.HasScreen, Active: f.Active}
	checkText(problems, "name", r.Name, maxNameLen, true)
	checkText(problems, "address", r.Address, maxPlaceLen, false)
	return r, Invalid(problems)
}

// MeetingDay is a fixed meeting time: every such weekday, from Starts to
// Ends (minutes after midnight, Copenhagen time), in a room.
type MeetingDay struct {
	ID       int64
	RoomID   int64
	RoomName string
	Weekday  time.Weekday
	Starts   int
	Ends     int
}

// OffFixedDays tells a meeting starting at start that falls on none of the
// municipality's fixed meeting days (when it has any), and the weekdays it
// meets on, Monday first: a warning, never a refusal.
func OffFixedDays(fixed []MeetingDay, start time.Time) ([]time.Weekday, bool) {
	if len(fixed) == 0 || start.IsZero() {
		return nil, false
	}
	wd := start.In(copenhagen).Weekday()
	var days []time.Weekday
	off := true
	for _, f := range fixed {
		if f.Weekday == wd {
			off = false
		}
		if !slices.Contains(days, f.Weekday) {
			days = append(days, f.Weekday)
		}
	}
	slices.SortFunc(days, func(a, b time.Weekday) int { return (int(a)+6)%7 - (int(b)+6)%7 })
	return days, off
}

// MeetingDayForm is a fixed meeting time as typed.
type MeetingDayForm struct {
	RoomID  string
	Weekday string // ISO: 1 is Monday
	Starts  string // HH:MM
	Ends    string
}

// Validate checks a fixed meeting time.
func (f MeetingDayForm) Validate() (MeetingDay, error) {
	problems := map[string]Problem{}
	var d MeetingDay
	id, err := strconv.ParseInt(strings.TrimSpace(f.RoomID), 10, 64)
	if err != nil || id <= 0 {
		problems["room_id"] = ProblemUnknownChoice
	}
	d.RoomID = id
	wd, err := strconv.Atoi(strings.TrimSpace(f.Weekday))
	if err != nil || wd < 1 || wd > 7 {
		problems["weekday"] = ProblemWeekday
	} else {
		d.Weekday = time.Weekday(wd % 7)
	}
	var p Problem
	if d.Starts, p = clockMinutes(f.Starts); p != "" {
		problems["starts"] = p
	}
	if d.Ends, p = clockMinutes(f.Ends); p != "" {
		problems["ends"] = p
	}
	if problems["starts"] == "" && problems["ends"] == "" && d.Ends-d.Starts < minMeetingMinutes {
		problems["ends"] = ProblemClockOrder
	}
	return d, Invalid(problems)
}

// clockMinutes reads a time of day, "HH:MM" (or "HH.MM", as Danes write
// it), as minutes after midnight.
func clockMinutes(s string) (int, Problem) {
	s = strings.TrimSpace(strings.Replace(s, ".", ":", 1))
	if s == "" {
		return 0, ProblemRequired
	}
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, ProblemClockFormat
	}
	return t.Hour()*60 + t.Minute(), ""
}

// FormatClock writes minutes after midnight as "09.30".
func FormatClock(minutes int) string {
	return twoDigits(minutes/60) + "." + twoDigits(minutes%60)
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// Interval is a span of time someone or something is busy.
type Interval struct {
	Start, End time.Time
}

// Slot is a proposed meeting time in a room.
type Slot struct {
	Start, End time.Time
	RoomID     int64
	RoomName   string
}

// SlotProposal is the answer to "Foreslå næste ledige tid": the slot
// found, or why there is none.
type SlotProposal struct {
	Slot  Slot
	Found bool
	// NoFixedDays: the municipality has no fixed meeting days in a room in use.
	NoFixedDays bool
	// LeadDays is the municipality's agenda lead time in working days, and
	// Earliest the first day a meeting can be held with its agenda sent in
	// time (FirstDayAgendaInTime): no slot is proposed before it.
	LeadDays int
	Earliest time.Time
	// SendBy is the agenda's send-by date of the slot found.
	SendBy time.Time
}

// slotStep is how finely a fixed meeting day is cut into proposals.
const slotStep = 30 * time.Minute

// NextFreeSlot proposes the first time on a fixed meeting day, from `from`
// on and within `days` days, where a meeting of the given length fits, its
// room is free (roomBusy by room id) and everyone taking part is free
// (peopleBusy: all their meetings together).
func NextFreeSlot(fixed []MeetingDay, roomBusy map[int64][]Interval, peopleBusy []Interval, from time.Time, length time.Duration, days int) (Slot, bool) {
	if len(fixed) == 0 || length <= 0 {
		return Slot{}, false
	}
	fixed = slices.Clone(fixed)
	slices.SortFunc(fixed, func(a, b MeetingDay) int { return a.Starts - b.Starts })
	local := from.In(copenhagen)
	for i := 0; i <= days; i++ {
		day := time.Date(local.Year(), local.Month(), local.Day()+i, 0, 0, 0, 0, copenhagen)
		if !IsWorkingDay(time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)) {
			continue
		}
		for _, f := range fixed {
			if f.Weekday != day.Weekday() {
				continue
			}
			end := time.Date(day.Year(), day.Month(), day.Day(), f.Ends/60, f.Ends%60, 0, 0, copenhagen)
			for start := time.Date(day.Year(), day.Month(), day.Day(), f.Starts/60, f.Starts%60, 0, 0, copenhagen); !start.Add(length).After(end); start = start.Add(slotStep) {
				if start.Before(from) {
					continue
				}
				slot := Interval{start, start.Add(length)}
				if overlapsAny(slot, roomBusy[f.RoomID]) || overlapsAny(slot, peopleBusy) {
					continue
				}
				return Slot{Start: slot.Start, End: slot.End, RoomID: f.RoomID, RoomName: f.RoomName}, true
			}
		}
	}
	return Slot{}, false
}

func overlapsAny(s Interval, busy []Interval) bool {
	for _, b := range busy {
		if b.Start.Before(s.End) && s.Start.Before(b.End) {
			return true
		}
	}
	return false
}
