-- Facts for the coordinator's overview and the between-chairs list (issue
-- 15): per young person, per professional and per planned meeting, the
-- numbers and moments the two views used to compute from scratch over the
-- whole municipality on every read. They are kept by triggers in the transaction of the change
-- (every write path is covered, and the fact commits or rolls back with
-- it): each trigger recomputes the whole fact row of the key it touched,
-- from scratch, under a lock on that row, so concurrent changes cannot lose
-- an update and maxima (the last meeting after a cancellation) cannot drift.
--
-- Only what does not depend on the clock is kept. "Overdue", "in the next
-- 14 days", "turning 18 within 90 days" and the municipality's thresholds
-- are compared at read time, on the indexes below, with the store's clock.

-- +goose Up
CREATE TABLE youth_facts (
    youth_id          bigint PRIMARY KEY REFERENCES youth ON DELETE CASCADE,
    municipality_id   bigint NOT NULL,
    status            text NOT NULL,
    name              text NOT NULL,
    birth_date        date NOT NULL,
    created_at        timestamptz NOT NULL,
    -- the contact person (0 or 1) and the team's current members
    open_contacts     integer NOT NULL,
    team_size         integer NOT NULL,
    -- since when without a contact person: the last one's end, or coming
    no_contact_since  timestamptz NOT NULL,
    -- since when the team is small: the last member's leaving, or coming
    small_team_since  timestamptz NOT NULL,
    -- the start of the last meeting that was not cancelled, or coming
    meeting_since     timestamptz NOT NULL,
    -- the day of the last progression measurement began (Copenhagen), or coming
    progression_since timestamptz NOT NULL
);
CREATE INDEX youth_facts_no_contact ON youth_facts (municipality_id, no_contact_since, youth_id) WHERE status = 'active' AND open_contacts = 0;
CREATE INDEX youth_facts_small_team ON youth_facts (municipality_id, small_team_since, youth_id) WHERE status = 'active' AND team_size < 3;
CREATE INDEX youth_facts_meeting ON youth_facts (municipality_id, meeting_since, youth_id) WHERE status = 'active';
CREATE INDEX youth_facts_progression ON youth_facts (municipality_id, progression_since, youth_id) WHERE status = 'active';
CREATE INDEX youth_facts_birth ON youth_facts (municipality_id, birth_date, youth_id) WHERE status = 'active';

CREATE TABLE professional_facts (
    user_id         bigint PRIMARY KEY REFERENCES users ON DELETE CASCADE,
    municipality_id bigint NOT NULL,
    teams           integer NOT NULL, -- current team memberships
    contacts        integer NOT NULL, -- current contact-person periods
    open_items      integer NOT NULL  -- plan items committed to, not yet followed up
);

-- Who takes part in each planned meeting, and when it starts: the
-- facilitator and the participants, each once. The overview counts a
-- professional's meetings in the next 14 days on its index, by time.
CREATE TABLE planned_meeting_people (
    meeting_id      bigint NOT NULL REFERENCES meetings ON DELETE CASCADE,
    user_id         bigint NOT NULL,
    municipality_id bigint NOT NULL,
    starts_at       timestamptz NOT NULL,
    PRIMARY KEY (meeting_id, user_id)
);
CREATE INDEX planned_meeting_people_time ON planned_meeting_people (municipality_id, starts_at, user_id);

-- The between-chairs list's pending handovers, by municipality, the longest waiting first.
CREATE INDEX contact_handovers_pending ON contact_handovers (municipality_id, requested_at, youth_id) WHERE status = 'pending';

-- What the fact rows must hold, computed from the base tables. The refresh
-- functions read one key of it; seeding reads all of it.
CREATE VIEW youth_facts_computed AS
SELECT y.id AS youth_id, y.municipality_id, y.status, y.name, y.birth_date, y.created_at,
       (SELECT count(*) FROM contact_persons c WHERE c.youth_id = y.id AND c.ended_at IS NULL)::integer AS open_contacts,
       (SELECT count(*) FROM team_members tm WHERE tm.youth_id = y.id AND tm.left_at IS NULL)::integer AS team_size,
       greatest(y.created_at, coalesce((SELECT max(c.ended_at) FROM contact_persons c WHERE c.youth_id = y.id), y.created_at)) AS no_contact_since,
       greatest(y.created_at, coalesce((SELECT max(tm.left_at) FROM team_members tm WHERE tm.youth_id = y.id AND tm.left_at IS NOT NULL), y.created_at)) AS small_team_since,
       coalesce((SELECT max(mt.starts_at) FROM meetings mt WHERE mt.youth_id = y.id AND mt.status <> 'cancelled'), y.created_at) AS meeting_since,
       coalesce((SELECT max(p.measured_on) FROM progression_measurements p WHERE p.youth_id = y.id)::timestamp AT TIME ZONE 'Europe/Copenhagen', y.created_at) AS progression_since
  FROM youth y;

