-- The young person's own kui (/ung/…): a citizen signs in through the
-- municipality's citizen provider (MitID via NemLog-in, or a broker) and is
-- matched to their case by CPR; what they do is audit-logged as theirs.

-- +goose Up

-- A provider is for professionals (staff) or for young people (citizen).
ALTER TABLE identity_providers
    ADD COLUMN audience text NOT NULL DEFAULT 'staff' CHECK (audience IN ('staff', 'citizen')),
    ADD COLUMN oidc_cpr_claim text CHECK (length(oidc_cpr_claim) BETWEEN 1 AND 100),
    ADD CONSTRAINT identity_providers_citizen_oidc CHECK (audience <> 'citizen' OR protocol <> 'oidc' OR oidc_cpr_claim IS NOT NULL);
-- A citizen SAML provider reads no OIO-BPP privileges: no CVR and no role attribute.
ALTER TABLE identity_providers DROP CONSTRAINT identity_providers_saml,
    ADD CONSTRAINT identity_providers_saml CHECK (protocol <> 'saml' OR (saml_metadata IS NOT NULL
        AND (saml_cvr IS NOT NULL OR NOT saml_oiosaml OR audience = 'citizen')
        AND (saml_role_attr IS NOT NULL OR saml_oiosaml OR audience = 'citizen')));

-- The municipality's choice: professionals' names in "Hvem har set min sag"
-- (by default the unit and the purpose only).
ALTER TABLE municipalities ADD COLUMN access_log_names boolean NOT NULL DEFAULT false;
-- How the young person reaches a professional: the work phone as they entered it.
ALTER TABLE users ADD COLUMN work_phone text NOT NULL DEFAULT '' CHECK (length(work_phone) <= 40);

-- One row per citizen sign-in; the session holds its id. No CPR, no subject in clear.
CREATE TABLE citizen_sessions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL REFERENCES municipalities(id),
    youth_id        bigint NOT NULL,
    idp_id          bigint REFERENCES identity_providers(id) ON DELETE SET NULL,
    subject_digest  text NOT NULL,
    started_at      timestamptz NOT NULL,
    ended_at        timestamptz,
    end_reason      text CHECK (end_reason IN ('sign_out', 'cpr_changed')),
    CONSTRAINT citizen_sessions_tenant_key UNIQUE (municipality_id, id),
    CONSTRAINT citizen_sessions_ended CHECK ((ended_at IS NULL) = (end_reason IS NULL)),
    FOREIGN KEY (municipality_id, youth_id) REFERENCES youth (municipality_id, id)
);
CREATE INDEX citizen_sessions_youth ON citizen_sessions (youth_id) WHERE ended_at IS NULL;

-- The audit log names who acted: a professional (user_id) or the young
-- person themself (citizen_session_id). actor_unit_id is the professional's
-- unit at the time, for "Hvem har set min sag".
ALTER TABLE audit_log
    ALTER COLUMN user_id DROP NOT NULL,
    ADD COLUMN actor_kind text NOT NULL DEFAULT 'professional' CHECK (actor_kind IN ('professional', 'youth')),
    ADD COLUMN citizen_session_id bigint,
    ADD COLUMN actor_unit_id bigint,
    ADD CONSTRAINT audit_log_actor CHECK ((actor_kind = 'professional') = (user_id IS NOT NULL)
        AND (actor_kind = 'youth') = (citizen_session_id IS NOT NULL)),
    ADD CONSTRAINT audit_log_citizen FOREIGN KEY (municipality_id, citizen_session_id)
        REFERENCES citizen_sessions (municipality_id, id);

-- The security log: a citizen's sign-in names the young person, not a user.
ALTER TABLE security_log ADD COLUMN youth_id bigint,
    ADD CONSTRAINT security_log_youth FOREIGN KEY (municipality_id, youth_id) REFERENCES youth (municipality_id, id);

