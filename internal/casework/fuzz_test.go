package casework

// Fuzz tests for every form decoder that youth_test.go, cpr_test.go,
// meeting_test.go and plan_test.go do not already cover (FuzzYouthForm,
// FuzzParseDate, FuzzParseCPR, FuzzParseMeetingTime, FuzzIsFirstPerson). Each feeds
// arbitrary input to a form's Validate: it must never panic; it refuses
// only with field problems (never another kind of error), each on a field
// the form has; and whatever it accepts keeps the rules the database relies
// on (trimmed text within its length, positive ids, known choices, dates in
// their range). The seed corpus is the f.Add calls; run one long with e.g.
//
//	go test ./internal/casework -run '^$' -fuzz '^FuzzDecodeNoteForm$' -fuzztime 60s

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// decoded tells whether a form was accepted; a refusal must be field
// problems on the form's own fields.
func decoded(t *testing.T, err error, fields ...string) bool {
	t.Helper()
	if err == nil {
		return true
	}
	problems := FieldProblems(err)
	if Code(err) != EInvalid || len(problems) == 0 {
		t.Fatalf("refused with %v, want field problems", err)
	}
	for field, p := range problems {
		if p == "" {
			t.Fatalf("field %q refused without a problem", field)
		}
		known := false
		for _, f := range fields {
			known = known || f == field
		}
		if !known {
			t.Fatalf("a problem on %q, which the form does not have (%v)", field, problems)
		}
	}
	return false
}

// cleanText fails unless an accepted text is storable (valid UTF-8, no NUL
// byte: PostgreSQL refuses both with a 500), trimmed and within max runes
// (and not empty, when required).
func cleanText(t *testing.T, field, s string, max int, required bool) {
	t.Helper()
	if !Storable(s) || s != strings.TrimSpace(s) || utf8.RuneCountInString(s) > max || (required && s == "") {
		t.Fatalf("accepted %s %q (%d runes, max %d)", field, s, utf8.RuneCountInString(s), max)
	}
}

func dateOnly(t time.Time) bool {
	return t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 && t.Location() == time.UTC
}

func FuzzDecodeEffortForm(f *testing.F) {
	f.Add("3", "Mentorstøtte to timer om ugen", "7", "2026-11-01", "", "ongoing")
	f.Add("3", "Afsluttet", "7", "2026-11-01", "2026-10-01", "completed")
	f.Add("", "", "", "", "", "")
	f.Add("-1", " x ", "0x7", "2026-02-30", "2026-13-01", "stopped")
	f.Add("9223372036854775808", strings.Repeat("æ", 1001), "1e3", "01-11-2026", "2026-11-01", "planned")
	// Found by this fuzz test: a start on 0001-01-01 (Go's zero time) is
	// taken for "no start", so an end before it passes, and the database's
	// efforts_end_after_start answers the caseworker with a 500.
	f.Add("1", "0", "1", "0001-01-01", "0000-10-01", "completed")
	// NUL and bytes that are not UTF-8: PostgreSQL cannot store them.
	f.Add("3", "Mentor\x00støtte", "7", "2026-11-01", "", "ongoing")
	f.Add("3", "Mentor\xffstøtte", "7", "2026-11-01", "", "ongoing")
	f.Fuzz(func(t *testing.T, unit, description, responsible, starts, ends, status string) {
		d, err := EffortForm{Unit: unit, Description: description, Responsible: responsible, StartsOn: starts, EndsOn: ends, Status: status}.Validate()
		if !decoded(t, err, "unit", "description", "responsible", "starts_on", "ends_on", "status") {
			return
		}
		cleanText(t, "description", d.Description, maxEffortDescriptionLen, true)
		if d.UnitID <= 0 || d.ResponsibleID <= 0 || !oneOf(d.Status, EffortStatuses) || !dateOnly(d.StartsOn) {
			t.Fatalf("accepted %+v", d)
		}
		if !d.EndsOn.IsZero() && d.EndsOn.Before(d.StartsOn) || d.Status.Ended() && d.EndsOn.IsZero() {
			t.Fatalf("accepted the end %v of %+v", d.EndsOn, d)
		}
	})
}

