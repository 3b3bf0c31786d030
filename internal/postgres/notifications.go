package postgres

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"kui/internal/casework"
)

// "Venter på dig": what waits for a professional. See
// docs/notifications-plan.md §4–§5. A line shows while it is unresolved,
// its thing still waits (stillWaiting) and its recipient may see the young
// person (visibleToRecipient) — all three in SQL, for the list, the count,
// the summary and the send.

// visibleToRecipient is visibleToActor with the notification's recipient
// (n.user_id) as the actor; it needs the young person as y.
var visibleToRecipient = strings.ReplaceAll(visibleToActor, "$1", "n.user_id")

// agendaStillUnsent: n's meeting is planned and its agenda, due on n's
// occasion, not yet sent. A scalar subquery on the meeting's key rather than
// an EXISTS: PostgreSQL may turn that EXISTS into a hashed set of every
// planned meeting with an unsent agenda (40,000 in the country), built for
// every count of the header; this reads the one meeting.
const agendaStillUnsent = `coalesce((SELECT m.status = 'planned' AND m.agenda_sent_at IS NULL AND m.agenda_send_by = n.occasion
	                                       FROM meetings m WHERE m.id = n.subject_id), false)`

// stillWaitingAt is whether notification n's thing still waits, with today
// (a date) as the given placeholder.
func stillWaitingAt(today string) string {
	return `(CASE n.kind
	WHEN 'handover'         THEN EXISTS (SELECT 1 FROM contact_handovers h WHERE h.id = n.subject_id
	                                       AND h.status = 'pending' AND h.to_user_id = n.user_id)
	WHEN 'chairs_handover'  THEN EXISTS (SELECT 1 FROM contact_handovers h WHERE h.id = n.subject_id AND h.status = 'pending')
	WHEN 'chairs_referral'  THEN EXISTS (SELECT 1 FROM visitation_referrals r WHERE r.id = n.subject_id AND r.status = 'pending')
	WHEN 'referral_decided' THEN true
	WHEN 'team_added'       THEN EXISTS (SELECT 1 FROM team_members tm WHERE tm.youth_id = n.youth_id
	                                       AND tm.user_id = n.user_id AND tm.left_at IS NULL)
	WHEN 'agenda_due'       THEN ` + agendaStillUnsent + `
	WHEN 'chairs_agenda'    THEN ` + agendaStillUnsent + `
	WHEN 'plan_due'         THEN EXISTS (SELECT 1 FROM plan_items p WHERE p.id = n.subject_id AND p.open
	                                       AND p.due = n.occasion AND p.owner_id = n.user_id)
	WHEN 'consent_expiring' THEN n.occasion >= ` + today + `::date AND EXISTS (SELECT 1 FROM consents c WHERE c.id = n.subject_id
	                                       AND c.withdrawn_on IS NULL AND c.expires_on = n.occasion)
	                             AND NOT EXISTS (SELECT 1 FROM consents c2 WHERE c2.youth_id = n.youth_id
	                                       AND c2.withdrawn_on IS NULL AND c2.expires_on > n.occasion)
	WHEN 'turning_18'       THEN n.occasion >= ` + today + `::date
	WHEN 'no_meeting'       THEN NOT EXISTS (SELECT 1 FROM meetings m WHERE m.youth_id = n.youth_id AND m.status <> 'cancelled'
	                                       AND m.starts_at >= (n.occasion + 1)::timestamp AT TIME ZONE 'Europe/Copenhagen')
	ELSE false END)`
}

// deliverySQL is the recipient's delivery of n's kind: their choice, else
// the kind's default (casework.DefaultDelivery), generated from Go.
var deliverySQL = func() string {
	var b strings.Builder
	b.WriteString(`coalesce((SELECT p.delivery FROM notification_preferences p WHERE p.user_id = n.user_id AND p.kind = n.kind), CASE n.kind`)
	for _, k := range casework.Kinds {
		b.WriteString(" WHEN '" + string(k) + "' THEN '" + string(casework.DefaultDelivery(k)) + "'")
	}
	b.WriteString(" ELSE 'off' END)")
	return b.String()
}()

// notice is one thing to tell: a kind, the young person and the record it
// concerns, the date that made it due (zero for events, stored as
// -infinity; team_added uses the day added, so being added again another
// day tells again), and the SQL that selects its recipients' user ids
// ($1 = youth id, $2 = subject id).
type notice struct {
	kind     casework.Kind
	youthID  int64
	subject  int64
	occasion time.Time
	to       string
}

// Recipient selections for notice.to.
const (
	// toCoordinators: the active coordinators of the young person's municipality.
	toCoordinators = `SELECT u.id FROM users u JOIN youth y ON y.municipality_id = u.municipality_id
	                   WHERE y.id = $1 AND u.role = 'coordinator' AND u.active`
)

