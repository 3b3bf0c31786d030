package postgres

import (
	"context"
	"maps"
	"sync"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

// Input PostgreSQL cannot store (a NUL byte, bytes that are not UTF-8) is
// refused by the server's form decoder, which shows the form again with the
// text marked. Between the decoder and the form's end, the request may not
// touch the database at all: the store answers every query of such a
// request with the field problems (casework.EInvalid), without a
// connection, so nothing of the action is stored and no query can fail on
// the text. The form's end releases the request, so the form can be read
// again and shown.

type inputGuardKey struct{}

type inputGuard struct {
	mu      sync.Mutex
	refused map[string]casework.Problem
}

// GuardInput gives a request's context the place RefuseInput marks.
func GuardInput(ctx context.Context) context.Context {
	return context.WithValue(ctx, inputGuardKey{}, &inputGuard{})
}

// RefuseInput keeps every query of ctx's request away from the database
// until ReleaseInput, answering it with problems instead. It does nothing
// on a context without GuardInput.
func RefuseInput(ctx context.Context, problems map[string]casework.Problem) {
	g, ok := ctx.Value(inputGuardKey{}).(*inputGuard)
	if !ok || len(problems) == 0 {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.refused == nil {
		g.refused = map[string]casework.Problem{}
	}
	maps.Copy(g.refused, problems)
}

// ReleaseInput lets ctx's request reach the database again and returns
// the problems it was refused with, if any.
func ReleaseInput(ctx context.Context) map[string]casework.Problem {
	g, ok := ctx.Value(inputGuardKey{}).(*inputGuard)
	if !ok {
		return nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	refused := g.refused
	g.refused = nil
	return refused
}

// refusedInput is the error a refused request's queries answer, or nil.
func refusedInput(ctx context.Context) error {
	g, ok := ctx.Value(inputGuardKey{}).(*inputGuard)
	if !ok {
		return nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return casework.Invalid(maps.Clone(g.refused))
}

// prepareConn runs before a query of ctx takes a connection from the pool.
func prepareConn(ctx context.Context, _ *pgx.Conn) (bool, error) {
	return true, refusedInput(ctx)
}
