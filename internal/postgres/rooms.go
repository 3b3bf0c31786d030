package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"kui/internal/casework"
)

// adminOf is the municipality the actor administers; not found otherwise.
func adminOf(ctx context.Context, tx actionTx, actor casework.User) (int64, error) {
	var municipalityID int64
	err := tx.QueryRow(ctx, `SELECT municipality_id FROM users WHERE id = $1 AND role = 'admin' AND active`, actor.ID).Scan(&municipalityID)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, casework.Forbidden()
	}
	return municipalityID, err
}

// inAdminTx runs f in a transaction (inTx) for an administrator, with
// their municipality (adminOf); forbidden for anyone else.
func (db *DB) inAdminTx(ctx context.Context, actor casework.User, f func(tx actionTx, municipalityID int64) error) error {
	return db.inTx(ctx, func(tx actionTx) error {
		municipalityID, err := adminOf(ctx, tx, actor)
		if err != nil {
			return err
		}
		return f(tx, municipalityID)
	})
}

func roomsOf(ctx context.Context, tx actionTx, municipalityID int64, activeOnly bool) ([]casework.Room, error) {
	rows, err := tx.Query(ctx, `
		SELECT id, name, address, has_screen, active FROM meeting_rooms
		 WHERE municipality_id = $1 AND (active OR NOT $2)
		 ORDER BY NOT active, lower(name), id`, municipalityID, activeOnly)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.Room, error) {
		var room casework.Room
		err := r.Scan(&room.ID, &room.Name, &room.Address, &room.HasScreen, &room.Active)
		return room, err
	})
}

func meetingDaysOf(ctx context.Context, tx actionTx, municipalityID int64, activeOnly bool) ([]casework.MeetingDay, error) {
	rows, err := tx.Query(ctx, `
		SELECT d.id, d.room_id, r.name, d.weekday,
		       extract(hour FROM d.starts)::int * 60 + extract(minute FROM d.starts)::int,
		       extract(hour FROM d.ends)::int * 60 + extract(minute FROM d.ends)::int
		  FROM meeting_days d JOIN meeting_rooms r ON r.id = d.room_id
		 WHERE d.municipality_id = $1 AND (r.active OR NOT $2)
		 ORDER BY d.weekday, d.starts, lower(r.name)`, municipalityID, activeOnly)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (casework.MeetingDay, error) {
		var d casework.MeetingDay
		var iso int
		err := r.Scan(&d.ID, &d.RoomID, &d.RoomName, &iso, &d.Starts, &d.Ends)
		d.Weekday = time.Weekday(iso % 7)
		return d, err
	})
}

// MeetingAdmin is what the administrator's meeting page shows.
type MeetingAdmin struct {
	Rooms    []casework.Room
	Days     []casework.MeetingDay
	LeadDays int
}

// MeetingAdminPage loads the rooms, the fixed meeting days and the agenda
// lead time of the administrator's municipality.
func (db *DB) MeetingAdminPage(ctx context.Context, actor casework.User) (MeetingAdmin, error) {
	var a MeetingAdmin
	err := db.inAdminTx(ctx, actor, func(tx actionTx, municipalityID int64) error {
		var err error
		if a.Rooms, err = roomsOf(ctx, tx, municipalityID, false); err != nil {
			return err
		}
		if a.Days, err = meetingDaysOf(ctx, tx, municipalityID, false); err != nil {
			return err
		}
		a.LeadDays, err = agendaLeadDays(ctx, tx, municipalityID)
		return err
	})
	return a, translate(err)
}

// CreateRoom adds a meeting room to the administrator's municipality.
func (db *DB) CreateRoom(ctx context.Context, actor casework.User, r casework.Room) error {
	err := db.inAdminTx(ctx, actor, func(tx actionTx, municipalityID int64) error {
		_, err := tx.Exec(ctx, `INSERT INTO meeting_rooms (municipality_id, name, address, has_screen, active) VALUES ($1, $2, $3, $4, true)`,
			municipalityID, r.Name, r.Address, r.HasScreen)
		return err
	})
	return translate(err)
}

// UpdateRoom changes a room; a room no longer in use is kept (meetings name
// it) but no longer offered.
func (db *DB) UpdateRoom(ctx context.Context, actor casework.User, id int64, r casework.Room) error {
	err := db.inAdminTx(ctx, actor, func(tx actionTx, municipalityID int64) error {
		tag, err := tx.Exec(ctx, `UPDATE meeting_rooms SET name = $3, address = $4, has_screen = $5, active = $6 WHERE id = $1 AND municipality_id = $2`,
			id, municipalityID, r.Name, r.Address, r.HasScreen, r.Active)
		if err == nil && tag.RowsAffected() == 0 {
			return casework.NotFound()
		}
		return err
	})
	return translate(err)
}

// AddMeetingDay adds a fixed meeting time in one of the municipality's rooms.
func (db *DB) AddMeetingDay(ctx context.Context, actor casework.User, d casework.MeetingDay) error {
	err := db.inAdminTx(ctx, actor, func(tx actionTx, municipalityID int64) error {
		iso := int(d.Weekday)
		if iso == 0 {
			iso = 7
		}
		tag, err := tx.Exec(ctx, `
			INSERT INTO meeting_days (municipality_id, room_id, weekday, starts, ends)
			SELECT $1, r.id, $3, $4::time, $5::time
			  FROM meeting_rooms r WHERE r.id = $2 AND r.municipality_id = $1`,
			municipalityID, d.RoomID, iso, clock(d.Starts), clock(d.Ends))
		if err == nil && tag.RowsAffected() == 0 {
			return casework.Invalid(map[string]casework.Problem{"room_id": casework.ProblemUnknownChoice})
		}
		return err
	})
	return translate(err)
}

