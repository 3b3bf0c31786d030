package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	vegeta "github.com/tsenart/vegeta/v12/lib"

	"kui/internal/postgres"
)

// The realistic mix (issue 15): what many signed-in professionals of
// several municipalities do at once, each request as one of them.

// errand is one kind of request in the mix.
type errand int

const (
	youthPage       errand = iota // GET /youth/{id}: a young person's page
	youthSearch                   // GET /youth?q=…: the list with a name search
	meetingPage                   // GET /meetings/{id}
	planPost                      // POST /meetings/{id}/plan: a new plan item
	frontPage                     // GET /
	coordinatorView               // GET /overview or /overview/between-chairs, as a coordinator
)

var errandNames = [...]string{"youth_page", "youth_search", "meeting_page", "plan_post", "front_page", "coordinator_view"}

func (e errand) String() string { return errandNames[e] }

// schedule is the mix in 20 slots, each 5 %: 55 % a young person's page,
// 15 % a name search, 10 % a meeting page, 5 % a plan item posted, 10 % the
// front page, 5 % a coordinator's view. The kinds are interleaved so that
// any stretch of requests is close to the mix.
var schedule = [20]errand{
	youthPage, youthSearch, youthPage, frontPage, youthPage,
	meetingPage, youthPage, youthSearch, youthPage, coordinatorView,
	youthPage, planPost, youthPage, youthSearch, youthPage,
	meetingPage, youthPage, frontPage, youthPage, youthPage,
}

// mixUser is a signed-in professional and what their requests point at:
// young people on their team, planned cooperation meetings of those young
// people, and a word of one of their names to search for. A coordinator
// needs none of these.
type mixUser struct {
	email    string
	cookie   string
	youth    []int64
	meetings []int64
	search   string
}

// mix turns the i-th request of a run into a request: slot i % 20 of the
// schedule says what, the round i / 20 says who (every user in turn) and
// where (the two instances in turn, so that every kind goes to both).
type mix struct {
	bases        []string
	users        []mixUser // caseworkers and facilitators
	coordinators []mixUser
	run          string // makes the plan items' one-time tokens unique across runs
	next         atomic.Uint64
}

// mixRequest is one request of the mix, before vegeta sends it.
type mixRequest struct {
	errand errand
	user   *mixUser
	method string
	url    string
	body   []byte
}

func (m *mix) request(i uint64) mixRequest {
	slot, round := i%uint64(len(schedule)), i/uint64(len(schedule))
	e := schedule[slot]
	base := m.bases[(round+slot)%uint64(len(m.bases))]
	if e == coordinatorView {
		c := &m.coordinators[round%uint64(len(m.coordinators))]
		path := "/overview"
		if (round/uint64(len(m.coordinators)))%2 == 1 {
			path = "/overview/between-chairs"
		}
		return mixRequest{errand: e, user: c, method: http.MethodGet, url: base + path}
	}
	u := &m.users[round%uint64(len(m.users))]
	turn := round / uint64(len(m.users)) // how often this user has had this slot before
	pick := func(ids []int64) string { return strconv.FormatInt(ids[(turn+slot)%uint64(len(ids))], 10) }
	r := mixRequest{errand: e, user: u, method: http.MethodGet}
	switch e {
	case youthPage:
		r.url = base + "/youth/" + pick(u.youth)
	case youthSearch:
		r.url = base + "/youth?q=" + url.QueryEscape(u.search)
	case meetingPage:
		r.url = base + "/meetings/" + pick(u.meetings)
	case frontPage:
		r.url = base + "/"
	case planPost:
		r.method = http.MethodPost
		r.url = base + "/meetings/" + pick(u.meetings) + "/plan"
		r.body = []byte(url.Values{
			"text":  {"Jeg møder op i skolen tre dage om ugen"},
			"owner": {"youth"}, "due": {"2027-03-01"}, "goal": {"uddannelse_job"},
			"token": {fmt.Sprintf("mix-%s-%d", m.run, i)},
		}.Encode())
	}
	return r
}

