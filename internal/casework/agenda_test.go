package casework

import (
	"testing"
	"time"
)

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
