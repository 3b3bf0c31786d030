package postgres

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

// Constraints and triggers of the meetings (migrations/00004_meetings.sql),
// translated by translateMeeting.
const (
	constraintMeetingLocked       = "meeting_locked"
	constraintAgendaSent          = "agenda_sent"
	constraintAgendaYouthTopics   = "agenda_items_youth_topics"
	constraintPlanNotCoordination = "plan_items_not_coordination"
	constraintRoomDoubleBooked    = "meetings_room_double_booked"
	constraintParticipantsMax     = "meeting_participants_max_five"
	constraintRoomName            = "meeting_rooms_name_unique"
	constraintMeetingDuration     = "meetings_duration"
)

// meetingVisible is the access rule for a meeting m, with the acting user's
// id as $1: whoever may see its young person (visibleToActor, which counts
// the meeting's facilitator in).
const meetingVisible = `EXISTS (SELECT 1 FROM youth y WHERE y.id = m.youth_id AND ` + visibleToActor + `)`

// notifyMeeting tells every open screen of the meeting, on every app
// instance, that it changed (delivered when the transaction commits).
func notifyMeeting(ctx context.Context, tx actionTx, meetingID int64) error {
	_, err := tx.Exec(ctx, `SELECT pg_notify('kui_live', 'meeting:' || $1::bigint)`, meetingID)
	return err
}

// lockedMeeting is what a change to a meeting needs to know about it.
type lockedMeeting struct {
	ID             int64
	MunicipalityID int64
	YouthID        int64
	Kind           casework.MeetingKind
	Status         casework.MeetingStatus
	AgendaSent     bool
	StartsAt       time.Time
	FacilitatorID  int64
	Version        int
}

// lockMeeting reads the meeting the actor may see and locks its row for the
// rest of the transaction: changes to one meeting happen one after another,
// and the database's guard (meeting_content_guard) sees its current state.
// A meeting that is over is a conflict (open): what was written at it is
// locked.
func lockMeeting(ctx context.Context, tx actionTx, actor casework.User, meetingID int64) (lockedMeeting, error) {
	var m lockedMeeting
	err := tx.QueryRow(ctx, `
		SELECT m.id, m.municipality_id, m.youth_id, m.kind, m.status, m.agenda_sent_at IS NOT NULL, m.starts_at, m.facilitator_id, m.version
		  FROM meetings m
		 WHERE m.id = $2 AND `+meetingVisible+`
		   FOR UPDATE OF m`, actor.ID, meetingID).
		Scan(&m.ID, &m.MunicipalityID, &m.YouthID, &m.Kind, &m.Status, &m.AgendaSent, &m.StartsAt, &m.FacilitatorID, &m.Version)
	if err != nil {
		return m, err
	}
	return m, m.open()
}

// meetingChanged records the change in the audit log and tells the
// meeting's open screens (notifyMeeting).
func meetingChanged(ctx context.Context, tx actionTx, actor casework.User, m lockedMeeting, action casework.AuditAction, detail string) error {
	if err := audit(ctx, tx, actor, m.YouthID, action, detail); err != nil {
		return err
	}
	return notifyMeeting(ctx, tx, m.ID)
}

// open fails with a conflict when the meeting is over: what was written at
// it is locked.
func (m lockedMeeting) open() error {
	if m.Status != casework.MeetingPlanned {
		return casework.Conflict(casework.ProblemMeetingClosed)
	}
	return nil
}

// meetingYouth reads the birth date and municipality of the young person
// the actor plans a meeting about; not found unless the actor may see them.
func meetingYouth(ctx context.Context, tx actionTx, actor casework.User, youthID int64) (birth time.Time, municipalityID int64, err error) {
	err = tx.QueryRow(ctx, `SELECT y.birth_date, y.municipality_id FROM youth y WHERE y.id = $2 AND `+visibleToActor, actor.ID, youthID).
		Scan(&birth, &municipalityID)
	return birth, municipalityID, err
}

