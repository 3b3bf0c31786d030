package casework

import (
	"strings"
	"time"
)

// CPR is a Danish civil registration number, ten digits, stored without the
// hyphen. The zero value means "not recorded".
type CPR string

// ParseCPR accepts "DDMMYY-XXXX" or "DDMMYYXXXX" (surrounding spaces
// ignored) and checks that the first six digits are a real date. The
// modulus-11 check is not applied: numbers issued since 2007 need not pass it.
func ParseCPR(s string) (CPR, Problem) {
	s = strings.TrimSpace(s)
	if len(s) == 11 && s[6] == '-' {
		s = s[:6] + s[7:]
	}
	if len(s) != 10 {
		return "", ProblemCPRFormat
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return "", ProblemCPRFormat
		}
	}
	c := CPR(s)
	if _, ok := c.BirthDate(); !ok {
		return "", ProblemCPRDate
	}
	return c, ""
}

// BirthDate is the date the number encodes. The century follows from the
// seventh digit, as the CPR office defines it.
func (c CPR) BirthDate() (time.Time, bool) {
	if len(c) != 10 {
		return time.Time{}, false
	}
	day := atoi2(string(c[0:2]))
	month := atoi2(string(c[2:4]))
	yy := atoi2(string(c[4:6]))
	seventh := c[6] - '0'
	var century int
	switch {
	case seventh <= 3:
		century = 1900
	case seventh == 4 || seventh == 9:
		century = 2000
		if yy >= 37 {
			century = 1900
		}
	default: // 5–8
		century = 2000
		if yy >= 58 {
			century = 1800
		}
	}
	year := century + yy
	d := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if d.Day() != day || int(d.Month()) != month || d.Year() != year {
		return time.Time{}, false
	}
	return d, true
}

func atoi2(s string) int { return int(s[0]-'0')*10 + int(s[1]-'0') }

// Masked shows the date part only: "120304-XXXX". This is how a CPR number
// appears everywhere unless someone explicitly reveals it.
func (c CPR) Masked() string {
	if len(c) != 10 {
		return ""
	}
	return string(c[:6]) + "-XXXX"
}

// Formatted is the full number as people write it: "120304-1234".
func (c CPR) Formatted() string {
	if len(c) != 10 {
		return ""
	}
	return string(c[:6]) + "-" + string(c[6:])
}