func FuzzDecodeNoteForm(f *testing.F) {
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		f.Fatal(err)
	}
	f.Add("Mor (Anne)", "2026-11-21", "14:30", "Fravær i skolen.", "Vi mødes igen.", "")
	f.Add("Den unge", "2026-11-22", "10.05", "Samtale", "", "health")
	f.Add("", "", "", "", "", "")
	f.Add(" ", "2026-11-22", "23:59", "x", "y", "religion")
	f.Add("x", "2026-03-29", "02:30", "Sommertid", "", "other")
	f.Add("x", "2026-11-21", "24:00", "x", "", "nothing")
	// NUL and bytes that are not UTF-8: PostgreSQL cannot store them.
	f.Add("Mor\x00", "2026-11-21", "14:30", "Fravær\xc3", "Vi\x00", "")
	f.Fuzz(func(t *testing.T, spokenWith, on, at, topic, agreed, sensitive string) {
		d, err := NoteForm{SpokenWith: spokenWith, OccurredOn: on, OccurredTime: at, Topic: topic, Agreed: agreed, Sensitive: sensitive}.Validate(now, loc)
		if !decoded(t, err, "spoken_with", "occurred_on", "occurred_time", "topic", "agreed", "sensitive") {
			return
		}
		cleanText(t, "spoken_with", d.SpokenWith, maxSpokenWithLen, true)
		cleanText(t, "topic", d.Topic, maxNoteTextLen, true)
		cleanText(t, "agreed", d.Agreed, maxNoteTextLen, false)
		if d.Sensitive != SensitiveNone && !oneOf(d.Sensitive, SensitiveKinds) {
			t.Fatalf("accepted sensitive %q", d.Sensitive)
		}
		if d.OccurredAt.IsZero() || d.OccurredAt.After(now.Add(noteClockSlack)) || d.OccurredAt.Location() != loc {
			t.Fatalf("accepted the time %v", d.OccurredAt)
		}
	})
}

func FuzzDecodeConsentForm(f *testing.F) {
	f.Add("youth", "", "2026-11-01", "2027-11-01", "all", "3", "")
	f.Add("guardian", "Anne Jensen", "2026-11-01", "2027-11-01", "some", "3,4,3", "Kun sundhed")
	f.Add("guardian", " ", "2026-11-01", "2026-11-01", "some", "", "")
	f.Add("", "", "", "", "", "", "")
	f.Add("parent", "x", "2027-01-01", "2026-01-01", "none", "-1,a", strings.Repeat("n", 2001))
	// Found by this fuzz test: 0001-01-01 is Go's zero time, which Validate
	// takes for "no date given", so the expiry is not checked against it;
	// the database's consents_expiry_after_given then refuses the row and
	// the caseworker gets a 500 instead of a message beside the field.
	f.Add("youth", "", "0001-01-01", "0000-10-01", "all", "", "")
	// NUL and bytes that are not UTF-8: PostgreSQL cannot store them.
	f.Add("guardian", "Anne\x00", "2026-11-01", "2027-11-01", "all", "", "Kun\xe6sundhed")
	f.Fuzz(func(t *testing.T, by, name, given, expires, scope, units, note string) {
		form := ConsentForm{GivenBy: by, GivenByName: name, GivenOn: given, ExpiresOn: expires, UnitScope: scope,
			Units: strings.Split(units, ","), Note: note, CoversHealth: len(note)%2 == 0}
		d, err := form.Validate(today)
		if !decoded(t, err, "given_by", "given_by_name", "given_on", "expires_on", "unit_scope", "units", "note") {
			return
		}
		cleanText(t, "note", d.Note, maxConsentNoteLen, false)
		switch d.GivenBy {
		case GivenByYouth:
			if d.GivenByName != "" {
				t.Fatalf("a name %q for the young person's own consent", d.GivenByName)
			}
		case GivenByGuardian:
			cleanText(t, "given_by_name", d.GivenByName, maxNameLen, true)
		default:
			t.Fatalf("accepted given_by %q", d.GivenBy)
		}
		if !dateOnly(d.GivenOn) || d.GivenOn.After(today) || !d.ExpiresOn.After(d.GivenOn) {
			t.Fatalf("accepted given %v, expires %v", d.GivenOn, d.ExpiresOn)
		}
		if d.AllUnits == (len(d.UnitIDs) > 0) {
			t.Fatalf("accepted all units %v with units %v", d.AllUnits, d.UnitIDs)
		}
		seen := map[int64]bool{}
		for _, id := range d.UnitIDs {
			if id <= 0 || seen[id] {
				t.Fatalf("accepted units %v", d.UnitIDs)
			}
			seen[id] = true
		}
	})
}

