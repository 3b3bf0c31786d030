-- Sessions that are not written on every request (issue 15). scs no longer
-- keeps the idle timeout (it would mark every loaded session changed and so
-- write it on every request); the store does, moving a session's expiry
-- forward at most once a minute (postgres.SessionStore). For that it keeps
-- the session's absolute deadline beside its expiry, and a tombstone:
-- a logged-out or renewed token stays in the table, revoked, until its
-- deadline, so a late commit of it from another request cannot bring the
-- session back. expiry keeps its meaning, "the row is dead after this",
-- so the cleanup and its index are unchanged.

-- +goose Up
ALTER TABLE sessions ADD COLUMN deadline timestamptz;
-- Existing sessions end at their current idle expiry at the latest.
UPDATE sessions SET deadline = expiry;
ALTER TABLE sessions ALTER COLUMN deadline SET NOT NULL;
ALTER TABLE sessions ADD COLUMN revoked_at timestamptz;
ALTER TABLE sessions ADD CONSTRAINT sessions_expiry_by_deadline CHECK (expiry <= deadline);

-- +goose Down
-- Without the tombstone column a revoked token would be a live session again.
DELETE FROM sessions WHERE revoked_at IS NOT NULL;
ALTER TABLE sessions DROP CONSTRAINT sessions_expiry_by_deadline;
ALTER TABLE sessions DROP COLUMN revoked_at;
ALTER TABLE sessions DROP COLUMN deadline;
