package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

// The young person's own kui: the citizen session that a sign-in through a
// citizen provider opens, and the one rule every citizen query follows.

// ownCase is true when the citizen session $1 is open and is for the young
// person y, whose CPR is still recorded. Every query of the young person's
// own pages filters with it: a citizen reaches their own case only, never by
// an id from the address.
const ownCase = `EXISTS (SELECT 1 FROM citizen_sessions cs WHERE cs.id = $1 AND cs.ended_at IS NULL
	AND cs.youth_id = y.id AND cs.municipality_id = y.municipality_id) AND y.cpr IS NOT NULL`

// MatchCitizen finds the case of the provider's municipality with this CPR
// number: the only place kui finds a person by CPR. A case without a CPR
// never matches; no match is not found.
func (db *DB) MatchCitizen(ctx context.Context, idp casework.IdP, cpr casework.CPR) (int64, error) {
	var youthID int64
	err := db.Pool.QueryRow(ctx, `SELECT y.id FROM youth y WHERE y.municipality_id = $1 AND y.cpr = $2`,
		idp.MunicipalityID, string(cpr)).Scan(&youthID)
	return youthID, translate(err)
}

// StartCitizenSession opens a citizen session for the provider's verified
// identity: its case is matched by CPR (or was, by the SAML ACS), and the
// security log's line is written in the same transaction. A refusal is
// logged there too and opens nothing.
func (db *DB) StartCitizenSession(ctx context.Context, idp casework.IdP, id casework.Identity) (casework.Citizen, casework.SignInRefusal, error) {
	var c casework.Citizen
	var refused casework.SignInRefusal
	digest := SubjectDigest(idp.ID, id.Subject)
	err := db.inTx(ctx, func(tx actionTx) error {
		ev := casework.SecurityEvent{MunicipalityID: idp.MunicipalityID, IdPID: idp.ID, Method: id.Method, SubjectDigest: digest}
		var err error
		switch {
		case id.Professional:
			refused = casework.RefusedProfessional
		case id.YouthID != 0:
			err = tx.QueryRow(ctx, `SELECT y.id, split_part(y.name, ' ', 1) FROM youth y
				 WHERE y.id = $1 AND y.municipality_id = $2 AND y.cpr IS NOT NULL`, id.YouthID, idp.MunicipalityID).
				Scan(&c.YouthID, &c.FirstName)
		case id.CPR != "":
			err = tx.QueryRow(ctx, `SELECT y.id, split_part(y.name, ' ', 1) FROM youth y
				 WHERE y.municipality_id = $1 AND y.cpr = $2`, idp.MunicipalityID, string(id.CPR)).
				Scan(&c.YouthID, &c.FirstName)
		default:
			refused = casework.RefusedNoCPR
		}
		if errors.Is(err, pgx.ErrNoRows) {
			refused, err = casework.RefusedNoCase, nil
		}
		if err != nil {
			return err
		}
		if refused != "" {
			ev.Event, ev.Reason = casework.EventRefused, refused
			return logSecurity(ctx, tx, ev)
		}
		c.MunicipalityID = idp.MunicipalityID
		if err := tx.QueryRow(ctx, `
			INSERT INTO citizen_sessions (municipality_id, youth_id, idp_id, subject_digest, started_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			c.MunicipalityID, c.YouthID, idp.ID, digest, tx.now).Scan(&c.SessionID); err != nil {
			return err
		}
		ev.Event, ev.YouthID = casework.EventSignIn, c.YouthID
		return logSecurity(ctx, tx, ev)
	})
	if err != nil {
		return casework.Citizen{}, "", err
	}
	return c, refused, nil
}

// CitizenBySession reads an open citizen session; one that was ended, or
// whose case no longer has the CPR it was opened by, is not found.
func (db *DB) CitizenBySession(ctx context.Context, sessionID int64) (casework.Citizen, error) {
	var c casework.Citizen
	err := db.Pool.QueryRow(ctx, `
		SELECT cs.id, y.id, y.municipality_id, split_part(y.name, ' ', 1)
		  FROM citizen_sessions cs JOIN youth y ON y.id = cs.youth_id
		 WHERE cs.id = $1 AND `+ownCase, sessionID).Scan(&c.SessionID, &c.YouthID, &c.MunicipalityID, &c.FirstName)
	return c, translate(err)
}

// EndCitizenSession ends the young person's session (signing out) and
// writes the security log's line.
func (db *DB) EndCitizenSession(ctx context.Context, c casework.Citizen) error {
	return db.inTx(ctx, func(tx actionTx) error {
		var idpID *int64
		err := tx.QueryRow(ctx, `
			UPDATE citizen_sessions SET ended_at = $2, end_reason = 'sign_out'
			 WHERE id = $1 AND ended_at IS NULL RETURNING idp_id`, c.SessionID, tx.now).Scan(&idpID)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil // ended already
		}
		if err != nil {
			return err
		}
		ev := casework.SecurityEvent{MunicipalityID: c.MunicipalityID, YouthID: c.YouthID, Event: casework.EventSignOut,
			Method: casework.MethodOIDC}
		if idpID != nil {
			ev.IdPID = *idpID
			if err := tx.QueryRow(ctx, `SELECT protocol FROM identity_providers WHERE id = $1`, *idpID).Scan(&ev.Method); err != nil {
				return err
			}
		}
		return logSecurity(ctx, tx, ev)
	})
}

// endCitizenSessions ends the open sessions of a young person whose CPR a
// professional changed or removed: the person who signed in with the old
// one is no longer known to be them.
func endCitizenSessions(ctx context.Context, tx actionTx, youthID int64) error {
	_, err := tx.Exec(ctx, `UPDATE citizen_sessions SET ended_at = $2, end_reason = 'cpr_changed'
		 WHERE youth_id = $1 AND ended_at IS NULL`, youthID, tx.now)
	return err
}

// inCitizenTx runs f in one transaction after checking, in SQL, that the
// citizen's session is open and still for their case; not found otherwise.
func (db *DB) inCitizenTx(ctx context.Context, c casework.Citizen, f func(tx actionTx) error) error {
	return db.inTx(ctx, func(tx actionTx) error {
		if err := ownCaseOpen(ctx, tx, c); err != nil {
			return err
		}
		return f(tx)
	})
}

// ownCaseOpen checks, in SQL, that the citizen's session is open and still
// for their case; not found otherwise.
func ownCaseOpen(ctx context.Context, tx actionTx, c casework.Citizen) error {
	var ok bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM youth y WHERE y.id = $2 AND `+ownCase+`)`,
		c.SessionID, c.YouthID).Scan(&ok); err != nil {
		return err
	}
	if !ok {
		return casework.NotFound()
	}
	return nil
}

// auditCitizen writes one audit row of the young person's own action, in
// its transaction: actor_kind 'youth', the citizen session as the actor.
func auditCitizen(ctx context.Context, tx actionTx, c casework.Citizen, action casework.AuditAction, detail string) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO audit_log (municipality_id, user_id, actor_kind, citizen_session_id, youth_id, action, detail, at)
		VALUES ($1, NULL, 'youth', $2, $3, $4, $5, $6)`,
		c.MunicipalityID, c.SessionID, c.YouthID, action, detail, tx.now)
	return err
}

// CitizenHome is what the young person's front page shows: a greeting, and
// audits the visit.
func (db *DB) CitizenHome(ctx context.Context, c casework.Citizen) error {
	return translate(db.citizenReadTx(ctx, c, func(tx actionTx) (pageView, error) {
		return pageView{c.YouthID, casework.AuditUngHome, ""}, nil
	}))
}
