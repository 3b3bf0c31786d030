package server

import (
	"net/http"

	"kui/internal/casework"
	"kui/web"
)

func (s *Server) consentsPage(w http.ResponseWriter, r *http.Request) {
	s.showConsents(w, r, http.StatusOK, web.NewConsentForm(s.today()), nil)
}

func (s *Server) showConsents(w http.ResponseWriter, r *http.Request, status int, form casework.ConsentForm, problems map[string]casework.Problem) {
	h, list, ok := underYouth(s, w, r, s.db.ListConsents)
	if !ok {
		return
	}
	t := web.T(r.Context())
	v := web.ConsentsView{Page: s.page(r, t.CaseT.ConsentsTitle, web.NavYouth), Heading: h, Today: s.today(),
		List: list, Form: form, Problems: problems}
	s.render(w, r, status, web.ConsentsPage(v))
}

func consentForm(r *http.Request) casework.ConsentForm {
	f := r.PostForm
	return casework.ConsentForm{
		GivenBy:        f.Get("given_by"),
		GivenByName:    f.Get("given_by_name"),
		GivenOn:        f.Get("given_on"),
		ExpiresOn:      f.Get("expires_on"),
		CoversHealth:   f.Get("covers_health") != "",
		CoversReligion: f.Get("covers_religion") != "",
		CoversOther:    f.Get("covers_other") != "",
		UnitScope:      f.Get("unit_scope"),
		Units:          f["units"],
		Note:           f.Get("note"),
	}
}

func (s *Server) consentCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, ok := s.id(w, r, "id")
	if !ok || !s.posted(w, r) {
		return
	}
	form := consentForm(r)
	d, err := form.Validate(s.today())
	if err == nil {
		_, err = s.db.CreateConsent(ctx, *userFrom(ctx), id, d)
	}
	s.endForm(w, r, err, formEnd{To: web.YouthPath(id, "/consents"), Flash: web.T(ctx).CaseT.ConsentCreated,
		Invalid: func(status int, problems map[string]casework.Problem) { s.showConsents(w, r, status, form, problems) }})
}

func (s *Server) consentWithdrawForm(w http.ResponseWriter, r *http.Request) {
	s.showConsentWithdraw(w, r, http.StatusOK, casework.WithdrawalForm{WithdrawnOn: s.today().Format("2006-01-02")}, nil)
}

// showConsentWithdraw renders the page that confirms a withdrawal. A
// consent already withdrawn has nothing left to confirm.
func (s *Server) showConsentWithdraw(w http.ResponseWriter, r *http.Request, status int, form casework.WithdrawalForm, problems map[string]casework.Problem) {
	ctx := r.Context()
	h, ok := s.youthHeading(w, r)
	if !ok {
		return
	}
	consentID, ok := s.id(w, r, "cid")
	if !ok {
		return
	}
	consent, err := s.db.Consent(ctx, *userFrom(ctx), h.ID, consentID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !consent.WithdrawnOn.IsZero() {
		s.fail(w, r, casework.Conflict(casework.ProblemConsentWithdrawn))
		return
	}
	t := web.T(ctx)
	v := web.ConsentWithdrawView{Page: s.page(r, t.CaseT.ConsentWithdrawTitle, web.NavYouth), Heading: h, Today: s.today(),
		Consent: consent, Form: form, Problems: problems}
	s.render(w, r, status, web.ConsentWithdrawPage(v))
}

func (s *Server) consentWithdraw(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ids, ok := s.ids(w, r, "id", "cid")
	if !ok || !s.posted(w, r) {
		return
	}
	id, consentID := ids[0], ids[1]
	f := r.PostForm
	form := casework.WithdrawalForm{WithdrawnOn: f.Get("withdrawn_on"), WithdrawnBy: f.Get("withdrawn_by"), WithdrawnByName: f.Get("withdrawn_by_name")}
	givenOn, err := s.db.ConsentGivenOn(ctx, *userFrom(ctx), id, consentID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := form.Validate(s.today(), givenOn)
	if err == nil {
		err = s.db.WithdrawConsent(ctx, *userFrom(ctx), id, consentID, d)
	}
	s.endForm(w, r, err, formEnd{To: web.YouthPath(id, "/consents"), Flash: web.T(ctx).CaseT.ConsentWithdrawn,
		Invalid: func(status int, problems map[string]casework.Problem) {
			s.showConsentWithdraw(w, r, status, form, problems)
		}})
}
