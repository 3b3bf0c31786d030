package postgres_test

import "testing"

// Every connection of the store plans a prepared statement once and runs
// without JIT compilation (Open): planning the access rule's subqueries on
// every execution, and compiling their plans, cost more than running them.
func TestOpenPlansOnceWithoutJIT(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	for param, want := range map[string]string{"jit": "off", "plan_cache_mode": "force_generic_plan"} {
		var got string
		if err := s.db.Pool.QueryRow(s.ctx, `SELECT current_setting($1)`, param).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s = %s on the store's connections, want %s", param, got, want)
		}
	}
}
