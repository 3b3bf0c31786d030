package server

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"kui/internal/casework"
)

// maxFormBytes bounds what a form post may send.
const maxFormBytes = 1 << 20

func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		return casework.Invalid(map[string]casework.Problem{"form": casework.ProblemTooLong})
	}
	return nil
}

// idParam reads a numeric id from the route; anything else is not found.
func idParam(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	if err != nil || id <= 0 {
		return 0, casework.NotFound()
	}
	return id, nil
}

// id reads the route's numeric id by name. On failure it has answered
// through the error path (not found) and returns false.
func (s *Server) id(w http.ResponseWriter, r *http.Request, name string) (int64, bool) {
	id, err := idParam(r, name)
	if err != nil {
		s.fail(w, r, err)
		return 0, false
	}
	return id, true
}

// ids reads the route's numeric ids by name. On failure it has answered
// through the error path (not found) and returns false.
func (s *Server) ids(w http.ResponseWriter, r *http.Request, names ...string) ([]int64, bool) {
	ids := make([]int64, len(names))
	for i, name := range names {
		id, ok := s.id(w, r, name)
		if !ok {
			return nil, false
		}
		ids[i] = id
	}
	return ids, true
}

// posted reads the posted form. On failure it has answered through the
// error path and returns false.
func (s *Server) posted(w http.ResponseWriter, r *http.Request) bool {
	if err := parseForm(w, r); err != nil {
		s.fail(w, r, err)
		return false
	}
	return true
}

// formVersion reads the version a form was loaded at; a missing one is 0,
// which the store takes as stale.
func formVersion(r *http.Request) int {
	v, _ := strconv.Atoi(r.PostForm.Get("version"))
	return v
}

// fromScreen tells that a form was sent from the big screen, which is where
// its answer goes back to.
func fromScreen(r *http.Request) bool { return r.PostForm.Get("return") == "screen" }

// direction reads the move buttons' direction: up, or down.
func direction(r *http.Request) (up bool, err error) {
	switch r.PostForm.Get("direction") {
	case "up":
		return true, nil
	case "down":
		return false, nil
	}
	return false, casework.Invalid(map[string]casework.Problem{"direction": casework.ProblemUnknownChoice})
}
