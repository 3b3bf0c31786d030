package postgres_test

import (
	"slices"
	"strings"
	"testing"

	"kui/internal/casework"
)

// The search by part of a name (served by the trigram index youth_name_trgm)
// finds exactly the young people whose name contains the words, in any
// case, literally (%, _ and \ are not wildcards), only the actor's own, in
// page by page (no one twice, no one left out): compared with the same filter done in Go over
// every young person the actor may see.
func TestYouthSearchMatchesAPlainFilter(t *testing.T) {
	s := newStore(t)
	coordinator := s.user("Karen Koordinator", casework.RoleCoordinator, "A Kommune", "Ungeenheden")
	caseworker := s.user("Ulla Ung", casework.RoleCaseworker, "A Kommune", "UU")
	other := s.user("Bo Koordinator", casework.RoleCoordinator, "B Kommune", "Ungeenheden")
	first := []string{"Jens", "Hans", "Alma", "Ærø", "Øjvind", "Åse", "Lund", "Ali", "Anna", "Benjamin", "Johan"}
	last := []string{"Hansen", "Jensen", "Lundgaard", "Møller", "Ø. Berg", "50% Nielsen", "a_b Holm", `back\slash`, "Al-Hassan", "LUNDE"}
	var mine, all []string
	for i := 0; i < 66; i++ {
		name := first[i%len(first)] + " " + last[(i/len(first)+i)%len(last)]
		actor := coordinator
		if i%3 == 0 {
			actor = caseworker // on the caseworker's own team
			mine = append(mine, name)
		}
		s.youth(actor, name, "2009-05-01", casework.LevelBump)
		all = append(all, name)
		s.youth(other, name, "2009-05-01", casework.LevelBump) // the same names in B Kommune: never found from A
	}
	for _, q := range []string{"jens", "han", "al", "a", "æ", "Ø", "50%", "a_b", `back\slash`, "LUND", "sen", "nobody", ""} {
		for _, who := range []struct {
			actor casework.User
			names []string
		}{{coordinator, all}, {caseworker, mine}} {
			// As multisets: the order is the database's collation's.
			want, got := plainSearch(who.names, q), listAll(t, s, who.actor, q)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s searching %q: got %d %v, want %d %v", who.actor.Name, q, len(got), got, len(want), want)
			}
		}
	}
}

// plainSearch is the search done in Go: the names containing q, ignoring
// case, sorted.
func plainSearch(names []string, q string) []string {
	q = strings.ToLower(strings.TrimSpace(q))
	var out []string
	for _, n := range names {
		if strings.Contains(strings.ToLower(n), q) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

// listAll reads every page of the actor's search, 7 at a time.
func listAll(t *testing.T, s *storeFixture, actor casework.User, q string) []string {
	t.Helper()
	var out []string
	for offset := 0; ; offset += 7 {
		page, total, err := s.db.ListYouth(s.ctx, actor, casework.YouthFilter{Query: q, Limit: 7, Offset: offset})
		s.ok(err)
		for _, y := range page {
			out = append(out, y.Name)
		}
		if len(page) < 7 || len(out) >= total {
			if len(page) > 0 && len(out) != total {
				t.Fatalf("%q: %d read, total says %d", q, len(out), total)
			}
			return out
		}
	}
}

// The trigram index can serve the search: with sequential and plain index
// scans off, the planner can still find a name's part through it (and only
// through it). (Whether it does so
// with sequential scans on depends on the table's size: that is make
// bench's question, not a test's.)
func TestYouthSearchCanUseTheTrigramIndex(t *testing.T) {
	s := newStore(t)
	tx, err := s.db.Pool.Begin(s.ctx)
	s.ok(err)
	defer tx.Rollback(s.ctx)
	_, err = tx.Exec(s.ctx, `SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off`)
	s.ok(err)
	rows, err := tx.Query(s.ctx, `EXPLAIN SELECT y.id FROM youth y WHERE lower(y.name) LIKE '%' || $1 || '%'`, "jens")
	s.ok(err)
	var plan []string
	for rows.Next() {
		var line string
		s.ok(rows.Scan(&line))
		plan = append(plan, line)
	}
	s.ok(rows.Err())
	if !strings.Contains(strings.Join(plan, "\n"), "youth_name_trgm") {
		t.Errorf("the search's plan does not use youth_name_trgm:\n%s", strings.Join(plan, "\n"))
	}
}
