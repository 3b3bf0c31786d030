-- +goose Up
-- The case's working tools: the efforts (indsatser) around a young person,
-- the journal, the young person's consents to share information, and the
-- contact person's checklist.
--
-- The journal and the consents are records of what happened: they are kept,
-- never changed (a correction is a new note; a withdrawal is recorded once)
-- and never deleted, which the triggers below enforce. For the same reason
-- they do not cascade when a young person is deleted: that must be a
-- deliberate act that deals with them first.

-- An effort: a service from one unit, with who is responsible and when.
-- Edits name the version they started from (optimistic locking).
CREATE TABLE efforts (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL,
    youth_id        bigint NOT NULL,
    unit_id         bigint NOT NULL,
    description     text NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
    responsible_id  bigint NOT NULL,
    starts_on       date NOT NULL,
    ends_on         date,
    status          text NOT NULL CHECK (status IN ('planned', 'ongoing', 'completed', 'stopped')),
    created_by      bigint NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_by      bigint NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         integer NOT NULL DEFAULT 1,
    CONSTRAINT efforts_end_after_start CHECK (ends_on IS NULL OR ends_on >= starts_on),
    CONSTRAINT efforts_ended_has_end CHECK (status NOT IN ('completed', 'stopped') OR ends_on IS NOT NULL),
    FOREIGN KEY (municipality_id, youth_id) REFERENCES youth (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, unit_id) REFERENCES units (municipality_id, id),
    FOREIGN KEY (municipality_id, responsible_id) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, created_by) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, updated_by) REFERENCES users (municipality_id, id)
);
CREATE INDEX efforts_youth ON efforts (youth_id, starts_on DESC);

-- A journal note: who was spoken with, when, about what, what was agreed.
-- A sensitive note (health, religion, other) is readable by its author, the
-- contact person, and team members under a valid consent that covers it.
CREATE TABLE journal_notes (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL,
    youth_id        bigint NOT NULL,
    author_id       bigint NOT NULL,
    spoken_with     text NOT NULL CHECK (length(spoken_with) BETWEEN 1 AND 500),
    occurred_at     timestamptz NOT NULL,
    topic           text NOT NULL CHECK (length(topic) BETWEEN 1 AND 10000),
    agreed          text NOT NULL DEFAULT '' CHECK (length(agreed) <= 10000),
    sensitive_kind  text CHECK (sensitive_kind IN ('health', 'religion', 'other')),
    -- the note this one corrects; each note is corrected at most once, so
    -- corrections form one line and two people cannot correct the same note
    corrects_id     bigint,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT journal_notes_youth_key UNIQUE (youth_id, id),
    CONSTRAINT journal_notes_one_correction UNIQUE (corrects_id),
    FOREIGN KEY (municipality_id, youth_id) REFERENCES youth (municipality_id, id),
    FOREIGN KEY (municipality_id, author_id) REFERENCES users (municipality_id, id),
    -- a correction belongs to the same young person as the note it corrects
    FOREIGN KEY (youth_id, corrects_id) REFERENCES journal_notes (youth_id, id)
);
CREATE INDEX journal_notes_youth ON journal_notes (youth_id, occurred_at DESC);

-- +goose StatementBegin
CREATE FUNCTION journal_notes_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'journal notes are append-only: write a correction instead'
        USING ERRCODE = 'restrict_violation', CONSTRAINT = 'journal_notes_append_only';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER journal_notes_append_only BEFORE UPDATE OR DELETE ON journal_notes
    FOR EACH ROW EXECUTE FUNCTION journal_notes_refuse_change();
CREATE TRIGGER journal_notes_no_truncate BEFORE TRUNCATE ON journal_notes
    FOR EACH STATEMENT EXECUTE FUNCTION journal_notes_refuse_change();

