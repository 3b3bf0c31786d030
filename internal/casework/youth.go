package casework

import (
	"strings"
	"time"
	"unicode"
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

// ProblemChooseNeed: the need category is a choice the creator makes;
// nothing is chosen for them.
const ProblemChooseNeed Problem = "choose_need"

// JoinsTeamByDefault tells whether the create form offers "I am on the team
// myself" ticked: caseworkers work with the young people they create;
// facilitators and coordinators often only register them.
func JoinsTeamByDefault(r Role) bool { return r == RoleCaseworker }

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
	// JoinTeam is the creator's answer to "I am on the team myself": only a
	// professional who will work with the young person takes one of the
	// team's five seats (and counts in the load overview).
	JoinTeam bool
	Version  int
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
	JoinTeam        bool // the creator takes a seat on the team
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
		JoinTeam:        f.JoinTeam,
	}
	checkText(problems, "name", d.Name, maxNameLen, true)
	checkText(problems, "education_status", d.EducationStatus, maxEducationStatusLen, false)
	checkText(problems, "education_plan", d.EducationPlan, maxEducationPlanLen, false)

	if birth, ok := parsePastDate(problems, "birth_date", f.BirthDate, today); ok {
		if creating && (AgeOn(birth, today) < MinAge || AgeOn(birth, today) > MaxAge) {
			problems["birth_date"] = ProblemAgeOutOfRange
		} else {
			d.BirthDate = birth
		}
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
	switch {
	case f.NeedCategory == "":
		problems["need_category"] = ProblemChooseNeed
	case !oneOf(d.NeedCategory, NeedCategories):
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

// StatusForm is a requested status change.
type StatusForm struct {
	To     string
	Reason string
}

// ValidateChange checks the form, and that the young person can move from
// `from` (where they stand as the form was sent) to the requested status.
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

// CheckStatusChange refuses, as a problem with the status field, a change
// the young person cannot make from `from`. The store asks it again against
// the status it holds locked, for someone may have changed it since the
// form was checked.
func CheckStatusChange(from, to Status) error {
	if !from.CanChangeTo(to) {
		return Invalid(map[string]Problem{"status": ProblemStatusChange})
	}
	return nil
}

// YouthFilter narrows the list of young people.
type YouthFilter struct {
	Query  string // part of the name
	Level  Level  // empty: all
	Status Status // empty: all
	// OnlyMine narrows to the young people on whose team the actor is, and
	// those they created who have no team yet, also for a coordinator who
	// may see more.
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

// YouthRecord is everything the young person's page shows.
type YouthRecord struct {
	Youth
	History          []StatusChange
	Team             []TeamMember
	Contact          *ContactPerson // the active contact person, nil when none
	LastContact      *ContactPerson // when none is active, the one who ended last; nil when none ever
	OverdueChecklist int            // checklist items past their due date
}

// ContactReturned tells whether the young person is back in an active
// course without a contact person, after the last one ended because they
// were anchored or the course closed: a contact person should be
// re-established (as Team.Returned on the team page).
func (r YouthRecord) ContactReturned() bool {
	if r.Status != StatusActive || r.Contact != nil || r.LastContact == nil {
		return false
	}
	return r.LastContact.EndReason == EndAnchored || r.LastContact.EndReason == EndClosed
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

// TurningEighteenWithin is how many days ahead the young person's 18th
// birthday is flagged: the move between laws and units, and parents leaving
// the course, is a transition to prepare.
const TurningEighteenWithin = 90

// TurnsEighteen tells whether someone born on birth turns 18 within the next
// TurningEighteenWithin days (not today or earlier), and on which day and in
// how many days.
func TurnsEighteen(birth, today time.Time) (on time.Time, days int, soon bool) {
	// AddDate carries 29 February to 1 March, the day the age changes then.
	on = birth.AddDate(18, 0, 0)
	days = int(on.Sub(today).Hours()/24 + 0.5)
	return on, days, on.After(today) && days <= TurningEighteenWithin
}

// FirstName is the first word of a name: how the big screen names the
// young person.
func FirstName(name string) string {
	name = strings.TrimSpace(name)
	if i := strings.IndexFunc(name, unicode.IsSpace); i > 0 {
		return name[:i]
	}
	return name
}
