package casework

import (
	"testing"
	"time"
)

func TestProgressionForm(t *testing.T) {
	ok := ProgressionForm{MeasuredOn: "2026-11-20", ProfessionalStep: "2", YouthStep: "3", YouthWords: "Det går bedre i skolen."}
	m, err := ok.Validate(today)
	if err != nil || m.ProfessionalStep != 2 || m.YouthStep != 3 {
		t.Fatalf("%+v, %v", m, err)
	}
	for field, edit := range map[string]func(*ProgressionForm){
		"measured_on":       func(f *ProgressionForm) { f.MeasuredOn = "2026-12-01" },
		"professional_step": func(f *ProgressionForm) { f.ProfessionalStep = "6" },
		"youth_step":        func(f *ProgressionForm) { f.YouthStep = "" },
		"youth_words":       func(f *ProgressionForm) { f.YouthWords = " " },
	} {
		f := ok
		edit(&f)
		if _, err := f.Validate(today); FieldProblems(err)[field] == "" {
			t.Errorf("%s: no problem reported (%v)", field, err)
		}
	}
}

func TestQuarters(t *testing.T) {
	for in, want := range map[string]string{"2026-11-22": "2026-10-01", "2026-01-01": "2026-01-01", "2026-06-30": "2026-04-01"} {
		d, _ := time.Parse(time.DateOnly, in)
		if got := QuarterStart(d).Format(time.DateOnly); got != want {
			t.Errorf("QuarterStart(%s) = %s, want %s", in, got, want)
		}
	}
	if q, y := Quarter(time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)); q != 4 || y != 2026 {
		t.Errorf("Quarter = %d %d", q, y)
	}
}
