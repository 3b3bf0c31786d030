package server_test

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"kui/internal/pgtest"
	"kui/internal/postgres"
)

// Texts of the throttle's refusals (web.Danish), as a person reads them.
const (
	lockedAccountText = "så den er midlertidigt spærret for browsere, som ikke har været brugt til at logge ind på den før"
	lockedAddressText = "for mange forkerte forsøg på at logge ind fra dit netværk"
	whatToDoText      = "Log ind fra en browser, du plejer at bruge til kui"
)

func loginAs(c *client, email, password string) response {
	c.t.Helper()
	return c.post("/login", url.Values{"email": {email}, "password": {password}})
}

// throttleFailures is the number of failures counted under every key.
func throttleFailures(t *testing.T, app *testApp) int {
	return countRows(t, app, `SELECT coalesce(sum(failures), 0) FROM login_throttle`)
}

// fromAddress is a new browser whose requests come from another loopback
// address than every other client's (127.0.0.1): another office.
func (a *testApp) fromAddress(ip string) *client {
	c := a.anonymous()
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 10 * time.Second}
	c.http.Transport = &http.Transport{DialContext: dialer.DialContext}
	return c
}

// The attack the issue describes: someone on the office network (the same
// address as the caseworker) guesses the caseworker's password. The
// attacker is refused without a password check after five guesses; the
// caseworker, from a browser that signed in before, still gets in; a new
// browser is told what to do.
func TestLoginThrottleStopsTheGuesserNotTheColleague(t *testing.T) {
	app := newTestApp(t)
	const victim = "uu@a.example"

	// The caseworker signed in from this browser yesterday, and out again.
	caseworker := app.anonymous()
	if resp := loginAs(caseworker, victim, testPassword); resp.status != http.StatusSeeOther {
		t.Fatalf("first login: %d", resp.status)
	}
	caseworker.post("/logout", nil)

	attacker := app.anonymous()
	for i := range 5 {
		if resp := loginAs(attacker, victim, "gæt-"+string(rune('a'+i))); resp.status != http.StatusUnprocessableEntity {
			t.Fatalf("guess %d: %d, want 422", i+1, resp.status)
		}
	}
	counted := throttleFailures(t, app)
	for _, password := range []string{"gæt-f", testPassword} {
		resp := loginAs(attacker, victim, password)
		if resp.status != http.StatusTooManyRequests || resp.header.Get("Retry-After") == "" ||
			!strings.Contains(resp.body, lockedAccountText) || !strings.Contains(resp.body, whatToDoText) {
			t.Fatalf("the attacker's guess %q after five: %d, want 429 with the account locked", password, resp.status)
		}
	}
	if n := throttleFailures(t, app); n != counted {
		t.Errorf("refused guesses were counted (%d → %d): their passwords were checked", counted, n)
	}
	// A cookie the attacker makes up, or one for another account, is no
	// way around the lock.
	forged := app.anonymous()
	forged.http.Jar.SetCookies(mustURL(t, app.URL), []*http.Cookie{{Name: "kui_device", Value: itoa64(app.Users[victim].ID) + ".AAAA.AAAA"}})
	if resp := loginAs(forged, victim, testPassword); resp.status != http.StatusTooManyRequests {
		t.Errorf("a forged device cookie: %d, want 429", resp.status)
	}
	other := app.anonymous()
	loginAs(other, "mentor@a.example", testPassword)
	other.post("/logout", nil)
	if resp := loginAs(other, victim, testPassword); resp.status != http.StatusTooManyRequests {
		t.Errorf("another account's device cookie: %d, want 429", resp.status)
	}

	// The caseworker, from the same address, gets in.
	if resp := loginAs(caseworker, victim, testPassword); resp.status != http.StatusSeeOther {
		t.Fatalf("the real user from their own browser during the attack: %d, want 303", resp.status)
	}
	if home := caseworker.get("/"); home.status != http.StatusOK || !strings.Contains(home.body, "Ulla Ungevejleder") {
		t.Errorf("home after login: %d", home.status)
	}
	caseworker.post("/logout", nil)

	// A new browser of the caseworker's is refused, and told what to do.
	fresh := app.anonymous()
	resp := loginAs(fresh, victim, testPassword)
	if resp.status != http.StatusTooManyRequests || !strings.Contains(resp.body, whatToDoText) || !strings.Contains(resp.body, "prøv igen om") {
		t.Errorf("a new browser during the attack: %d, want 429 telling what to do", resp.status)
	}

	// The trusted browser has a budget of its own: its own mistakes lock it.
	for i := range 10 {
		if resp := loginAs(caseworker, victim, "tastefejl"); resp.status != http.StatusUnprocessableEntity {
			t.Fatalf("the real user's typo %d: %d, want 422", i+1, resp.status)
		}
	}
	if resp := loginAs(caseworker, victim, testPassword); resp.status != http.StatusTooManyRequests || !strings.Contains(resp.body, "For mange forsøg") {
		t.Errorf("the trusted browser after ten of its own failures: %d, want 429", resp.status)
	}
	// Other accounts from the same address are not affected.
	if resp := loginAs(app.anonymous(), "koordinator@a.example", testPassword); resp.status != http.StatusSeeOther {
		t.Errorf("another account from the same address: %d", resp.status)
	}
}

