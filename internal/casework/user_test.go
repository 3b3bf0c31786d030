package casework

import "testing"

func TestInitials(t *testing.T) {
	for in, want := range map[string]string{"Mikkel Jensen": "MJ", "Anne-Sofie Ødegaard Hansen": "ASØH", "": ""} {
		if got := Initials(in); got != want {
			t.Errorf("Initials(%q) = %q, want %q", in, got, want)
		}
	}
}
