package server

import (
	"net/http"
	"strconv"

	"kui/internal/casework"
	"kui/web"
)

// auditLog lets an administrator find a young person by name and read who
// has read and changed their data.
func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := userFrom(ctx)
	t := web.T(ctx)
	q := r.URL.Query()
	v := web.AuditView{Page: s.page(r, t.AuditTitle, web.NavAudit), Query: q.Get("q")}
	var err error
	if v.Query != "" {
		if v.Matches, err = s.db.YouthForAudit(ctx, *u, v.Query); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if id, _ := strconv.ParseInt(q.Get("youth"), 10, 64); id > 0 {
		if v.Entries, err = s.db.AuditForYouth(ctx, *u, id); err != nil {
			s.fail(w, r, err)
			return
		}
		if len(v.Entries) == 0 {
			s.fail(w, r, casework.NotFound())
			return
		}
		v.Youth = &casework.YouthSummary{ID: id, Name: v.Entries[0].YouthName}
	}
	s.render(w, r, http.StatusOK, web.AuditPage(v))
}