// MeetingOptions loads what the meeting form of a young person offers: the
// team, who can facilitate, the rooms, and whether parents take part.
func (db *DB) MeetingOptions(ctx context.Context, actor casework.User, youthID int64, today time.Time) (casework.MeetingOptions, error) {
	var o casework.MeetingOptions
	err := db.inTx(ctx, func(tx actionTx) error {
		birth, municipalityID, err := meetingYouth(ctx, tx, actor, youthID)
		if err != nil {
			return err
		}
		o.Under18 = casework.AgeOn(birth, today) < 18
		rows, err := tx.Query(ctx, `
			SELECT u.id, u.name, coalesce(un.name, ''), tm.team_role, tm.joined_at
			  FROM team_members tm JOIN users u ON u.id = tm.user_id LEFT JOIN units un ON un.id = u.unit_id
			 WHERE tm.youth_id = $1 AND tm.left_at IS NULL AND u.active ORDER BY tm.joined_at, tm.id`, youthID)
		if err != nil {
			return err
		}
		if o.Team, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.TeamMember, error) {
			var m casework.TeamMember
			err := r.Scan(&m.UserID, &m.Name, &m.UnitName, &m.TeamRole, &m.JoinedAt)
			return m, err
		}); err != nil {
			return err
		}
		rows, err = tx.Query(ctx, `
			SELECT u.id, u.name, coalesce(un.name, '')
			  FROM users u LEFT JOIN units un ON un.id = u.unit_id
			 WHERE u.municipality_id = $1 AND u.active
			   AND (u.role = 'facilitator' OR u.id = $2
			        OR EXISTS (SELECT 1 FROM team_members tm WHERE tm.youth_id = $3 AND tm.user_id = u.id AND tm.left_at IS NULL))
			 ORDER BY u.role <> 'facilitator', lower(u.name), u.id`, municipalityID, actor.ID, youthID)
		if err != nil {
			return err
		}
		if o.Facilitators, err = pgx.CollectRows(rows, scanParticipant); err != nil {
			return err
		}
		if o.Rooms, err = roomsOf(ctx, tx, municipalityID, true); err != nil {
			return err
		}
		if o.FixedDays, err = meetingDaysOf(ctx, tx, municipalityID, true); err != nil {
			return err
		}
		o.LeadDays, err = agendaLeadDays(ctx, tx, municipalityID)
		return err
	})
	return o, translate(err)
}

func scanParticipant(r pgx.CollectableRow) (casework.Participant, error) {
	var p casework.Participant
	err := r.Scan(&p.UserID, &p.Name, &p.UnitName)
	return p, err
}

// CreateMeeting plans a meeting about a young person the actor may see.
// Without a chosen facilitator the actor facilitates; without chosen
// participants the young person's whole team takes part. The agenda's
// send-by date follows from the municipality's lead time; parents take
// part when the young person attends and is under 18 on the day.
func (db *DB) CreateMeeting(ctx context.Context, actor casework.User, youthID int64, d casework.MeetingDetails) (int64, error) {
	if actor.Role == casework.RoleAdmin {
		return 0, casework.Forbidden()
	}
	var id int64
	err := db.inTx(ctx, func(tx actionTx) error {
		birth, municipalityID, err := meetingYouth(ctx, tx, actor, youthID)
		if err != nil {
			return err
		}
		facilitator := d.FacilitatorID
		if facilitator == 0 {
			facilitator = actor.ID
		}
		if err := checkMeetingRefs(ctx, tx, municipalityID, facilitator, d.RoomID); err != nil {
			return err
		}
		lead, err := agendaLeadDays(ctx, tx, municipalityID)
		if err != nil {
			return err
		}
		day := casework.DateOf(d.StartsAt)
		parents := d.YouthAttends && casework.AgeOn(birth, day) < 18
		if err := tx.QueryRow(ctx, `
			INSERT INTO meetings (municipality_id, youth_id, kind, starts_at, ends_at, room_id, place, facilitator_id,
			                      youth_attends, parents_attend, agenda_send_by, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
			municipalityID, youthID, d.Kind, d.StartsAt, d.EndsAt, nullID(d.RoomID), d.Place, facilitator,
			d.YouthAttends, parents, casework.AgendaSendBy(day, lead), actor.ID, tx.now).Scan(&id); err != nil {
			return err
		}
		if err := setParticipants(ctx, tx, municipalityID, youthID, id, facilitator, d); err != nil {
			return err
		}
		if err := resolveYouth(ctx, tx, youthID, casework.KindNoMeeting); err != nil {
			return err
		}
		return audit(ctx, tx, actor, youthID, casework.AuditMeetingCreate, string(d.Kind))
	})
	return id, translate(err)
}

// checkMeetingRefs checks that the facilitator is an active professional
// of the municipality and the room one of its rooms in use.
func checkMeetingRefs(ctx context.Context, tx actionTx, municipalityID, facilitator, room int64) error {
	problems := map[string]casework.Problem{}
	ok, err := activeProfessional(ctx, tx, municipalityID, facilitator)
	if err != nil {
		return err
	}
	if !ok {
		problems["facilitator_id"] = casework.ProblemUnknownChoice
	}
	if room != 0 {
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM meeting_rooms WHERE id = $1 AND municipality_id = $2 AND active)`,
			room, municipalityID).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			problems["room_id"] = casework.ProblemUnknownChoice
		}
	}
	return casework.Invalid(problems)
}

