package casework

import (
	"testing"
	"time"
)

func TestNextFreeSlot(t *testing.T) {
	cph := Copenhagen()
	at := func(d, hm string) time.Time {
		t, _ := time.ParseInLocation("2006-01-02 15:04", d+" "+hm, cph)
		return t
	}
	// Tuesdays 9–12 in room 1.
	fixed := []MeetingDay{{RoomID: 1, RoomName: "Lokale 1", Weekday: time.Tuesday, Starts: 9 * 60, Ends: 12 * 60}}
	from := at("2026-11-23", "08:00") // a Monday
	s, ok := NextFreeSlot(fixed, nil, nil, from, time.Hour, 56)
	if !ok || !s.Start.Equal(at("2026-11-24", "09:00")) || s.RoomID != 1 {
		t.Fatalf("first slot = %+v %v", s, ok)
	}
	// The room is busy 9–10, a participant 10–11.30: the first hour free is 11–12? No: 11.30–12.30 does not fit; next Tuesday.
	roomBusy := map[int64][]Interval{1: {{at("2026-11-24", "09:00"), at("2026-11-24", "10:00")}}}
	people := []Interval{{at("2026-11-24", "10:00"), at("2026-11-24", "11:30")}}
	s, ok = NextFreeSlot(fixed, roomBusy, people, from, time.Hour, 56)
	if !ok || !s.Start.Equal(at("2026-12-01", "09:00")) {
		t.Fatalf("slot around busy times = %+v %v", s, ok)
	}
	// Half an hour meetings fit at 11.30.
	s, ok = NextFreeSlot(fixed, roomBusy, people, from, 30*time.Minute, 56)
	if !ok || !s.Start.Equal(at("2026-11-24", "11:30")) {
		t.Fatalf("half-hour slot = %+v %v", s, ok)
	}
	// Christmas Eve 2030 is a Tuesday: no meetings that day.
	s, ok = NextFreeSlot(fixed, nil, nil, at("2030-12-23", "08:00"), time.Hour, 56)
	if !ok || !s.Start.Equal(at("2030-12-31", "09:00").AddDate(0, 0, 7)) {
		t.Fatalf("over Christmas = %+v %v", s, ok)
	}
	if _, ok := NextFreeSlot(nil, nil, nil, from, time.Hour, 56); ok {
		t.Error("a slot without fixed days")
	}
}
