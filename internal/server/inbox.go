package server

import (
	"net/http"

	"kui/internal/casework"
	"kui/web"
)

// inboxShow is "Venter på dig": what waits for the signed-in professional,
// newest first, only about young people they may see (the store's rule).
func (s *Server) inboxShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	actor := *userFrom(ctx)
	items, err := s.db.Inbox(ctx, actor)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.InboxView{
		Page:        s.page(r, web.T(ctx).NotifT.InboxTitle, web.NavInbox),
		Items:       items,
		Coordinator: actor.Role == casework.RoleCoordinator,
	}
	s.render(w, r, http.StatusOK, web.InboxPage(v))
}

// inboxRead marks one of the user's lines read and goes back to the list;
// another user's line is not found.
func (s *Server) inboxRead(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	nid, ok := s.id(w, r, "nid")
	if !ok || !s.posted(w, r) {
		return
	}
	err := s.db.MarkRead(ctx, *userFrom(ctx), nid)
	s.endForm(w, r, err, formEnd{To: "/inbox", Flash: web.T(ctx).NotifT.MarkedRead})
}
