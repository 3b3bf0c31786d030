-- +goose Up
-- Meetings around a young person: the four kinds, their rooms and fixed
-- meeting days, the participants, the young person's agenda, the action plan
-- written in the first person at the meeting, the follow-up of the previous
-- plan, and each user's private calendar feed.

-- Per-municipality settings of the meeting practice.
CREATE TABLE meeting_settings (
    municipality_id  bigint PRIMARY KEY REFERENCES municipalities(id),
    -- the agenda is to be sent this many working days before the meeting
    agenda_lead_days integer NOT NULL DEFAULT 5 CHECK (agenda_lead_days BETWEEN 0 AND 30),
    updated_by       bigint,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (municipality_id, updated_by) REFERENCES users (municipality_id, id)
);

-- Meeting rooms, with or without a big screen, managed by an administrator.
CREATE TABLE meeting_rooms (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL REFERENCES municipalities(id),
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    address         text NOT NULL DEFAULT '' CHECK (length(address) <= 300),
    has_screen      boolean NOT NULL DEFAULT true,
    active          boolean NOT NULL DEFAULT true,
    CONSTRAINT meeting_rooms_name_unique UNIQUE (municipality_id, name),
    CONSTRAINT meeting_rooms_tenant_key UNIQUE (municipality_id, id)
);

-- Fixed meeting days: the municipality holds its meetings at set times in a
-- set room (e.g. Tuesday 9–12 in room X), when everyone has kept the time free.
CREATE TABLE meeting_days (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL,
    room_id         bigint NOT NULL,
    weekday         smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7), -- ISO: 1 is Monday
    starts          time NOT NULL,
    ends            time NOT NULL,
    CHECK (ends > starts),
    FOREIGN KEY (municipality_id, room_id) REFERENCES meeting_rooms (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX meeting_days_municipality ON meeting_days (municipality_id, weekday, starts);

CREATE TABLE meetings (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL,
    youth_id        bigint NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('formoede', 'samarbejdsmoede', 'koordinationsmoede', 'tvaerfagligt')),
    starts_at       timestamptz NOT NULL,
    ends_at         timestamptz NOT NULL,
    room_id         bigint,
    place           text NOT NULL DEFAULT '' CHECK (length(place) <= 300),
    facilitator_id  bigint NOT NULL,
    youth_attends   boolean NOT NULL,
    parents_attend  boolean NOT NULL,
    agenda_send_by  date NOT NULL,
    agenda_sent_at  timestamptz,
    agenda_sent_by  bigint,
    status          text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'ended', 'cancelled')),
    closed_at       timestamptz,
    closed_by       bigint,
    created_by      bigint NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    version         integer NOT NULL DEFAULT 1,
    CONSTRAINT meetings_tenant_key UNIQUE (municipality_id, id),
    CONSTRAINT meetings_duration CHECK (ends_at > starts_at AND ends_at <= starts_at + interval '12 hours'),
    -- a clarifying coordination meeting is for professionals only
    CONSTRAINT meetings_coordination_professionals_only CHECK (kind <> 'koordinationsmoede' OR (NOT youth_attends AND NOT parents_attend)),
    CONSTRAINT meetings_closed CHECK ((status = 'planned') = (closed_at IS NULL)),
    CONSTRAINT meetings_agenda_sent CHECK ((agenda_sent_at IS NULL) = (agenda_sent_by IS NULL)),
    FOREIGN KEY (municipality_id, youth_id) REFERENCES youth (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, room_id) REFERENCES meeting_rooms (municipality_id, id),
    FOREIGN KEY (municipality_id, facilitator_id) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, created_by) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, agenda_sent_by) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, closed_by) REFERENCES users (municipality_id, id)
);
CREATE INDEX meetings_youth ON meetings (youth_id, starts_at DESC);
-- visibleToActor: a facilitator sees the young people whose meetings they facilitate
CREATE INDEX meetings_facilitator ON meetings (facilitator_id, youth_id) WHERE status <> 'cancelled';
CREATE INDEX meetings_facilitator_time ON meetings (facilitator_id, starts_at) WHERE status = 'planned';
CREATE INDEX meetings_room_time ON meetings (room_id, starts_at) WHERE status = 'planned';
-- clashes with other meetings at the same time
CREATE INDEX meetings_municipality_time ON meetings (municipality_id, starts_at) WHERE status = 'planned';
-- the coordinator's overview of agendas that are late or unsent
CREATE INDEX meetings_agenda_unsent ON meetings (municipality_id, agenda_send_by) WHERE status = 'planned' AND agenda_sent_at IS NULL;

