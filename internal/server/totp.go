package server

import (
	"bytes"
	"crypto/subtle"
	"encoding/base64"
	"image/png"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"kui/internal/casework"
	"kui/internal/postgres"
	"kui/web"
)

// The password sign-in's policy and its second factor. When kui is served
// over https (BASE_URL), a password account signs in with a code from an
// authenticator app too (TOTP, RFC 6238): login checks the password and
// leaves a pending sign-in in the renewed session; /login/totp takes the
// code and only then signs the user in. A user without a secret enrols at
// /login/totp/setup: the new secret waits in the session until a right
// code confirms it. Codes are checked against kui's one clock, each works
// once (the store keeps the last step used), and wrong codes count in the
// login throttle under the user's own key.

// Session keys of a pending second factor.
const (
	sessionTOTPUser   = "totp_user"   // the user whose password was right
	sessionTOTPAt     = "totp_at"     // when (Unix seconds, kui's clock)
	sessionTOTPNext   = "totp_next"   // where to go after signing in
	sessionTOTPSecret = "totp_secret" // a secret being enrolled, not yet confirmed
)

// totpPending is how long a right password waits for its code.
const totpPending = 10 * time.Minute

// totpFree wrong codes are allowed before the user's key locks, as for
// passwords from an untrusted client.
const totpFree = 5

var totpOpts = totp.ValidateOpts{Period: 30, Skew: 0, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// startTOTP leaves a right password's sign-in pending in the (renewed)
// session and sends the browser on to the code, or to enrolment.
func (s *Server) startTOTP(w http.ResponseWriter, r *http.Request, user casework.User, next string) {
	ctx := r.Context()
	secret, err := s.db.TOTPSecret(ctx, user.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessionTOTPUser, user.ID)
	s.sessions.Put(ctx, sessionTOTPAt, s.now().Unix())
	s.sessions.Put(ctx, sessionTOTPNext, next)
	s.sessions.Remove(ctx, sessionTOTPSecret)
	if secret == "" {
		s.redirect(w, r, "/login/totp/setup")
		return
	}
	s.redirect(w, r, "/login/totp")
}

// pendingTOTP is the user whose password was right in this session, not
// long ago. Without one the browser is sent to /login and ok is false.
func (s *Server) pendingTOTP(w http.ResponseWriter, r *http.Request) (user casework.User, ok bool) {
	ctx := r.Context()
	id := s.sessions.GetInt64(ctx, sessionTOTPUser)
	at := time.Unix(s.sessions.GetInt64(ctx, sessionTOTPAt), 0)
	if id != 0 && s.now().Sub(at) <= totpPending {
		user, err := s.db.UserByID(ctx, id)
		if err == nil {
			return user, true
		}
		if casework.Code(err) != casework.ENotFound {
			s.fail(w, r, err)
			return casework.User{}, false
		}
	}
	s.endTOTP(r)
	s.redirect(w, r, "/login")
	return casework.User{}, false
}

func (s *Server) endTOTP(r *http.Request) {
	for _, k := range []string{sessionTOTPUser, sessionTOTPAt, sessionTOTPNext, sessionTOTPSecret} {
		s.sessions.Remove(r.Context(), k)
	}
}

// totpStep checks a code against secret on kui's clock, allowing one step
// before or after, and returns the step of the code that matched.
func (s *Server) totpStep(secret, code string) (int64, bool) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != 6 {
		return 0, false
	}
	now := s.now()
	for _, off := range []int{-1, 0, 1} {
		at := now.Add(time.Duration(off) * 30 * time.Second)
		want, err := totp.GenerateCodeCustom(secret, at, totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return at.Unix() / 30, true
		}
	}
	return 0, false
}

func totpKey(userID int64) string { return "totp:" + strconv.FormatInt(userID, 10) }

