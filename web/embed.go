// Package web holds what kui shows: templ components, the message catalogue
// and the static files (our own CSS and JS; third-party files are copied in
// from npm at build time into static/vendor, which is not committed).
package web

import (
	"embed"
	_ "time/tzdata" // dates are shown in Copenhagen time on any machine
)

// Static is served under /static/.
//
//go:embed all:static
var Static embed.FS
