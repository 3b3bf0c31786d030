package casework

import "strings"

// Role is what a user does in kui; it decides what they may see and do.
type Role string

const (
	RoleCaseworker  Role = "caseworker"  // sagsbehandler / fagperson
	RoleFacilitator Role = "facilitator" // tovholder
	RoleCoordinator Role = "coordinator" // koordinator / leder
	RoleAdmin       Role = "admin"
)

// Roles lists every role in the order they are offered in forms.
var Roles = []Role{RoleCaseworker, RoleFacilitator, RoleCoordinator, RoleAdmin}

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool {
	for _, known := range Roles {
		if r == known {
			return true
		}
	}
	return false
}

// SeesWholeMunicipality reports whether the role sees every young person of
// its municipality (coordinators), rather than only those it works with. The
// rule itself is applied in SQL; this is for what the UI offers.
func (r Role) SeesWholeMunicipality() bool { return r == RoleCoordinator }

// User is a signed-in professional. Every store call names one as the actor.
type User struct {
	ID               int64
	MunicipalityID   int64
	MunicipalityName string
	Email            string
	Name             string
	Role             Role
	UnitName         string
}

// Initials are what calendars and the big screen show instead of a name.
func Initials(name string) string {
	out := []rune{}
	start := true
	for _, r := range name {
		if r == ' ' || r == '-' {
			start = true
			continue
		}
		if start {
			out = append(out, r)
			start = false
		}
	}
	return string(out)
}

// NewUserForm is an account as an operator types it (kui user add).
type NewUserForm struct {
	Email        string
	Name         string
	Role         string
	Municipality string
	Unit         string // optional
	Password     string
}

// NewUser is an account to create: the validated values of a NewUserForm.
// The store creates the municipality and the unit when they are new.
type NewUser struct {
	Email        string
	Name         string
	Role         Role
	Municipality string
	Unit         string // "" for none
	Password     string
}

// Validate checks the new account's fields.
func (f NewUserForm) Validate() (NewUser, error) {
	problems := map[string]Problem{}
	u := NewUser{
		Email:        strings.TrimSpace(f.Email),
		Name:         strings.TrimSpace(f.Name),
		Role:         Role(f.Role),
		Municipality: strings.TrimSpace(f.Municipality),
		Unit:         strings.TrimSpace(f.Unit),
		Password:     f.Password,
	}
	checkText(problems, "name", u.Name, maxNameLen, true)
	checkText(problems, "municipality", u.Municipality, maxNameLen, true)
	switch {
	case u.Email == "":
		problems["email"] = ProblemRequired
	case !LooksLikeEmail(u.Email):
		problems["email"] = ProblemEmailFormat
	}
	if !u.Role.Valid() {
		problems["role"] = ProblemUnknownChoice
	}
	if len([]rune(u.Password)) < MinPasswordLength {
		problems["password"] = ProblemPasswordLength
	}
	return u, Invalid(problems)
}

// maxUnitNameLen limits a unit's name, matching the database's check.
const maxUnitNameLen = 100

// Unit is a unit or department of a municipality (Familierådgivning,
// Jobcenter, UU/Ungevejledning …).
type Unit struct {
	ID    int64
	Name  string
	Users int // active users in the unit
}

// ValidateUnitName checks a unit's name.
func ValidateUnitName(s string) (string, error) {
	problems := map[string]Problem{}
	s = strings.TrimSpace(s)
	checkText(problems, "name", s, maxUnitNameLen, true)
	return s, Invalid(problems)
}

// UnitChoice is a unit (department) of the municipality, as forms offer it.
type UnitChoice struct {
	ID   int64
	Name string
}