-- A room holds one meeting at a time, also when two are booked at the same
-- moment: the trigger serialises bookings per room by locking the room row.
-- +goose StatementBegin
CREATE FUNCTION meetings_room_free() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.room_id IS NULL OR NEW.status <> 'planned' THEN
        RETURN NEW;
    END IF;
    PERFORM 1 FROM meeting_rooms WHERE id = NEW.room_id FOR UPDATE;
    IF EXISTS (SELECT 1 FROM meetings o
                WHERE o.room_id = NEW.room_id AND o.status = 'planned' AND o.id <> NEW.id
                  AND o.starts_at < NEW.ends_at AND NEW.starts_at < o.ends_at) THEN
        RAISE EXCEPTION 'room % is booked', NEW.room_id
            USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'meetings_room_double_booked';
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER meetings_room_booking BEFORE INSERT OR UPDATE OF room_id, starts_at, ends_at, status ON meetings
    FOR EACH ROW EXECUTE FUNCTION meetings_room_free();

-- The professionals taking part (the facilitator runs the meeting and is not
-- counted). The young person and the parents are the flags on the meeting.
CREATE TABLE meeting_participants (
    municipality_id bigint NOT NULL,
    meeting_id      bigint NOT NULL,
    user_id         bigint NOT NULL,
    PRIMARY KEY (meeting_id, user_id),
    FOREIGN KEY (municipality_id, meeting_id) REFERENCES meetings (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, user_id) REFERENCES users (municipality_id, id)
);
CREATE INDEX meeting_participants_user ON meeting_participants (user_id, meeting_id);

-- At most five professionals at a meeting, as on the team.
-- +goose StatementBegin
CREATE FUNCTION meeting_participants_enforce_cap() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    n integer;
BEGIN
    PERFORM 1 FROM meetings WHERE id = NEW.meeting_id FOR UPDATE;
    SELECT count(*) INTO n FROM meeting_participants WHERE meeting_id = NEW.meeting_id AND user_id <> NEW.user_id;
    IF n >= 5 THEN
        RAISE EXCEPTION 'meeting % has five participants', NEW.meeting_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'meeting_participants_max_five';
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER meeting_participants_cap BEFORE INSERT OR UPDATE ON meeting_participants
    FOR EACH ROW EXECUTE FUNCTION meeting_participants_enforce_cap();

-- The agenda. On a meeting with the young person (formøde, samarbejdsmøde)
-- it holds only the topics the young person raised.
CREATE TABLE agenda_items (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL,
    meeting_id      bigint NOT NULL,
    text            text NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
    raised_by_youth boolean NOT NULL,
    raised_by       bigint, -- the professional who raised it; NULL when the young person did
    position        integer NOT NULL,
    -- one per rendered form: a double-clicked submit creates one item
    request_token   text CONSTRAINT agenda_items_request_once UNIQUE,
    created_by      bigint NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT agenda_items_raised_by CHECK (raised_by_youth = (raised_by IS NULL)),
    CONSTRAINT agenda_items_position UNIQUE (meeting_id, position) DEFERRABLE INITIALLY DEFERRED,
    FOREIGN KEY (municipality_id, meeting_id) REFERENCES meetings (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, raised_by) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, created_by) REFERENCES users (municipality_id, id)
);