// targeter hands vegeta's workers the mix's requests in order; workers
// call it concurrently, so the order lives in an atomic counter.
func (m *mix) targeter() vegeta.Targeter {
	return func(t *vegeta.Target) error {
		r := m.request(m.next.Add(1) - 1)
		t.Method, t.URL, t.Body = r.method, r.url, r.body
		t.Header = http.Header{"Cookie": {r.user.cookie}}
		if r.method == http.MethodPost {
			t.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		return nil
	}
}

// loadMixUsers reads, for the largest municipalities (by young people),
// up to perMunicipality active caseworkers and facilitators each who have
// young people on their team and a planned cooperation meeting of one of
// them, with their fixtures; and up to 4 coordinators of each.
func loadMixUsers(ctx context.Context, dbURL string, municipalities, perMunicipality int) (users, coordinators []mixUser, err error) {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return nil, nil, err
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `
		WITH big AS (
			SELECT municipality_id AS id, row_number() OVER (ORDER BY count(*) DESC, municipality_id) AS rank
			  FROM youth GROUP BY municipality_id ORDER BY count(*) DESC, municipality_id LIMIT $1
		), staff AS (
			SELECT u.id, u.email, big.rank,
			       ARRAY(SELECT tm.youth_id FROM team_members tm
			              WHERE tm.user_id = u.id AND tm.left_at IS NULL ORDER BY tm.youth_id LIMIT 20) AS youth,
			       ARRAY(SELECT mt.id FROM team_members tm JOIN meetings mt ON mt.youth_id = tm.youth_id
			              WHERE tm.user_id = u.id AND tm.left_at IS NULL
			                AND mt.status = 'planned' AND mt.kind = 'samarbejdsmoede'
			              ORDER BY mt.id LIMIT 10) AS meetings,
			       coalesce((SELECT lower(substring(y.name FROM '(\S+)$')) FROM team_members tm JOIN youth y ON y.id = tm.youth_id
			                  WHERE tm.user_id = u.id AND tm.left_at IS NULL ORDER BY y.id LIMIT 1), '') AS search
			  FROM users u JOIN big ON big.id = u.municipality_id
			 WHERE u.active AND u.role IN ('caseworker', 'facilitator')
		), usable AS (
			SELECT *, row_number() OVER (PARTITION BY rank ORDER BY id) AS n
			  FROM staff WHERE cardinality(youth) > 0 AND cardinality(meetings) > 0 AND search <> ''
		)
		SELECT email, youth, meetings, search FROM usable WHERE n <= $2 ORDER BY n, rank`, municipalities, perMunicipality)
	if err != nil {
		return nil, nil, err
	}
	users, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (mixUser, error) {
		var u mixUser
		return u, r.Scan(&u.email, &u.youth, &u.meetings, &u.search)
	})
	if err != nil {
		return nil, nil, err
	}
	rows, err = conn.Query(ctx, `
		WITH big AS (
			SELECT municipality_id AS id, row_number() OVER (ORDER BY count(*) DESC, municipality_id) AS rank
			  FROM youth GROUP BY municipality_id ORDER BY count(*) DESC, municipality_id LIMIT $1
		)
		SELECT email FROM (
			SELECT u.email, big.rank, u.id, row_number() OVER (PARTITION BY big.rank ORDER BY u.id) AS n
			  FROM users u JOIN big ON big.id = u.municipality_id
			 WHERE u.active AND u.role = 'coordinator') c
		 WHERE n <= 4 ORDER BY n, rank`, municipalities)
	if err != nil {
		return nil, nil, err
	}
	emails, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, nil, err
	}
	for _, e := range emails {
		coordinators = append(coordinators, mixUser{email: e})
	}
	if len(users) == 0 || len(coordinators) == 0 {
		return nil, nil, fmt.Errorf("the %d largest municipalities have no caseworker with a planned cooperation meeting, or no coordinator", municipalities)
	}
	return users, coordinators, nil
}

// signIn signs every user in through the login form, one at a time (a
// password check holds 19 MiB: many at once would raise the instances'
// peak memory), taking turns between the instances.
func signIn(ctx context.Context, out io.Writer, bases []string, users []mixUser) error {
	fmt.Fprintf(out, "Signing in %d users …\n", len(users))
	for i := range users {
		if err := ctx.Err(); err != nil {
			return err
		}
		c, err := login(bases[i%len(bases)], users[i].email, postgres.SyntheticPassword)
		if err != nil {
			return err
		}
		users[i].cookie = c
	}
	return nil
}
