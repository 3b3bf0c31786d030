-- +goose Up
-- Signing in with the municipality's own login (OpenID Connect or SAML 2.0).

-- Whether a municipality's professionals may still sign in with a kui
-- password. Administrators always may: their break-glass account.
ALTER TABLE municipalities ADD COLUMN password_login boolean NOT NULL DEFAULT true;

-- A municipality's identity provider. No secret is stored: only the NAME of
-- the environment variable holding the OIDC client secret (KUI_IDP_…), and
-- the SP's key pair comes from files.
CREATE TABLE identity_providers (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL REFERENCES municipalities(id),
    slug            text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,40}$'),
    display_name    text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
    protocol        text NOT NULL CHECK (protocol IN ('oidc', 'saml')),
    -- OIDC. Entra ID: the tenant's issuer https://login.microsoftonline.com/<tenant-id>/v2.0.
    oidc_issuer     text CHECK (length(oidc_issuer) <= 500),
    oidc_client_id  text CHECK (length(oidc_client_id) <= 300),
    oidc_scopes     text[] NOT NULL DEFAULT '{openid,email,profile}',
    oidc_secret_env text CHECK (oidc_secret_env ~ '^KUI_IDP_[A-Z0-9_]{1,60}$'),
    oidc_role_claim text NOT NULL DEFAULT 'roles' CHECK (length(oidc_role_claim) BETWEEN 1 AND 100),
    -- SAML: the IdP's metadata XML as given.
    saml_metadata   text CHECK (length(saml_metadata) <= 1000000),
    -- OIOSAML 3: roles are OIO-BPP privileges scoped to saml_cvr, and the
    -- NSIS level is checked; otherwise (AD FS) roles are saml_role_attr's values.
    saml_oiosaml    boolean NOT NULL DEFAULT true,
    saml_cvr        text CHECK (saml_cvr ~ '^[0-9]{8}$'),
    saml_min_loa    text NOT NULL DEFAULT 'Substantial' CHECK (saml_min_loa IN ('Substantial', 'High')),
    saml_role_attr  text CHECK (length(saml_role_attr) BETWEEN 1 AND 300),
    enabled         boolean NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CONSTRAINT identity_providers_tenant_key UNIQUE (municipality_id, id),
    CONSTRAINT identity_providers_oidc CHECK (protocol <> 'oidc' OR (oidc_issuer IS NOT NULL AND oidc_client_id IS NOT NULL)),
    CONSTRAINT identity_providers_saml CHECK (protocol <> 'saml' OR (saml_metadata IS NOT NULL
        AND (saml_cvr IS NOT NULL OR NOT saml_oiosaml) AND (saml_role_attr IS NOT NULL OR saml_oiosaml)))
);

