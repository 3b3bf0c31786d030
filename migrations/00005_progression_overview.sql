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
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE load_thresholds;
DROP TABLE progression_measurements;
DROP TABLE progression_scale_steps;
