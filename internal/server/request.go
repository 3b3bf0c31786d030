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