// toUser selects one user.
func toUser(id int64) string { return `SELECT ` + strconv.FormatInt(id, 10) + `::bigint` }

// occasionParam is a notice's occasion as a date parameter: NULL (stored
// as -infinity) for events.
func occasionParam(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return casework.DateOf(t)
}

// notify records n for its recipients in the caller's transaction, with
// an outbox row and an e-mail job for those who want it at once. Only
// active recipients who may see the young person are told.
func notify(ctx context.Context, db *DB, tx actionTx, n notice) error {
	rows, err := tx.Query(ctx, `
		INSERT INTO notifications (municipality_id, user_id, kind, youth_id, subject_id, occasion, created_at)
		SELECT y.municipality_id, n.user_id, $3, y.id, $2, coalesce($4::date, '-infinity'::date), $5
		  FROM youth y CROSS JOIN LATERAL (SELECT DISTINCT r.id AS user_id FROM (`+n.to+`) r(id)) n
		 WHERE y.id = $1 AND `+visibleToRecipient+`
		ON CONFLICT ON CONSTRAINT notifications_once DO NOTHING
		RETURNING id`, n.youthID, n.subject, string(n.kind), occasionParam(n.occasion), tx.now)
	if err != nil {
		return err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return err
	}
	return db.mailNow(ctx, tx, ids)
}

// mailNow writes an outbox row and an e-mail job for each of the given new
// notifications whose recipient wants its kind at once, and ties the
// notification to it.
func (db *DB) mailNow(ctx context.Context, tx actionTx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	rows, err := tx.Query(ctx, `
		WITH o AS (
			INSERT INTO email_outbox (municipality_id, user_id, idem_key, kind, created_at)
			SELECT n.municipality_id, n.user_id, 'n:' || n.id, n.kind, $2
			  FROM notifications n
			 WHERE n.id = ANY($1) AND n.outbox_id IS NULL AND `+deliverySQL+` = 'now'
			ON CONFLICT ON CONSTRAINT email_outbox_once DO NOTHING
			RETURNING id, idem_key),
		tied AS (UPDATE notifications n SET outbox_id = o.id FROM o WHERE o.idem_key = 'n:' || n.id)
		SELECT id FROM o ORDER BY id`, ids, tx.now)
	if err != nil {
		return err
	}
	outbox, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return err
	}
	return db.enqueueEmails(ctx, tx, outbox)
}

// enqueueEmails inserts one e-mail job per outbox row, in tx.
func (db *DB) enqueueEmails(ctx context.Context, tx actionTx, outbox []int64) error {
	if len(outbox) == 0 {
		return nil
	}
	params := make([]river.InsertManyParams, len(outbox))
	for i, id := range outbox {
		params[i] = river.InsertManyParams{Args: EmailArgs{OutboxID: id}}
	}
	_, err := db.jobs.InsertManyTx(ctx, tx.Tx, params)
	return err
}

// resolve marks what waits about a record done, in the transaction of the
// action that did it.
func resolve(ctx context.Context, tx actionTx, kind casework.Kind, subjectID int64) error {
	return resolveAll(ctx, tx, subjectID, kind)
}

// resolveAll resolves several kinds about one record, in one statement.
func resolveAll(ctx context.Context, tx actionTx, subjectID int64, kinds ...casework.Kind) error {
	_, err := tx.Exec(ctx, `UPDATE notifications SET resolved_at = $3
		 WHERE kind = ANY($1) AND subject_id = $2 AND resolved_at IS NULL`, kindNames(kinds), subjectID, tx.now)
	return err
}

func kindNames(kinds []casework.Kind) []string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = string(k)
	}
	return names
}

// resolveMeetingMoved resolves a meeting's agenda lines that no longer
// hold after it changed: another send-by date, or another facilitator.
func resolveMeetingMoved(ctx context.Context, tx actionTx, meetingID int64, sendBy time.Time, facilitator int64) error {
	_, err := tx.Exec(ctx, `UPDATE notifications SET resolved_at = $4
		 WHERE subject_id = $1 AND kind IN ('agenda_due', 'chairs_agenda') AND resolved_at IS NULL
		   AND (occasion <> $2::date OR (kind = 'agenda_due' AND user_id <> $3))`, meetingID, sendBy, facilitator, tx.now)
	return err
}

// resolveYouth resolves the given kinds about a young person (a bulk
// change such as DecideReferral cancelling every pending handover).
func resolveYouth(ctx context.Context, tx actionTx, youthID int64, kinds ...casework.Kind) error {
	_, err := tx.Exec(ctx, `UPDATE notifications SET resolved_at = $3
		 WHERE youth_id = $1 AND kind = ANY($2) AND resolved_at IS NULL`, youthID, kindNames(kinds), tx.now)
	return err
}

