package server

import (
	"encoding/json"
	"net/http"

	"kui/internal/casework"
	"kui/web"
)

// The young person's rights: their own progression rating, their consents
// (and withdrawing one), who has read their case, and all kui holds about
// them. Every store call takes the signed-in citizen, never an id of a
// young person from the address; a consent's id is checked against their
// own case in SQL (another's is not found).

func (s *Server) ungProgression(w http.ResponseWriter, r *http.Request) {
	s.showUngProgression(w, r, http.StatusOK, nil, nil)
}

// showUngProgression renders Min udvikling; form is what was typed (nil:
// this quarter's stored answer, if any).
func (s *Server) showUngProgression(w http.ResponseWriter, r *http.Request, status int, form *casework.SelfRatingForm, problems map[string]casework.Problem) {
	ctx := r.Context()
	p, err := s.db.UngProgression(ctx, *citizenFrom(ctx))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.UngProgressionView{Page: s.ungPage(r, web.T(ctx).Ung.Rights.ProgressionTitle, web.UngNavProgression),
		P: p, Problems: problems}
	if form != nil {
		v.Form = *form
	} else {
		v.Form = p.Current().FormOf()
	}
	s.render(w, r, status, web.UngProgressionPage(v))
}

func (s *Server) ungRate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !s.posted(w, r) {
		return
	}
	form := casework.SelfRatingForm{Step: r.PostForm.Get("step"), Words: r.PostForm.Get("words")}
	step, words, err := form.Validate()
	if err == nil {
		err = s.db.UngRate(ctx, *citizenFrom(ctx), step, words)
	}
	s.endForm(w, r, err, formEnd{To: "/ung/udvikling", Flash: web.T(ctx).Ung.Rights.RateSaved,
		Invalid: func(status int, problems map[string]casework.Problem) {
			s.showUngProgression(w, r, status, &form, problems)
		}})
}

func (s *Server) ungConsents(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	list, err := s.db.UngConsents(ctx, *citizenFrom(ctx))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, web.UngConsentsPage(web.UngConsentsView{
		Page:  s.ungPage(r, web.T(ctx).Ung.Rights.ConsentsTitle, web.UngNavConsents),
		Today: s.today(), Consents: list}))
}

// ungConsentWithdrawForm asks the young person to confirm the withdrawal:
// a page of its own with one button, so it works without JavaScript.
func (s *Server) ungConsentWithdrawForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, ok := s.id(w, r, "cid")
	if !ok {
		return
	}
	k, err := s.db.UngConsent(ctx, *citizenFrom(ctx), id)
	if err == nil && !k.WithdrawnOn.IsZero() {
		err = casework.Conflict(casework.ProblemConsentWithdrawn)
	} else if err == nil && k.State(s.today()) == casework.ConsentExpired {
		err = casework.Conflict(casework.ProblemConsentEnded)
	}
	if err != nil {
		s.ungConsentFailed(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, web.UngConsentWithdrawPage(web.UngConsentWithdrawView{
		Page:  s.ungPage(r, web.T(ctx).Ung.Rights.WithdrawTitle, web.UngNavConsents),
		Today: s.today(), Consent: k}))
}

func (s *Server) ungConsentWithdraw(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, ok := s.id(w, r, "cid")
	if !ok || !s.posted(w, r) {
		return
	}
	if err := s.db.UngWithdrawConsent(ctx, *citizenFrom(ctx), id); err != nil {
		s.ungConsentFailed(w, r, err)
		return
	}
	s.flash(r, "success", web.T(ctx).Ung.Rights.WithdrawDone)
	s.redirect(w, r, "/ung/samtykker")
}

// ungConsentFailed answers a consent that was withdrawn already, or has run
// out, in the young person's words (409); anything else the error path.
func (s *Server) ungConsentFailed(w http.ResponseWriter, r *http.Request, err error) {
	if casework.Code(err) != casework.EConflict {
		s.fail(w, r, err)
		return
	}
	t := web.T(r.Context()).Ung.Rights
	text := t.AlreadyWithdrawn
	if conflictProblem(err) == casework.ProblemConsentEnded {
		text = t.AlreadyEnded
	}
	s.render(w, r, http.StatusConflict, web.UngErrorPage(s.ungPage(r, t.ConflictTitle, web.UngNavConsents), text))
}

func (s *Server) ungAccessLog(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	log, err := s.db.UngAccessLog(ctx, *citizenFrom(ctx))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, web.UngAccessLogPage(web.UngAccessLogView{
		Page: s.ungPage(r, web.T(ctx).Ung.Rights.AccessTitle, web.UngNavAccessLog), Log: log}))
}

func (s *Server) ungData(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	e, err := s.db.UngExport(ctx, *citizenFrom(ctx))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, web.UngDataPage(web.UngDataView{
		Page: s.ungPage(r, web.T(ctx).Ung.Rights.DataTitle, web.UngNavData), Export: e}))
}

// ungDataJSON is the same as a file to keep: readable keys, the
// catalogue's words, and no field for the CPR number.
func (s *Server) ungDataJSON(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	e, err := s.db.UngExport(ctx, *citizenFrom(ctx))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	body, err := json.MarshalIndent(web.NewUngExportFile(web.T(ctx), e, s.now()), "", "  ")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="mine-data-kui.json"`)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(append(body, '\n'))
}
