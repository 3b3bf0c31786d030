package server

import (
	"errors"
	"maps"
	"net/http"
	"net/url"
	"strconv"

	"github.com/go-chi/chi/v5"

	"kui/internal/casework"
	"kui/internal/postgres"
	"kui/web"
)

// maxFormBytes bounds what a form post may send.
const maxFormBytes = 1 << 20

// errTooLarge is a request body past maxFormBytes.
var errTooLarge = errors.New("request body too large")

// parseForm is the one decoder of posted forms. A body past maxFormBytes is
// errTooLarge; one that is not a form is a problem with the form. A value
// PostgreSQL cannot store (a NUL byte, bytes that are not UTF-8) is refused
// here, for every form: it is kept as typed with U+FFFD where the bad bytes
// were, its field gets casework.ProblemUnstorableText, and the request may
// not reach the database until the form ends (postgres.RefuseInput), where
// endForm shows the form again with the problem beside the field.
// refused lists those fields.
func parseForm(w http.ResponseWriter, r *http.Request) (refused map[string]casework.Problem, err error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return nil, errTooLarge
		}
		return nil, casework.Invalid(map[string]casework.Problem{"form": casework.ProblemTooLong})
	}
	refused = makeStorable(r.PostForm)
	if len(refused) > 0 {
		// r.Form holds the posted values too, after the query's.
		makeStorable(r.Form)
		postgres.RefuseInput(r.Context(), refused)
	}
	return refused, nil
}

// makeStorable replaces every value PostgreSQL cannot store with what it
// can (casework.MakeStorable) and names the fields it changed.
func makeStorable(values url.Values) map[string]casework.Problem {
	var refused map[string]casework.Problem
	for name, vs := range values {
		for i, v := range vs {
			if casework.Storable(v) {
				continue
			}
			vs[i] = casework.MakeStorable(v)
			if refused == nil {
				refused = map[string]casework.Problem{}
			}
			refused[casework.MakeStorable(name)] = casework.ProblemUnstorableText
		}
	}
	return refused
}

// withRefusedInput ends the refusal parseForm began: the request may use the
// database again (to show the form), and err carries the refused fields'
// problems beside its own, so the form comes back (422) with all of them.
func withRefusedInput(r *http.Request, err error) error {
	refused := postgres.ReleaseInput(r.Context())
	if len(refused) == 0 || (err != nil && casework.Code(err) != casework.EInvalid) {
		return err
	}
	problems := maps.Clone(casework.FieldProblems(err))
	if problems == nil {
		problems = map[string]casework.Problem{}
	}
	maps.Copy(problems, refused)
	return casework.Invalid(problems)
}

// formFailed answers a form parseForm could not read: 413 for one too
// large, else the error path.
func (s *Server) formFailed(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, errTooLarge) {
		t := web.T(r.Context())
		page := web.Page{Title: t.InputT.TooLargeTitle, User: userFrom(r.Context())}
		s.render(w, r, http.StatusRequestEntityTooLarge, web.ErrorPage(page, t.InputT.TooLargeText))
		return
	}
	s.fail(w, r, err)
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
	if _, err := parseForm(w, r); err != nil {
		s.formFailed(w, r, err)
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