-- The action plan: first-person sentences, each with who commits, by when,
-- and whether it is an education/job goal or a personal one.
CREATE TABLE plan_items (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL,
    meeting_id      bigint NOT NULL,
    text            text NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
    owner_youth     boolean NOT NULL,
    owner_id        bigint, -- the team member who commits; NULL when the young person does
    due             date NOT NULL,
    goal            text NOT NULL CHECK (goal IN ('uddannelse_job', 'personligt')),
    position        integer NOT NULL,
    carried_from    bigint REFERENCES plan_items(id) ON DELETE SET NULL,
    request_token   text CONSTRAINT plan_items_request_once UNIQUE,
    -- still waiting for its follow-up: kept by the database (plan_items_keep_open
    -- below) so the coordinator's overview can count open items by index
    open            boolean NOT NULL DEFAULT true,
    -- optimistic locking: an edit names the version it started from
    version         integer NOT NULL DEFAULT 1,
    created_by      bigint NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_by      bigint,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT plan_items_owner CHECK (owner_youth = (owner_id IS NULL)),
    CONSTRAINT plan_items_position UNIQUE (meeting_id, position) DEFERRABLE INITIALLY DEFERRED,
    FOREIGN KEY (municipality_id, meeting_id) REFERENCES meetings (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, owner_id) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, created_by) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, updated_by) REFERENCES users (municipality_id, id)
);
CREATE INDEX plan_items_carried_from ON plan_items (carried_from) WHERE carried_from IS NOT NULL;

-- The follow-up, at the next meeting, of an item of the previous plan: what
-- came of it, what went well and what did not. It belongs to the meeting where
-- it was recorded, and is locked with that meeting.
CREATE TABLE plan_followups (
    plan_item_id    bigint PRIMARY KEY REFERENCES plan_items(id) ON DELETE CASCADE,
    municipality_id bigint NOT NULL,
    meeting_id      bigint NOT NULL,
    outcome         text NOT NULL CHECK (outcome IN ('done', 'partly', 'not_done')),
    went_well       text NOT NULL DEFAULT '' CHECK (length(went_well) <= 1000),
    went_badly      text NOT NULL DEFAULT '' CHECK (length(went_badly) <= 1000),
    carried_to      bigint REFERENCES plan_items(id) ON DELETE SET NULL,
    recorded_by     bigint NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (municipality_id, meeting_id) REFERENCES meetings (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, recorded_by) REFERENCES users (municipality_id, id)
);
CREATE INDEX plan_followups_meeting ON plan_followups (meeting_id);

-- What is written at a meeting is locked when the meeting ends: the guard
-- reads the meeting row, which every write locks first (FOR UPDATE), so an
-- item cannot slip in while the meeting is being ended. A sent agenda is
-- locked too, and on a meeting with the young person the agenda holds only
-- the young person's topics; a coordination meeting has no action plan.
-- +goose StatementBegin
CREATE FUNCTION meeting_content_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids      bigint[];
    mid      bigint;
    m_status text;
    m_kind   text;
    m_sent   timestamptz;
