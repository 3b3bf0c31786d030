package main

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	vegeta "github.com/tsenart/vegeta/v12/lib"

	"kui/internal/postgres"
)

// The coordinators' views (the overview, the list of young people between
// chairs) are heavy and few use them: a handful of coordinators of the
// largest municipality at a low constant rate, for their p95.

// coordinatorSessions is n signed-in sessions of coordinators of the
// largest municipality: each of its coordinators, and then the first again
// in a new session, until there are n (the synthetic data set has one per
// municipality; a session is what a desk holds).
func coordinatorSessions(ctx context.Context, dbURL, base string, n int) ([]mixUser, error) {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return nil, err
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `
		SELECT u.email FROM users u
		 WHERE u.active AND u.role = 'coordinator' AND u.municipality_id =
		       (SELECT municipality_id FROM youth GROUP BY municipality_id ORDER BY count(*) DESC, municipality_id LIMIT 1)
		 ORDER BY u.id LIMIT $1`, n)
	if err != nil {
		return nil, err
	}
	emails, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	if len(emails) == 0 {
		return nil, fmt.Errorf("the largest municipality has no coordinator")
	}
	sessions := make([]mixUser, n)
	for i := range sessions {
		sessions[i].email = emails[i%len(emails)]
		if sessions[i].cookie, err = login(base, sessions[i].email, postgres.SyntheticPassword); err != nil {
			return nil, err
		}
	}
	return sessions, nil
}

// fixedTargeter hands out the paths in turn, each as the next session in
// turn, on the instances in turn.
func fixedTargeter(bases []string, sessions []mixUser, paths ...string) vegeta.Targeter {
	var next atomic.Uint64
	return func(t *vegeta.Target) error {
		i := next.Add(1) - 1
		t.Method = http.MethodGet
		t.URL = bases[i%uint64(len(bases))] + paths[(i/uint64(len(bases)))%uint64(len(paths))]
		t.Header = http.Header{"Cookie": {sessions[i%uint64(len(sessions))].cookie}}
		return nil
	}
}
