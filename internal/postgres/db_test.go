package postgres_test

import "testing"

// Every connection of the store runs without JIT compilation (Open): it
// cost 70 ms a query for plans that run in a millisecond.
func TestOpenTurnsJITOff(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	var jit string
	if err := s.db.Pool.QueryRow(s.ctx, `SHOW jit`).Scan(&jit); err != nil {
		t.Fatal(err)
	}
	if jit != "off" {
		t.Errorf("jit = %s on the store's connections, want off", jit)
	}
}
