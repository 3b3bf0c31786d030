package casework

import (
	"strings"
	"time"
)

// The young person's plan, next meeting and team as they see them
// (/ung/plan, /ung/moede, /ung/team): no CPR, no journal notes, nothing
// from a coordination meeting.

// UngPlan is the action plan of the young person's latest meeting with a
// plan, and what was followed up there about the plan before it.
type UngPlan struct {
	// Meeting is the meeting the plan was written at; zero ID when there is
	// no plan yet.
	Meeting MeetingSummary
	Items   []PlanItem
	// Previous is the plan before (its items with their follow-up, where
	// recorded at Meeting); PreviousMeeting nil when there was none.
	Previous        []PlanItem
	PreviousMeeting *MeetingSummary
	// Roles is the role on the team of each active member (user id), to
	// say who does what.
	Roles map[int64]string
}

// UngPerson is a professional as the young person sees them: name, unit,
// and their role on the team.
type UngPerson struct {
	UserID   int64
	Name     string
	UnitName string
	TeamRole string
}

// UngMeeting is the young person's next meeting: when, where, who comes,
// and the agenda. Found is false when no meeting is planned.
type UngMeeting struct {
	Found        bool
	ID           int64
	Kind         MeetingKind
	StartsAt     time.Time
	EndsAt       time.Time
	RoomName     string
	RoomAddress  string
	Place        string
	Facilitator  UngPerson
	People       []UngPerson // the professionals taking part, besides the facilitator
	Agenda       []AgendaItem
	AgendaSendBy time.Time // a calendar date
	// Open: the young person can still add and remove their own topics
	// (the agenda is not sent and its send-by date has not passed).
	Open bool
}

// UngTeam is the young person's team and their contact person, with how
// to reach them as the professionals entered it.
type UngTeam struct {
	Members []UngTeamMember
	// Contact is the active contact person; zero UserID when there is none.
	Contact UngTeamMember
}

// UngTeamMember is one professional on the team.
type UngTeamMember struct {
	UngPerson
	Email     string
	WorkPhone string
	Contact   bool
}

// maxYouthTopicLen is the longest topic the young person writes.
const maxYouthTopicLen = 500

// ValidateYouthTopic checks a topic the young person writes for their
// meeting's agenda: 1..500 characters that can be stored.
func ValidateYouthTopic(text string) (string, error) {
	problems := map[string]Problem{}
	text = strings.TrimSpace(text)
	checkText(problems, "text", text, maxYouthTopicLen, true)
	return text, Invalid(problems)
}

// maxWorkPhoneLen is the longest work phone number, as the database's check.
const maxWorkPhoneLen = 40

// ProblemPhoneFormat: a phone number of other characters than digits,
// spaces and "+".
const ProblemPhoneFormat Problem = "phone_format"

// ValidateWorkPhone checks a professional's work phone number: digits,
// spaces and "+", at most 40 characters; empty removes it.
func ValidateWorkPhone(phone string) (string, error) {
	phone = strings.TrimSpace(phone)
	problems := map[string]Problem{}
	switch {
	case len(phone) > maxWorkPhoneLen:
		problems["work_phone"] = ProblemTooLong
	case strings.Trim(phone, "0123456789 +") != "":
		problems["work_phone"] = ProblemPhoneFormat
	}
	return phone, Invalid(problems)
}
