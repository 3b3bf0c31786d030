package postgres

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

// The young person's rights in their own kui (/ung/udvikling,
// /ung/samtykker, /ung/indsigt, /ung/data). Every query filters with
// ownCase (the citizen session as $1), never with an id from the address;
// a consent's id is joined to the young person y, so another's is not
// found. Every read and action writes its audit row as the young person's.

// UngProgression is the young person's own progression: the municipality's
// scale, their own ratings and the measurements recorded with them.
func (db *DB) UngProgression(ctx context.Context, c casework.Citizen) (casework.UngProgression, error) {
	var p casework.UngProgression
	err := db.citizenReadTx(ctx, c, func(tx actionTx) (pageView, error) {
		var err error
		if p, err = ungProgression(ctx, tx, c); err != nil {
			return pageView{}, err
		}
		return pageView{c.YouthID, casework.AuditUngProgression, ""}, nil
	})
	return p, translate(err)
}

func ungProgression(ctx context.Context, tx actionTx, c casework.Citizen) (casework.UngProgression, error) {
	p := casework.UngProgression{QuarterStart: casework.QuarterStart(casework.DateOf(tx.now))}
	var err error
	if p.Scale, err = progressionScale(ctx, tx, c.MunicipalityID); err != nil {
		return p, err
	}
	rows, err := tx.Query(ctx, `
		SELECT r.quarter_start, r.step, r.words, r.updated_at
		  FROM youth_self_ratings r JOIN youth y ON y.id = r.youth_id
		 WHERE `+ownCase+` ORDER BY r.quarter_start`, c.SessionID)
	if err != nil {
		return p, err
	}
	if p.Own, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.SelfRating, error) {
		var s casework.SelfRating
		err := r.Scan(&s.QuarterStart, &s.Step, &s.Words, &s.UpdatedAt)
		return s, err
	}); err != nil {
		return p, err
	}
	rows, err = tx.Query(ctx, `
		SELECT pm.id, pm.measured_on, pm.professional_step, pm.youth_step, pm.youth_words, pm.comment, u.name, pm.recorded_at
		  FROM progression_measurements pm JOIN youth y ON y.id = pm.youth_id JOIN users u ON u.id = pm.recorded_by
		 WHERE `+ownCase+` ORDER BY pm.measured_on, pm.id`, c.SessionID)
	if err != nil {
		return p, err
	}
	p.Measurements, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.ProgressionMeasurement, error) {
		var m casework.ProgressionMeasurement
		err := r.Scan(&m.ID, &m.MeasuredOn, &m.ProfessionalStep, &m.YouthStep, &m.YouthWords, &m.Comment, &m.RecordedBy, &m.RecordedAt)
		return m, err
	})
	return p, err
}

// UngRate records the young person's own rating of this quarter (the
// Copenhagen quarter of now); a second rating in the same quarter replaces
// the first.
func (db *DB) UngRate(ctx context.Context, c casework.Citizen, step int, words string) error {
	if _, _, err := (casework.SelfRatingForm{Step: strconv.Itoa(step), Words: words}).Validate(); err != nil {
		return err
	}
	return translate(db.inCitizenTx(ctx, c, func(tx actionTx) error {
		quarter := casework.QuarterStart(casework.DateOf(tx.now))
		tag, err := tx.Exec(ctx, `
			INSERT INTO youth_self_ratings (municipality_id, youth_id, quarter_start, step, words, created_at, updated_at)
			SELECT y.municipality_id, y.id, $2, $3, $4, $5, $5 FROM youth y WHERE `+ownCase+`
			ON CONFLICT (youth_id, quarter_start) DO UPDATE
			   SET step = excluded.step, words = excluded.words, updated_at = excluded.updated_at`,
			c.SessionID, quarter, step, words, tx.now)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return casework.NotFound()
		}
		// The quarter is the one of the row's moment: no detail needed.
		return auditCitizen(ctx, tx, c, casework.AuditUngRate, "")
	}))
}

// UngConsents lists the young person's consents, the newest first.
func (db *DB) UngConsents(ctx context.Context, c casework.Citizen) ([]casework.Consent, error) {
	var list []casework.Consent
	err := db.citizenReadTx(ctx, c, func(tx actionTx) (pageView, error) {
		var err error
		if list, err = ungConsents(ctx, tx, c); err != nil {
			return pageView{}, err
		}
		return pageView{c.YouthID, casework.AuditUngConsents, "shown=" + strconv.Itoa(len(list))}, nil
	})
	return list, translate(err)
}

func ungConsents(ctx context.Context, tx actionTx, c casework.Citizen) ([]casework.Consent, error) {
	rows, err := tx.Query(ctx, `SELECT `+consentColumns+consentFrom+`
		 WHERE `+ownCase+` ORDER BY c.given_on DESC, c.id DESC`, c.SessionID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.Consent, error) { return scanConsent(r) })
}

