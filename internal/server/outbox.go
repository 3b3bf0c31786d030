package server

import (
	"net/http"

	"kui/web"
)

// outboxLimit is how many of the newest outgoing e-mails the page lists.
const outboxLimit = 200

// outboxList is the administrator's view of the municipality's outgoing
// e-mail: the recipient by name (never the address), kind, state, attempts
// and the reason a send failed.
func (s *Server) outboxList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	entries, err := s.db.OutboxList(ctx, *userFrom(ctx), outboxLimit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.OutboxView{Page: s.page(r, web.T(ctx).NotifT.OutboxTitle, web.NavAdmin)}
	for _, e := range entries {
		v.Rows = append(v.Rows, web.OutboxRow{ID: e.ID, UserName: e.UserName, Kind: e.Kind, State: e.State,
			Attempts: e.Attempts, LastError: e.LastError, CreatedAt: e.CreatedAt, SentAt: e.SentAt})
	}
	s.render(w, r, http.StatusOK, web.OutboxPage(v))
}

// outboxRetry sends a failed e-mail of the municipality again; another
// municipality's is not found.
func (s *Server) outboxRetry(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	oid, ok := s.id(w, r, "oid")
	if !ok || !s.posted(w, r) {
		return
	}
	err := s.db.RetryOutbox(ctx, *userFrom(ctx), oid)
	s.endForm(w, r, err, formEnd{To: "/admin/outbox", Flash: web.T(ctx).NotifT.OutboxRetried})
}
