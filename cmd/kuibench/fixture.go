package main

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
)

// fixture: what the measured requests point at, in the largest municipality.
type fixture struct {
	youthIDs    []int64
	postMeeting int64
	liveMeeting int64
}

func loadFixture(ctx context.Context, url string) (fixture, error) {
	var fx fixture
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return fx, err
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `
		SELECT y.id FROM youth y JOIN municipalities m ON m.id = y.municipality_id
		 WHERE m.name = 'Syntetisk Kommune 01' ORDER BY y.id LIMIT 500`)
	if err != nil {
		return fx, err
	}
	if fx.youthIDs, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
		return fx, err
	}
	// Two planned cooperation meetings of the largest municipality: one
	// takes the posted plan items, the other is watched on the big screen.
	rows, err = conn.Query(ctx, `
		SELECT mt.id FROM meetings mt JOIN municipalities m ON m.id = mt.municipality_id
		 WHERE m.name = 'Syntetisk Kommune 01' AND mt.status = 'planned' AND mt.kind = 'samarbejdsmoede'
		 ORDER BY mt.id LIMIT 2`)
	if err != nil {
		return fx, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fx, err
	}
	if len(fx.youthIDs) == 0 || len(ids) < 2 {
		return fx, errors.New("the synthetic data set has no young people or planned meetings in Syntetisk Kommune 01")
	}
	fx.postMeeting, fx.liveMeeting = ids[0], ids[1]
	return fx, nil
}