// UngConsent loads one of the young person's own consents, for the page
// that asks them to confirm its withdrawal; another's is not found.
func (db *DB) UngConsent(ctx context.Context, c casework.Citizen, consentID int64) (casework.Consent, error) {
	var k casework.Consent
	err := db.citizenReadTx(ctx, c, func(tx actionTx) (pageView, error) {
		var err error
		if k, err = scanConsent(tx.QueryRow(ctx, `SELECT `+consentColumns+consentFrom+`
			 WHERE c.id = $2 AND `+ownCase, c.SessionID, consentID)); err != nil {
			return pageView{}, err
		}
		return pageView{c.YouthID, casework.AuditUngConsents, "consent=" + strconv.FormatInt(consentID, 10)}, nil
	})
	return k, translate(err)
}

// UngWithdrawConsent is the young person withdrawing their consent
// themself: it takes effect at once (notes.go evaluates consents on every
// read), is recorded as withdrawn by the young person in kui with no
// recording professional, and ends the reminder that it runs out. A consent
// already withdrawn, or run out, is a conflict; another's is not found.
func (db *DB) UngWithdrawConsent(ctx context.Context, c casework.Citizen, consentID int64) error {
	return translate(db.inCitizenTx(ctx, c, func(tx actionTx) error {
		var withdrawn bool
		var expires time.Time
		err := tx.QueryRow(ctx, `
			SELECT c.withdrawn_on IS NOT NULL, c.expires_on FROM consents c JOIN youth y ON y.id = c.youth_id
			 WHERE c.id = $2 AND `+ownCase+` FOR UPDATE OF c`, c.SessionID, consentID).Scan(&withdrawn, &expires)
		if err != nil {
			return err
		}
		today := casework.DateOf(tx.now)
		switch {
		case withdrawn:
			return casework.Conflict(casework.ProblemConsentWithdrawn)
		case expires.Before(today):
			return casework.Conflict(casework.ProblemConsentEnded)
		}
		// A consent given with a later date is withdrawn from that day
		// (consents_withdrawn_after_given).
		if _, err := tx.Exec(ctx, `
			UPDATE consents SET withdrawn_on = greatest($2::date, given_on), withdrawn_by = 'youth', withdrawn_by_name = '',
			       withdrawal_by_youth = true, withdrawal_recorded_by = NULL, withdrawal_recorded_at = $3
			 WHERE id = $1`, consentID, today, tx.now); err != nil {
			return err
		}
		if err := resolve(ctx, tx, casework.KindConsentExpiring, consentID); err != nil {
			return err
		}
		return auditCitizen(ctx, tx, c, casework.AuditUngConsentWithdraw, "consent="+strconv.FormatInt(consentID, 10))
	}))
}

// UngAccessLog is "Hvem har set min sag": every read or change of the young
// person's case by a professional, newest first, with the unit the
// professional was in at the time (for lines written before kui recorded
// that, their unit now, marked as such) and the action; the professional's
// name only where the municipality shows names. The young person's own
// lines are not listed; the read itself is audited after it.
func (db *DB) UngAccessLog(ctx context.Context, c casework.Citizen) (casework.AccessLog, error) {
	var log casework.AccessLog
	err := db.citizenReadTx(ctx, c, func(tx actionTx) (pageView, error) {
		var err error
		if log, err = ungAccessLog(ctx, tx, c); err != nil {
			return pageView{}, err
		}
		return pageView{c.YouthID, casework.AuditUngAccessLog, "shown=" + strconv.Itoa(len(log.Lines))}, nil
	})
	return log, translate(err)
}

func ungAccessLog(ctx context.Context, tx actionTx, c casework.Citizen) (casework.AccessLog, error) {
	var log casework.AccessLog
	if err := tx.QueryRow(ctx, `SELECT m.access_log_names FROM youth y JOIN municipalities m ON m.id = y.municipality_id
		 WHERE `+ownCase, c.SessionID).Scan(&log.Names); err != nil {
		return log, err
	}
	rows, err := tx.Query(ctx, `
		SELECT l.at, coalesce(au.name, cu.name, ''), l.actor_unit_id IS NULL AND cu.id IS NOT NULL, l.action,
		       CASE WHEN $2 THEN coalesce(u.name, '') ELSE '' END
		  FROM audit_log l
		  JOIN youth y ON y.id = l.youth_id AND y.municipality_id = l.municipality_id
		  LEFT JOIN users u ON u.id = l.user_id
		  LEFT JOIN units au ON au.id = l.actor_unit_id
		  LEFT JOIN units cu ON cu.id = u.unit_id
		 WHERE l.actor_kind = 'professional' AND `+ownCase+`
		 ORDER BY l.at DESC, l.id DESC`, c.SessionID, log.Names)
	if err != nil {
		return log, err
	}
	log.Lines, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.AccessLogLine, error) {
		var l casework.AccessLogLine
		err := r.Scan(&l.At, &l.Unit, &l.UnitNow, &l.Action, &l.Name)
		return l, err
	})
	return log, err
}

