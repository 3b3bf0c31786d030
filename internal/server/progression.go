package server

import (
	"net/http"

	"kui/internal/casework"
	"kui/web"
)

func (s *Server) progressionPage(w http.ResponseWriter, r *http.Request) {
	today := s.today()
	s.showProgression(w, r, http.StatusOK, web.ProgressionView{Form: casework.ProgressionForm{MeasuredOn: today.Format("2006-01-02")}})
}

// showProgression renders the progression page around v's form state.
func (s *Server) showProgression(w http.ResponseWriter, r *http.Request, status int, v web.ProgressionView) {
	ctx := r.Context()
	u := userFrom(ctx)
	h, ok := s.youthHeading(w, r)
	if !ok {
		return
	}
	var err error
	if v.Measurements, err = s.db.Progression(ctx, *u, h.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Scale, err = s.db.ProgressionScale(ctx, *u); err != nil {
		s.fail(w, r, err)
		return
	}
	v.Page, v.Heading, v.Today = s.page(r, web.T(ctx).OverT.ProgressionTitle, web.NavYouth), h, s.today()
	s.render(w, r, status, web.ProgressionPage(v))
}

func (s *Server) progressionRecord(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, ok := s.id(w, r, "id")
	if !ok || !s.posted(w, r) {
		return
	}
	f := r.PostForm
	form := casework.ProgressionForm{MeasuredOn: f.Get("measured_on"), ProfessionalStep: f.Get("professional_step"),
		YouthStep: f.Get("youth_step"), YouthWords: f.Get("youth_words"), Comment: f.Get("comment")}
	m, err := form.Validate(s.today())
	if err == nil {
		err = s.db.RecordProgression(ctx, *userFrom(ctx), id, m)
	}
	s.endForm(w, r, err, formEnd{To: web.YouthPath(id, "/progression"), Flash: web.T(ctx).OverT.ProgressionSaved,
		Invalid: func(status int, problems map[string]casework.Problem) {
			s.showProgression(w, r, status, web.ProgressionView{Form: form, Problems: problems})
		}})
}