// setParticipants replaces the professionals taking part: the chosen ones,
// who must be on the young person's team, or the whole team. The
// facilitator runs the meeting and is not counted among them.
func setParticipants(ctx context.Context, tx actionTx, municipalityID, youthID, meetingID, facilitator int64, d casework.MeetingDetails) error {
	if _, err := tx.Exec(ctx, `DELETE FROM meeting_participants WHERE meeting_id = $1`, meetingID); err != nil {
		return err
	}
	if d.AllTeam {
		_, err := tx.Exec(ctx, `
			INSERT INTO meeting_participants (municipality_id, meeting_id, user_id)
			SELECT $1, $2, tm.user_id
			  FROM team_members tm JOIN users u ON u.id = tm.user_id AND u.active
			 WHERE tm.youth_id = $3 AND tm.left_at IS NULL AND tm.user_id <> $4
			 ORDER BY tm.joined_at, tm.id
			 LIMIT $5`, municipalityID, meetingID, youthID, facilitator, casework.MaxMeetingParticipants)
		return err
	}
	tag, err := tx.Exec(ctx, `
		INSERT INTO meeting_participants (municipality_id, meeting_id, user_id)
		SELECT $1, $2, tm.user_id
		  FROM team_members tm JOIN users u ON u.id = tm.user_id AND u.active
		 WHERE tm.youth_id = $3 AND tm.left_at IS NULL AND tm.user_id = ANY($4) AND tm.user_id <> $5`,
		municipalityID, meetingID, youthID, d.Participants, facilitator)
	if err != nil {
		return err
	}
	want := 0
	for _, p := range d.Participants {
		if p != facilitator {
			want++
		}
	}
	if int(tag.RowsAffected()) != want {
		return casework.Invalid(map[string]casework.Problem{"participants": casework.ProblemNotParticipant})
	}
	return nil
}

