-- +goose Up
-- Login throttling, shared by every instance. A row counts the failed
-- logins of one key — an account tried from browsers kui does not know, a
-- browser that signed in before (its device cookie), or a client address —
-- and how long that key is locked. Keys are SHA-256 digests: no e-mail
-- address or client address is stored.
CREATE TABLE login_throttle (
    key          text PRIMARY KEY,
    failures     integer NOT NULL CHECK (failures > 0),
    last_failure timestamptz NOT NULL,
    locked_until timestamptz
);
CREATE INDEX login_throttle_last_failure ON login_throttle (last_failure);

-- Secrets the server generates once and every instance shares: the key that
-- signs device cookies.
CREATE TABLE server_secrets (
    name       text PRIMARY KEY,
    secret     bytea NOT NULL CHECK (octet_length(secret) >= 32),
    created_at timestamptz NOT NULL
);

-- +goose Down
DROP TABLE server_secrets;
DROP TABLE login_throttle;