func FuzzDecodeWithdrawalForm(f *testing.F) {
	given := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	f.Add("2026-11-21", "guardian", "Anne Jensen")
	f.Add("2026-10-31", "youth", "")
	f.Add("2026-11-23", "guardian", "")
	f.Add("", "", "")
	// NUL and bytes that are not UTF-8: PostgreSQL cannot store them.
	f.Add("2026-11-21", "guardian", "Anne\xff\x00")
	f.Fuzz(func(t *testing.T, on, by, name string) {
		d, err := WithdrawalForm{WithdrawnOn: on, WithdrawnBy: by, WithdrawnByName: name}.Validate(today, given)
		if !decoded(t, err, "withdrawn_on", "withdrawn_by", "withdrawn_by_name") {
			return
		}
		if d.WithdrawnOn.Before(given) || d.WithdrawnOn.After(today) || !dateOnly(d.WithdrawnOn) {
			t.Fatalf("accepted the date %v", d.WithdrawnOn)
		}
		if d.WithdrawnBy == GivenByGuardian {
			cleanText(t, "withdrawn_by_name", d.WithdrawnByName, maxNameLen, true)
		} else if d.WithdrawnBy != GivenByYouth || d.WithdrawnByName != "" {
			t.Fatalf("accepted %+v", d)
		}
	})
}

func FuzzDecodeChecklistForm(f *testing.F) {
	f.Add(true, "2026-11-20", "2026-12-01", "Aftalt på formødet")
	f.Add(true, "", "", "")
	f.Add(false, "2026-11-20", "x", strings.Repeat("c", 2001))
	f.Add(true, "2026-11-23", "", "")
	// NUL and bytes that are not UTF-8: PostgreSQL cannot store them.
	f.Add(true, "2026-11-20", "2026-12-01", "Aftalt\x00\xc0\xaf")
	f.Fuzz(func(t *testing.T, done bool, doneOn, dueOn, comment string) {
		d, err := ChecklistForm{Done: done, DoneOn: doneOn, DueOn: dueOn, Comment: comment}.Validate(today)
		if !decoded(t, err, "done_on", "due_on", "comment") {
			return
		}
		cleanText(t, "comment", d.Comment, maxChecklistCommentLen, false)
		if d.Done != done || done && (d.DoneOn.IsZero() || d.DoneOn.After(today)) || !done && !d.DoneOn.IsZero() {
			t.Fatalf("accepted done %v on %v", d.Done, d.DoneOn)
		}
	})
}

