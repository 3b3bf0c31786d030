package casework

import (
	"testing"
	"time"
)

var today = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

var caseFileToday = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

func cfDay(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestYouthFormValidate(t *testing.T) {
	ok := YouthForm{Name: " Mikkel ", BirthDate: "2010-03-12", CPR: "120310-4123", Level: "bump", NeedCategory: "tidlig",
		Guardians: [MaxGuardians]Guardian{{Name: "Anne", Email: "anne@example.dk"}}}
	d, err := ok.Validate(today, true)
	if err != nil {
		t.Fatalf("valid form refused: %v", err)
	}
	if d.Name != "Mikkel" || d.CPR != "1203104123" || len(d.Guardians) != 1 || !d.BirthDate.Equal(time.Date(2010, 3, 12, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("details %+v", d)
	}

	tests := []struct {
		name  string
		edit  func(*YouthForm)
		field string
		want  Problem
	}{
		{"no name", func(f *YouthForm) { f.Name = "  " }, "name", ProblemRequired},
		{"twelve", func(f *YouthForm) { f.BirthDate = "2014-01-01"; f.CPR = "" }, "birth_date", ProblemAgeOutOfRange},
		{"thirty", func(f *YouthForm) { f.BirthDate = "1996-11-21"; f.CPR = "" }, "birth_date", ProblemAgeOutOfRange},
		{"future", func(f *YouthForm) { f.BirthDate = "2027-01-01"; f.CPR = "" }, "birth_date", ProblemDateInFuture},
		{"cpr other date", func(f *YouthForm) { f.CPR = "110310-4123" }, "cpr", ProblemCPRBirthDate},
		{"level", func(f *YouthForm) { f.Level = "x" }, "level", ProblemUnknownChoice},
		{"need missing", func(f *YouthForm) { f.NeedCategory = "" }, "need_category", ProblemChooseNeed},
		{"need unknown", func(f *YouthForm) { f.NeedCategory = "x" }, "need_category", ProblemUnknownChoice},
		{"guardian email", func(f *YouthForm) { f.Guardians[0].Email = "x" }, "guardian0_email", ProblemEmailFormat},
		{"guardian name", func(f *YouthForm) { f.Guardians[1].Phone = "123" }, "guardian1_name", ProblemRequired},
	}
	for _, tt := range tests {
		f := ok
		tt.edit(&f)
		_, err := f.Validate(today, true)
		if got := FieldProblems(err)[tt.field]; got != tt.want {
			t.Errorf("%s: %s = %q, want %q (all: %v)", tt.name, tt.field, got, tt.want, FieldProblems(err))
		}
	}
	// An existing young person who has turned 30 can still be edited.
	old := ok
	old.BirthDate, old.CPR = "1990-01-01", ""
	if _, err := old.Validate(today, false); err != nil {
		t.Errorf("editing an older young person: %v", err)
	}
}

func TestStatusChanges(t *testing.T) {
	allowed := map[[2]Status]bool{
		{StatusActive, StatusAnchored}: true, {StatusActive, StatusClosed}: true,
		{StatusAnchored, StatusActive}: true, {StatusAnchored, StatusClosed}: true,
		{StatusClosed, StatusActive}: true,
	}
	for _, from := range Statuses {
		for _, to := range Statuses {
			if got := from.CanChangeTo(to); got != allowed[[2]Status{from, to}] {
				t.Errorf("%s → %s: %v", from, to, got)
			}
		}
	}
}

func TestTurnsEighteen(t *testing.T) {
	tests := []struct {
		birth string
		on    string
		days  int
		soon  bool
	}{
		{"2009-01-21", "2027-01-21", 60, true},
		{"2009-03-22", "2027-03-22", 120, false},
		{"2009-02-20", "2027-02-20", 90, true},
		{"2009-02-21", "2027-02-21", 91, false},
		{"2008-11-22", "2026-11-22", 0, false}, // 18 today: no longer ahead
		{"2008-11-23", "2026-11-23", 1, true},
		{"2010-03-12", "2028-03-12", 476, false},
	}
	for _, tt := range tests {
		on, days, soon := TurnsEighteen(cfDay(tt.birth), caseFileToday)
		if on.Format(time.DateOnly) != tt.on || days != tt.days || soon != tt.soon {
			t.Errorf("born %s: %s in %d days, soon %v; want %s, %d, %v", tt.birth, on.Format(time.DateOnly), days, soon, tt.on, tt.days, tt.soon)
		}
	}
	// A leap-day birthday counts from 1 March in other years.
	on, days, soon := TurnsEighteen(cfDay("2008-02-29"), cfDay("2025-12-10"))
	if on.Format(time.DateOnly) != "2026-03-01" || days != 81 || !soon {
		t.Errorf("born 29 February 2008: %s in %d days, soon %v", on.Format(time.DateOnly), days, soon)
	}
}

// FuzzYouthForm feeds arbitrary input to the form decoder: it must never
// panic, and whatever it accepts must satisfy the rules the database checks.
func FuzzYouthForm(f *testing.F) {
	f.Add("Mikkel", "2010-03-12", "120310-4123", "bump", "tidlig", "Anne", "anne@example.dk")
	f.Add("", "", "", "", "", "", "")
	f.Add("<script>", "2010-02-30", "300210-4123", "hovedvejen", "koordineret", "x", "@")
	f.Fuzz(func(t *testing.T, name, birth, cpr, level, need, guardian, email string) {
		form := YouthForm{Name: name, BirthDate: birth, CPR: cpr, Level: level, NeedCategory: need,
			Guardians: [MaxGuardians]Guardian{{Name: guardian, Email: email}}}
		d, err := form.Validate(today, true)
		if err != nil {
			if len(FieldProblems(err)) == 0 {
				t.Fatalf("error without field problems: %v", err)
			}
			return
		}
		if d.Name == "" || len([]rune(d.Name)) > maxNameLen || !oneOf(d.Level, Levels) || !oneOf(d.NeedCategory, NeedCategories) {
			t.Fatalf("accepted invalid details %+v", d)
		}
		if age := AgeOn(d.BirthDate, today); age < MinAge || age > MaxAge {
			t.Fatalf("accepted age %d", age)
		}
		if d.CPR != "" {
			if born, ok := d.CPR.BirthDate(); !ok || !born.Equal(d.BirthDate) {
				t.Fatalf("accepted CPR %q not matching %s", d.CPR, d.BirthDate)
			}
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-11-22", "2026-02-29", "", "22-11-2026", "9999-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, p := ParseDate(s)
		if p == "" && d.Format(time.DateOnly) == "" {
			t.Fatalf("accepted %q as an empty date", s)
		}
	})
}

func TestCheckStatusChange(t *testing.T) {
	if err := CheckStatusChange(StatusActive, StatusAnchored); err != nil {
		t.Errorf("active → anchored: %v", err)
	}
	if p := FieldProblems(CheckStatusChange(StatusClosed, StatusAnchored)); p["status"] != ProblemStatusChange {
		t.Errorf("closed → anchored: %v", p)
	}
}