-- The agenda: a topic the young person wrote in kui themself (no professional typed it).
ALTER TABLE agenda_items
    ALTER COLUMN created_by DROP NOT NULL,
    ADD COLUMN created_by_youth boolean NOT NULL DEFAULT false,
    ADD COLUMN youth_session_id bigint,
    ADD CONSTRAINT agenda_items_created_by CHECK (created_by_youth = (created_by IS NULL)
        AND created_by_youth = (youth_session_id IS NOT NULL) AND (NOT created_by_youth OR raised_by_youth)),
    ADD CONSTRAINT agenda_items_youth_session FOREIGN KEY (municipality_id, youth_session_id)
        REFERENCES citizen_sessions (municipality_id, id);

-- Consents: a withdrawal the young person made in kui has no recording professional.
ALTER TABLE consents ADD COLUMN withdrawal_by_youth boolean NOT NULL DEFAULT false,
    DROP CONSTRAINT consents_withdrawal_whole,
    ADD CONSTRAINT consents_withdrawal_whole CHECK (
        (withdrawn_on IS NULL) = (withdrawn_by IS NULL)
        AND (withdrawn_on IS NULL) = (withdrawal_recorded_at IS NULL)
        AND (withdrawal_recorded_by IS NOT NULL) = (withdrawn_on IS NOT NULL AND NOT withdrawal_by_youth)
        AND (NOT withdrawal_by_youth OR withdrawn_by = 'youth'));

-- The young person's own quarterly rating on the municipality's scale, in
-- their own words: one per quarter, changeable within it.
CREATE TABLE youth_self_ratings (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL,
    youth_id        bigint NOT NULL,
    quarter_start   date NOT NULL,
    step            smallint NOT NULL CHECK (step BETWEEN 1 AND 5),
    words           text NOT NULL CHECK (length(words) BETWEEN 1 AND 1000),
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CONSTRAINT youth_self_ratings_once UNIQUE (youth_id, quarter_start),
    FOREIGN KEY (municipality_id, youth_id) REFERENCES youth (municipality_id, id)
);

-- +goose Down
-- It fails once a young person has acted in kui (user_id and created_by back to NOT NULL): a development Down.
DROP TABLE youth_self_ratings;
ALTER TABLE consents DROP CONSTRAINT consents_withdrawal_whole,
    ADD CONSTRAINT consents_withdrawal_whole CHECK (
        (withdrawn_on IS NULL) = (withdrawn_by IS NULL)
        AND (withdrawn_on IS NULL) = (withdrawal_recorded_by IS NULL)
        AND (withdrawn_on IS NULL) = (withdrawal_recorded_at IS NULL)),
    DROP COLUMN withdrawal_by_youth;
ALTER TABLE agenda_items DROP CONSTRAINT agenda_items_youth_session, DROP CONSTRAINT agenda_items_created_by,
    DROP COLUMN youth_session_id, DROP COLUMN created_by_youth, ALTER COLUMN created_by SET NOT NULL;
ALTER TABLE security_log DROP CONSTRAINT security_log_youth, DROP COLUMN youth_id;
ALTER TABLE audit_log DROP CONSTRAINT audit_log_citizen, DROP CONSTRAINT audit_log_actor,
    DROP COLUMN actor_unit_id, DROP COLUMN citizen_session_id, DROP COLUMN actor_kind, ALTER COLUMN user_id SET NOT NULL;
DROP TABLE citizen_sessions;
ALTER TABLE users DROP COLUMN work_phone;
ALTER TABLE municipalities DROP COLUMN access_log_names;
ALTER TABLE identity_providers DROP CONSTRAINT identity_providers_saml,
    ADD CONSTRAINT identity_providers_saml CHECK (protocol <> 'saml' OR (saml_metadata IS NOT NULL
        AND (saml_cvr IS NOT NULL OR NOT saml_oiosaml) AND (saml_role_attr IS NOT NULL OR saml_oiosaml))),
    DROP CONSTRAINT identity_providers_citizen_oidc, DROP COLUMN oidc_cpr_claim, DROP COLUMN audience;