CREATE VIEW professional_facts_computed AS
SELECT u.id AS user_id, u.municipality_id,
       (SELECT count(*) FROM team_members tm WHERE tm.user_id = u.id AND tm.left_at IS NULL)::integer AS teams,
       (SELECT count(*) FROM contact_persons c WHERE c.user_id = u.id AND c.ended_at IS NULL)::integer AS contacts,
       (SELECT count(*) FROM plan_items p WHERE p.municipality_id = u.municipality_id AND p.owner_id = u.id AND p.open)::integer AS open_items
  FROM users u;

CREATE VIEW planned_meeting_people_computed AS
SELECT mt.id AS meeting_id, x.user_id, mt.municipality_id, mt.starts_at
  FROM meetings mt
 CROSS JOIN LATERAL (SELECT mt.facilitator_id AS user_id
                     UNION
                     SELECT mp.user_id FROM meeting_participants mp WHERE mp.meeting_id = mt.id) x
 WHERE mt.status = 'planned';

-- Recompute one young person's facts. The placeholder row makes sure there
-- is a row to lock; the lock serialises concurrent refreshes of the same
-- young person, and the recompute after it (a new snapshot under READ
-- COMMITTED) sees every change committed before the lock was granted.
-- +goose StatementBegin
CREATE FUNCTION refresh_youth_facts(yid bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF yid IS NULL THEN
        RETURN;
    END IF;
    INSERT INTO youth_facts (youth_id, municipality_id, status, name, birth_date, created_at, open_contacts, team_size,
                             no_contact_since, small_team_since, meeting_since, progression_since)
    SELECT y.id, y.municipality_id, y.status, y.name, y.birth_date, y.created_at, 0, 0,
           y.created_at, y.created_at, y.created_at, y.created_at
      FROM youth y WHERE y.id = yid
    ON CONFLICT (youth_id) DO NOTHING;
    PERFORM 1 FROM youth_facts WHERE youth_id = yid FOR UPDATE;
    IF NOT FOUND THEN
        RETURN; -- the young person is being deleted: the row goes with them
    END IF;
    UPDATE youth_facts f
       SET (municipality_id, status, name, birth_date, created_at, open_contacts, team_size,
            no_contact_since, small_team_since, meeting_since, progression_since)
         = (c.municipality_id, c.status, c.name, c.birth_date, c.created_at, c.open_contacts, c.team_size,
            c.no_contact_since, c.small_team_since, c.meeting_since, c.progression_since)
      FROM youth_facts_computed c
     WHERE f.youth_id = yid AND c.youth_id = yid;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION refresh_professional_facts(uid bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF uid IS NULL THEN
        RETURN;
    END IF;
    INSERT INTO professional_facts (user_id, municipality_id, teams, contacts, open_items)
    SELECT u.id, u.municipality_id, 0, 0, 0 FROM users u WHERE u.id = uid
    ON CONFLICT (user_id) DO NOTHING;
    PERFORM 1 FROM professional_facts WHERE user_id = uid FOR UPDATE;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    UPDATE professional_facts f
       SET (municipality_id, teams, contacts, open_items) = (c.municipality_id, c.teams, c.contacts, c.open_items)
      FROM professional_facts_computed c
     WHERE f.user_id = uid AND c.user_id = uid;
END;
$$;
-- +goose StatementEnd

-- Recompute one meeting's people. The lock on the meeting row serialises
-- the refreshes of one meeting (adding a participant locks it too).
-- +goose StatementBegin
CREATE FUNCTION refresh_planned_meeting_people(mid bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM meetings WHERE id = mid FOR UPDATE;
    DELETE FROM planned_meeting_people WHERE meeting_id = mid;
    INSERT INTO planned_meeting_people SELECT * FROM planned_meeting_people_computed c WHERE c.meeting_id = mid;
END;
$$;
-- +goose StatementEnd

-- The triggers: the keys of the old row and of the new one.
-- +goose StatementBegin
CREATE FUNCTION youth_facts_follow_youth() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_youth_facts(NEW.id);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- For a table with a youth_id column.
-- +goose StatementBegin
CREATE FUNCTION youth_facts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM refresh_youth_facts(NEW.youth_id);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM refresh_youth_facts(OLD.youth_id);
    ELSE
        PERFORM refresh_youth_facts(OLD.youth_id);
        IF NEW.youth_id <> OLD.youth_id THEN
            PERFORM refresh_youth_facts(NEW.youth_id);
        END IF;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- For a table with a user_id column.
-- +goose StatementBegin
CREATE FUNCTION professional_facts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM refresh_professional_facts(NEW.user_id);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM refresh_professional_facts(OLD.user_id);
    ELSE
        PERFORM refresh_professional_facts(OLD.user_id);
        IF NEW.user_id <> OLD.user_id THEN
            PERFORM refresh_professional_facts(NEW.user_id);
        END IF;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- For plan_items, whose professional is the owner (none when the young
-- person commits).
-- +goose StatementBegin
CREATE FUNCTION professional_facts_follow_owner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM refresh_professional_facts(NEW.owner_id);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM refresh_professional_facts(OLD.owner_id);
    ELSE
        PERFORM refresh_professional_facts(OLD.owner_id);
        IF NEW.owner_id IS DISTINCT FROM OLD.owner_id THEN
            PERFORM refresh_professional_facts(NEW.owner_id);
        END IF;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION professional_facts_follow_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_professional_facts(NEW.id);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION planned_meeting_people_follow_meeting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_planned_meeting_people(NEW.id);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION planned_meeting_people_follow_participant() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM refresh_planned_meeting_people(NEW.meeting_id);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM refresh_planned_meeting_people(OLD.meeting_id);
    ELSE
        PERFORM refresh_planned_meeting_people(OLD.meeting_id);
        IF NEW.meeting_id <> OLD.meeting_id THEN
            PERFORM refresh_planned_meeting_people(NEW.meeting_id);
        END IF;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER youth_facts_youth AFTER INSERT OR UPDATE OF status, municipality_id, name, birth_date, created_at ON youth
    FOR EACH ROW EXECUTE FUNCTION youth_facts_follow_youth();
CREATE TRIGGER youth_facts_contact_persons AFTER INSERT OR UPDATE OR DELETE ON contact_persons
    FOR EACH ROW EXECUTE FUNCTION youth_facts_follow();
CREATE TRIGGER professional_facts_contact_persons AFTER INSERT OR UPDATE OR DELETE ON contact_persons
    FOR EACH ROW EXECUTE FUNCTION professional_facts_follow();
CREATE TRIGGER youth_facts_team_members AFTER INSERT OR UPDATE OR DELETE ON team_members
    FOR EACH ROW EXECUTE FUNCTION youth_facts_follow();
CREATE TRIGGER professional_facts_team_members AFTER INSERT OR UPDATE OR DELETE ON team_members
    FOR EACH ROW EXECUTE FUNCTION professional_facts_follow();
CREATE TRIGGER youth_facts_meetings AFTER INSERT OR UPDATE OF status, starts_at, youth_id OR DELETE ON meetings
    FOR EACH ROW EXECUTE FUNCTION youth_facts_follow();
CREATE TRIGGER youth_facts_progression_measurements AFTER INSERT OR UPDATE OR DELETE ON progression_measurements
    FOR EACH ROW EXECUTE FUNCTION youth_facts_follow();
CREATE TRIGGER professional_facts_plan_items AFTER INSERT OR UPDATE OF open, owner_id OR DELETE ON plan_items
    FOR EACH ROW EXECUTE FUNCTION professional_facts_follow_owner();
CREATE TRIGGER professional_facts_users AFTER INSERT OR UPDATE OF municipality_id ON users
    FOR EACH ROW EXECUTE FUNCTION professional_facts_follow_user();
CREATE TRIGGER planned_meeting_people_meetings AFTER INSERT OR UPDATE OF status, starts_at, facilitator_id, municipality_id ON meetings
    FOR EACH ROW EXECUTE FUNCTION planned_meeting_people_follow_meeting();
CREATE TRIGGER planned_meeting_people_participants AFTER INSERT OR UPDATE OR DELETE ON meeting_participants
    FOR EACH ROW EXECUTE FUNCTION planned_meeting_people_follow_participant();

-- Backfill, set-based: nothing else writes the new tables yet.
INSERT INTO youth_facts SELECT * FROM youth_facts_computed;
INSERT INTO professional_facts SELECT * FROM professional_facts_computed;
INSERT INTO planned_meeting_people SELECT * FROM planned_meeting_people_computed;

-- +goose Down
DROP TRIGGER planned_meeting_people_participants ON meeting_participants;
DROP TRIGGER planned_meeting_people_meetings ON meetings;
DROP FUNCTION planned_meeting_people_follow_participant();
DROP FUNCTION planned_meeting_people_follow_meeting();
DROP FUNCTION refresh_planned_meeting_people(bigint);
DROP VIEW planned_meeting_people_computed;
DROP TABLE planned_meeting_people;
DROP TRIGGER professional_facts_users ON users;
DROP TRIGGER professional_facts_plan_items ON plan_items;
DROP TRIGGER youth_facts_progression_measurements ON progression_measurements;
DROP TRIGGER youth_facts_meetings ON meetings;
DROP TRIGGER professional_facts_team_members ON team_members;
DROP TRIGGER youth_facts_team_members ON team_members;
DROP TRIGGER professional_facts_contact_persons ON contact_persons;
DROP TRIGGER youth_facts_contact_persons ON contact_persons;
DROP TRIGGER youth_facts_youth ON youth;
DROP FUNCTION professional_facts_follow_user();
DROP FUNCTION professional_facts_follow_owner();
DROP FUNCTION professional_facts_follow();
DROP FUNCTION youth_facts_follow();
DROP FUNCTION youth_facts_follow_youth();
DROP FUNCTION refresh_professional_facts(bigint);
DROP FUNCTION refresh_youth_facts(bigint);
DROP VIEW professional_facts_computed;
DROP VIEW youth_facts_computed;
DROP INDEX contact_handovers_pending;
DROP TABLE professional_facts;
DROP TABLE youth_facts;
