package casework

import "time"

// copenhagen is the municipalities' time zone, for dates of moments.
var copenhagen = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		panic(err) // the binary embeds time/tzdata (package web)
	}
	return loc
}()

// Copenhagen is the time zone meetings are planned in.
func Copenhagen() *time.Location { return copenhagen }

// DateOf is the Copenhagen calendar date of a moment, as a date value
// (midnight UTC), comparable with dates read from the database.
func DateOf(t time.Time) time.Time {
	t = t.In(copenhagen)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// AgendaSendBy is the date the agenda of a meeting on meetingDay is to be
// sent: leadDays working days before. Working days are Monday to Friday
// except the Danish public holidays.
func AgendaSendBy(meetingDay time.Time, leadDays int) time.Time {
	d := time.Date(meetingDay.Year(), meetingDay.Month(), meetingDay.Day(), 0, 0, 0, 0, time.UTC)
	for n := 0; n < leadDays; {
		d = d.AddDate(0, 0, -1)
		if IsWorkingDay(d) {
			n++
		}
	}
	return d
}

// IsWorkingDay tells whether the date is a working day in Denmark.
func IsWorkingDay(d time.Time) bool {
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	return !isPublicHoliday(d)
}

// isPublicHoliday knows the Danish public holidays (helligdage), and the
// days public offices close (Grundlovsdag, juleaftensdag, nytårsaftensdag).
// Store bededag is no longer a holiday from 2024.
func isPublicHoliday(d time.Time) bool {
	m, day := d.Month(), d.Day()
	switch {
	case m == time.January && day == 1,
		m == time.June && day == 5,
		m == time.December && (day == 24 || day == 25 || day == 26 || day == 31):
		return true
	}
	easter := easterSunday(d.Year())
	offsets := []int{-3, -2, 0, 1, 39, 49, 50} // skærtorsdag … 2. pinsedag
	if d.Year() < 2024 {
		offsets = append(offsets, 26) // store bededag
	}
	for _, off := range offsets {
		h := easter.AddDate(0, 0, off)
		if h.Month() == m && h.Day() == day {
			return true
		}
	}
	return false
}

// easterSunday is Easter Sunday of the Gregorian calendar (the anonymous
// algorithm of Meeus/Jones/Butcher).
func easterSunday(year int) time.Time {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

// FirstDayAgendaInTime is the first date, from today on, of a meeting whose
// agenda can still be sent in time: its send-by date (AgendaSendBy, leadDays
// working days before) is today or later. Dates are date values (DateOf).
func FirstDayAgendaInTime(today time.Time, leadDays int) time.Time {
	d := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	for AgendaSendBy(d, leadDays).Before(today) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}