// resolveUserYouth resolves a user's open lines about a young person when
// they leave the team; a coordinator's between-chairs lines and a
// facilitator's agenda stay theirs (they may still see the young person).
func resolveUserYouth(ctx context.Context, tx actionTx, userID, youthID int64) error {
	_, err := tx.Exec(ctx, `UPDATE notifications SET resolved_at = $3
		 WHERE user_id = $1 AND youth_id = $2 AND resolved_at IS NULL
		   AND kind NOT IN ('agenda_due', 'chairs_handover', 'chairs_referral', 'chairs_agenda')`, userID, youthID, tx.now)
	return err
}

// inboxWhere is the need-to-know rule for a recipient's lines: $1 the
// recipient, $2 today; needs notifications n and youth y.
var inboxWhere = `n.user_id = $1 AND n.resolved_at IS NULL AND ` + visibleToActor + ` AND ` + stillWaitingAt("$2")

// inboxLimit bounds the list; the sweep keeps it small anyway.
const inboxLimit = 300

// Inbox lists what waits for actor, newest first: only what is still
// waiting and about young people actor may see (read lines included).
func (db *DB) Inbox(ctx context.Context, actor casework.User) ([]casework.Notification, error) {
	list, err := func() ([]casework.Notification, error) {
		rows, err := db.Pool.Query(ctx, `
			SELECT n.id, n.kind, n.youth_id, y.name, y.birth_date, n.subject_id,
			       CASE WHEN n.occasion = '-infinity' THEN NULL ELSE n.occasion END, n.created_at, n.read_at IS NOT NULL
			  FROM notifications n JOIN youth y ON y.id = n.youth_id
			 WHERE `+inboxWhere+`
			 ORDER BY n.created_at DESC, n.id DESC
			 LIMIT `+strconv.Itoa(inboxLimit), actor.ID, casework.DateOf(db.now()))
		if err != nil {
			return nil, err
		}
		return pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.Notification, error) {
			var x casework.Notification
			var occasion *time.Time
			err := r.Scan(&x.ID, &x.Kind, &x.YouthID, &x.YouthName, &x.YouthBorn, &x.SubjectID, &occasion, &x.CreatedAt, &x.Read)
			if occasion != nil {
				x.Occasion = *occasion
			}
			return x, err
		})
	}()
	if err != nil {
		return nil, translate(err)
	}
	if len(list) == 0 {
		return list, nil
	}
	if err := db.viewed(ctx, actor, 0, casework.AuditInboxList, "shown="+strconv.Itoa(len(list))); err != nil {
		return nil, err
	}
	return list, nil
}