// UpdateMeeting saves a change of time, place, facilitator or participants
// made from the given version; the kind stays. The agenda's send-by date
// moves with the meeting.
func (db *DB) UpdateMeeting(ctx context.Context, actor casework.User, meetingID int64, version int, d casework.MeetingDetails) error {
	err := db.inTx(ctx, func(tx actionTx) error {
		m, err := lockMeeting(ctx, tx, actor, meetingID)
		if err != nil {
			return err
		}
		if m.Version != version {
			return casework.Conflict(casework.ProblemStaleVersion)
		}
		facilitator := d.FacilitatorID
		if facilitator == 0 {
			facilitator = m.FacilitatorID
		}
		if err := checkMeetingRefs(ctx, tx, m.MunicipalityID, facilitator, d.RoomID); err != nil {
			return err
		}
		lead, err := agendaLeadDays(ctx, tx, m.MunicipalityID)
		if err != nil {
			return err
		}
		var birth time.Time
		if err := tx.QueryRow(ctx, `SELECT birth_date FROM youth WHERE id = $1`, m.YouthID).Scan(&birth); err != nil {
			return err
		}
		day := casework.DateOf(d.StartsAt)
		youthAttends := (d.YouthAttends || m.Kind.YouthAlwaysAttends()) && !m.Kind.ProfessionalsOnly()
		if _, err := tx.Exec(ctx, `
			UPDATE meetings SET starts_at = $2, ends_at = $3, room_id = $4, place = $5, facilitator_id = $6,
			       youth_attends = $7, parents_attend = $8, agenda_send_by = $9, version = version + 1
			 WHERE id = $1`,
			m.ID, d.StartsAt, d.EndsAt, nullID(d.RoomID), d.Place, facilitator, youthAttends,
			youthAttends && casework.AgeOn(birth, day) < 18, casework.AgendaSendBy(day, lead)); err != nil {
			return err
		}
		if err := setParticipants(ctx, tx, m.MunicipalityID, m.YouthID, m.ID, facilitator, d); err != nil {
			return err
		}
		if err := resolveMeetingMoved(ctx, tx, m.ID, casework.AgendaSendBy(day, lead), facilitator); err != nil {
			return err
		}
		return meetingChanged(ctx, tx, actor, m, casework.AuditMeetingUpdate, "")
	})
	return translate(err)
}

