// Package migrations holds the goose SQL migrations, embedded so the binary
// can migrate any database it is pointed at.
package migrations

import "embed"

// FS holds every migration file, applied in file-name order.
//
//go:embed *.sql
var FS embed.FS
