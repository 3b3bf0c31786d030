-- +goose Up
-- Progression toward education or a job, measured every quarter on a shared
-- five-step scale whose labels each municipality may word its own way, and
-- the load thresholds the coordinator's overview highlights.

CREATE TABLE progression_scale_steps (
    municipality_id bigint NOT NULL REFERENCES municipalities(id),
    step            smallint NOT NULL CHECK (step BETWEEN 1 AND 5),
    label           text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
    PRIMARY KEY (municipality_id, step)
);

CREATE TABLE progression_measurements (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id   bigint NOT NULL,
    youth_id          bigint NOT NULL,
    measured_on       date NOT NULL,
    -- the professional's assessment, and the young person's own
    professional_step smallint NOT NULL CHECK (professional_step BETWEEN 1 AND 5),
    youth_step        smallint NOT NULL CHECK (youth_step BETWEEN 1 AND 5),
    youth_words       text NOT NULL CHECK (length(youth_words) BETWEEN 1 AND 1000),
    comment           text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
    recorded_by       bigint NOT NULL,
    recorded_at       timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (municipality_id, youth_id) REFERENCES youth (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, recorded_by) REFERENCES users (municipality_id, id)
);
CREATE INDEX progression_measurements_youth ON progression_measurements (youth_id, measured_on DESC, id DESC);
CREATE INDEX progression_measurements_municipality ON progression_measurements (municipality_id, measured_on);

-- When the overview marks a professional as carrying too much.
CREATE TABLE load_thresholds (
    municipality_id  bigint PRIMARY KEY REFERENCES municipalities(id),
    contact_cases    integer NOT NULL DEFAULT 12 CHECK (contact_cases BETWEEN 1 AND 1000),
    teams            integer NOT NULL DEFAULT 25 CHECK (teams BETWEEN 1 AND 1000),
    overdue_items    integer NOT NULL DEFAULT 5 CHECK (overdue_items BETWEEN 1 AND 1000),
    -- a young person without a meeting for longer than this is falling between chairs
    meeting_interval_days integer NOT NULL DEFAULT 90 CHECK (meeting_interval_days BETWEEN 7 AND 365),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- The overview counts each professional's load per municipality.
CREATE INDEX team_members_municipality_active ON team_members (municipality_id, user_id) WHERE left_at IS NULL;
CREATE INDEX contact_persons_municipality_active ON contact_persons (municipality_id, user_id) WHERE ended_at IS NULL;
CREATE INDEX plan_items_open_owner ON plan_items (municipality_id, owner_id, due) WHERE open AND owner_id IS NOT NULL;
CREATE INDEX meetings_youth_time ON meetings (municipality_id, youth_id, starts_at) WHERE status <> 'cancelled';
CREATE INDEX youth_municipality_status ON youth (municipality_id, status);
-- the between-chairs list looks for when a team last lost a member
CREATE INDEX team_members_youth_left ON team_members (youth_id, left_at) WHERE left_at IS NOT NULL;

-- +goose Down
DROP INDEX team_members_youth_left;
DROP INDEX youth_municipality_status;
DROP INDEX meetings_youth_time;
DROP INDEX plan_items_open_owner;
DROP INDEX contact_persons_municipality_active;
DROP INDEX team_members_municipality_active;
DROP TABLE load_thresholds;
DROP TABLE progression_measurements;
DROP TABLE progression_scale_steps;