// One address trying many accounts: past its budget, new browsers from
// that address are refused for every account; a browser that signed in
// before is not, and nor is another address.
func TestLoginThrottleLimitsOneAddressAcrossAccounts(t *testing.T) {
	app := newTestApp(t)
	trusted := app.anonymous()
	if resp := loginAs(trusted, "mentor@a.example", testPassword); resp.status != http.StatusSeeOther {
		t.Fatalf("first login: %d", resp.status)
	}
	trusted.post("/logout", nil)

	sprayer := app.anonymous()
	for i := range 50 {
		email := "konto" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + "@a.example"
		if resp := loginAs(sprayer, email, "Sommer2026!"); resp.status != http.StatusUnprocessableEntity {
			t.Fatalf("spray %d: %d, want 422", i+1, resp.status)
		}
	}
	resp := loginAs(app.anonymous(), "mentor@a.example", testPassword)
	if resp.status != http.StatusTooManyRequests || !strings.Contains(resp.body, lockedAddressText) || !strings.Contains(resp.body, whatToDoText) {
		t.Errorf("a new browser from the spraying address: %d, want 429", resp.status)
	}
	if resp := loginAs(trusted, "mentor@a.example", testPassword); resp.status != http.StatusSeeOther {
		t.Errorf("a trusted browser from the spraying address: %d, want 303", resp.status)
	}
	if resp := loginAs(app.fromAddress("127.0.0.2"), "koordinator@a.example", testPassword); resp.status != http.StatusSeeOther {
		t.Errorf("a new browser from another address: %d, want 303", resp.status)
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// The store's side: the attempt that reaches the free count locks the key;
// each further one, once the lock is over, locks it twice as long, up to
// the ceiling; an attempt while locked is refused and counted nowhere; a
// key quiet long enough starts afresh; a success takes its count back.
// Time is the store's one clock, moved by the test.
func TestThrottleLocksGrowAndEnd(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	now := fixedNow
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	move := func(d time.Duration) { mu.Lock(); defer mu.Unlock(); now = now.Add(d) }
	db, err := postgres.Open(ctx, pgtest.NewDatabase(t), postgres.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	rule := postgres.ThrottleRule{Key: "account:x", Free: 3, Base: time.Minute, Max: 4 * time.Minute, Forget: 24 * time.Hour}
	other := postgres.ThrottleRule{Key: "address:y", Free: 100, Base: time.Minute, Max: time.Hour, Forget: time.Hour}
	lockedFor := func() time.Duration {
		t.Helper()
		locks, err := db.LoginLocks(ctx, []string{rule.Key, other.Key})
		if err != nil {
			t.Fatal(err)
		}
		if len(locks) == 0 {
			return 0
		}
		return locks[rule.Key].Sub(clock())
	}
	attempt := func() bool {
		t.Helper()
		ok, err := db.LoginAttempt(ctx, rule, other)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	otherCount := func() int {
		t.Helper()
		var n int
		if err := db.Pool.QueryRow(ctx, `SELECT coalesce(sum(failures), 0) FROM login_throttle WHERE key = $1`, other.Key).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for i := range 2 {
		if !attempt() {
			t.Fatalf("attempt %d refused", i+1)
		}
		if d := lockedFor(); d != 0 {
			t.Fatalf("locked for %v after %d attempts", d, i+1)
		}
	}
	for _, want := range []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 4 * time.Minute} {
		if !attempt() {
			t.Fatal("an attempt after the lock was refused")
		}
		if d := lockedFor(); d != want {
			t.Fatalf("locked for %v, want %v", d, want)
		}
		counted := otherCount()
		if attempt() {
			t.Fatal("an attempt while locked was allowed")
		}
		if n := otherCount(); n != counted {
			t.Fatalf("a refused attempt was counted under the other key (%d → %d)", counted, n)
		}
		move(want)
		if d := lockedFor(); d != 0 {
			t.Fatalf("still locked for %v when the lock is over", d)
		}
	}
	move(rule.Forget + time.Second)
	if !attempt() || lockedFor() != 0 {
		t.Errorf("a key quiet for a day is locked at its first attempt")
	}
	// A success clears the account and takes its one attempt back from the
	// address, unlocking it when that was what locked it.
	counted := otherCount()
	if err := db.LoginSucceeded(ctx, []string{rule.Key}, other); err != nil {
		t.Fatal(err)
	}
	if n := otherCount(); n != counted-1 {
		t.Errorf("the address counts %d after a success, want %d", n, counted-1)
	}
	for range 3 {
		attempt()
	}
	if d := lockedFor(); d != time.Minute {
		t.Errorf("after a success the count starts again: locked for %v, want 1m", d)
	}
	address := postgres.ThrottleRule{Key: "address:z", Free: 2, Base: time.Minute, Max: time.Hour, Forget: time.Hour}
	db.LoginAttempt(ctx, address)
	db.LoginAttempt(ctx, address) // the second reaches the free count and locks
	if err := db.LoginSucceeded(ctx, nil, address); err != nil {
		t.Fatal(err)
	}
	if locks, _ := db.LoginLocks(ctx, []string{address.Key}); len(locks) != 0 {
		t.Error("a successful login that reached the address's free count left it locked")
	}
}

// Guesses sent at once get no more password checks than guesses sent one
// by one: the count and the lock are one statement.
func TestThrottleAttemptsAtOnce(t *testing.T) {
	ctx := context.Background()
	db, err := postgres.Open(ctx, pgtest.NewDatabase(t), postgres.WithClock(func() time.Time { return fixedNow }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	account := postgres.ThrottleRule{Key: "account:at-once", Free: 5, Base: time.Minute, Max: time.Hour, Forget: 24 * time.Hour}
	address := postgres.ThrottleRule{Key: "address:at-once", Free: 50, Base: time.Minute, Max: time.Hour, Forget: time.Hour}
	var wg sync.WaitGroup
	var mu sync.Mutex
	allowed := 0
	for range 30 {
		wg.Go(func() {
			ok, err := db.LoginAttempt(ctx, account, address)
			if err != nil {
				t.Error(err)
				return
			}
			if ok {
				mu.Lock()
				allowed++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if allowed != account.Free {
		t.Errorf("%d of 30 attempts at once were allowed, want %d", allowed, account.Free)
	}
}

// What a person sees, in Chromium: the caseworker's own browser signs in
// while someone guesses her password from the office network; a browser she
// never used is refused with a Danish message saying what to do, and the
// page is accessible.
func TestBrowserLoginDuringAttack(t *testing.T) {
	app := newTestApp(t)
	const victim = "uu@a.example"
	own := app.newBrowser(t)
	own.login(victim)
	own.click("form[action='/logout'] button[type=submit]")

	attacker := app.anonymous()
	for range 6 {
		loginAs(attacker, victim, "gæt")
	}
	if resp := loginAs(attacker, victim, testPassword); resp.status != http.StatusTooManyRequests {
		t.Fatalf("the attacker after six guesses: %d, want 429", resp.status)
	}

	own.login(victim) // fails the test unless it lands on the front page

	fresh := app.newBrowser(t)
	fresh.visit("/login")
	fresh.fill("#f-email", victim)
	fresh.fill("#f-password", testPassword)
	if status := fresh.click("form[action='/login'] button[type=submit]"); status != http.StatusTooManyRequests {
		t.Fatalf("a new browser during the attack: %d, want 429", status)
	}
	if msg := fresh.text("[data-testid=form-error]"); !strings.Contains(msg, whatToDoText) || !strings.Contains(msg, "prøv igen om") {
		t.Errorf("a new browser is told %q", msg)
	}
	fresh.checkAccessibility("login refused during an attack")
}
