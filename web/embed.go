// Package web holds what kui shows: templ components, the message catalogue
// and the static files (our own CSS and JS; third-party files are copied in
// from npm at build time into static/vendor, which is not committed).
package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"path"
	"strings"
	"sync"
	_ "time/tzdata" // dates are shown in Copenhagen time on any machine
)

// Static is served under /static/.
//
//go:embed all:static
var Static embed.FS

// StaticFiles is static/ as served under /static/.
func StaticFiles() fs.FS {
	sub, err := fs.Sub(Static, "static")
	if err != nil {
		panic(err) // "static" is a valid path: never happens
	}
	return sub
}

// assetIndex names every static file also by its content: app.css is
// app.3f2a9c1b0d4e.css as well, so a page can ask browsers to keep it for
// ever and a new build is fetched anew. Computed once, from the embedded
// files.
type assetIndex struct {
	hashed map[string]string // app.css → app.3f2a9c1b0d4e.css
	real   map[string]string // app.3f2a9c1b0d4e.css → app.css
	etag   map[string]string // app.css → its content hash
}

var assets = sync.OnceValue(func() assetIndex {
	idx := assetIndex{hashed: map[string]string{}, real: map[string]string{}, etag: map[string]string{}}
	fsys := StaticFiles()
	_ = fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		h := hex.EncodeToString(sum[:6])
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + h + ext
		idx.hashed[name], idx.real[hashed], idx.etag[name] = hashed, name, h
		return nil
	})
	return idx
})

// Asset is the address of the static file name (a path under static/, such
// as "app.css" or "vendor/dkfds/css/dkfds.min.css") by its content-hashed
// name, which may be cached for ever. A file that is not there keeps its
// own name.
func Asset(name string) string {
	if h, ok := assets().hashed[name]; ok {
		return "/static/" + h
	}
	return "/static/" + name
}

// StaticFile reads a path under /static/: the file it names, whether the
// name was the content-hashed one (then the content never changes), and
// the content's hash (for an ETag). ok is false for no such file.
func StaticFile(name string) (file string, hashed bool, etag string, ok bool) {
	idx := assets()
	if real, found := idx.real[name]; found {
		return real, true, idx.etag[real], true
	}
	if h, found := idx.etag[name]; found {
		return name, false, h, true
	}
	return name, false, "", false
}
