package casework

import (
	"maps"
	"testing"
)

func TestInitials(t *testing.T) {
	for in, want := range map[string]string{"Mikkel Jensen": "MJ", "Anne-Sofie Ødegaard Hansen": "ASØH", "": ""} {
		if got := Initials(in); got != want {
			t.Errorf("Initials(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNewUserFormValidate(t *testing.T) {
	ok := NewUserForm{Email: " anne@a.example ", Name: " Anne Hansen ", Role: "caseworker", Municipality: " A Kommune ", Unit: " UU ", Password: "korrekt hest"}
	u, err := ok.Validate()
	if err != nil {
		t.Fatal(err)
	}
	if u != (NewUser{Email: "anne@a.example", Name: "Anne Hansen", Role: RoleCaseworker, Municipality: "A Kommune", Unit: "UU", Password: "korrekt hest"}) {
		t.Errorf("validated %+v", u)
	}
	_, err = NewUserForm{Email: "anne", Role: "boss", Password: "kort"}.Validate()
	want := map[string]Problem{"name": ProblemRequired, "municipality": ProblemRequired, "email": ProblemEmailFormat,
		"role": ProblemUnknownChoice, "password": ProblemPasswordLength}
	if got := FieldProblems(err); !maps.Equal(got, want) {
		t.Errorf("problems %v, want %v", got, want)
	}
}