func FuzzDecodeMeetingForm(f *testing.F) {
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	f.Add("samarbejdsmoede", "2026-12-01T10:00", "90", "3", "Rådhuset", "7", true, "4,5", true)
	f.Add("koordinationsmoede", "2026-12-01 10:00", "", "", "", "", true, "", false)
	f.Add("", "", "", "", "", "", false, "", false)
	f.Add("formoede", "2024-01-01T10:00", "14", "-3", strings.Repeat("p", 301), "0", false, "1,2,3,4,5,6", true)
	f.Add("tvaerfagligt", "2026-03-29T02:30", "481", "x", "", "x", false, "a", true)
	// NUL and bytes that are not UTF-8: PostgreSQL cannot store them.
	f.Add("samarbejdsmoede", "2026-12-01T10:00", "90", "3", "Råd\x00huset\xed\xa0\x80", "7", true, "4,5", true)
	f.Fuzz(func(t *testing.T, kind, starts, minutes, room, place, facilitator string, youth bool, participants string, chosen bool) {
		form := MeetingForm{Kind: kind, StartsAt: starts, Minutes: minutes, RoomID: room, Place: place, FacilitatorID: facilitator,
			YouthAttends: youth, Participants: strings.Split(participants, ","), ParticipantsChosen: chosen}
		d, err := form.Validate(now)
		if !decoded(t, err, "kind", "starts_at", "minutes", "room_id", "place", "facilitator_id", "participants") {
			return
		}
		cleanText(t, "place", d.Place, maxPlaceLen, false)
		if !d.Kind.Valid() || d.RoomID < 0 || d.FacilitatorID < 0 || d.AllTeam == chosen {
			t.Fatalf("accepted %+v", d)
		}
		if d.StartsAt.Before(now.AddDate(0, 0, -meetingsBackDays)) || d.StartsAt.After(now.AddDate(0, 0, meetingsAheadDays)) {
			t.Fatalf("accepted the start %v", d.StartsAt)
		}
		if length := d.EndsAt.Sub(d.StartsAt); length < minMeetingMinutes*time.Minute || length > maxMeetingMinutes*time.Minute {
			t.Fatalf("accepted a meeting of %v", length)
		}
		if d.Kind.ProfessionalsOnly() && d.YouthAttends || len(d.Participants) > MaxMeetingParticipants {
			t.Fatalf("accepted %+v", d)
		}
		for _, id := range d.Participants {
			if id <= 0 {
				t.Fatalf("accepted participants %v", d.Participants)
			}
		}
	})
}

func FuzzDecodePlanForm(f *testing.F) {
	f.Add("Jeg skal møde op i skole 3 dage om ugen.", "youth", "2026-12-15", "")
	f.Add("Jeg vil søge en læreplads.", "7", "2026-11-22", "personal")
	f.Add("Mikkel skal møde op.", "x", "2026-11-21", "dream")
	f.Add("", "", "", "")
	f.Add("Jeg "+strings.Repeat("a", 1000), "-7", "2030-01-01", "education_job")
	// NUL and bytes that are not UTF-8: PostgreSQL cannot store them.
	f.Add("Jeg skal\x00 møde op.", "youth", "2026-12-15", "")
	f.Add("Jeg skal \xf8de op.", "youth", "2026-12-15", "")
	f.Fuzz(func(t *testing.T, text, owner, due, goal string) {
		d, err := PlanForm{Text: text, Owner: owner, Due: due, Goal: goal}.Validate(today)
		if !decoded(t, err, "text", "owner", "due", "goal") {
			return
		}
		cleanText(t, "text", d.Text, maxPlanTextLen, true)
		if !IsFirstPerson(d.Text) || d.OwnerYouth == (d.OwnerID > 0) || !oneOf(d.Goal, GoalKinds) {
			t.Fatalf("accepted %+v", d)
		}
		if d.Due.Before(today) || d.Due.After(today.AddDate(0, 0, planDueAheadDays)) {
			t.Fatalf("accepted the due date %v", d.Due)
		}
	})
}

func FuzzDecodeAgendaForm(f *testing.F) {
	f.Add("Skolen", "", "samarbejdsmoede")
	f.Add("Fravær", "youth", "koordinationsmoede")
	f.Add("Økonomi", "7", "tvaerfagligt")
	f.Add("", "-1", "formoede")
	f.Add(strings.Repeat("a", 1001), "x", "")
	// NUL and bytes that are not UTF-8: PostgreSQL cannot store them.
	f.Add("Skolen\x00", "", "samarbejdsmoede")
	f.Add("Sk\xf8len", "youth", "koordinationsmoede")
	f.Fuzz(func(t *testing.T, text, raisedBy, kind string) {
		k := MeetingKind(kind)
		d, err := AgendaForm{Text: text, RaisedBy: raisedBy}.Validate(k)
		if !decoded(t, err, "text", "raised_by") {
			return
		}
		cleanText(t, "text", d.Text, maxAgendaTextLen, true)
		if d.RaisedByYouth && (d.RaisedByID != 0 || k.ProfessionalsOnly()) || d.RaisedByID < 0 || k.YouthTopicsOnly() && !d.RaisedByYouth {
			t.Fatalf("accepted %+v on a %q meeting", d, kind)
		}
	})
}

