package casework

import (
	"strconv"
	"strings"
	"time"
)

// ProfessionalLoad is one professional's share of the municipality's work:
// the coordinator's overview has one per professional.
type ProfessionalLoad struct {
	UserID       int64
	Name         string
	Unit         string
	Role         Role
	Teams        int // young people whose team they are on
	ContactCases int // young people they are contact person for
	Meetings     int // meetings in the next 14 days they take part in or facilitate
	OpenItems    int // plan items they committed to, not yet followed up
	OverdueItems int // of those, past their due date
}

// LoadThresholds say when a professional carries too much, and how long a
// young person may go without a meeting. An administrator sets them.
type LoadThresholds struct {
	ContactCases        int
	Teams               int
	OverdueItems        int
	MeetingIntervalDays int
}

// DefaultLoadThresholds apply until an administrator sets others.
var DefaultLoadThresholds = LoadThresholds{ContactCases: 12, Teams: 25, OverdueItems: 5, MeetingIntervalDays: 90}

// Overloaded names what the professional carries too much of.
func (l ProfessionalLoad) Overloaded(t LoadThresholds) (contact, teams, overdue bool) {
	return l.ContactCases > t.ContactCases, l.Teams > t.Teams, l.OverdueItems > t.OverdueItems
}

// LoadSort is a column the overview can be sorted by.
type LoadSort string

// The overview's sortable columns.
const (
	SortName     LoadSort = "name"
	SortUnit     LoadSort = "unit"
	SortTeams    LoadSort = "teams"
	SortContact  LoadSort = "contact"
	SortMeetings LoadSort = "meetings"
	SortOpen     LoadSort = "open"
	SortOverdue  LoadSort = "overdue"
)

// LoadSorts are the valid sort columns.
var LoadSorts = []LoadSort{SortName, SortUnit, SortTeams, SortContact, SortMeetings, SortOpen, SortOverdue}

// LoadFilter narrows and orders the overview.
type LoadFilter struct {
	Unit string   // empty: all units
	Sort LoadSort // SortContact when empty or unknown
	Desc bool
}

// Normalised returns the filter with an unknown sort replaced by the default
// (most contact-person cases first).
func (f LoadFilter) Normalised() LoadFilter {
	if !oneOf(f.Sort, LoadSorts) {
		f.Sort, f.Desc = SortContact, true
	}
	return f
}

// UnitLoad sums a unit's professionals.
type UnitLoad struct {
	Unit          string
	Professionals int
	Teams         int
	ContactCases  int
	Meetings      int
	OpenItems     int
	OverdueItems  int
	Overloaded    int // professionals over any threshold
}

// SummariseUnits adds the professionals' load up per unit, in the order the
// units first appear.
func SummariseUnits(loads []ProfessionalLoad, t LoadThresholds) []UnitLoad {
	var out []UnitLoad
	index := map[string]int{}
	for _, l := range loads {
		i, ok := index[l.Unit]
		if !ok {
			i = len(out)
			index[l.Unit] = i
			out = append(out, UnitLoad{Unit: l.Unit})
		}
		u := &out[i]
		u.Professionals++
		u.Teams += l.Teams
		u.ContactCases += l.ContactCases
		u.Meetings += l.Meetings
		u.OpenItems += l.OpenItems
		u.OverdueItems += l.OverdueItems
		if c, tm, o := l.Overloaded(t); c || tm || o {
			u.Overloaded++
		}
	}
	return out
}

// ThresholdsForm is an administrator's edit of the thresholds, as typed.
type ThresholdsForm struct {
	ContactCases, Teams, OverdueItems, MeetingIntervalDays string
}

// Validate checks that each threshold is a sensible whole number.
func (f ThresholdsForm) Validate() (LoadThresholds, error) {
	problems := map[string]Problem{}
	num := func(field, s string, lo, hi int) int {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < lo || n > hi {
			problems[field] = ProblemNumberRange
		}
		return n
	}
	t := LoadThresholds{
		ContactCases:        num("contact_cases", f.ContactCases, 1, 1000),
		Teams:               num("teams", f.Teams, 1, 1000),
		OverdueItems:        num("overdue_items", f.OverdueItems, 1, 1000),
		MeetingIntervalDays: num("meeting_interval_days", f.MeetingIntervalDays, 7, 365),
	}
	return t, Invalid(problems)
}

// ChairCategory is a way a young person can fall between chairs.
type ChairCategory string

// The categories of the between-chairs list, in the order a coordinator
// works through them.
const (
	ChairNoContact     ChairCategory = "no_contact"
	ChairHandover      ChairCategory = "handover"
	ChairReferral      ChairCategory = "referral"
	ChairSmallTeam     ChairCategory = "small_team"
	ChairAgenda        ChairCategory = "agenda"
	ChairNoMeeting     ChairCategory = "no_meeting"
	ChairNoProgression ChairCategory = "no_progression"
	ChairTurning18     ChairCategory = "turning_18"
)

// ChairCategories in order.
var ChairCategories = []ChairCategory{ChairNoContact, ChairHandover, ChairReferral, ChairSmallTeam, ChairAgenda,
	ChairNoMeeting, ChairNoProgression, ChairTurning18}

// ChairEntry is one young person who is falling between chairs, and since
// when. For turning 18, Since is the birthday ahead.
type ChairEntry struct {
	Category  ChairCategory
	YouthID   int64
	YouthName string
	// YouthBirthDate tells two young people of the same name apart.
	YouthBirthDate time.Time
	Since          time.Time
	MeetingID      int64 // for a late agenda
}

// Waiting is how many whole days the entry has waited by now.
func (e ChairEntry) Waiting(now time.Time) int {
	d := int(now.Sub(e.Since).Hours() / 24)
	return max(d, 0)
}

// ChairGroup is one category of the list with its total count and its
// longest-waiting entries.
type ChairGroup struct {
	Category ChairCategory
	Total    int
	Entries  []ChairEntry
}

// ProfessionalCases are the young people behind one professional's numbers
// on the overview.
type ProfessionalCases struct {
	Load                ProfessionalLoad
	Teams, ContactCases []YouthSummary
	Meetings            []CaseMeeting
	OpenItems           []CaseItem
}

// CaseMeeting is an upcoming meeting behind the overview's count.
type CaseMeeting struct {
	MeetingID      int64
	YouthID        int64
	YouthName      string
	YouthBirthDate time.Time
	StartsAt       time.Time
	Kind           string
}

// CaseItem is an open plan item behind the overview's count (its due date,
// not its text).
type CaseItem struct {
	YouthID        int64
	YouthName      string
	YouthBirthDate time.Time
	MeetingID      int64
	Due            time.Time
	Overdue        bool
}
