package casework

import "testing"

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("korrekt hest batteri")
	if err != nil {
		t.Fatal(err)
	}
	if !CheckPassword(h, "korrekt hest batteri") || CheckPassword(h, "forkert") || CheckPasswordOrDummy("", "x") {
		t.Error("password check is wrong")
	}
}
