package casework

import (
	"strings"
	"testing"
	"time"
)

func TestIsFirstPerson(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"Jeg skal møde op i skole 3 dage om ugen", true},
		{"  jeg vil søge ind på tømreruddannelsen", true},
		{"JEG kommer til mentor hver torsdag", true},
		{"Vi holder møde igen om fire uger", true},
		{"vi, mor og jeg, taler med skolen", true},
		{"»Jeg skal sove før kl. 23«", true},
		{"\u00a0Jeg skal\u00a0", true},
		{"Jeg", true},
		{"Mikkel skal møde op i skole", false},
		{"Jegskal møde op", false},
		{"Vil du møde op?", false},
		{"Ulla ringer til skolen", false},
		{"Skal møde op", false},
		{"", false},
		{"   ", false},
		{"Je g skal", false},
	}
	for _, tt := range tests {
		if got := IsFirstPerson(tt.text); got != tt.want {
			t.Errorf("IsFirstPerson(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestPlanFormValidate(t *testing.T) {
	today := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	d, err := PlanForm{Text: " Jeg skal i skole ", Owner: "youth", Due: "2026-12-15", Goal: "personligt"}.Validate(today)
	if err != nil {
		t.Fatal(err)
	}
	if d.Text != "Jeg skal i skole" || !d.OwnerYouth || d.Goal != GoalPersonal || d.Due.Format(time.DateOnly) != "2026-12-15" {
		t.Errorf("details = %+v", d)
	}
	d, err = PlanForm{Text: "Vi ringer", Owner: "42", Due: "2026-11-22"}.Validate(today)
	if err != nil || d.OwnerYouth || d.OwnerID != 42 || d.Goal != GoalEducationJob {
		t.Errorf("owner id / default goal: %+v, %v", d, err)
	}
	_, err = PlanForm{Text: "Mikkel skal i skole", Owner: "x", Due: "2026-11-21", Goal: "andet"}.Validate(today)
	got := FieldProblems(err)
	want := map[string]Problem{"text": ProblemNotFirstPerson, "owner": ProblemUnknownChoice, "due": ProblemDueInPast, "goal": ProblemUnknownChoice}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("problem %s = %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
	_, err = PlanForm{Text: "Jeg " + strings.Repeat("x", 1000), Due: "15.12.2026"}.Validate(today)
	if p := FieldProblems(err); p["text"] != ProblemTooLong || p["due"] != ProblemDateFormat {
		t.Errorf("long text, Danish date: %v", p)
	}
}

func TestParseMeetingTime(t *testing.T) {
	tests := []struct {
		in      string
		utc     string
		problem Problem
	}{
		{"2026-12-01T10:00", "2026-12-01T09:00:00Z", ""},         // winter: UTC+1
		{"2026-06-02T10:00", "2026-06-02T08:00:00Z", ""},         // summer: UTC+2
		{"2026-06-02 10:00", "2026-06-02T08:00:00Z", ""},         // a space instead of T
		{"2026-06-02T10:00:30", "2026-06-02T08:00:30Z", ""},      // seconds
		{"2026-03-29T02:30", "", ProblemDateTimeMissing},         // the skipped hour
		{"2026-02-30T10:00", "", ProblemDateTimeFormat},          // no such day
		{"01.12.2026 10:00", "", ProblemDateTimeFormat},          // not the field's format
		{"2026-12-01T25:00", "", ProblemDateTimeFormat},          // no such hour
		{"", "", ProblemRequired},                                // nothing
		{"2026-12-01", "", ProblemDateTimeFormat},                // no time
		{"2026-12-01T10:00Z", "", ProblemDateTimeFormat},         // no zones
		{"  2026-12-01T10:00  ", "2026-12-01T09:00:00Z", ""},     // spaces around
		{"2026-12-01T10:00:00+01:00", "", ProblemDateTimeFormat}, // no offsets
	}
	// The hour the clocks repeat in autumn exists twice; either is right.
	if got, p := ParseMeetingTime("2026-10-25T02:30"); p != "" || (got.UTC().Hour() != 0 && got.UTC().Hour() != 1) || got.Minute() != 30 {
		t.Errorf("the repeated hour: %v, %q", got.UTC(), p)
	}
	for _, tt := range tests {
		got, p := ParseMeetingTime(tt.in)
		if p != tt.problem {
			t.Errorf("ParseMeetingTime(%q) problem = %q, want %q", tt.in, p, tt.problem)
			continue
		}
		if tt.utc != "" && got.UTC().Format(time.RFC3339) != tt.utc {
			t.Errorf("ParseMeetingTime(%q) = %s, want %s", tt.in, got.UTC().Format(time.RFC3339), tt.utc)
		}
	}
}

func TestMeetingFormValidate(t *testing.T) {
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	d, err := MeetingForm{Kind: "koordinationsmoede", StartsAt: "2026-12-01T10:00", YouthAttends: true}.Validate(now)
	if err != nil {
		t.Fatal(err)
	}
	if d.YouthAttends {
		t.Error("a coordination meeting must never have the young person attending")
	}
	if got := d.EndsAt.Sub(d.StartsAt); got != time.Hour || !d.AllTeam {
		t.Errorf("defaults: length %v, all team %v", got, d.AllTeam)
	}
	d, err = MeetingForm{Kind: "samarbejdsmoede", StartsAt: "2026-12-01T10:00", Minutes: "90", ParticipantsChosen: true, Participants: []string{"3", "4", "3"}}.Validate(now)
	if err != nil || !d.YouthAttends || d.EndsAt.Sub(d.StartsAt) != 90*time.Minute || len(d.Participants) != 2 || d.AllTeam {
		t.Errorf("cooperation meeting: %+v, %v", d, err)
	}
	_, err = MeetingForm{Kind: "stormoede", StartsAt: "2025-01-01T10:00", Minutes: "5", Participants: []string{"1", "2", "3", "4", "5", "6"}}.Validate(now)
	p := FieldProblems(err)
	if p["kind"] != ProblemUnknownChoice || p["starts_at"] != ProblemMeetingTooEarly || p["minutes"] != ProblemDuration || p["participants"] != ProblemParticipantsMax {
		t.Errorf("problems = %v", p)
	}
}

func TestAgendaFormValidate(t *testing.T) {
	d, err := AgendaForm{Text: "Skole"}.Validate(KindCooperation)
	if err != nil || !d.RaisedByYouth {
		t.Errorf("default on a cooperation meeting: %+v %v", d, err)
	}
	d, err = AgendaForm{Text: "Fravær"}.Validate(KindCoordination)
	if err != nil || d.RaisedByYouth {
		t.Errorf("default on a coordination meeting: %+v %v", d, err)
	}
	_, err = AgendaForm{Text: "Diagnose", RaisedBy: "12"}.Validate(KindPreMeeting)
	if FieldProblems(err)["raised_by"] != ProblemYouthTopicsOnly {
		t.Errorf("professional's topic on a pre-meeting: %v", err)
	}
	_, err = AgendaForm{Text: "Ønsker", RaisedBy: "youth"}.Validate(KindCoordination)
	if FieldProblems(err)["raised_by"] != ProblemUnknownChoice {
		t.Errorf("young person's topic on a coordination meeting: %v", err)
	}
	d, err = AgendaForm{Text: "Handleplan", RaisedBy: "12"}.Validate(KindInterdisciplinary)
	if err != nil || d.RaisedByYouth || d.RaisedByID != 12 {
		t.Errorf("professional's topic on an interdisciplinary meeting: %+v %v", d, err)
	}
}

func TestAgendaSendBy(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	tests := []struct {
		meeting string
		lead    int
		want    string
	}{
		{"2026-12-08", 5, "2026-12-01"}, // Tuesday → the Tuesday before
		{"2026-12-07", 5, "2026-11-30"}, // Monday → the Monday before
		{"2026-12-07", 1, "2026-12-04"}, // Monday, one day → Friday
		{"2026-12-07", 0, "2026-12-07"},
		{"2027-01-04", 5, "2026-12-22"}, // over New Year and Christmas (24.–26., 31. and 1. closed)
		{"2026-04-09", 5, "2026-03-30"}, // Easter 2026: 2., 3. and 6. April closed
	}
	for _, tt := range tests {
		if got := AgendaSendBy(day(tt.meeting), tt.lead).Format(time.DateOnly); got != tt.want {
			t.Errorf("AgendaSendBy(%s, %d) = %s, want %s", tt.meeting, tt.lead, got, tt.want)
		}
	}
	if e := easterSunday(2026).Format(time.DateOnly); e != "2026-04-05" {
		t.Errorf("Easter 2026 = %s", e)
	}
}

func TestAgendaState(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	sendBy := day("2026-12-01")
	m := Meeting{Status: MeetingPlanned, AgendaSendBy: sendBy}
	for today, want := range map[string]AgendaState{"2026-11-30": AgendaNotDue, "2026-12-01": AgendaDueToday, "2026-12-02": AgendaLate} {
		if got := m.AgendaState(day(today)); got != want {
			t.Errorf("unsent on %s: %s, want %s", today, got, want)
		}
	}
	// Sent at 23:30 Copenhagen time on the send-by date is in time (22:30 UTC).
	m.AgendaSentAt = time.Date(2026, 12, 1, 22, 30, 0, 0, time.UTC)
	if got := m.AgendaState(day("2026-12-05")); got != AgendaSentOK {
		t.Errorf("sent late evening on the day: %s", got)
	}
	m.AgendaSentAt = time.Date(2026, 12, 1, 23, 30, 0, 0, time.UTC) // 00:30 on the 2nd
	if got := m.AgendaState(day("2026-12-05")); got != AgendaSentLate {
		t.Errorf("sent after midnight: %s", got)
	}
	m = Meeting{Status: MeetingEnded, AgendaSendBy: sendBy}
	if got := m.AgendaState(day("2026-12-09")); got != AgendaClosed {
		t.Errorf("ended unsent: %s", got)
	}
}

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

func FuzzIsFirstPerson(f *testing.F) {
	for _, s := range []string{"Jeg skal", "vi kan", "Mikkel skal", "»Jeg", "jeg", "JEG!", " Vi.", "Jegskal", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ok := IsFirstPerson(s)
		// Whatever follows a first-person opening keeps it first person.
		if ok && !IsFirstPerson(s+" og mere") {
			t.Fatalf("%q is first person but %q is not", s, s+" og mere")
		}
		// Case does not matter.
		if IsFirstPerson(strings.ToLower(s)) != ok {
			t.Fatalf("case changes the answer for %q", s)
		}
		// Surrounding spaces do not matter.
		if IsFirstPerson("  "+s+"  ") != ok {
			t.Fatalf("spaces change the answer for %q", s)
		}
		// A first-person text starts with jeg or vi once the opening is skipped.
		if ok {
			trimmed := strings.ToLower(strings.TrimLeft(strings.TrimSpace(s), `"'»«„“”‘’ `))
			if !strings.HasPrefix(trimmed, "jeg") && !strings.HasPrefix(trimmed, "vi") {
				t.Fatalf("%q accepted without jeg/vi", s)
			}
		}
	})
}

func FuzzParseMeetingTime(f *testing.F) {
	for _, s := range []string{"2026-12-01T10:00", "2026-03-29T02:30", "2026-10-25T02:30", "2026-06-02 10:00", "2026-06-02T10:00:59", "x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, p := ParseMeetingTime(s)
		if p != "" {
			if !got.IsZero() {
				t.Fatalf("ParseMeetingTime(%q) gave %v with problem %q", s, got, p)
			}
			return
		}
		// What is accepted formats back to the field's format, which reads
		// again to the same minute.
		text := FormatMeetingTime(got)
		again, p2 := ParseMeetingTime(text)
		if p2 != "" || FormatMeetingTime(again) != text || got.Sub(again) < 0 || got.Sub(again) >= time.Minute {
			t.Fatalf("round trip of %q: %v → %q → %v, %q", s, got, text, again, p2)
		}
		if len(text) != len("2006-01-02T15:04") {
			t.Fatalf("ParseMeetingTime(%q) accepted a time that formats as %q", s, text)
		}
		if got.Location() != Copenhagen() {
			t.Fatalf("ParseMeetingTime(%q) in %v, want Copenhagen", s, got.Location())
		}
	})
}
