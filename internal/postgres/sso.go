package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

// The sign-in flows' state, shared by every instance: a sign-in started on
// one kui instance can be finished on another.

// PendingLoginLifetime is how long a started sign-in may take to finish.
const PendingLoginLifetime = 10 * time.Minute

// PendingLogin is a sign-in on its way through the provider. ID is the
// OIDC state or the SAML RelayState.
type PendingLogin struct {
	ID        string
	IdPID     int64
	ReturnURL string // the redirect_uri or ACS URL as sent to the provider
	Next      string // where to go after signing in
	// OpenID Connect.
	OIDCNonce, OIDCVerifier string
	// SAML: the AuthnRequest's ID, and the identity the ACS verified.
	SAMLRequestID string
	Asserted      *casework.Identity
}

// CreatePendingLogin stores a sign-in that is being sent to its provider,
// bound to the browser by the digest of its sign-in cookie.
func (db *DB) CreatePendingLogin(ctx context.Context, pl PendingLogin, browserDigest []byte) error {
	return db.inTx(ctx, func(tx actionTx) error {
		_, err := tx.Exec(ctx, `
			INSERT INTO pending_logins (id, idp_id, browser_digest, return_url, next, oidc_nonce, oidc_verifier,
			                            saml_request_id, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, nullif($6, ''), nullif($7, ''), nullif($8, ''), $9, $10)`,
			pl.ID, pl.IdPID, browserDigest, pl.ReturnURL, pl.Next, pl.OIDCNonce, pl.OIDCVerifier, pl.SAMLRequestID,
			tx.now, tx.now.Add(PendingLoginLifetime))
		return err
	})
}

const pendingColumns = `id, idp_id, return_url, next, coalesce(oidc_nonce, ''), coalesce(oidc_verifier, ''),
	coalesce(saml_request_id, ''), asserted`

func scanPending(row pgx.Row) (PendingLogin, error) {
	var pl PendingLogin
	var asserted []byte
	err := row.Scan(&pl.ID, &pl.IdPID, &pl.ReturnURL, &pl.Next, &pl.OIDCNonce, &pl.OIDCVerifier, &pl.SAMLRequestID, &asserted)
	if err != nil {
		return PendingLogin{}, translate(err)
	}
	if asserted != nil {
		var id casework.Identity
		if err := json.Unmarshal(asserted, &id); err != nil {
			return PendingLogin{}, err
		}
		pl.Asserted = &id
	}
	return pl, nil
}

// TakePendingLogin ends an OpenID Connect sign-in's pending state and
// returns it: only for the browser that started it, only before it expires,
// only once. Anything else is not found.
func (db *DB) TakePendingLogin(ctx context.Context, id string, browserDigest []byte) (PendingLogin, error) {
	var pl PendingLogin
	err := db.inTx(ctx, func(tx actionTx) error {
		var err error
		pl, err = scanPending(tx.QueryRow(ctx, `
			DELETE FROM pending_logins
			 WHERE id = $1 AND browser_digest = $2 AND expires_at > $3 AND saml_request_id IS NULL
			RETURNING `+pendingColumns, id, browserDigest, tx.now))
		return err
	})
	return pl, err
}

// PendingLoginByID reads an unexpired sign-in without taking it: the SAML
// ACS, which the provider's cross-site POST reaches without the browser's
// cookies.
func (db *DB) PendingLoginByID(ctx context.Context, id string) (PendingLogin, error) {
	return scanPending(db.Pool.QueryRow(ctx, `
		SELECT `+pendingColumns+` FROM pending_logins
		 WHERE id = $1 AND expires_at > $2 AND saml_request_id IS NOT NULL`, id, db.now()))
}

// SetAsserted records the identity a verified SAML response named. It is
// false when the sign-in already has one (a response posted twice).
func (db *DB) SetAsserted(ctx context.Context, id string, identity casework.Identity) (bool, error) {
	b, err := json.Marshal(identity)
	if err != nil {
		return false, err
	}
	tag, err := db.write(ctx, `UPDATE pending_logins SET asserted = $2 WHERE id = $1 AND asserted IS NULL AND expires_at > $3`,
		id, b, db.now())
	return tag.RowsAffected() == 1, err
}

// TakeAssertedLogin ends a SAML sign-in whose response was verified, in
// the browser that started it: once, before it expires.
func (db *DB) TakeAssertedLogin(ctx context.Context, id string, browserDigest []byte) (PendingLogin, error) {
	var pl PendingLogin
	err := db.inTx(ctx, func(tx actionTx) error {
		var err error
		pl, err = scanPending(tx.QueryRow(ctx, `
			DELETE FROM pending_logins
			 WHERE id = $1 AND browser_digest = $2 AND expires_at > $3 AND asserted IS NOT NULL
			RETURNING `+pendingColumns, id, browserDigest, tx.now))
		return err
	})
	return pl, err
}

// ConsumeSAMLKey records that a provider's assertion (or other one-time
// key) was accepted; fresh is false when it was accepted before. until is
// the assertion's own deadline on the wall clock, as the provider signed it.
func (db *DB) ConsumeSAMLKey(ctx context.Context, idpID int64, key string, until time.Time) (fresh bool, err error) {
	tag, err := db.write(ctx, `INSERT INTO saml_assertions_used (idp_id, key, expires_at) VALUES ($1, $2, $3)
		ON CONFLICT DO NOTHING`, idpID, key, until)
	return tag.RowsAffected() == 1, err
}

