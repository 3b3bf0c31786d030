package postgres

import (
	"context"
	"maps"
	"sync"

	"kui/internal/casework"
)

// Input PostgreSQL cannot store (a NUL byte, bytes that are not UTF-8) is
// refused by the server's form decoder: it replaces the bad bytes with
// U+FFFD, so no query can fail on them, and marks the request. Until the
// form's end releases it, the store writes nothing for such a request:
// every write (inTx, and write for single statements) answers with the
// field problems (casework.EInvalid) before it touches the database. So the
// action is not stored, and the form comes back with the text marked.
// Reads still work, for the form to be shown.

type inputGuardKey struct{}

type inputGuard struct {
	mu      sync.Mutex
	refused map[string]casework.Problem
}

// GuardInput gives a request's context the place RefuseInput marks.
func GuardInput(ctx context.Context) context.Context {
	return context.WithValue(ctx, inputGuardKey{}, &inputGuard{})
}

// RefuseInput makes every write of ctx's request fail with problems until
// ReleaseInput. It does nothing
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

// ReleaseInput lets ctx's request write again and returns
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

// refusedInput is the error a refused request's writes answer, or nil.
func refusedInput(ctx context.Context) error {
	g, ok := ctx.Value(inputGuardKey{}).(*inputGuard)
	if !ok {
		return nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return casework.Invalid(maps.Clone(g.refused))
}