-- A consent to share information between units, given by the young person
-- or a named parent or guardian. It is valid from given_on to expires_on,
-- both included, unless withdrawn. all_units: it covers every unit;
-- otherwise the units in consent_units.
CREATE TABLE consents (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id        bigint NOT NULL,
    youth_id               bigint NOT NULL,
    given_by               text NOT NULL CHECK (given_by IN ('youth', 'guardian')),
    given_by_name          text NOT NULL DEFAULT '' CHECK (length(given_by_name) <= 200),
    given_on               date NOT NULL,
    expires_on             date NOT NULL,
    covers_health          boolean NOT NULL DEFAULT false,
    covers_religion        boolean NOT NULL DEFAULT false,
    covers_other           boolean NOT NULL DEFAULT false,
    all_units              boolean NOT NULL,
    note                   text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    recorded_by            bigint NOT NULL,
    recorded_at            timestamptz NOT NULL DEFAULT now(),
    withdrawn_on           date,
    withdrawn_by           text CHECK (withdrawn_by IN ('youth', 'guardian')),
    withdrawn_by_name      text NOT NULL DEFAULT '' CHECK (length(withdrawn_by_name) <= 200),
    withdrawal_recorded_by bigint,
    withdrawal_recorded_at timestamptz,
    CONSTRAINT consents_tenant_key UNIQUE (municipality_id, id),
    CONSTRAINT consents_guardian_named CHECK (given_by <> 'guardian' OR length(given_by_name) > 0),
    CONSTRAINT consents_expiry_after_given CHECK (expires_on > given_on),
    CONSTRAINT consents_withdrawal_whole CHECK (
        (withdrawn_on IS NULL) = (withdrawn_by IS NULL)
        AND (withdrawn_on IS NULL) = (withdrawal_recorded_by IS NULL)
        AND (withdrawn_on IS NULL) = (withdrawal_recorded_at IS NULL)),
    CONSTRAINT consents_withdrawer_named CHECK (withdrawn_by IS DISTINCT FROM 'guardian' OR length(withdrawn_by_name) > 0),
    CONSTRAINT consents_withdrawn_after_given CHECK (withdrawn_on IS NULL OR withdrawn_on >= given_on),
    FOREIGN KEY (municipality_id, youth_id) REFERENCES youth (municipality_id, id),
    FOREIGN KEY (municipality_id, recorded_by) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, withdrawal_recorded_by) REFERENCES users (municipality_id, id)
);
CREATE INDEX consents_youth ON consents (youth_id, given_on DESC);

CREATE TABLE consent_units (
    municipality_id bigint NOT NULL,
    consent_id      bigint NOT NULL,
    unit_id         bigint NOT NULL,
    PRIMARY KEY (consent_id, unit_id),
    FOREIGN KEY (municipality_id, consent_id) REFERENCES consents (municipality_id, id),
    FOREIGN KEY (municipality_id, unit_id) REFERENCES units (municipality_id, id)
);

-- A consent is kept as given: the only change is recording its withdrawal,
-- once. Its units never change.
-- +goose StatementBegin
CREATE FUNCTION consents_keep_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.withdrawn_on IS NULL AND NEW.withdrawn_on IS NOT NULL
       AND (NEW.id, NEW.municipality_id, NEW.youth_id, NEW.given_by, NEW.given_by_name, NEW.given_on,
            NEW.expires_on, NEW.covers_health, NEW.covers_religion, NEW.covers_other, NEW.all_units,
            NEW.note, NEW.recorded_by, NEW.recorded_at)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.municipality_id, OLD.youth_id, OLD.given_by, OLD.given_by_name, OLD.given_on,
            OLD.expires_on, OLD.covers_health, OLD.covers_religion, OLD.covers_other, OLD.all_units,
            OLD.note, OLD.recorded_by, OLD.recorded_at) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'a consent is kept as given; only its withdrawal is recorded, once'
        USING ERRCODE = 'restrict_violation', CONSTRAINT = 'consents_keep_history';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER consents_keep_history BEFORE UPDATE OR DELETE ON consents
    FOR EACH ROW EXECUTE FUNCTION consents_keep_history();

-- +goose StatementBegin
CREATE FUNCTION consent_units_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the units of a consent are kept as given'
        USING ERRCODE = 'restrict_violation', CONSTRAINT = 'consents_keep_history';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER consent_units_keep_history BEFORE UPDATE OR DELETE ON consent_units
    FOR EACH ROW EXECUTE FUNCTION consent_units_refuse_change();

-- The contact person's checklist (kontaktpersonens tjekliste): one row per
-- item and young person, created when the checklist is first opened.
CREATE TABLE checklist_items (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL,
    youth_id        bigint NOT NULL,
    item            text NOT NULL CHECK (item IN ('meeting_frequency', 'collaboration_agreement', 'efforts_coordinated',
                                                  'education_plan_updated', 'call_meeting', 'journaling')),
    done            boolean NOT NULL DEFAULT false,
    done_on         date,
    due_on          date,
    comment         text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
    updated_by      bigint,
    updated_at      timestamptz,
    version         integer NOT NULL DEFAULT 1,
    CONSTRAINT checklist_items_once UNIQUE (youth_id, item),
    CONSTRAINT checklist_items_done_dated CHECK (done = (done_on IS NOT NULL)),
    FOREIGN KEY (municipality_id, youth_id) REFERENCES youth (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, updated_by) REFERENCES users (municipality_id, id)
);
CREATE INDEX checklist_items_open_due ON checklist_items (youth_id, due_on) WHERE NOT done;

-- +goose Down
DROP TABLE checklist_items;
DROP TRIGGER consent_units_keep_history ON consent_units;
DROP FUNCTION consent_units_refuse_change();
DROP TABLE consent_units;
DROP TRIGGER consents_keep_history ON consents;
DROP FUNCTION consents_keep_history();
DROP TABLE consents;
DROP TRIGGER journal_notes_no_truncate ON journal_notes;
DROP TRIGGER journal_notes_append_only ON journal_notes;
DROP FUNCTION journal_notes_refuse_change();
DROP TABLE journal_notes;
DROP TABLE efforts;
