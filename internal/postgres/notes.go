package postgres

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

// Constraints of the journal notes (migration 00003) that a user can run into.
const (
	constraintNoteOneCorrection = "journal_notes_one_correction"
	constraintNoteAppendOnly    = "journal_notes_append_only"
)

// noteReadable is the rule for reading journal note n, with the reader's
// user id as $1 and today's date (Copenhagen) as $3. A note that is not
// sensitive is read by everyone who sees the young person. A sensitive
// note is read by its author and the young person's current contact
// person, and by other current team members only while a valid consent
// (given, not expired, not withdrawn) covers the note's kind and the
// reader's unit. Everyone else, coordinators included, sees only that the
// note exists.
const noteReadable = `(n.sensitive_kind IS NULL
	OR n.author_id = $1
	OR EXISTS (SELECT 1 FROM contact_persons cp
	            WHERE cp.youth_id = n.youth_id AND cp.user_id = $1 AND cp.ended_at IS NULL)
	OR (EXISTS (SELECT 1 FROM team_members tm
	             WHERE tm.youth_id = n.youth_id AND tm.user_id = $1 AND tm.left_at IS NULL)
	    AND EXISTS (SELECT 1 FROM consents c JOIN users reader ON reader.id = $1
	                 WHERE c.youth_id = n.youth_id AND c.municipality_id = n.municipality_id
	                   AND c.withdrawn_on IS NULL AND c.given_on <= $3::date AND c.expires_on >= $3::date
	                   AND CASE n.sensitive_kind WHEN 'health' THEN c.covers_health
	                                             WHEN 'religion' THEN c.covers_religion
	                                             ELSE c.covers_other END
	                   AND (c.all_units OR EXISTS (SELECT 1 FROM consent_units cu
	                                                WHERE cu.consent_id = c.id AND cu.unit_id = reader.unit_id)))))`

// noteSelect reads notes of young person $2 for reader $1 on day $3. The
// text of a note the reader may not read never leaves the database.
const noteSelect = `
	SELECT n.id, n.youth_id, n.author_id, au.name, n.occurred_at, n.created_at, coalesce(n.sensitive_kind, ''),
	       coalesce(n.corrects_id, 0), NOT r.readable,
	       CASE WHEN r.readable THEN n.spoken_with ELSE '' END,
	       CASE WHEN r.readable THEN n.topic ELSE '' END,
	       CASE WHEN r.readable THEN n.agreed ELSE '' END,
	       coalesce(c.id, 0), coalesce(cu.name, ''), c.created_at
	  FROM journal_notes n
	  JOIN youth y ON y.id = n.youth_id
	  JOIN users au ON au.id = n.author_id
	  CROSS JOIN LATERAL (SELECT ` + noteReadable + ` AS readable) r
	  LEFT JOIN journal_notes c ON c.corrects_id = n.id
	  LEFT JOIN users cu ON cu.id = c.author_id
	 WHERE n.youth_id = $2 AND ` + visibleToActor

func scanNote(row pgx.Row) (casework.JournalNote, error) {
	var n casework.JournalNote
	var correctedAt *time.Time
	err := row.Scan(&n.ID, &n.YouthID, &n.AuthorID, &n.AuthorName, &n.OccurredAt, &n.CreatedAt, &n.Sensitive,
		&n.CorrectsID, &n.Hidden, &n.SpokenWith, &n.Topic, &n.Agreed,
		&n.CorrectedByID, &n.CorrectedByAuthor, &correctedAt)
	n.CorrectedAt = orZero(correctedAt)
	return n, err
}

// ListNotes loads the young person's journal, the latest conversation
// first, as the actor may read it on the given day. The read is audited,
// with how many sensitive notes were shown and withheld.
func (db *DB) ListNotes(ctx context.Context, actor casework.User, youthID int64, today time.Time) ([]casework.JournalNote, error) {
	var notes []casework.JournalNote
	err := db.readYouthTx(ctx, actor, youthID, func(tx actionTx, _ int64) (pageView, error) {
		rows, err := tx.Query(ctx, noteSelect+` ORDER BY n.occurred_at DESC, n.id DESC`, actor.ID, youthID, today)
		if err != nil {
			return pageView{}, err
		}
		if notes, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.JournalNote, error) { return scanNote(r) }); err != nil {
			return pageView{}, err
		}
		read, withheld := 0, 0
		for _, n := range notes {
			switch {
			case n.Hidden:
				withheld++
			case n.Sensitive != casework.SensitiveNone:
				read++
			}
		}
		detail := "shown=" + strconv.Itoa(len(notes)) + " sensitive_read=" + strconv.Itoa(read) + " sensitive_withheld=" + strconv.Itoa(withheld)
		return pageView{youthID, casework.AuditNoteList, detail}, nil
	})
	if err != nil {
		return nil, translate(err)
	}
	return notes, nil
}

