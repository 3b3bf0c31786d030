package postgres

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

// The big screen's reads for its content feed (internal/live.Feed, wired
// in internal/server/screenfeed.go): the meeting is read once per change
// for every screen of it on an app instance, without an actor and without
// an audit row; who watches is recorded once, when their stream opens
// (ScreenOpened), and checked again, all of a meeting's watchers in one
// query, at every change and every minute (ScreenWatchers).

// MeetingForScreen reads what the big screen shows of a meeting, for every
// screen of it at once: a system read, with no actor and no audit row (the
// screens' viewers were checked and recorded as their streams opened). It
// reads loadMeeting's columns, and what the screen shows: the agenda, the
// plan, and the previous plan with its follow-up; not the participants,
// the guardians or the clashes. A coordination meeting is never on a
// screen: not found.
func (db *DB) MeetingForScreen(ctx context.Context, meetingID int64) (casework.Meeting, error) {
	var m casework.Meeting
	err := pgx.BeginTxFunc(ctx, db.Pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(ptx pgx.Tx) error {
		tx := actionTx{Tx: ptx, now: db.now()}
		var err error
		m, err = scanMeetingHead(tx.QueryRow(ctx, meetingHeadSQL+`
			 WHERE m.id = $1 AND m.kind <> 'koordinationsmoede'`, meetingID))
		if err != nil {
			return err
		}
		return attachAgendaAndPlans(ctx, tx, &m)
	})
	return m, translate(err)
}

// ScreenOpened checks that the actor may see the meeting's big screen (as
// MeetingAccess with ForYoungPerson) and records that its live stream was
// opened: one meeting.screen audit row per stream, none per update. Not
// found for a meeting the actor may not see, and for a coordination
// meeting.
func (db *DB) ScreenOpened(ctx context.Context, actor casework.User, meetingID int64) error {
	err := db.readTx(ctx, actor, func(tx actionTx) (pageView, error) {
		var youthID int64
		if err := tx.QueryRow(ctx, `SELECT m.youth_id FROM meetings m
			WHERE m.id = $2 AND m.kind <> 'koordinationsmoede' AND `+meetingVisible, actor.ID, meetingID).Scan(&youthID); err != nil {
			return pageView{}, err
		}
		return pageView{youthID: youthID, action: casework.AuditMeetingScreen, detail: "meeting=" + strconv.FormatInt(meetingID, 10)}, nil
	})
	return translate(err)
}

// ScreenWatcher is one viewer of a big screen: a user, signed in with a
// session (its token, as the sessions table keys it).
type ScreenWatcher struct {
	UserID  int64
	Session string
}

// meetingVisibleToWatcher is meetingVisible with the watcher's user id
// (w.user_id) for the acting user's ($1), so one query checks them all.
var meetingVisibleToWatcher = func() string {
	s := strings.ReplaceAll(meetingVisible, "$1", "w.user_id")
	if strings.Contains(s, "$") {
		panic("postgres: meetingVisible has a parameter other than $1")
	}
	return s
}()

// ScreenWatchers tells which of the meeting's screen watchers may still
// watch it: allowed[i] for watchers[i] when the watcher's session is still
// live (not expired, not signed out: as SessionStore.FindCtx finds it) and
// the user may still see the meeting's screen (as ScreenOpened). One query
// for all of a meeting's watchers on an app instance. Sessions run on the
// wall clock (SessionStore): sessionNow is time.Now, passed in.
func (db *DB) ScreenWatchers(ctx context.Context, meetingID int64, watchers []ScreenWatcher, sessionNow time.Time) ([]bool, error) {
	allowed := make([]bool, len(watchers))
	if len(watchers) == 0 {
		return allowed, nil
	}
	// Several screens may share a session: each is asked about once.
	index := make(map[ScreenWatcher]int, len(watchers))
	var users []int64
	var tokens []string
	for _, w := range watchers {
		if _, ok := index[w]; !ok {
			index[w] = len(users)
			users, tokens = append(users, w.UserID), append(tokens, w.Session)
		}
	}
	rows, err := db.Pool.Query(ctx, `
		SELECT w.i FROM unnest($2::bigint[], $3::text[]) WITH ORDINALITY AS w(user_id, token, i)
		 WHERE EXISTS (SELECT 1 FROM sessions s WHERE s.token = w.token AND $4 < s.expiry AND s.revoked_at IS NULL)
		   AND EXISTS (SELECT 1 FROM meetings m WHERE m.id = $1 AND m.kind <> 'koordinationsmoede' AND `+meetingVisibleToWatcher+`)`,
		meetingID, users, tokens, sessionNow)
	if err != nil {
		return nil, err
	}
	ordinals, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, err
	}
	ok := make([]bool, len(users))
	for _, i := range ordinals {
		ok[i-1] = true
	}
	for i, w := range watchers {
		allowed[i] = ok[index[w]]
	}
	return allowed, nil
}
