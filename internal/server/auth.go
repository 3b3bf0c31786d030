package server

import (
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"kui/internal/casework"
	"kui/web"
)

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if userFrom(r.Context()) != nil {
		s.redirect(w, r, "/")
		return
	}
	t := web.T(r.Context())
	v := web.LoginView{Page: s.page(r, t.LoginTitle, ""), Next: safeNext(r.URL.Query().Get("next"))}
	s.render(w, r, http.StatusOK, web.LoginPage(v))
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	t := web.T(ctx)
	if err := parseForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	email := strings.TrimSpace(r.PostForm.Get("email"))
	password := r.PostForm.Get("password")
	v := web.LoginView{Page: web.Page{Title: t.LoginTitle}, Email: email, Next: safeNext(r.PostForm.Get("next"))}

	key := clientIP(r)
	if wait := s.throttle.wait(key, email, s.now()); wait > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds()+1)))
		v.Problem = t.LoginThrottled
		s.render(w, r, http.StatusTooManyRequests, web.LoginPage(v))
		return
	}
	user, hash, err := s.db.UserForLogin(ctx, email)
	if err != nil && casework.Code(err) != casework.ENotFound {
		s.fail(w, r, err)
		return
	}
	if !casework.CheckPasswordOrDummy(hash, password) {
		s.throttle.failed(key, email, s.now())
		v.Problem = t.LoginFailed
		s.render(w, r, http.StatusUnprocessableEntity, web.LoginPage(v))
		return
	}
	s.throttle.succeeded(key, email)
	// A new token at every privilege change stops session fixation.
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessionUserID, user.ID)
	target := v.Next
	if target == "" {
		target = "/"
	}
	s.redirect(w, r, target)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	err := s.sessions.RenewToken(ctx)
	if err == nil {
		s.sessions.Remove(ctx, sessionUserID)
	}
	s.endForm(w, r, err, formEnd{To: "/login", Flash: web.T(ctx).LoggedOut, FlashKind: "info"})
}

// safeNext keeps a post-login target only when it is a path on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return ""
	}
	return next
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Login throttling. Failures are counted per (client address, e-mail) and per
// client address. Someone guessing a user's password from their own machine is
// slowed down; the real user, from another address, is not locked out.
const (
	throttleWindow       = 15 * time.Minute
	throttleFreeAttempts = 5  // failures per address and e-mail before waiting
	throttleAddressLimit = 50 // failures per address, any e-mail, before waiting
	throttleMaxWait      = 5 * time.Minute
	throttleMaxKeys      = 100_000
)

type loginThrottle struct {
	mu       sync.Mutex
	failures map[string][]time.Time
}

func newLoginThrottle() *loginThrottle {
	return &loginThrottle{failures: map[string][]time.Time{}}
}

func throttleKeys(addr, email string) (pair, address string) {
	return addr + "\x00" + strings.ToLower(email), addr
}

// wait is how long the client must wait before its next attempt counts.
func (t *loginThrottle) wait(addr, email string, now time.Time) time.Duration {
	pair, address := throttleKeys(addr, email)
	t.mu.Lock()
	defer t.mu.Unlock()
	return max(t.waitFor(pair, throttleFreeAttempts, now), t.waitFor(address, throttleAddressLimit, now))
}

// waitFor doubles the wait with every failure past the free ones: 1 s, 2 s,
// 4 s … up to throttleMaxWait, counted from the last failure.
func (t *loginThrottle) waitFor(key string, free int, now time.Time) time.Duration {
	recent := t.recent(key, now)
	over := len(recent) - free
	if over < 0 {
		return 0
	}
	wait := min(time.Second<<min(over, 16), throttleMaxWait)
	if remaining := recent[len(recent)-1].Add(wait).Sub(now); remaining > 0 {
		return remaining
	}
	return 0
}

func (t *loginThrottle) recent(key string, now time.Time) []time.Time {
	times := t.failures[key]
	i := 0
	for i < len(times) && now.Sub(times[i]) > throttleWindow {
		i++
	}
	times = times[i:]
	if len(times) == 0 {
		delete(t.failures, key)
		return nil
	}
	t.failures[key] = times
	return times
}

func (t *loginThrottle) failed(addr, email string, now time.Time) {
	pair, address := throttleKeys(addr, email)
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.failures) > throttleMaxKeys {
		for k := range t.failures {
			t.recent(k, now)
		}
	}
	t.failures[pair] = append(t.recent(pair, now), now)
	t.failures[address] = append(t.recent(address, now), now)
}

func (t *loginThrottle) succeeded(addr, email string) {
	pair, _ := throttleKeys(addr, email)
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.failures, pair)
}
