-- +goose Up
-- The foundation: municipalities (tenants), users, young people with their
-- guardians and status history, the team around each young person, the audit
-- log and the web sessions. Every tenant-owned row carries municipality_id.

CREATE TABLE municipalities (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE units (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL REFERENCES municipalities(id),
    name            text NOT NULL,
    CONSTRAINT units_name_unique UNIQUE (municipality_id, name),
    -- lets users(municipality_id, unit_id) reference a unit of its own municipality
    CONSTRAINT units_tenant_key UNIQUE (municipality_id, id)
);

CREATE TABLE users (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL REFERENCES municipalities(id),
    email           text NOT NULL,
    name            text NOT NULL,
    role            text NOT NULL CHECK (role IN ('caseworker', 'facilitator', 'coordinator', 'admin')),
    unit_id         bigint,
    password_hash   text NOT NULL,
    active          boolean NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_tenant_key UNIQUE (municipality_id, id),
    CONSTRAINT users_unit_same_municipality FOREIGN KEY (municipality_id, unit_id) REFERENCES units (municipality_id, id)
);
-- e-mail is the login name: unique regardless of case
CREATE UNIQUE INDEX users_email_unique ON users (lower(email));

CREATE TABLE youth (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id  bigint NOT NULL REFERENCES municipalities(id),
    name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    birth_date       date NOT NULL,
    cpr              text CHECK (cpr ~ '^[0-9]{10}$'),
    level            text NOT NULL CHECK (level IN ('hovedvejen', 'lidt_hjaelp', 'bump', 'forhindringer')),
    need_category    text NOT NULL CHECK (need_category IN ('tidlig', 'koordineret')),
    education_status text NOT NULL DEFAULT '' CHECK (length(education_status) <= 500),
    education_plan   text NOT NULL DEFAULT '' CHECK (length(education_plan) <= 10000),
    status           text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'anchored', 'closed')),
    created_by       bigint NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    -- optimistic locking: an edit names the version it started from
    version          integer NOT NULL DEFAULT 1,
    CONSTRAINT youth_tenant_key UNIQUE (municipality_id, id),
    CONSTRAINT youth_creator_same_municipality FOREIGN KEY (municipality_id, created_by) REFERENCES users (municipality_id, id)
);
CREATE UNIQUE INDEX youth_cpr_unique ON youth (municipality_id, cpr) WHERE cpr IS NOT NULL;
CREATE INDEX youth_municipality_name ON youth (municipality_id, lower(name));

CREATE TABLE guardians (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL,
    youth_id        bigint NOT NULL,
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    relation        text NOT NULL DEFAULT '',
    phone           text NOT NULL DEFAULT '',
    email           text NOT NULL DEFAULT '',
    position        integer NOT NULL,
    FOREIGN KEY (municipality_id, youth_id) REFERENCES youth (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX guardians_youth ON guardians (youth_id, position);

CREATE TABLE youth_status_changes (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL,
    youth_id        bigint NOT NULL,
    from_status     text,
    to_status       text NOT NULL,
    reason          text NOT NULL DEFAULT '',
    changed_by      bigint NOT NULL,
    changed_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (municipality_id, youth_id) REFERENCES youth (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, changed_by) REFERENCES users (municipality_id, id)
);
CREATE INDEX youth_status_changes_youth ON youth_status_changes (youth_id, changed_at);

-- The team around the young person. A membership ends by setting left_at, so
-- the history of who was on the team when is kept.
CREATE TABLE team_members (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL,
    youth_id        bigint NOT NULL,
    user_id         bigint NOT NULL,
    team_role       text NOT NULL DEFAULT '',
    joined_at       timestamptz NOT NULL DEFAULT now(),
    added_by        bigint NOT NULL,
    left_at         timestamptz,
    removed_by      bigint,
    FOREIGN KEY (municipality_id, youth_id) REFERENCES youth (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, user_id) REFERENCES users (municipality_id, id),
    CHECK (left_at IS NULL OR left_at >= joined_at)
);
CREATE UNIQUE INDEX team_members_one_active ON team_members (youth_id, user_id) WHERE left_at IS NULL;
CREATE INDEX team_members_user_active ON team_members (user_id, youth_id) WHERE left_at IS NULL;

-- A team never has more than five active members, whatever happens at the
-- same moment: the trigger serialises adds per young person by locking the
-- youth row, then counts.
-- +goose StatementBegin
CREATE FUNCTION team_members_enforce_cap() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    active_count integer;
BEGIN
    IF NEW.left_at IS NOT NULL THEN
        RETURN NEW;
    END IF;
    PERFORM 1 FROM youth WHERE id = NEW.youth_id FOR UPDATE;
    SELECT count(*) INTO active_count FROM team_members
     WHERE youth_id = NEW.youth_id AND left_at IS NULL AND id <> NEW.id;
    IF active_count >= 5 THEN
        RAISE EXCEPTION 'team of young person % is full', NEW.youth_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'team_members_max_five';
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER team_members_cap BEFORE INSERT OR UPDATE OF left_at ON team_members
    FOR EACH ROW EXECUTE FUNCTION team_members_enforce_cap();

-- Every read and change of a young person's data, who did it and when.
CREATE TABLE audit_log (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL REFERENCES municipalities(id),
    user_id         bigint NOT NULL,
    youth_id        bigint,
    action          text NOT NULL,
    detail          text NOT NULL DEFAULT '',
    at              timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (municipality_id, user_id) REFERENCES users (municipality_id, id)
);
CREATE INDEX audit_log_youth ON audit_log (municipality_id, youth_id, at DESC);

-- scs sessions (pgxstore)
CREATE TABLE sessions (
    token  text PRIMARY KEY,
    data   bytea NOT NULL,
    expiry timestamptz NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

-- +goose Down
DROP TABLE sessions;
DROP TABLE audit_log;
DROP TRIGGER team_members_cap ON team_members;
DROP FUNCTION team_members_enforce_cap();
DROP TABLE team_members;
DROP TABLE youth_status_changes;
DROP TABLE guardians;
DROP TABLE youth;
DROP TABLE users;
DROP TABLE units;
DROP TABLE municipalities;