// DeleteMeetingDay removes a fixed meeting time.
func (db *DB) DeleteMeetingDay(ctx context.Context, actor casework.User, id int64) error {
	err := db.inAdminTx(ctx, actor, func(tx actionTx, municipalityID int64) error {
		tag, err := tx.Exec(ctx, `DELETE FROM meeting_days WHERE id = $1 AND municipality_id = $2`, id, municipalityID)
		if err == nil && tag.RowsAffected() == 0 {
			return casework.NotFound()
		}
		return err
	})
	return translate(err)
}

// SaveAgendaLeadDays sets how many working days before a meeting its agenda
// is to be sent, for meetings planned from now on.
func (db *DB) SaveAgendaLeadDays(ctx context.Context, actor casework.User, days int) error {
	err := db.inAdminTx(ctx, actor, func(tx actionTx, municipalityID int64) error {
		_, err := tx.Exec(ctx, `
			INSERT INTO meeting_settings (municipality_id, agenda_lead_days, updated_by, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (municipality_id) DO UPDATE SET agenda_lead_days = EXCLUDED.agenda_lead_days,
			       updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`, municipalityID, days, actor.ID, tx.now)
		return err
	})
	return translate(err)
}

// slotHorizonDays is how far ahead a free slot is looked for.
const slotHorizonDays = 8 * 7

// SuggestSlot proposes the next free time on the municipality's fixed
// meeting days, from `from` on, where the room is free and the facilitator
// and the professionals taking part (the young person's team when none are
// given) have no other meeting. It never proposes a day whose agenda
// send-by date has passed (as of the store's clock): such a meeting would
// be late from the moment it was made.
func (db *DB) SuggestSlot(ctx context.Context, actor casework.User, youthID int64, people []int64, from time.Time, length time.Duration) (casework.SlotProposal, error) {
	var p casework.SlotProposal
	err := db.inTx(ctx, func(tx actionTx) error {
		var municipalityID int64
		if err := tx.QueryRow(ctx, `SELECT y.municipality_id FROM youth y WHERE y.id = $2 AND `+visibleToActor, actor.ID, youthID).Scan(&municipalityID); err != nil {
			return err
		}
		days, err := meetingDaysOf(ctx, tx, municipalityID, true)
		if err != nil {
			return err
		}
		if len(days) == 0 {
			p.NoFixedDays = true
			return nil
		}
		if p.LeadDays, err = agendaLeadDays(ctx, tx, municipalityID); err != nil {
			return err
		}
		p.Earliest = casework.FirstDayAgendaInTime(casework.DateOf(tx.now), p.LeadDays)
		if e := time.Date(p.Earliest.Year(), p.Earliest.Month(), p.Earliest.Day(), 0, 0, 0, 0, casework.Copenhagen()); e.After(from) {
			from = e
		}
		if len(people) == 0 {
			rows, err := tx.Query(ctx, `SELECT user_id FROM team_members WHERE youth_id = $1 AND left_at IS NULL`, youthID)
			if err != nil {
				return err
			}
			if people, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
				return err
			}
		}
		until := from.AddDate(0, 0, slotHorizonDays+1)
		rows, err := tx.Query(ctx, `
			SELECT m.starts_at, m.ends_at FROM meetings m
			 WHERE m.municipality_id = $1 AND m.status = 'planned' AND m.ends_at > $2 AND m.starts_at < $3
			   AND (m.facilitator_id = ANY($4) OR EXISTS (SELECT 1 FROM meeting_participants mp WHERE mp.meeting_id = m.id AND mp.user_id = ANY($4)))`,
			municipalityID, from, until, people)
		if err != nil {
			return err
		}
		busy, err := pgx.CollectRows(rows, scanInterval)
		if err != nil {
			return err
		}
		roomBusy := map[int64][]casework.Interval{}
		rows, err = tx.Query(ctx, `
			SELECT m.room_id, m.starts_at, m.ends_at FROM meetings m
			 WHERE m.municipality_id = $1 AND m.status = 'planned' AND m.room_id IS NOT NULL AND m.ends_at > $2 AND m.starts_at < $3`,
			municipalityID, from, until)
		if err != nil {
			return err
		}
		_, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (struct{}, error) {
			var room int64
			var iv casework.Interval
			err := r.Scan(&room, &iv.Start, &iv.End)
			roomBusy[room] = append(roomBusy[room], iv)
			return struct{}{}, err
		})
		if err != nil {
			return err
		}
		p.Slot, p.Found = casework.NextFreeSlot(days, roomBusy, busy, from, length, slotHorizonDays)
		if p.Found {
			p.SendBy = casework.AgendaSendBy(casework.DateOf(p.Slot.Start), p.LeadDays)
		}
		return nil
	})
	return p, translate(err)
}

func scanInterval(r pgx.CollectableRow) (casework.Interval, error) {
	var iv casework.Interval
	err := r.Scan(&iv.Start, &iv.End)
	return iv, err
}

// clock writes minutes after midnight as PostgreSQL reads a time: "09:30".
func clock(minutes int) string { return fmt.Sprintf("%02d:%02d", minutes/60, minutes%60) }
