package main

import (
	"context"
	"errors"
	"io"
)

// STUB: replaced by the work package that owns this file (kui idp add|list|remove).
func idpCommand(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	return errors.New("kui idp: not implemented")
}
