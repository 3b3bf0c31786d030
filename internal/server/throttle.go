package server

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"kui/internal/postgres"
	"kui/web"
)

// Login throttling, after OWASP's device cookies. Municipal offices reach
// kui from one public address, so throttling by address and account would
// lock a caseworker out for as long as someone guesses their password from
// the same office. Instead a login attempt is one of two kinds:
//
//   - from a browser that signed in to the account before: it shows the
//     device cookie kui signed then (bound to the account), and has a
//     budget of its own, per browser. Nothing an untrusted client does
//     locks it.
//   - from any other client (untrusted): its failures count against the
//     account, for every untrusted client alike, and against the client's
//     address, across accounts. Past the free failures the account (for
//     untrusted clients) or the address is locked, each further failure
//     doubling the lock.
//
// Every attempt is counted before its password is checked, atomically with
// the lock (postgres.LoginAttempt), so a guesser gets five checks, even with
// requests sent at once, and then one per lock: after a minute, two, four …
// up to one an hour. A locked attempt is refused without a password check;
// a successful login takes its count back. The state is in PostgreSQL, shared by every instance; times
// come from the one clock. Keys are digests: no e-mail or address is stored.
const (
	throttleAccountFree  = 5  // untrusted failures per account before it locks
	throttleDeviceFree   = 10 // failures per trusted browser before it locks
	throttleAddressFree  = 50 // untrusted failures per address, any account
	throttleBase         = time.Minute
	throttleAccountMax   = time.Hour
	throttleDeviceMax    = 15 * time.Minute
	throttleAddressMax   = time.Hour
	throttleForget       = 24 * time.Hour // a key quiet this long starts afresh
	throttleAddressQuiet = time.Hour
	deviceCookieLifetime = 365 * 24 * time.Hour
)

type loginThrottle struct {
	mu  sync.Mutex
	key []byte // signs device cookies; loaded from the database at first use
}

func newLoginThrottle() *loginThrottle { return &loginThrottle{} }

// deviceKey is the device cookies' signing key, shared by every instance.
func (s *Server) deviceKey(r *http.Request) ([]byte, error) {
	s.throttle.mu.Lock()
	defer s.throttle.mu.Unlock()
	if s.throttle.key != nil {
		return s.throttle.key, nil
	}
	key, err := s.db.DeviceKey(r.Context())
	if err != nil {
		// Two instances creating it at once: the other one's is there now.
		key, err = s.db.DeviceKey(r.Context())
	}
	if err != nil {
		return nil, err
	}
	s.throttle.key = key
	return key, nil
}

func throttleKey(kind, value string) string {
	sum := sha256.Sum256([]byte(kind + "\x00" + value))
	return kind + ":" + hex.EncodeToString(sum[:16])
}

// loginAttempt is what one login attempt is throttled by.
type loginAttempt struct {
	device           string // the trusted browser's key; empty when untrusted
	account, address string
}

func (s *Server) loginAttempt(r *http.Request, email string, userID int64) (loginAttempt, error) {
	a := loginAttempt{
		account: throttleKey("account", strings.ToLower(email)),
		address: throttleKey("address", clientIP(r)),
	}
	c, err := r.Cookie(s.deviceCookieName())
	if err != nil || userID == 0 {
		return a, nil
	}
	key, err := s.deviceKey(r)
	if err != nil {
		return a, err
	}
	if nonce, ok := verifyDevice(key, c.Value, userID); ok {
		a.device = throttleKey("device", nonce)
	}
	return a, nil
}

func (a loginAttempt) keys() []string {
	if a.device != "" {
		return []string{a.device}
	}
	return []string{a.account, a.address}
}

func (a loginAttempt) rules() []postgres.ThrottleRule {
	if a.device != "" {
		return []postgres.ThrottleRule{{Key: a.device, Free: throttleDeviceFree, Base: throttleBase, Max: throttleDeviceMax, Forget: throttleForget}}
	}
	return []postgres.ThrottleRule{
		{Key: a.account, Free: throttleAccountFree, Base: throttleBase, Max: throttleAccountMax, Forget: throttleForget},
		{Key: a.address, Free: throttleAddressFree, Base: throttleBase, Max: throttleAddressMax, Forget: throttleAddressQuiet},
	}
}

// forgotten are the keys a successful login clears. An address's failures
// stay: one account of one's own must not wipe a spray over others.
func (a loginAttempt) forgotten() []string {
	if a.device != "" {
		return []string{a.device}
	}
	return []string{a.account}
}

// undone are the keys whose count a successful login only takes back: its
// own attempt was no failure.
func (a loginAttempt) undone() []postgres.ThrottleRule {
	if a.device != "" {
		return nil
	}
	return a.rules()[1:]
}

// refusal tells the user why they may not try now, and what to do.
func (a loginAttempt) refusal(t *web.Catalogue, locks map[string]time.Time, wait time.Duration) string {
	minutes := int(math.Ceil(wait.Minutes()))
	in := fmt.Sprintf(t.InputT.Minutes, minutes)
	if minutes <= 1 {
		in = t.InputT.OneMinute
	}
	switch {
	case a.device != "":
		return t.LoginThrottled
	case !locks[a.account].IsZero():
		return fmt.Sprintf(t.InputT.LoginLockedAccount, in)
	default:
		return fmt.Sprintf(t.InputT.LoginLockedAddress, in)
	}
}

// Device cookies: "<user id>.<nonce>.<signature>", the signature an
// HMAC-SHA256 of the user id and the nonce under the server's device key.

func (s *Server) deviceCookieName() string {
	if s.https {
		return "__Host-kui_device"
	}
	return "kui_device"
}

func deviceSignature(key []byte, userID int64, nonce string) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("kui device\x00" + strconv.FormatInt(userID, 10) + "\x00" + nonce))
	return mac.Sum(nil)
}

func verifyDevice(key []byte, value string, userID int64) (nonce string, ok bool) {
	parts := strings.Split(value, ".")
	if len(parts) != 3 || parts[0] != strconv.FormatInt(userID, 10) || parts[1] == "" {
		return "", false
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, deviceSignature(key, userID, parts[1])) {
		return "", false
	}
	return parts[1], true
}

// trustDevice gives the browser that just signed in a new device cookie
// for the account.
func (s *Server) trustDevice(w http.ResponseWriter, r *http.Request, userID int64) error {
	key, err := s.deviceKey(r)
	if err != nil {
		return err
	}
	nonce := rand.Text()
	http.SetCookie(w, &http.Cookie{
		Name:     s.deviceCookieName(),
		Value:    strconv.FormatInt(userID, 10) + "." + nonce + "." + base64.RawURLEncoding.EncodeToString(deviceSignature(key, userID, nonce)),
		Path:     "/",
		MaxAge:   int(deviceCookieLifetime.Seconds()),
		HttpOnly: true,
		Secure:   s.https,
		SameSite: http.SameSiteLaxMode,
	})
	return nil
}