// CreateNote adds a note to the young person's journal, written by the actor.
func (db *DB) CreateNote(ctx context.Context, actor casework.User, youthID int64, d casework.NoteDetails) (int64, error) {
	var id int64
	err := db.inYouthTx(ctx, actor, youthID, func(tx actionTx, municipalityID int64) error {
		var err error
		if id, err = insertNote(ctx, tx, actor, municipalityID, youthID, d, nil); err != nil {
			return err
		}
		return audit(ctx, tx, actor, youthID, casework.AuditNoteCreate, noteDetail(id, d.Sensitive))
	})
	return id, translate(err)
}

func insertNote(ctx context.Context, tx actionTx, actor casework.User, municipalityID, youthID int64, d casework.NoteDetails, corrects *int64) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `
		INSERT INTO journal_notes (municipality_id, youth_id, author_id, spoken_with, occurred_at, topic, agreed, sensitive_kind, corrects_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, nullif($8, ''), $9, $10) RETURNING id`,
		municipalityID, youthID, actor.ID, d.SpokenWith, d.OccurredAt, d.Topic, d.Agreed, string(d.Sensitive), corrects, tx.now).Scan(&id)
	return id, err
}

func noteDetail(id int64, kind casework.SensitiveKind) string {
	s := "note=" + strconv.FormatInt(id, 10)
	if kind != casework.SensitiveNone {
		s += " sensitive=" + string(kind)
	}
	return s
}

// NoteToCorrect loads one of the actor's own notes for the correction
// form. Only the author corrects a note; for anyone else it is not found.
// A note already corrected answers a conflict: the newest version is the
// one to correct. The read is audited.
func (db *DB) NoteToCorrect(ctx context.Context, actor casework.User, youthID, noteID int64, today time.Time) (casework.JournalNote, error) {
	var n casework.JournalNote
	err := db.readYouthTx(ctx, actor, youthID, func(tx actionTx, _ int64) (pageView, error) {
		var err error
		n, err = scanNote(tx.QueryRow(ctx, noteSelect+` AND n.id = $4 AND n.author_id = $1`, actor.ID, youthID, today, noteID))
		if err != nil {
			return pageView{}, err
		}
		if n.CorrectedByID != 0 {
			return pageView{}, casework.Conflict(casework.ProblemNoteCorrected)
		}
		return pageView{youthID, casework.AuditNoteCorrecting, noteDetail(noteID, n.Sensitive)}, nil
	})
	if err != nil {
		return casework.JournalNote{}, translate(err)
	}
	return n, nil
}

// CorrectNote writes a correction of one of the actor's own notes: a new
// note that points at the old one, which stays as it was. A note is
// corrected once (the database refuses a second correction, also at the
// same moment); later corrections correct the correction.
func (db *DB) CorrectNote(ctx context.Context, actor casework.User, youthID, noteID int64, d casework.NoteDetails) (int64, error) {
	var id int64
	err := db.inYouthTx(ctx, actor, youthID, func(tx actionTx, municipalityID int64) error {
		var own bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM journal_notes WHERE id = $1 AND youth_id = $2 AND author_id = $3)`,
			noteID, youthID, actor.ID).Scan(&own); err != nil {
			return err
		}
		if !own {
			return casework.NotFound()
		}
		var err error
		if id, err = insertNote(ctx, tx, actor, municipalityID, youthID, d, &noteID); err != nil {
			return err
		}
		return audit(ctx, tx, actor, youthID, casework.AuditNoteCorrect, noteDetail(id, d.Sensitive)+" corrects="+strconv.FormatInt(noteID, 10))
	})
	return id, translate(err)
}
