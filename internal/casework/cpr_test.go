package casework

import (
	"testing"
	"time"
)

func TestParseCPR(t *testing.T) {
	tests := []struct {
		in      string
		want    CPR
		problem Problem
		born    string
	}{
		{"120304-1234", "1203041234", "", "1904-03-12"},
		{"1203044234", "1203044234", "", "2004-03-12"},
		{" 010199-5001 ", "0101995001", "", "1899-01-01"},
		{"010157-5001", "0101575001", "", "2057-01-01"},
		{"290200-4001", "2902004001", "", "2000-02-29"},
		{"290201-4001", "", ProblemCPRDate, ""},
		{"320104-1234", "", ProblemCPRDate, ""},
		{"011304-1234", "", ProblemCPRDate, ""},
		{"12034-1234", "", ProblemCPRFormat, ""},
		{"1203041234x", "", ProblemCPRFormat, ""},
		{"12030A-1234", "", ProblemCPRFormat, ""},
		{"", "", ProblemCPRFormat, ""},
	}
	for _, tt := range tests {
		got, problem := ParseCPR(tt.in)
		if got != tt.want || problem != tt.problem {
			t.Errorf("ParseCPR(%q) = %q, %q; want %q, %q", tt.in, got, problem, tt.want, tt.problem)
			continue
		}
		if tt.born != "" {
			d, _ := got.BirthDate()
			if d.Format(time.DateOnly) != tt.born {
				t.Errorf("ParseCPR(%q).BirthDate() = %s, want %s", tt.in, d.Format(time.DateOnly), tt.born)
			}
		}
	}
}

func TestCPRMasking(t *testing.T) {
	c := CPR("1203041234")
	if got := c.Masked(); got != "120304-XXXX" {
		t.Errorf("Masked() = %q", got)
	}
	if got := c.Formatted(); got != "120304-1234" {
		t.Errorf("Formatted() = %q", got)
	}
	if got := CPR("").Masked(); got != "" {
		t.Errorf("empty Masked() = %q", got)
	}
}

func FuzzParseCPR(f *testing.F) {
	for _, s := range []string{"120304-1234", "1203041234", "", "-", "999999-9999", "290200-4001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, problem := ParseCPR(s)
		if problem != "" {
			if c != "" {
				t.Fatalf("ParseCPR(%q) returned %q with problem %q", s, c, problem)
			}
			return
		}
		if _, ok := c.BirthDate(); !ok || len(c.Formatted()) != 11 {
			t.Fatalf("ParseCPR(%q) accepted %q which has no valid date", s, c)
		}
		again, p2 := ParseCPR(c.Formatted())
		if again != c || p2 != "" {
			t.Fatalf("round trip of %q gave %q, %q", c, again, p2)
		}
	})
}