func totpRule(userID int64) postgres.ThrottleRule {
	return postgres.ThrottleRule{Key: totpKey(userID), Free: totpFree, Base: throttleBase, Max: throttleAccountMax, Forget: throttleForget}
}

// totpAttempt counts a code before it is checked, as passwords are. When
// the user's key is locked it has answered (429) and returns false.
func (s *Server) totpAttempt(w http.ResponseWriter, r *http.Request, user casework.User, locked func(msg string)) bool {
	ctx := r.Context()
	allowed, err := s.db.LoginAttempt(ctx, totpRule(user.ID))
	if err != nil {
		s.fail(w, r, err)
		return false
	}
	if allowed {
		return true
	}
	locks, err := s.db.LoginLocks(ctx, []string{totpKey(user.ID)})
	if err != nil {
		s.fail(w, r, err)
		return false
	}
	t := web.T(ctx)
	wait := max(locks[totpKey(user.ID)].Sub(s.now()), 0)
	w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds()+1)))
	locked(t.LoginThrottled)
	return false
}

// totpRefused writes a wrong code's line in the security log.
func (s *Server) totpRefused(r *http.Request, user casework.User) error {
	return s.db.LogSecurity(r.Context(), casework.SecurityEvent{MunicipalityID: user.MunicipalityID, UserID: user.ID,
		Event: casework.EventRefused, Method: casework.MethodTOTP, Reason: casework.RefusedTOTP})
}

