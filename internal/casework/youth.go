package casework

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Level is the young person's place in the prevention triangle
// (forebyggelsestrekanten), from collective guidance to serious obstacles.
type Level string

const (
	LevelMainRoad  Level = "hovedvejen"    // Hovedvejen
	LevelLittle    Level = "lidt_hjaelp"   // Lidt hjælp på vejen
	LevelBump      Level = "bump"          // Bump på vejen
	LevelObstacles Level = "forhindringer" // Forhindringer på vejen
)

// Levels in the triangle's order, bottom to top.
var Levels = []Level{LevelMainRoad, LevelLittle, LevelBump, LevelObstacles}

// NeedCategory is the kind of effort the young person needs.
type NeedCategory string

const (
	NeedEarly       NeedCategory = "tidlig"      // tidlig og forebyggende
	NeedCoordinated NeedCategory = "koordineret" // koordineret og foregribende
)

// NeedCategories in the order they are offered.
var NeedCategories = []NeedCategory{NeedEarly, NeedCoordinated}

// Status is where the young person's course stands.
type Status string

const (
	StatusActive   Status = "active"   // in the coordinated course
	StatusAnchored Status = "anchored" // anchored in education or a job
	StatusClosed   Status = "closed"
)

// Statuses in the order they are offered.
var Statuses = []Status{StatusActive, StatusAnchored, StatusClosed}

// CanChangeTo tells which status changes make sense: a young person who drops
// out of education returns to active, and a closed course can be reopened.
func (s Status) CanChangeTo(to Status) bool {
	switch s {
	case StatusActive:
		return to == StatusAnchored || to == StatusClosed
	case StatusAnchored:
		return to == StatusActive || to == StatusClosed
	case StatusClosed:
		return to == StatusActive
	}
	return false
}

// The ages the Kommunal Ungeindsats covers.
const (
	MinAge = 13
	MaxAge = 29
)

// Guardian is a parent or other adult with custody, part of the course while
// the young person is under 18.
type Guardian struct {
	Name     string
	Relation string
	Phone    string
	Email    string
}

// Youth is one young person and the coordinated course around them.
type Youth struct {
	ID              int64
	MunicipalityID  int64
	Name            string
	BirthDate       time.Time
	CPR             CPR
	Level           Level
	NeedCategory    NeedCategory
	EducationStatus string
	EducationPlan   string
	Status          Status
	Guardians       []Guardian
	TeamSize        int
	CreatedAt       time.Time
	UpdatedAt       time.Time
	Version         int
}

// Age in whole years on the given day.
func (y Youth) Age(on time.Time) int { return AgeOn(y.BirthDate, on) }

// AgeOn is the age in whole years of someone born on birth, on the given day.
func AgeOn(birth, on time.Time) int {
	age := on.Year() - birth.Year()
	if on.Month() < birth.Month() || (on.Month() == birth.Month() && on.Day() < birth.Day()) {
		age--
	}
	return age
}

// StatusChange is one entry of a young person's status history.
type StatusChange struct {
	From      Status
	To        Status
	Reason    string
	ChangedBy string
	ChangedAt time.Time
}

// MaxGuardians is how many guardians the form offers.
const MaxGuardians = 2

// YouthForm is what a caseworker types about a young person, as typed, so a
// form with errors can be shown again exactly as it was.
type YouthForm struct {
	Name            string
	BirthDate       string
	CPR             string
	Level           string
	NeedCategory    string
	EducationStatus string
	EducationPlan   string
	Guardians       [MaxGuardians]Guardian
	Version         int
}

// YouthDetails are the validated values of a YouthForm.
type YouthDetails struct {
	Name            string
	BirthDate       time.Time
	CPR             CPR
	Level           Level
	NeedCategory    NeedCategory
	EducationStatus string
	EducationPlan   string
	Guardians       []Guardian
}

// Limits on free text, matching the database's checks.
const (
	maxNameLen            = 200
	maxEducationStatusLen = 500
	maxEducationPlanLen   = 10000
	maxGuardianFieldLen   = 200
)