-- E-mail domains that find the provider from /login; a domain belongs to one provider.
CREATE TABLE identity_provider_domains (
    domain          text PRIMARY KEY CHECK (domain = lower(domain) AND domain ~ '^[a-z0-9.-]+\.[a-z]{2,}$'),
    municipality_id bigint NOT NULL,
    idp_id          bigint NOT NULL,
    FOREIGN KEY (municipality_id, idp_id) REFERENCES identity_providers (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX identity_provider_domains_idp ON identity_provider_domains (idp_id);

-- A claim value (OIDC) or OIO-BPP privilege (SAML) → a kui role and unit;
-- of the values a person holds, the mapping first by position wins.
CREATE TABLE identity_provider_roles (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL,
    idp_id          bigint NOT NULL,
    value           text NOT NULL CHECK (length(value) BETWEEN 1 AND 300),
    role            text NOT NULL CHECK (role IN ('caseworker', 'facilitator', 'coordinator', 'admin')),
    unit_id         bigint,
    position        integer NOT NULL,
    CONSTRAINT identity_provider_roles_once UNIQUE (idp_id, value),
    CONSTRAINT identity_provider_roles_tenant_key UNIQUE (municipality_id, id),
    FOREIGN KEY (municipality_id, idp_id) REFERENCES identity_providers (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, unit_id) REFERENCES units (municipality_id, id)
);

-- Who a provider's subject is. The composite keys make a link across
-- municipalities impossible.
CREATE TABLE user_identities (
    idp_id          bigint NOT NULL,
    subject         text NOT NULL CHECK (length(subject) BETWEEN 1 AND 500), -- OIDC sub / SAML NameID
    municipality_id bigint NOT NULL,
    user_id         bigint NOT NULL,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (idp_id, subject),
    FOREIGN KEY (municipality_id, idp_id) REFERENCES identity_providers (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, user_id) REFERENCES users (municipality_id, id)
);
CREATE INDEX user_identities_user ON user_identities (user_id);

-- Users created by a sign-in get password_hash '' (no password matches it).
ALTER TABLE users
    ADD COLUMN last_sign_in_at     timestamptz,
    ADD COLUMN last_sign_in_method text CHECK (last_sign_in_method IN ('password', 'oidc', 'saml')),
    ADD COLUMN last_sign_in_idp_id bigint REFERENCES identity_providers(id) ON DELETE SET NULL,
    ADD COLUMN totp_secret         text,   -- base32, set once enrolment is confirmed with a code
    ADD COLUMN totp_last_step      bigint; -- the last 30-second step accepted: a code works once

-- Every sign-in, refusal and sign-out: who, when, through what, the outcome.
-- No token, e-mail or name.
CREATE TABLE security_log (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at              timestamptz NOT NULL,
    municipality_id bigint REFERENCES municipalities(id), -- NULL: no municipality is known
    user_id         bigint,
    idp_id          bigint REFERENCES identity_providers(id) ON DELETE SET NULL,
    event           text NOT NULL CHECK (event IN ('sign_in', 'refused', 'sign_out', 'totp_enrolled')),
    method          text NOT NULL CHECK (method IN ('password', 'totp', 'oidc', 'saml')),
    reason          text NOT NULL DEFAULT '' CHECK (reason ~ '^[a-z_]{0,40}$'),
    subject_digest  text NOT NULL DEFAULT '', -- sha256 of provider and subject when no user is known
    FOREIGN KEY (municipality_id, user_id) REFERENCES users (municipality_id, id)
);
CREATE INDEX security_log_municipality_at ON security_log (municipality_id, at DESC);
CREATE INDEX security_log_user ON security_log (user_id, at DESC);

-- A sign-in started on any instance and finished on any other. id is the
-- OIDC state or the SAML RelayState.
CREATE TABLE pending_logins (
    id              text PRIMARY KEY CHECK (length(id) BETWEEN 32 AND 80),
    idp_id          bigint NOT NULL REFERENCES identity_providers(id) ON DELETE CASCADE,
    browser_digest  bytea NOT NULL,   -- sha256 of the kui_signin cookie: binds it to the browser
    return_url      text NOT NULL,    -- the redirect_uri / ACS URL as sent
    next            text NOT NULL DEFAULT '',
    oidc_nonce      text,
    oidc_verifier   text,             -- the PKCE code_verifier
    saml_request_id text,
    asserted        jsonb,            -- SAML: the verified identity, set by the ACS
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL, -- kui's clock + 10 minutes
    CHECK ((oidc_nonce IS NOT NULL AND oidc_verifier IS NOT NULL) <> (saml_request_id IS NOT NULL))
);
CREATE INDEX pending_logins_expires ON pending_logins (expires_at);

-- Keys crewjam/saml accepted once (assertion IDs). expires_at is the
-- assertion's own deadline on the WALL clock, like sessions.expiry.
CREATE TABLE saml_assertions_used (
    idp_id     bigint NOT NULL REFERENCES identity_providers(id) ON DELETE CASCADE,
    key        text NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (idp_id, key)
);
CREATE INDEX saml_assertions_used_expires ON saml_assertions_used (expires_at);

-- +goose Down
DROP TABLE saml_assertions_used;
DROP TABLE pending_logins;
DROP TABLE security_log;
ALTER TABLE users DROP COLUMN totp_last_step, DROP COLUMN totp_secret, DROP COLUMN last_sign_in_idp_id,
    DROP COLUMN last_sign_in_method, DROP COLUMN last_sign_in_at;
DROP TABLE user_identities;
DROP TABLE identity_provider_roles;
DROP TABLE identity_provider_domains;
DROP TABLE identity_providers;
ALTER TABLE municipalities DROP COLUMN password_login;