// finishTOTP signs the user in after a right code.
func (s *Server) finishTOTP(w http.ResponseWriter, r *http.Request, user casework.User) {
	ctx := r.Context()
	next := safeNext(s.sessions.GetString(ctx, sessionTOTPNext))
	if err := s.db.LoginSucceeded(ctx, []string{totpKey(user.ID)}); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.RecordSignIn(ctx, user, casework.MethodTOTP); err != nil {
		s.fail(w, r, err)
		return
	}
	s.endTOTP(r)
	// A new token at every privilege change stops session fixation.
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Remove(ctx, sessionCitizen)
	s.sessions.Put(ctx, sessionUserID, user.ID)
	s.sessions.Put(ctx, sessionSignInMethod, casework.MethodTOTP)
	if err := s.trustDevice(w, r, user.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	if next == "" {
		next = "/"
	}
	s.redirect(w, r, next)
}

func (s *Server) totpPage(w http.ResponseWriter, r *http.Request) {
	user, ok := s.pendingTOTP(w, r)
	if !ok {
		return
	}
	secret, err := s.db.TOTPSecret(r.Context(), user.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if secret == "" {
		s.redirect(w, r, "/login/totp/setup")
		return
	}
	s.showTOTP(w, r, http.StatusOK, "", "")
}

func (s *Server) showTOTP(w http.ResponseWriter, r *http.Request, status int, p casework.Problem, msg string) {
	v := web.TOTPView{Page: s.page(r, web.T(r.Context()).IdPT.TOTPTitle, ""), Problem: p, Message: msg}
	s.render(w, r, status, web.TOTPPage(v))
}

func (s *Server) totpCheck(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if _, err := parseForm(w, r); err != nil {
		s.formFailed(w, r, err)
		return
	}
	postgres.ReleaseInput(ctx) // a code that cannot be stored is just a wrong code
	user, ok := s.pendingTOTP(w, r)
	if !ok {
		return
	}
	secret, err := s.db.TOTPSecret(ctx, user.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if secret == "" {
		s.redirect(w, r, "/login/totp/setup")
		return
	}
	if !s.totpAttempt(w, r, user, func(msg string) { s.showTOTP(w, r, http.StatusTooManyRequests, "", msg) }) {
		return
	}
	step, ok := s.totpStep(secret, r.PostForm.Get("code"))
	if ok {
		ok, err = s.db.UseTOTPStep(ctx, user.ID, step)
		if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if !ok {
		if err := s.totpRefused(r, user); err != nil {
			s.fail(w, r, err)
			return
		}
		s.showTOTP(w, r, http.StatusUnprocessableEntity, casework.ProblemTOTPCode, "")
		return
	}
	s.finishTOTP(w, r, user)
}

// enrolSecret is the secret being enrolled in this session, made at the
// first visit of the setup page.
func (s *Server) enrolSecret(r *http.Request, user casework.User) (string, error) {
	ctx := r.Context()
	if secret := s.sessions.GetString(ctx, sessionTOTPSecret); secret != "" {
		return secret, nil
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "kui", AccountName: user.Email, Period: 30,
		Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return "", err
	}
	s.sessions.Put(ctx, sessionTOTPSecret, key.Secret())
	return key.Secret(), nil
}

// totpQR is the otpauth URL of a secret as a QR code: a PNG data: URL.
func totpQR(user casework.User, secret string) (string, error) {
	u := url.URL{Scheme: "otpauth", Host: "totp", Path: "/kui:" + user.Email, RawQuery: url.Values{
		"secret": {secret}, "issuer": {"kui"}, "algorithm": {"SHA1"}, "digits": {"6"}, "period": {"30"}}.Encode()}
	key, err := otp.NewKeyFromURL(u.String())
	if err != nil {
		return "", err
	}
	img, err := key.Image(200, 200)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", err
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()), nil
}

func (s *Server) showTOTPSetup(w http.ResponseWriter, r *http.Request, status int, user casework.User, p casework.Problem, msg string) {
	secret, err := s.enrolSecret(r, user)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	qr, err := totpQR(user, secret)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.TOTPSetupView{Page: s.page(r, web.T(r.Context()).IdPT.TOTPSetupTitle, ""), Secret: secret, QR: qr,
		Problem: p, Message: msg}
	s.render(w, r, status, web.TOTPSetupPage(v))
}

// enrolling is the pending user who has no second factor yet. One who has
// enrolled already is sent to the code page; on failure the answer is given
// and ok is false.
func (s *Server) enrolling(w http.ResponseWriter, r *http.Request) (user casework.User, ok bool) {
	user, ok = s.pendingTOTP(w, r)
	if !ok {
		return user, false
	}
	secret, err := s.db.TOTPSecret(r.Context(), user.ID)
	if err != nil {
		s.fail(w, r, err)
		return user, false
	}
	if secret != "" {
		s.sessions.Remove(r.Context(), sessionTOTPSecret)
		s.redirect(w, r, "/login/totp")
		return user, false
	}
	return user, true
}

func (s *Server) totpSetupPage(w http.ResponseWriter, r *http.Request) {
	user, ok := s.enrolling(w, r)
	if !ok {
		return
	}
	s.showTOTPSetup(w, r, http.StatusOK, user, "", "")
}

func (s *Server) totpSetup(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if _, err := parseForm(w, r); err != nil {
		s.formFailed(w, r, err)
		return
	}
	postgres.ReleaseInput(ctx)
	user, ok := s.enrolling(w, r)
	if !ok {
		return
	}
	secret := s.sessions.GetString(ctx, sessionTOTPSecret)
	if secret == "" {
		s.redirect(w, r, "/login/totp/setup")
		return
	}
	if !s.totpAttempt(w, r, user, func(msg string) { s.showTOTPSetup(w, r, http.StatusTooManyRequests, user, "", msg) }) {
		return
	}
	step, ok := s.totpStep(secret, r.PostForm.Get("code"))
	if !ok {
		s.showTOTPSetup(w, r, http.StatusUnprocessableEntity, user, casework.ProblemTOTPCode, "")
		return
	}
	err := s.db.EnrolTOTP(ctx, user, secret, step)
	if casework.Code(err) == casework.EConflict {
		// Enrolled in another browser meanwhile: that secret holds.
		s.sessions.Remove(ctx, sessionTOTPSecret)
		s.redirect(w, r, "/login/totp")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.finishTOTP(w, r, user)
}
