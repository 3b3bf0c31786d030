package postgres

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

// Constraints of the consents (migration 00003) that a user can run into.
const (
	constraintConsentHistory    = "consents_keep_history"
	constraintConsentWithdrawal = "consents_withdrawn_after_given"
)

const consentColumns = `c.id, c.youth_id, c.given_by, c.given_by_name, c.given_on, c.expires_on,
	c.covers_health, c.covers_religion, c.covers_other, c.all_units, c.note, rb.name, c.recorded_at,
	c.withdrawn_on, coalesce(c.withdrawn_by, ''), c.withdrawn_by_name, coalesce(wb.name, ''), c.withdrawal_recorded_at,
	c.withdrawal_by_youth,
	coalesce((SELECT array_agg(un.id ORDER BY lower(un.name), un.id) FROM consent_units cu JOIN units un ON un.id = cu.unit_id
	           WHERE cu.consent_id = c.id), '{}'),
	coalesce((SELECT array_agg(un.name ORDER BY lower(un.name), un.id) FROM consent_units cu JOIN units un ON un.id = cu.unit_id
	           WHERE cu.consent_id = c.id), '{}')`

// consentFrom: the recording professional of a withdrawal is absent when
// the young person withdrew the consent themself in kui (LEFT JOIN).
const consentFrom = ` FROM consents c
	JOIN youth y ON y.id = c.youth_id
	JOIN users rb ON rb.id = c.recorded_by
	LEFT JOIN users wb ON wb.id = c.withdrawal_recorded_by`

func scanConsent(row pgx.Row) (casework.Consent, error) {
	var c casework.Consent
	var withdrawnOn, withdrawalAt *time.Time
	var unitIDs []int64
	var unitNames []string
	err := row.Scan(&c.ID, &c.YouthID, &c.GivenBy, &c.GivenByName, &c.GivenOn, &c.ExpiresOn,
		&c.CoversHealth, &c.CoversReligion, &c.CoversOther, &c.AllUnits, &c.Note, &c.RecordedByName, &c.RecordedAt,
		&withdrawnOn, &c.WithdrawnBy, &c.WithdrawnByName, &c.WithdrawalRecordedByName, &withdrawalAt,
		&c.WithdrawnInKui, &unitIDs, &unitNames)
	c.WithdrawnOn, c.WithdrawalRecordedAt = orZero(withdrawnOn), orZero(withdrawalAt)
	for i := range unitIDs {
		c.Units = append(c.Units, casework.UnitChoice{ID: unitIDs[i], Name: unitNames[i]})
	}
	return c, err
}

// ListConsents loads the young person's consents, the newest first, with
// the units and the guardians the form offers. The read is audited.
func (db *DB) ListConsents(ctx context.Context, actor casework.User, youthID int64) (casework.ConsentList, error) {
	var list casework.ConsentList
	err := db.readYouthTx(ctx, actor, youthID, func(tx actionTx, municipalityID int64) (pageView, error) {
		rows, err := tx.Query(ctx, `SELECT `+consentColumns+consentFrom+`
			 WHERE c.youth_id = $2 AND `+visibleToActor+`
			 ORDER BY c.given_on DESC, c.id DESC`, actor.ID, youthID)
		if err != nil {
			return pageView{}, err
		}
		if list.Consents, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.Consent, error) { return scanConsent(r) }); err != nil {
			return pageView{}, err
		}
		if list.Units, err = unitChoices(ctx, tx, municipalityID); err != nil {
			return pageView{}, err
		}
		if list.Guardians, err = guardiansOf(ctx, tx, youthID); err != nil {
			return pageView{}, err
		}
		return pageView{youthID, casework.AuditConsentList, "shown=" + strconv.Itoa(len(list.Consents))}, nil
	})
	if err != nil {
		return casework.ConsentList{}, translate(err)
	}
	return list, nil
}