// Validate checks the form against the rules; creating tells whether this
// is a new young person, who must be within the ages of the Ungeindsats
// today. An existing one may since have grown older.
func (f YouthForm) Validate(today time.Time, creating bool) (YouthDetails, error) {
	problems := map[string]Problem{}
	d := YouthDetails{
		Name:            strings.TrimSpace(f.Name),
		EducationStatus: strings.TrimSpace(f.EducationStatus),
		EducationPlan:   strings.TrimSpace(f.EducationPlan),
	}
	checkText(problems, "name", d.Name, maxNameLen, true)
	checkText(problems, "education_status", d.EducationStatus, maxEducationStatusLen, false)
	checkText(problems, "education_plan", d.EducationPlan, maxEducationPlanLen, false)

	birth, p := ParseDate(f.BirthDate)
	switch {
	case p != "":
		problems["birth_date"] = p
	case birth.After(today):
		problems["birth_date"] = ProblemDateInFuture
	case creating && (AgeOn(birth, today) < MinAge || AgeOn(birth, today) > MaxAge):
		problems["birth_date"] = ProblemAgeOutOfRange
	default:
		d.BirthDate = birth
	}

	if strings.TrimSpace(f.CPR) != "" {
		cpr, p := ParseCPR(f.CPR)
		switch {
		case p != "":
			problems["cpr"] = p
		case !d.BirthDate.IsZero():
			if born, _ := cpr.BirthDate(); !born.Equal(d.BirthDate) {
				problems["cpr"] = ProblemCPRBirthDate
			}
		}
		d.CPR = cpr
	}

	d.Level = Level(f.Level)
	if !oneOf(d.Level, Levels) {
		problems["level"] = ProblemUnknownChoice
	}
	d.NeedCategory = NeedCategory(f.NeedCategory)
	if !oneOf(d.NeedCategory, NeedCategories) {
		problems["need_category"] = ProblemUnknownChoice
	}

	for i, g := range f.Guardians {
		g = Guardian{
			Name:     strings.TrimSpace(g.Name),
			Relation: strings.TrimSpace(g.Relation),
			Phone:    strings.TrimSpace(g.Phone),
			Email:    strings.TrimSpace(g.Email),
		}
		if g == (Guardian{}) {
			continue
		}
		prefix := guardianField(i)
		checkText(problems, prefix+"name", g.Name, maxGuardianFieldLen, true)
		checkText(problems, prefix+"relation", g.Relation, maxGuardianFieldLen, false)
		checkText(problems, prefix+"phone", g.Phone, maxGuardianFieldLen, false)
		checkText(problems, prefix+"email", g.Email, maxGuardianFieldLen, false)
		if g.Email != "" && !LooksLikeEmail(g.Email) {
			problems[prefix+"email"] = ProblemEmailFormat
		}
		d.Guardians = append(d.Guardians, g)
	}
	return d, Invalid(problems)
}

// guardianField is the prefix of the i'th guardian's form fields: "guardian0_".
func guardianField(i int) string { return "guardian" + string(rune('0'+i)) + "_" }

// GuardianField names a field of the i'th guardian, as the form names it.
func GuardianField(i int, field string) string { return guardianField(i) + field }

func checkText(problems map[string]Problem, field, value string, max int, required bool) {
	switch {
	case required && value == "":
		problems[field] = ProblemRequired
	case utf8.RuneCountInString(value) > max:
		problems[field] = ProblemTooLong
	}
}

func oneOf[T comparable](v T, options []T) bool {
	for _, o := range options {
		if v == o {
			return true
		}
	}
	return false
}

// ParseDate reads a date as forms send it: YYYY-MM-DD.
func ParseDate(s string) (time.Time, Problem) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, ProblemRequired
	}
	d, err := time.Parse(time.DateOnly, s)
	// Year 1 is Go's zero time, which the rules read as "no date": only
	// years a case can have are dates here.
	if err != nil || d.Year() < 1900 || d.Year() > 2199 {
		return time.Time{}, ProblemDateFormat
	}
	return d, ""
}

// LooksLikeEmail is a plausibility check, not RFC 5322: something@something.tld.
func LooksLikeEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	return at > 0 && at < len(s)-1 && strings.Contains(s[at+1:], ".") && !strings.ContainsAny(s, " \t\r\n<>")
}

// StatusForm is a requested status change.
type StatusForm struct {
	To     string
	Reason string
}

// ValidateChange checks that the young person can move from `from` to the
// requested status.
func (f StatusForm) ValidateChange(from Status) (Status, string, error) {
	to := Status(f.To)
	reason := strings.TrimSpace(f.Reason)
	problems := map[string]Problem{}
	if !oneOf(to, Statuses) {
		problems["status"] = ProblemUnknownChoice
	} else if !from.CanChangeTo(to) {
		problems["status"] = ProblemStatusChange
	}
	checkText(problems, "reason", reason, maxEducationStatusLen, false)
	return to, reason, Invalid(problems)
}

// YouthFilter narrows the list of young people.
type YouthFilter struct {
	Query  string // part of the name
	Level  Level  // empty: all
	Status Status // empty: all
	// OnlyMine narrows to the young people on whose team the actor is, also
	// for a coordinator who may see more.
	OnlyMine bool
	Limit    int
	Offset   int
}

// YouthSummary is one row of the list of young people.
type YouthSummary struct {
	ID        int64
	Name      string
	BirthDate time.Time
	Level     Level
	Status    Status
	TeamSize  int
	UpdatedAt time.Time
}

// Team sizes the law's practice asks for.
const (
	TeamMin = 3
	TeamMax = 5
)

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	At        time.Time
	UserName  string
	UserEmail string
	YouthID   int64
	YouthName string
	Action    AuditAction
	Detail    string
}

// TeamMember is a professional on a young person's team.
type TeamMember struct {
	UserID   int64
	Name     string
	UnitName string
	TeamRole string
	JoinedAt time.Time
}

// YouthRecord is everything the young person's page shows.
type YouthRecord struct {
	Youth
	History          []StatusChange
	Team             []TeamMember
	Contact          *ContactPerson // the active contact person, nil when none
	OverdueChecklist int            // checklist items past their due date
}

// YouthHeading is what every page about a young person shows at the top.
type YouthHeading struct {
	ID        int64
	Name      string
	BirthDate time.Time
	Level     Level
	Status    Status
	TeamSize  int
}
