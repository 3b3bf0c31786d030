package postgres

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

// calendarColumns read a meeting for a calendar: the young person's name is
// read only to make initials of, here, so no name leaves the store.
const calendarColumns = `m.id, m.kind, m.starts_at, m.ends_at,
	coalesce(nullif(concat_ws(', ', r.name, nullif(r.address, '')), ''), m.place),
	yy.name, m.status, m.version, m.created_at, CASE WHEN r.id IS NOT NULL THEN m.place ELSE '' END`

const calendarFrom = ` FROM meetings m
	JOIN youth yy ON yy.id = m.youth_id
	LEFT JOIN meeting_rooms r ON r.id = m.room_id`

func scanCalendarEntry(r pgx.Row) (casework.CalendarEntry, error) {
	var e casework.CalendarEntry
	var name string
	err := r.Scan(&e.MeetingID, &e.Kind, &e.StartsAt, &e.EndsAt, &e.Location, &name, &e.Status, &e.Version, &e.CreatedAt, &e.OtherPlace)
	e.YouthInitials = casework.Initials(name)
	return e, err
}

// MeetingCalendar reads one meeting for its .ics file.
func (db *DB) MeetingCalendar(ctx context.Context, actor casework.User, meetingID int64) (casework.CalendarEntry, error) {
	var e casework.CalendarEntry
	err := db.readTx(ctx, actor, func(tx actionTx) (pageView, error) {
		var youthID int64
		if err := tx.QueryRow(ctx, `SELECT m.youth_id FROM meetings m WHERE m.id = $2 AND `+meetingVisible, actor.ID, meetingID).Scan(&youthID); err != nil {
			return pageView{}, err
		}
		var err error
		if e, err = scanCalendarEntry(tx.QueryRow(ctx, `SELECT `+calendarColumns+calendarFrom+` WHERE m.id = $1`, meetingID)); err != nil {
			return pageView{}, err
		}
		return pageView{youthID, casework.AuditMeetingCalendar, "meeting=" + strconv.FormatInt(meetingID, 10)}, nil
	})
	if err != nil {
		return casework.CalendarEntry{}, translate(err)
	}
	return e, nil
}

// feedHash is what the database keeps of a feed's secret.
func feedHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// RenewCalendarFeed makes a new secret for the actor's private calendar
// feed and returns it; the old address stops working at once. Only its
// hash is stored: the address is shown once.
func (db *DB) RenewCalendarFeed(ctx context.Context, actor casework.User) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	_, err := db.write(ctx, `
		INSERT INTO calendar_feeds (user_id, municipality_id, token_hash, created_at)
		SELECT u.id, u.municipality_id, $2, $3 FROM users u WHERE u.id = $1 AND u.active
		ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = EXCLUDED.created_at`,
		actor.ID, feedHash(token), db.now())
	if err != nil {
		return "", translate(err)
	}
	return token, nil
}

// StopCalendarFeed ends the actor's calendar feed.
func (db *DB) StopCalendarFeed(ctx context.Context, actor casework.User) error {
	_, err := db.write(ctx, `DELETE FROM calendar_feeds WHERE user_id = $1`, actor.ID)
	return translate(err)
}

// CalendarFeedSince tells when the actor's current feed address was made;
// zero when they have none.
func (db *DB) CalendarFeedSince(ctx context.Context, actor casework.User) (time.Time, error) {
	var at time.Time
	err := db.Pool.QueryRow(ctx, `SELECT created_at FROM calendar_feeds WHERE user_id = $1`, actor.ID).Scan(&at)
	if errors.Is(err, pgx.ErrNoRows) {
		return time.Time{}, nil
	}
	return at, translate(err)
}

// calendarFeedDays is how far back a feed shows meetings.
const calendarFeedDays = 90