BEGIN
    -- the open flag is the one thing that changes on a locked item: it is
    -- set at the next meeting, when the item is followed up
    IF TG_TABLE_NAME = 'plan_items' AND TG_OP = 'UPDATE'
       AND (to_jsonb(NEW) - 'open') = (to_jsonb(OLD) - 'open') THEN
        RETURN NEW;
    END IF;
    -- an update must leave and enter open meetings only
    IF TG_OP = 'INSERT' THEN
        ids := ARRAY[NEW.meeting_id];
    ELSIF TG_OP = 'DELETE' THEN
        ids := ARRAY[OLD.meeting_id];
    ELSE
        ids := ARRAY[OLD.meeting_id, NEW.meeting_id];
    END IF;
    FOREACH mid IN ARRAY ids LOOP
        SELECT status, kind, agenda_sent_at INTO m_status, m_kind, m_sent FROM meetings WHERE id = mid;
        IF NOT FOUND THEN
            CONTINUE; -- the meeting itself is being deleted (cascade)
        END IF;
        IF m_status <> 'planned' THEN
            RAISE EXCEPTION 'meeting % is closed', mid USING ERRCODE = 'check_violation', CONSTRAINT = 'meeting_locked';
        END IF;
        IF TG_TABLE_NAME = 'agenda_items' AND m_sent IS NOT NULL THEN
            RAISE EXCEPTION 'agenda of meeting % is sent', mid USING ERRCODE = 'check_violation', CONSTRAINT = 'agenda_sent';
        END IF;
    END LOOP;
    IF TG_OP <> 'DELETE' AND m_status IS NOT NULL THEN
        -- (nested: a record's field is looked up only for the table that has it)
        IF TG_TABLE_NAME = 'agenda_items' AND m_kind IN ('formoede', 'samarbejdsmoede') THEN
            IF NOT NEW.raised_by_youth THEN
                RAISE EXCEPTION 'meeting % takes the young person''s topics only', mid
                    USING ERRCODE = 'check_violation', CONSTRAINT = 'agenda_items_youth_topics';
            END IF;
        END IF;
        IF TG_TABLE_NAME = 'plan_items' AND m_kind = 'koordinationsmoede' THEN
            RAISE EXCEPTION 'meeting % has no action plan', mid USING ERRCODE = 'check_violation', CONSTRAINT = 'plan_items_not_coordination';
        END IF;
    END IF;
    RETURN coalesce(NEW, OLD);
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER agenda_items_guard BEFORE INSERT OR UPDATE OR DELETE ON agenda_items
    FOR EACH ROW EXECUTE FUNCTION meeting_content_guard();
CREATE TRIGGER plan_items_guard BEFORE INSERT OR UPDATE OR DELETE ON plan_items
    FOR EACH ROW EXECUTE FUNCTION meeting_content_guard();
CREATE TRIGGER plan_followups_guard BEFORE INSERT OR UPDATE OR DELETE ON plan_followups
    FOR EACH ROW EXECUTE FUNCTION meeting_content_guard();

-- Recording a follow-up closes the plan item, removing it reopens it, and
-- cancelling a meeting closes its items.
-- +goose StatementBegin
CREATE FUNCTION plan_items_keep_open() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'plan_followups' THEN
        IF TG_OP = 'INSERT' THEN
            UPDATE plan_items SET open = false WHERE id = NEW.plan_item_id;
        ELSE
            UPDATE plan_items p SET open = NOT EXISTS (SELECT 1 FROM meetings m WHERE m.id = p.meeting_id AND m.status = 'cancelled')
             WHERE p.id = OLD.plan_item_id;
        END IF;
    ELSIF NEW.status = 'cancelled' AND OLD.status <> 'cancelled' THEN
        UPDATE plan_items SET open = false WHERE meeting_id = NEW.id AND open;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER plan_followups_close_item AFTER INSERT OR DELETE ON plan_followups
    FOR EACH ROW EXECUTE FUNCTION plan_items_keep_open();
CREATE TRIGGER meetings_cancel_items AFTER UPDATE OF status ON meetings
    FOR EACH ROW EXECUTE FUNCTION plan_items_keep_open();


-- Each user's private calendar feed of their meetings: a secret in the URL,
-- stored only as its SHA-256, renewable (a new secret replaces the old one).
CREATE TABLE calendar_feeds (
    user_id         bigint PRIMARY KEY,
    municipality_id bigint NOT NULL,
    token_hash      bytea NOT NULL CONSTRAINT calendar_feeds_token_unique UNIQUE,
    created_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (municipality_id, user_id) REFERENCES users (municipality_id, id) ON DELETE CASCADE
);

-- +goose Down
DROP TRIGGER meetings_cancel_items ON meetings;
DROP TRIGGER plan_followups_close_item ON plan_followups;
DROP FUNCTION plan_items_keep_open();
DROP TABLE calendar_feeds;
DROP TRIGGER plan_followups_guard ON plan_followups;
DROP TRIGGER plan_items_guard ON plan_items;
DROP TRIGGER agenda_items_guard ON agenda_items;
DROP FUNCTION meeting_content_guard();
DROP TABLE plan_followups;
DROP TABLE plan_items;
DROP TABLE agenda_items;
DROP TRIGGER meeting_participants_cap ON meeting_participants;
DROP FUNCTION meeting_participants_enforce_cap();
DROP TABLE meeting_participants;
DROP TRIGGER meetings_room_booking ON meetings;
DROP FUNCTION meetings_room_free();
DROP TABLE meetings;
DROP TABLE meeting_days;
DROP TABLE meeting_rooms;
DROP TABLE meeting_settings;