// DeleteExpiredSignIns removes sign-ins nobody finished, and replay keys
// past their assertion's deadline (the wall clock: the provider's).
func (db *DB) DeleteExpiredSignIns(ctx context.Context) error {
	if _, err := db.Pool.Exec(ctx, `DELETE FROM pending_logins WHERE expires_at <= $1`, db.now()); err != nil {
		return err
	}
	_, err := db.Pool.Exec(ctx, `DELETE FROM saml_assertions_used WHERE expires_at <= $1`, time.Now())
	return err
}

// errRefused carries a refusal out of SignInWithIdentity's transaction,
// which still commits the security log's line.
type errRefused struct{ reason casework.SignInRefusal }

func (e errRefused) Error() string { return "sign-in refused: " + string(e.reason) }

// SignInWithIdentity finds or creates the kui user a provider verified, in
// one transaction with the security log's line. The user is the one linked
// to the provider's subject; else the provider's municipality's user with
// that e-mail, who is then linked; else a new user of that municipality.
// Name, e-mail, role and (when the mapping names one) unit are taken from
// the provider at every sign-in. refused is set, and nothing but the
// security log's line written, for a user of another municipality or an
// inactive one.
func (db *DB) SignInWithIdentity(ctx context.Context, idp casework.IdP, id casework.Identity, m casework.RoleMapping) (user casework.User, refused casework.SignInRefusal, err error) {
	var userID int64
	err = db.inTx(ctx, func(tx actionTx) error {
		var municipalityID int64
		var active bool
		err := tx.QueryRow(ctx, `
			SELECT u.id, u.municipality_id, u.active FROM user_identities i JOIN users u ON u.id = i.user_id
			 WHERE i.idp_id = $1 AND i.subject = $2`, idp.ID, id.Subject).Scan(&userID, &municipalityID, &active)
		linked := err == nil
		if errors.Is(err, pgx.ErrNoRows) {
			err = tx.QueryRow(ctx, `SELECT id, municipality_id, active FROM users WHERE lower(email) = lower($1)`, id.Email).
				Scan(&userID, &municipalityID, &active)
			if errors.Is(err, pgx.ErrNoRows) {
				userID, municipalityID, active, err = 0, idp.MunicipalityID, true, nil
			}
		}
		if err != nil {
			return err
		}
		switch {
		case municipalityID != idp.MunicipalityID:
			return errRefused{casework.RefusedOtherMunicipality}
		case !active:
			return errRefused{casework.RefusedInactive}
		}
		if userID == 0 {
			err = tx.QueryRow(ctx, `
				INSERT INTO users (municipality_id, email, name, role, unit_id, password_hash, created_at)
				VALUES ($1, $2, $3, $4, $5, '', $6) RETURNING id`,
				idp.MunicipalityID, id.Email, id.DisplayName(), m.Role, nullID(m.UnitID), tx.now).Scan(&userID)
		} else {
			_, err = tx.Exec(ctx, `
				UPDATE users SET email = $2, name = CASE WHEN $3 = '' THEN name ELSE $3 END, role = $4,
				       unit_id = coalesce($5, unit_id)
				 WHERE id = $1`, userID, id.Email, strings.TrimSpace(id.Name), m.Role, nullID(m.UnitID))
		}
		if err != nil {
			return err
		}
		if !linked {
			if _, err := tx.Exec(ctx, `
				INSERT INTO user_identities (idp_id, subject, municipality_id, user_id, created_at)
				VALUES ($1, $2, $3, $4, $5)`, idp.ID, id.Subject, idp.MunicipalityID, userID, tx.now); err != nil {
				return err
			}
		}
		return recordSignIn(ctx, tx, idp.MunicipalityID, userID, id.Method, idp.ID)
	})
	if r, ok := errors.AsType[errRefused](err); ok {
		// The refusal is logged on its own: nothing else was written.
		return casework.User{}, r.reason, db.LogSecurity(ctx, casework.SecurityEvent{
			MunicipalityID: idp.MunicipalityID, IdPID: idp.ID, Event: casework.EventRefused, Method: id.Method,
			Reason: r.reason, SubjectDigest: SubjectDigest(idp.ID, id.Subject),
		})
	}
	if err != nil {
		return casework.User{}, "", translate(err)
	}
	user, err = db.UserByID(ctx, userID)
	return user, "", err
}

// RecordSignIn notes a password (or password and second factor) sign-in:
// the user's last sign-in and the security log's line, together.
func (db *DB) RecordSignIn(ctx context.Context, u casework.User, method string) error {
	return db.inTx(ctx, func(tx actionTx) error {
		return recordSignIn(ctx, tx, u.MunicipalityID, u.ID, method, 0)
	})
}

func recordSignIn(ctx context.Context, tx actionTx, municipalityID, userID int64, method string, idpID int64) error {
	last := method
	if last == casework.MethodTOTP {
		last = casework.MethodPassword
	}
	if _, err := tx.Exec(ctx, `
		UPDATE users SET last_sign_in_at = $2, last_sign_in_method = $3, last_sign_in_idp_id = $4 WHERE id = $1`,
		userID, tx.now, last, nullID(idpID)); err != nil {
		return err
	}
	return logSecurity(ctx, tx, casework.SecurityEvent{MunicipalityID: municipalityID, UserID: userID, IdPID: idpID,
		Event: casework.EventSignIn, Method: method})
}

// SubjectDigest names a provider's subject in the security log without
// storing it.
func SubjectDigest(idpID int64, subject string) string {
	sum := sha256.Sum256([]byte(strings.Join([]string{"kui-subject", strconv.FormatInt(idpID, 10), subject}, "\x00")))
	return hex.EncodeToString(sum[:])
}