// CalendarFeed reads the meetings of the feed whose secret is token: those
// its owner facilitates or takes part in, from 90 days before now on,
// cancelled ones included so calendars drop them. A token that matches no
// active user is not found. The read is logged as the owner's.
func (db *DB) CalendarFeed(ctx context.Context, token string, now time.Time) ([]casework.CalendarEntry, error) {
	var owner casework.User
	if err := db.Pool.QueryRow(ctx, `
		SELECT u.id, u.municipality_id FROM calendar_feeds f JOIN users u ON u.id = f.user_id AND u.active
		 WHERE f.token_hash = $1`, feedHash(token)).Scan(&owner.ID, &owner.MunicipalityID); err != nil {
		return nil, translate(err)
	}
	rows, err := db.Pool.Query(ctx, `SELECT `+calendarColumns+calendarFrom+`
		 WHERE m.municipality_id = $2 AND m.ends_at > $3
		   AND (m.facilitator_id = $1 OR EXISTS (SELECT 1 FROM meeting_participants mp WHERE mp.meeting_id = m.id AND mp.user_id = $1))
		 ORDER BY m.starts_at, m.id
		 LIMIT 1000`, owner.ID, owner.MunicipalityID, now.AddDate(0, 0, -calendarFeedDays))
	if err != nil {
		return nil, translate(err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.CalendarEntry, error) { return scanCalendarEntry(r) })
	if err != nil {
		return nil, translate(err)
	}
	if err := db.viewed(ctx, owner, 0, casework.AuditCalendarFeed, "meetings="+strconv.Itoa(len(list))); err != nil {
		return nil, err
	}
	return list, nil
}

// clashesOf lists the other planned meetings at the same time as the
// meeting for its facilitator or participants.
func clashesOf(ctx context.Context, tx actionTx, meetingID int64) ([]casework.Clash, error) {
	rows, err := tx.Query(ctx, `
		WITH mine AS (
			SELECT facilitator_id AS user_id FROM meetings WHERE id = $1
			UNION SELECT user_id FROM meeting_participants WHERE meeting_id = $1
		)
		SELECT DISTINCT o.id, u.name, o.starts_at, o.ends_at
		  FROM meetings m
		  JOIN meetings o ON o.municipality_id = m.municipality_id AND o.id <> m.id AND o.status = 'planned'
		                 AND o.starts_at < m.ends_at AND m.starts_at < o.ends_at
		  JOIN LATERAL (SELECT o.facilitator_id AS user_id
		                UNION SELECT op.user_id FROM meeting_participants op WHERE op.meeting_id = o.id) theirs ON true
		  JOIN mine ON mine.user_id = theirs.user_id
		  JOIN users u ON u.id = mine.user_id
		 WHERE m.id = $1
		 ORDER BY o.starts_at, u.name`, meetingID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.Clash, error) {
		var c casework.Clash
		err := r.Scan(&c.MeetingID, &c.Who, &c.StartsAt, &c.EndsAt)
		return c, err
	})
}

// MyMeetings lists the actor's planned meetings from `from` on, soonest
// first: those they facilitate or take part in.
func (db *DB) MyMeetings(ctx context.Context, actor casework.User, from time.Time, limit int) ([]casework.MeetingSummary, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+summaryColumns+summaryFrom+`
		 WHERE m.municipality_id = $2 AND m.status = 'planned' AND m.ends_at >= $3
		   AND (m.facilitator_id = $1 OR EXISTS (SELECT 1 FROM meeting_participants mp WHERE mp.meeting_id = m.id AND mp.user_id = $1))
		   AND EXISTS (SELECT 1 FROM users a WHERE a.id = $1 AND a.active)
		 ORDER BY m.starts_at, m.id
		 LIMIT $4`, actor.ID, actor.MunicipalityID, from, limit)
	if err != nil {
		return nil, translate(err)
	}
	list, err := pgx.CollectRows(rows, scanSummary)
	if err != nil {
		return nil, translate(err)
	}
	if len(list) == 0 {
		return list, nil
	}
	if err := db.viewed(ctx, actor, 0, casework.AuditMeetingList, "mine shown="+strconv.Itoa(len(list))); err != nil {
		return nil, err
	}
	return list, nil
}
