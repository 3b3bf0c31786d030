package web

import "testing"

// TestCountPluralForms: the catalogue's one plural helper.
func TestCountPluralForms(t *testing.T) {
	for n, want := range map[int]string{0: "0 dage", 1: "1 dag", 2: "2 dage", 120: "120 dage", -1: "-1 dag"} {
		if got := Danish.Count(n, Danish.Days); got != want {
			t.Errorf("Count(%d, Days) = %q, want %q", n, got, want)
		}
	}
	if got := Danish.Count(1, Danish.Weeks); got != "1 uge" {
		t.Errorf("Count(1, Weeks) = %q", got)
	}
	if got := sprintf(Danish.OverT.Load.ChairsWaited, Danish.Count(1, Danish.Days)); got != "Ventet 1 dag" {
		t.Errorf("a wait of one day reads %q", got)
	}
}