func FuzzDecodeFollowupForm(f *testing.F) {
	f.Add("partly", "Mødte op to dage.", "Ikke om fredagen.", true, "2026-12-20")
	f.Add("done", "", "", true, "")
	f.Add("not_done", "", "", false, "x")
	f.Add("", "", "", true, "2026-11-21")
	// NUL and bytes that are not UTF-8: PostgreSQL cannot store them.
	f.Add("partly", "Mødte\x00 op.", "Ikke \xe5", true, "2026-12-20")
	f.Fuzz(func(t *testing.T, outcome, well, badly string, carry bool, due string) {
		d, err := FollowupForm{Outcome: outcome, WentWell: well, WentBadly: badly, Carry: carry, Due: due}.Validate(today)
		if !decoded(t, err, "outcome", "went_well", "went_badly", "due") {
			return
		}
		cleanText(t, "went_well", d.WentWell, maxFollowupTextLen, false)
		cleanText(t, "went_badly", d.WentBadly, maxFollowupTextLen, false)
		if !oneOf(d.Outcome, Outcomes) || d.Outcome == OutcomeDone && d.Carry {
			t.Fatalf("accepted %+v", d)
		}
		if d.Carry && (d.Due.Before(today) || d.Due.After(today.AddDate(0, 0, planDueAheadDays))) {
			t.Fatalf("accepted the carried item's due date %v", d.Due)
		}
	})
}

func FuzzDecodeRoomForm(f *testing.F) {
	f.Add("Mødelokale 1", "Rådhuset, 1. sal", true, true)
	f.Add("", "", false, false)
	f.Add(" \t", strings.Repeat("a", 301), true, false)
	// NUL and bytes that are not UTF-8: PostgreSQL cannot store them.
	f.Add("Møde\x00lokale", "Råd\xe5huset", true, true)
	f.Fuzz(func(t *testing.T, name, address string, screen, active bool) {
		r, err := RoomForm{Name: name, Address: address, HasScreen: screen, Active: active}.Validate()
		if !decoded(t, err, "name", "address") {
			return
		}
		cleanText(t, "name", r.Name, maxNameLen, true)
		cleanText(t, "address", r.Address, maxPlaceLen, false)
		if r.HasScreen != screen || r.Active != active {
			t.Fatalf("accepted %+v", r)
		}
	})
}

func FuzzDecodeMeetingDayForm(f *testing.F) {
	f.Add("3", "2", "09:00", "12:00")
	f.Add("3", "7", "9.30", "10.00")
	f.Add("", "", "", "")
	f.Add("0", "8", "24:00", "23:59")
	f.Add("1", "1", "12:00", "12:10")
	f.Fuzz(func(t *testing.T, room, weekday, starts, ends string) {
		d, err := MeetingDayForm{RoomID: room, Weekday: weekday, Starts: starts, Ends: ends}.Validate()
		if !decoded(t, err, "room_id", "weekday", "starts", "ends") {
			return
		}
		if d.RoomID <= 0 || d.Weekday < time.Sunday || d.Weekday > time.Saturday || d.Starts < 0 || d.Ends >= 24*60 || d.Ends-d.Starts < minMeetingMinutes {
			t.Fatalf("accepted %+v", d)
		}
	})
}