// CreateConsent records a consent the young person or a parent has given.
func (db *DB) CreateConsent(ctx context.Context, actor casework.User, youthID int64, d casework.ConsentDetails) (int64, error) {
	var id int64
	err := db.inYouthTx(ctx, actor, youthID, func(tx actionTx, municipalityID int64) error {
		if err := tx.QueryRow(ctx, `
			INSERT INTO consents (municipality_id, youth_id, given_by, given_by_name, given_on, expires_on,
			                      covers_health, covers_religion, covers_other, all_units, note, recorded_by, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
			municipalityID, youthID, d.GivenBy, d.GivenByName, d.GivenOn, d.ExpiresOn,
			d.CoversHealth, d.CoversReligion, d.CoversOther, d.AllUnits, d.Note, actor.ID, tx.now).Scan(&id); err != nil {
			return err
		}
		if !d.AllUnits {
			tag, err := tx.Exec(ctx, `
				INSERT INTO consent_units (municipality_id, consent_id, unit_id)
				SELECT $1, $2, un.id FROM units un WHERE un.municipality_id = $1 AND un.id = ANY($3)`,
				municipalityID, id, d.UnitIDs)
			if err != nil {
				return err
			}
			if int(tag.RowsAffected()) != len(d.UnitIDs) {
				return casework.Invalid(map[string]casework.Problem{"units": casework.ProblemUnknownChoice})
			}
		}
		// A later-expiring consent ends the reminders about earlier ones.
		if _, err := tx.Exec(ctx, `UPDATE notifications SET resolved_at = $3
			 WHERE youth_id = $1 AND kind = 'consent_expiring' AND occasion < $2::date AND resolved_at IS NULL`,
			youthID, d.ExpiresOn, tx.now); err != nil {
			return err
		}
		return audit(ctx, tx, actor, youthID, casework.AuditConsentCreate, "consent="+strconv.FormatInt(id, 10))
	})
	return id, translate(err)
}

// Consent loads one consent, for the page that records its withdrawal. The
// read is audited.
func (db *DB) Consent(ctx context.Context, actor casework.User, youthID, consentID int64) (casework.Consent, error) {
	c, err := scanConsent(db.Pool.QueryRow(ctx, `SELECT `+consentColumns+consentFrom+`
		 WHERE c.id = $3 AND c.youth_id = $2 AND `+visibleToActor, actor.ID, youthID, consentID))
	if err != nil {
		return casework.Consent{}, translate(err)
	}
	if err := db.viewed(ctx, actor, youthID, casework.AuditConsentView, "consent="+strconv.FormatInt(consentID, 10)); err != nil {
		return casework.Consent{}, err
	}
	return c, nil
}

// ConsentGivenOn reads the day a consent the actor may see was given, which
// its withdrawal is checked against (casework.WithdrawalForm); the day never
// changes. Like WithdrawConsent it refuses a consent already withdrawn, so
// that a form is only checked where it could be recorded. It reads no more
// and logs nothing: the withdrawal is the act the audit log records.
func (db *DB) ConsentGivenOn(ctx context.Context, actor casework.User, youthID, consentID int64) (time.Time, error) {
	var givenOn time.Time
	var withdrawn bool
	err := db.Pool.QueryRow(ctx, `
		SELECT c.given_on, c.withdrawn_on IS NOT NULL FROM consents c JOIN youth y ON y.id = c.youth_id
		 WHERE c.id = $3 AND c.youth_id = $2 AND `+visibleToActor, actor.ID, youthID, consentID).Scan(&givenOn, &withdrawn)
	if err != nil {
		return time.Time{}, translate(err)
	}
	if withdrawn {
		return time.Time{}, casework.Conflict(casework.ProblemConsentWithdrawn)
	}
	return givenOn, nil
}

// WithdrawConsent records that a consent was withdrawn: when and by whom,
// and who recorded it; d is validated against the day the consent was given
// (the database's check holds to that too). The consent itself is kept. A
// consent is withdrawn once; a second withdrawal answers a conflict.
func (db *DB) WithdrawConsent(ctx context.Context, actor casework.User, youthID, consentID int64, d casework.WithdrawalDetails) error {
	err := db.inTx(ctx, func(tx actionTx) error {
		var withdrawn bool
		err := tx.QueryRow(ctx, `
			SELECT c.withdrawn_on IS NOT NULL FROM consents c JOIN youth y ON y.id = c.youth_id
			 WHERE c.id = $3 AND c.youth_id = $2 AND `+visibleToActor+` FOR UPDATE OF c`,
			actor.ID, youthID, consentID).Scan(&withdrawn)
		if err != nil {
			return err
		}
		if withdrawn {
			return casework.Conflict(casework.ProblemConsentWithdrawn)
		}
		if _, err := tx.Exec(ctx, `
			UPDATE consents SET withdrawn_on = $2, withdrawn_by = $3, withdrawn_by_name = $4,
			       withdrawal_recorded_by = $5, withdrawal_recorded_at = $6
			 WHERE id = $1`, consentID, d.WithdrawnOn, d.WithdrawnBy, d.WithdrawnByName, actor.ID, tx.now); err != nil {
			return err
		}
		if err := resolve(ctx, tx, casework.KindConsentExpiring, consentID); err != nil {
			return err
		}
		return audit(ctx, tx, actor, youthID, casework.AuditConsentWithdraw, "consent="+strconv.FormatInt(consentID, 10))
	})
	return translate(err)
}