// InboxCount counts actor's unread waiting lines, for the header, up to
// casework.InboxCountCap: it runs on every page, so its cost must not grow
// with a long backlog (the header then says »99+«).
func (db *DB) InboxCount(ctx context.Context, actor casework.User) (int, error) {
	var n int
	err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM (
		SELECT FROM notifications n JOIN youth y ON y.id = n.youth_id
		 WHERE n.read_at IS NULL AND `+inboxWhere+`
		 LIMIT `+strconv.Itoa(casework.InboxCountCap)+`) waiting`, actor.ID, casework.DateOf(db.now())).Scan(&n)
	return n, err
}

// MarkRead marks one of actor's lines read; another's is not found. A
// decided referral and a team one was added to are done once read.
func (db *DB) MarkRead(ctx context.Context, actor casework.User, id int64) error {
	err := db.inTx(ctx, func(tx actionTx) error {
		tag, err := tx.Exec(ctx, `UPDATE notifications n SET read_at = coalesce(n.read_at, $3),
			       resolved_at = CASE WHEN n.kind IN ('referral_decided', 'team_added') THEN $3 ELSE n.resolved_at END
			 WHERE n.id = $2 AND n.user_id = $1 AND n.resolved_at IS NULL
			   AND EXISTS (SELECT 1 FROM youth y WHERE y.id = n.youth_id AND `+visibleToActor+`)`, actor.ID, id, tx.now)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return casework.NotFound()
		}
		return nil
	})
	return translate(err)
}

// kindsFor lists the kinds a user can get: coordinators every kind, others
// all but the between-chairs kinds.
func kindsFor(role casework.Role) []casework.Kind {
	var ks []casework.Kind
	for _, k := range casework.Kinds {
		if !k.ForCoordinators() || role == casework.RoleCoordinator {
			ks = append(ks, k)
		}
	}
	return ks
}

// Preferences is actor's e-mail choice per kind, defaults filled in.
func (db *DB) Preferences(ctx context.Context, actor casework.User) (map[casework.Kind]casework.Delivery, error) {
	prefs := map[casework.Kind]casework.Delivery{}
	for _, k := range kindsFor(actor.Role) {
		prefs[k] = casework.DefaultDelivery(k)
	}
	rows, err := db.Pool.Query(ctx, `SELECT kind, delivery FROM notification_preferences WHERE user_id = $1`, actor.ID)
	if err != nil {
		return nil, err
	}
	var k casework.Kind
	var d casework.Delivery
	_, err = pgx.ForEachRow(rows, []any{&k, &d}, func() error {
		if _, ok := prefs[k]; ok {
			prefs[k] = d
		}
		return nil
	})
	return prefs, err
}

// SetPreferences saves actor's e-mail choices: only known kinds actor can
// get, only known deliveries, all in one transaction.
func (db *DB) SetPreferences(ctx context.Context, actor casework.User, prefs map[casework.Kind]casework.Delivery) error {
	allowed := map[casework.Kind]bool{}
	for _, k := range kindsFor(actor.Role) {
		allowed[k] = true
	}
	problems := map[string]casework.Problem{}
	for k, d := range prefs {
		if !allowed[k] || !d.Valid() {
			problems[string(k)] = casework.ProblemUnknownChoice
		}
	}
	if len(problems) > 0 {
		return casework.Invalid(problems)
	}
	err := db.inTx(ctx, func(tx actionTx) error {
		for _, k := range kindsFor(actor.Role) {
			d, ok := prefs[k]
			if !ok {
				continue
			}
			if _, err := tx.Exec(ctx, `
				INSERT INTO notification_preferences (municipality_id, user_id, kind, delivery, updated_at)
				SELECT u.municipality_id, u.id, $2, $3, $4 FROM users u WHERE u.id = $1
				ON CONFLICT (user_id, kind) DO UPDATE SET delivery = EXCLUDED.delivery, updated_at = EXCLUDED.updated_at
				 WHERE notification_preferences.delivery <> EXCLUDED.delivery`,
				actor.ID, string(k), string(d), tx.now); err != nil {
				return err
			}
		}
		return nil
	})
	return translate(err)
}

// Unsubscribe turns a kind's e-mail off for a user (the e-mail's link).
func (db *DB) Unsubscribe(ctx context.Context, userID int64, kind casework.Kind) error {
	if !kind.Valid() {
		return casework.NotFound()
	}
	err := db.inTx(ctx, func(tx actionTx) error {
		tag, err := tx.Exec(ctx, `
			INSERT INTO notification_preferences (municipality_id, user_id, kind, delivery, updated_at)
			SELECT u.municipality_id, u.id, $2, 'off', $3 FROM users u WHERE u.id = $1
			ON CONFLICT (user_id, kind) DO UPDATE SET delivery = 'off', updated_at = EXCLUDED.updated_at`,
			userID, string(kind), tx.now)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return casework.NotFound()
		}
		return nil
	})
	return translate(err)
}

// UnsubscribeSecret is the key that signs unsubscribe links: generated
// once, shared by every instance (as DeviceKey).
func (db *DB) UnsubscribeSecret(ctx context.Context) ([]byte, error) {
	var key []byte
	err := db.inTx(ctx, func(tx actionTx) (err error) {
		key, err = serverSecret(ctx, tx, unsubscribeSecretName)
		return err
	})
	return key, err
}

// unsubscribeSecretName names the secret that signs unsubscribe links.
const unsubscribeSecretName = "unsubscribe"

// OutboxWaiting counts, per kind, the lines an outbox row carries that
// still wait for its recipient on today: unresolved, still waiting, about
// a young person the (active) recipient may see, and of a kind whose
// delivery is not off now. The sender renders a summary from it and skips
// a row whose map is empty (removed from the team, done meanwhile,
// unsubscribed). q is the sender's transaction or the pool.
func OutboxWaiting(ctx context.Context, q querier, outboxID int64, today time.Time) (map[casework.Kind]int, error) {
	rows, err := q.Query(ctx, `
		SELECT n.kind, count(*) FROM notifications n JOIN youth y ON y.id = n.youth_id
		 WHERE n.outbox_id = $1 AND n.resolved_at IS NULL
		   AND `+visibleToRecipient+` AND `+stillWaitingAt("$2")+` AND `+deliverySQL+` <> 'off'
		 GROUP BY n.kind`, outboxID, casework.DateOf(today))
	if err != nil {
		return nil, err
	}
	counts := map[casework.Kind]int{}
	var k casework.Kind
	var n int
	_, err = pgx.ForEachRow(rows, []any{&k, &n}, func() error { counts[k] = n; return nil })
	return counts, err
}