func FuzzDecodeLeadDaysAndThresholds(f *testing.F) {
	f.Add("3", "10", "15", "5", "42")
	f.Add("", "", "", "", "")
	f.Add("-1", "0", "1001", "x", "6")
	f.Add("30", "1000", "1", " 7 ", "365")
	f.Fuzz(func(t *testing.T, lead, contact, teams, overdue, interval string) {
		if n, err := ValidLeadDays(lead); decoded(t, err, "agenda_lead_days") && (n < 0 || n > MaxAgendaLeadDays) {
			t.Fatalf("accepted %d lead days", n)
		}
		th, err := ThresholdsForm{ContactCases: contact, Teams: teams, OverdueItems: overdue, MeetingIntervalDays: interval}.Validate()
		if !decoded(t, err, "contact_cases", "teams", "overdue_items", "meeting_interval_days") {
			return
		}
		if th.ContactCases < 1 || th.Teams < 1 || th.OverdueItems < 1 || th.MeetingIntervalDays < 7 ||
			th.ContactCases > 1000 || th.Teams > 1000 || th.OverdueItems > 1000 || th.MeetingIntervalDays > 365 {
			t.Fatalf("accepted %+v", th)
		}
	})
}

func FuzzDecodeProgressionForm(f *testing.F) {
	f.Add("2026-11-20", "3", "2", "Jeg har det bedre.", "")
	f.Add("2026-11-23", "0", "6", "", strings.Repeat("c", 2001))
	f.Add("", "", "", "", "")
	// NUL and bytes that are not UTF-8: PostgreSQL cannot store them.
	f.Add("2026-11-20", "3", "2", "Jeg har\x00 det bedre.", "\xff")
	f.Fuzz(func(t *testing.T, on, professional, youth, words, comment string) {
		m, err := ProgressionForm{MeasuredOn: on, ProfessionalStep: professional, YouthStep: youth, YouthWords: words, Comment: comment}.Validate(today)
		if !decoded(t, err, "measured_on", "professional_step", "youth_step", "youth_words", "comment") {
			return
		}
		cleanText(t, "youth_words", m.YouthWords, maxYouthWordsLen, true)
		cleanText(t, "comment", m.Comment, maxCommentLen, false)
		if m.MeasuredOn.After(today) || !dateOnly(m.MeasuredOn) ||
			m.ProfessionalStep < ProgressionMinStep || m.ProfessionalStep > ProgressionMaxStep ||
			m.YouthStep < ProgressionMinStep || m.YouthStep > ProgressionMaxStep {
			t.Fatalf("accepted %+v", m)
		}
	})
}

func FuzzDecodeScaleForm(f *testing.F) {
	f.Add("Langt fra", "På vej", "Midtvejs", "Tæt på", "Klar")
	f.Add("", " ", "x", "y", strings.Repeat("z", 101))
	// NUL and bytes that are not UTF-8: PostgreSQL cannot store them.
	f.Add("Langt\x00fra", "P\xe5 vej", "Midtvejs", "Tæt på", "Klar")
	f.Fuzz(func(t *testing.T, a, b, c, d, e string) {
		scale, err := ScaleForm{Labels: [ProgressionMaxStep]string{a, b, c, d, e}}.Validate()
		if !decoded(t, err, "step1", "step2", "step3", "step4", "step5") {
			return
		}
		if len(scale) != ProgressionMaxStep {
			t.Fatalf("accepted a scale of %d steps", len(scale))
		}
		for i, s := range scale {
			cleanText(t, "step", s.Label, 100, true)
			if s.Step != i+1 {
				t.Fatalf("accepted %+v", scale)
			}
		}
	})
}