// UngExport is everything kui holds about the young person, for "Hent mine
// data": their details without the CPR number, guardians, team and contact
// person, meetings (never a coordination meeting, which is for
// professionals only) with agenda and plan, consents, progression, efforts
// and the log of who read their case. Journal notes are not part of it.
func (db *DB) UngExport(ctx context.Context, c casework.Citizen) (casework.UngExport, error) {
	var e casework.UngExport
	err := db.citizenReadTx(ctx, c, func(tx actionTx) (pageView, error) {
		if err := tx.QueryRow(ctx, `
			SELECT y.name, y.birth_date, y.status, y.education_status, y.education_plan FROM youth y WHERE `+ownCase,
			c.SessionID).Scan(&e.Name, &e.BirthDate, &e.Status, &e.EducationStatus, &e.EducationPlan); err != nil {
			return pageView{}, err
		}
		var err error
		if e.Guardians, err = guardiansOf(ctx, tx, c.YouthID); err != nil {
			return pageView{}, err
		}
		if e.Team, err = currentMembers(ctx, tx, c.YouthID); err != nil {
			return pageView{}, err
		}
		contacts, err := contactHistory(ctx, tx, c.YouthID)
		if err != nil {
			return pageView{}, err
		}
		if len(contacts) > 0 && contacts[0].EndedAt.IsZero() {
			e.ContactPerson = &contacts[0]
		}
		if e.Meetings, err = ungMeetings(ctx, tx, c); err != nil {
			return pageView{}, err
		}
		if e.Consents, err = ungConsents(ctx, tx, c); err != nil {
			return pageView{}, err
		}
		if e.Progression, err = ungProgression(ctx, tx, c); err != nil {
			return pageView{}, err
		}
		rows, err := tx.Query(ctx, `SELECT `+effortColumns+effortFrom+`
			 WHERE `+ownCase+` ORDER BY e.starts_on DESC, e.id DESC`, c.SessionID)
		if err != nil {
			return pageView{}, err
		}
		if e.Efforts, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.Effort, error) { return scanEffort(r) }); err != nil {
			return pageView{}, err
		}
		if e.AccessLog, err = ungAccessLog(ctx, tx, c); err != nil {
			return pageView{}, err
		}
		return pageView{c.YouthID, casework.AuditUngData, ""}, nil
	})
	return e, translate(err)
}

// ungMeetings lists the young person's meetings, oldest first, with agenda
// and plan; coordination meetings (professionals only) are left out here,
// in SQL.
func ungMeetings(ctx context.Context, tx actionTx, c casework.Citizen) ([]casework.UngExportMeeting, error) {
	rows, err := tx.Query(ctx, `
		SELECT m.id, m.kind, m.starts_at, m.ends_at, coalesce(r.name, m.place), m.status
		  FROM meetings m JOIN youth y ON y.id = m.youth_id LEFT JOIN meeting_rooms r ON r.id = m.room_id
		 WHERE m.kind <> 'koordinationsmoede' AND `+ownCase+`
		 ORDER BY m.starts_at, m.id`, c.SessionID)
	if err != nil {
		return nil, err
	}
	var ids []int64
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.UngExportMeeting, error) {
		var m casework.UngExportMeeting
		var id int64
		err := r.Scan(&id, &m.Kind, &m.StartsAt, &m.EndsAt, &m.Place, &m.Status)
		ids = append(ids, id)
		return m, err
	})
	if err != nil {
		return nil, err
	}
	for i, id := range ids {
		if list[i].Agenda, err = agendaOf(ctx, tx, id); err != nil {
			return nil, err
		}
		if list[i].Plan, err = planOf(ctx, tx, id); err != nil {
			return nil, err
		}
		if err := attachFollowups(ctx, tx, list[i].Plan); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// AccessLogNames tells whether the administrator's municipality shows the
// professionals' names in the young people's "Hvem har set min sag".
func (db *DB) AccessLogNames(ctx context.Context, actor casework.User) (bool, error) {
	var on bool
	err := db.inAdminTx(ctx, actor, func(tx actionTx, municipalityID int64) error {
		return tx.QueryRow(ctx, `SELECT access_log_names FROM municipalities WHERE id = $1`, municipalityID).Scan(&on)
	})
	return on, translate(err)
}

// SetAccessLogNames is the administrator's choice for their municipality:
// the professionals' names in "Hvem har set min sag", or the unit and the
// purpose only (the default).
func (db *DB) SetAccessLogNames(ctx context.Context, actor casework.User, on bool) error {
	return translate(db.inAdminTx(ctx, actor, func(tx actionTx, municipalityID int64) error {
		_, err := tx.Exec(ctx, `UPDATE municipalities SET access_log_names = $2 WHERE id = $1`, municipalityID, on)
		return err
	}))
}