// CloseMeeting ends the meeting ("Afslut møde"), which locks its agenda,
// plan and follow-up, or cancels it.
func (db *DB) CloseMeeting(ctx context.Context, actor casework.User, meetingID int64, to casework.MeetingStatus) error {
	if to != casework.MeetingEnded && to != casework.MeetingCancelled {
		return casework.Invalid(map[string]casework.Problem{"status": casework.ProblemUnknownChoice})
	}
	err := db.inTx(ctx, func(tx actionTx) error {
		m, err := lockMeeting(ctx, tx, actor, meetingID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE meetings SET status = $2, closed_at = $4, closed_by = $3, version = version + 1 WHERE id = $1`,
			m.ID, to, actor.ID, tx.now); err != nil {
			return err
		}
		action := casework.AuditMeetingEnd
		if to == casework.MeetingCancelled {
			action = casework.AuditMeetingCancel
		}
		if err := resolveAll(ctx, tx, m.ID, casework.KindAgendaDue, casework.KindChairsAgenda); err != nil {
			return err
		}
		return meetingChanged(ctx, tx, actor, m, action, "")
	})
	return translate(err)
}

// MeetingView says what a meeting is read for: the audit row it writes and
// whether a coordination meeting may be shown at all.
type MeetingView struct {
	Action casework.AuditAction
	// ForYoungPerson: the big screen and the print views, which never show
	// a coordination meeting: for them it does not exist.
	ForYoungPerson bool
}

// Meeting reads views of a meeting.
var (
	ViewMeetingPage   = MeetingView{Action: casework.AuditMeetingView}
	ViewMeetingScreen = MeetingView{Action: casework.AuditMeetingScreen, ForYoungPerson: true}
	ViewMeetingPrint  = MeetingView{Action: casework.AuditMeetingPrint, ForYoungPerson: true}
)

// ViewMeeting loads a meeting with its participants, agenda, plan, the
// previous plan for follow-up and the clashes with other meetings, and
// records the read.
func (db *DB) ViewMeeting(ctx context.Context, actor casework.User, meetingID int64, view MeetingView) (casework.Meeting, error) {
	var m casework.Meeting
	err := db.readTx(ctx, actor, func(tx actionTx) (pageView, error) {
		var err error
		if m, err = loadMeeting(ctx, tx, actor, meetingID, view.ForYoungPerson); err != nil {
			return pageView{}, err
		}
		return pageView{m.YouthID, view.Action, "meeting=" + strconv.FormatInt(m.ID, 10)}, nil
	})
	if err != nil {
		return casework.Meeting{}, translate(err)
	}
	return m, nil
}

// meetingHeadSQL reads a meeting's own columns and names (loadMeeting's
// and the big screen's, MeetingForScreen); the caller adds the WHERE.
const meetingHeadSQL = `
		SELECT m.id, m.youth_id, yy.name, yy.birth_date, m.kind, m.starts_at, m.ends_at,
		       m.room_id, coalesce(r.name, ''), coalesce(r.address, ''), m.place,
		       m.facilitator_id, f.name, m.youth_attends, m.parents_attend,
		       m.agenda_send_by, m.agenda_sent_at, coalesce(sb.name, ''), m.status, m.closed_at, coalesce(cb.name, ''), m.version
		  FROM meetings m
		  JOIN youth yy ON yy.id = m.youth_id
		  JOIN users f ON f.id = m.facilitator_id
		  LEFT JOIN meeting_rooms r ON r.id = m.room_id
		  LEFT JOIN users sb ON sb.id = m.agenda_sent_by
		  LEFT JOIN users cb ON cb.id = m.closed_by`

// scanMeetingHead scans a row of meetingHeadSQL.
func scanMeetingHead(row pgx.Row) (casework.Meeting, error) {
	var m casework.Meeting
	var roomID *int64
	var sentAt, closedAt *time.Time
	err := row.Scan(&m.ID, &m.YouthID, &m.YouthName, &m.YouthBirthDate, &m.Kind, &m.StartsAt, &m.EndsAt,
		&roomID, &m.RoomName, &m.RoomAddress, &m.Place,
		&m.FacilitatorID, &m.FacilitatorName, &m.YouthAttends, &m.ParentsAttend,
		&m.AgendaSendBy, &sentAt, &m.AgendaSentBy, &m.Status, &closedAt, &m.ClosedBy, &m.Version)
	m.RoomID, m.AgendaSentAt, m.ClosedAt = idOf(roomID), orZero(sentAt), orZero(closedAt)
	return m, err
}

// attachAgendaAndPlans reads what a meeting's page and its big screen both
// show: the agenda, the plan, and the previous meeting's plan with its
// follow-up.
func attachAgendaAndPlans(ctx context.Context, tx actionTx, m *casework.Meeting) error {
	var err error
	if m.Agenda, err = agendaOf(ctx, tx, m.ID); err != nil {
		return err
	}
	if m.Plan, err = planOf(ctx, tx, m.ID); err != nil {
		return err
	}
	if !m.Kind.HasPlan() {
		return nil
	}
	prev, err := previousMeeting(ctx, tx, m.ID)
	if err != nil || prev == nil {
		return err
	}
	m.PreviousMeeting = prev
	if m.Previous, err = planOf(ctx, tx, prev.ID); err != nil {
		return err
	}
	return attachFollowups(ctx, tx, m.Previous)
}

func loadMeeting(ctx context.Context, tx actionTx, actor casework.User, meetingID int64, forYoungPerson bool) (casework.Meeting, error) {
	m, err := scanMeetingHead(tx.QueryRow(ctx, meetingHeadSQL+`
		 WHERE m.id = $2 AND `+meetingVisible+`
		   AND NOT ($3 AND m.kind = 'koordinationsmoede')`, actor.ID, meetingID, forYoungPerson))
	if err != nil {
		return m, err
	}

	rows, err := tx.Query(ctx, `
		SELECT u.id, u.name, coalesce(un.name, '')
		  FROM meeting_participants mp JOIN users u ON u.id = mp.user_id LEFT JOIN units un ON un.id = u.unit_id
		 WHERE mp.meeting_id = $1 ORDER BY lower(u.name), u.id`, m.ID)
	if err != nil {
		return m, err
	}
	if m.Participants, err = pgx.CollectRows(rows, scanParticipant); err != nil {
		return m, err
	}
	if m.ParentsAttend && !forYoungPerson {
		if m.Guardians, err = guardiansOf(ctx, tx, m.YouthID); err != nil {
			return m, err
		}
	}
	if err := attachAgendaAndPlans(ctx, tx, &m); err != nil {
		return m, err
	}
	if m.Status == casework.MeetingPlanned && !forYoungPerson {
		if m.Clashes, err = clashesOf(ctx, tx, m.ID); err != nil {
			return m, err
		}
		var municipalityID int64
		if err := tx.QueryRow(ctx, `SELECT municipality_id FROM meetings WHERE id = $1`, m.ID).Scan(&municipalityID); err != nil {
			return m, err
		}
		if m.FixedDays, err = meetingDaysOf(ctx, tx, municipalityID, true); err != nil {
			return m, err
		}
	}
	return m, nil
}

// MeetingAccess tells whether the actor may see the meeting, without
// reading or logging any of its content (for the event stream, which
// carries none). ForYoungPerson as in MeetingView.
func (db *DB) MeetingAccess(ctx context.Context, actor casework.User, meetingID int64, forYoungPerson bool) error {
	var ok bool
	err := db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM meetings m WHERE m.id = $2 AND `+meetingVisible+`
		AND NOT ($3 AND m.kind = 'koordinationsmoede'))`, actor.ID, meetingID, forYoungPerson).Scan(&ok)
	if err != nil {
		return err
	}
	if !ok {
		return casework.NotFound()
	}
	return nil
}

const summaryColumns = `m.id, m.youth_id, yy.name, yy.birth_date, m.kind, m.starts_at, m.ends_at, coalesce(r.name, m.place),
	m.facilitator_id, f.name, m.status, m.agenda_send_by, m.agenda_sent_at,
	(SELECT count(*) FROM agenda_items a WHERE a.meeting_id = m.id),
	(SELECT count(*) FROM plan_items p WHERE p.meeting_id = m.id),
	CASE WHEN r.id IS NOT NULL THEN m.place ELSE '' END`

const summaryFrom = ` FROM meetings m
	JOIN youth yy ON yy.id = m.youth_id
	JOIN users f ON f.id = m.facilitator_id
	LEFT JOIN meeting_rooms r ON r.id = m.room_id`

func scanSummary(r pgx.CollectableRow) (casework.MeetingSummary, error) {
	var s casework.MeetingSummary
	var sentAt *time.Time
	err := r.Scan(&s.ID, &s.YouthID, &s.YouthName, &s.YouthBirthDate, &s.Kind, &s.StartsAt, &s.EndsAt, &s.Place,
		&s.FacilitatorID, &s.FacilitatorName, &s.Status, &s.AgendaSendBy, &sentAt, &s.AgendaItems, &s.PlanItems, &s.OtherPlace)
	s.AgendaSentAt = orZero(sentAt)
	return s, err
}

// YouthMeetings lists a young person's meetings, newest first, and the
// action plans of the held ones: the plans over time, each item with its
// follow-up.
func (db *DB) YouthMeetings(ctx context.Context, actor casework.User, youthID int64) ([]casework.MeetingSummary, []casework.PlanHistory, error) {
	var list []casework.MeetingSummary
	var plans []casework.PlanHistory
	err := db.readTx(ctx, actor, func(tx actionTx) (pageView, error) {
		var visible bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM youth y WHERE y.id = $2 AND `+visibleToActor+`)`, actor.ID, youthID).Scan(&visible); err != nil {
			return pageView{}, err
		}
		if !visible {
			return pageView{}, casework.NotFound()
		}
		rows, err := tx.Query(ctx, `SELECT `+summaryColumns+summaryFrom+`
			 WHERE m.youth_id = $1 ORDER BY m.starts_at DESC, m.id DESC`, youthID)
		if err != nil {
			return pageView{}, err
		}
		if list, err = pgx.CollectRows(rows, scanSummary); err != nil {
			return pageView{}, err
		}
		for _, s := range list {
			if s.Status != casework.MeetingEnded || s.PlanItems == 0 {
				continue
			}
			items, err := planOf(ctx, tx, s.ID)
			if err != nil {
				return pageView{}, err
			}
			if err := attachFollowups(ctx, tx, items); err != nil {
				return pageView{}, err
			}
			plans = append(plans, casework.PlanHistory{Meeting: s, Items: items})
		}
		return pageView{youthID, casework.AuditMeetingList, ""}, nil
	})
	if err != nil {
		return nil, nil, translate(err)
	}
	return list, plans, nil
}