func FuzzDecodeTeamForms(f *testing.F) {
	f.Add("7", "Mentor", "2026-11-20", "Den unge valgte selv.", "Skal lære at stå op.", "9")
	f.Add("", "", "", "", "", "")
	f.Add("-7", strings.Repeat("r", 101), "2026-11-23", strings.Repeat("n", 2001), "x", "a")
	f.Add("0x10", " ", "20-11-2026", " ", " ", " ")
	// NUL and bytes that are not UTF-8: PostgreSQL cannot store them.
	f.Add("7", "Men\x00tor", "2026-11-20", "Den \xff unge", "Skal\x00 lære", "9")
	f.Fuzz(func(t *testing.T, userID, text, on, note, reason, other string) {
		if id, role, err := (TeamMemberForm{UserID: userID, TeamRole: text}).Validate(); decoded(t, err, "user_id", "team_role") {
			cleanText(t, "team_role", role, maxTeamRoleLen, false)
			if id <= 0 {
				t.Fatalf("accepted member %d", id)
			}
		}
		if day, n, err := (TeamChoiceForm{ChosenOn: on, Note: note}).Validate(today); decoded(t, err, "chosen_on", "note") {
			if day.After(today) || !dateOnly(day) || n != strings.TrimSpace(n) {
				t.Fatalf("accepted chosen on %v, note %q", day, n)
			}
		}
		c, err := ContactForm{UserID: userID, Reason: reason, Needs: note, WishUserIDs: []string{userID, other},
			RelationUserIDs: []string{other}, Current: other}.Validate()
		if decoded(t, err, "user_id", "reason", "needs") {
			cleanText(t, "reason", c.Reason, maxWeighingLen, true)
			cleanText(t, "needs", c.Weighing.Needs, maxWeighingLen, false)
			if c.UserID <= 0 || c.CheckExpect != (strings.TrimSpace(other) != "") || c.Expect < 0 || !c.Weighing.YouthWish {
				t.Fatalf("accepted %+v", c)
			}
		}
		if s, err := ValidateDeclineReason(reason); decoded(t, err, "decline_reason") {
			cleanText(t, "decline_reason", s, maxWeighingLen, true)
		}
		if s, err := ValidateUnitName(text); decoded(t, err, "name") {
			cleanText(t, "name", s, maxUnitNameLen, true)
		}
	})
}

func FuzzDecodeReferralForms(f *testing.F) {
	f.Add("Går ikke i skole.", "Mentor og UU har forsøgt.", "En voksen med tid.", "7")
	f.Add("", "", "", "")
	f.Add(strings.Repeat("s", 5001), " ", "x", "-1")
	// NUL and bytes that are not UTF-8: PostgreSQL cannot store them.
	f.Add("Går\x00 ikke", "Mentor\xff", "En voksen\xc3", "7")
	f.Fuzz(func(t *testing.T, situation, tried, needed, userID string) {
		if r, err := (ReferralForm{Situation: situation, Tried: tried, Needed: needed}).Validate(); decoded(t, err, "situation", "tried", "needed") {
			cleanText(t, "situation", r.Situation, maxReferralLen, true)
			cleanText(t, "tried", r.Tried, maxReferralLen, true)
			cleanText(t, "needed", r.Needed, maxReferralLen, true)
		}
		if id, note, err := (DecisionForm{UserID: userID, Note: situation}).Validate(); decoded(t, err, "user_id", "note") {
			cleanText(t, "note", note, maxReferralLen, true)
			if id <= 0 {
				t.Fatalf("accepted the professional %d", id)
			}
		}
	})
}

func FuzzDecodeStatusForm(f *testing.F) {
	f.Add("active", "anchored", "Startet på EUD.")
	f.Add("closed", "active", "")
	f.Add("anchored", "anchored", "x")
	f.Add("", "", strings.Repeat("r", 501))
	// NUL and bytes that are not UTF-8: PostgreSQL cannot store them.
	f.Add("active", "anchored", "Startet\x00 på \xff EUD.")
	f.Fuzz(func(t *testing.T, from, to, reason string) {
		got, r, err := StatusForm{To: to, Reason: reason}.ValidateChange(Status(from))
		if !decoded(t, err, "status", "reason") {
			return
		}
		cleanText(t, "reason", r, maxEducationStatusLen, false)
		if !oneOf(got, Statuses) || !Status(from).CanChangeTo(got) {
			t.Fatalf("accepted %q → %q", from, got)
		}
	})
}

func FuzzLooksLikeEmail(f *testing.F) {
	for _, s := range []string{"anne@example.dk", "@", "a@b", "", "a b@c.dk", "<script>@x.dk"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if LooksLikeEmail(s) && (!strings.Contains(s, "@") || strings.ContainsAny(s, " \t\r\n<>")) {
			t.Fatalf("%q looks like an e-mail address", s)
		}
	})
}
