-- +goose Up
-- What waits for a professional ("Venter på dig"): one row per recipient, thing and occasion. A row shows
-- while resolved_at IS NULL, its thing still waits (stillWaiting, notifications.go) and the recipient may see
-- the young person (visibleToActor). Kinds: casework/notifications.go.
CREATE TABLE notifications (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL,
    user_id         bigint NOT NULL,                 -- the recipient
    kind            text NOT NULL CHECK (kind IN ('handover', 'referral_decided', 'team_added', 'agenda_due',
                      'plan_due', 'consent_expiring', 'turning_18', 'no_meeting',
                      'chairs_handover', 'chairs_referral', 'chairs_agenda')),
    youth_id        bigint NOT NULL,                 -- every kind concerns one young person
    subject_id      bigint NOT NULL,                 -- the handover, referral, meeting, plan item, consent or youth
    occasion        date NOT NULL DEFAULT '-infinity', -- the date that made it due (send-by, due, expiry, 18th
                                                     -- birthday, last meeting); -infinity for events
    created_at      timestamptz NOT NULL,
    read_at         timestamptz,
    resolved_at     timestamptz,                     -- done: in the resolving action's tx, or by the sweep
    outbox_id       bigint,                          -- the e-mail that carried it (at once or in a summary)
    CONSTRAINT notifications_once UNIQUE (user_id, kind, subject_id, occasion),
    FOREIGN KEY (municipality_id, user_id) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, youth_id) REFERENCES youth (municipality_id, id) ON DELETE CASCADE
);
CREATE INDEX notifications_open ON notifications (user_id, created_at DESC, id DESC) WHERE resolved_at IS NULL;
CREATE INDEX notifications_subject ON notifications (kind, subject_id) WHERE resolved_at IS NULL;
CREATE INDEX notifications_unmailed ON notifications (user_id) WHERE outbox_id IS NULL AND resolved_at IS NULL;
-- A user's e-mail choice per kind; no row = the kind's default (casework.DefaultDelivery).
CREATE TABLE notification_preferences (
    municipality_id bigint NOT NULL, user_id bigint NOT NULL,
    kind            text NOT NULL,
    delivery        text NOT NULL CHECK (delivery IN ('now', 'daily', 'off')),
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (user_id, kind),
    FOREIGN KEY (municipality_id, user_id) REFERENCES users (municipality_id, id)
);
-- Every e-mail kui means to send, once (idem_key). The message is rendered at send time from kind, count and
-- BASE_URL (it holds no personal data), to users.email as it is then. River's job carries only the id.
CREATE TABLE email_outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL, user_id bigint NOT NULL,
    idem_key        text NOT NULL CONSTRAINT email_outbox_once UNIQUE, -- 'n:<notification id>' | 'digest:<user>:<date>'
    kind            text NOT NULL,                   -- a notification kind, or 'digest'
    state           text NOT NULL DEFAULT 'waiting'
                    CHECK (state IN ('waiting', 'retrying', 'sent', 'failed', 'skipped', 'off')),
    tries           integer NOT NULL DEFAULT 0,      -- the admin's resends (EmailArgs.Try)
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text NOT NULL DEFAULT '',        -- "451 sending SMTP RCPT TO command": no address, no content
    created_at      timestamptz NOT NULL, last_attempt_at timestamptz, sent_at timestamptz,
    retried_by      bigint, retried_at timestamptz,
    FOREIGN KEY (municipality_id, user_id) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, retried_by) REFERENCES users (municipality_id, id)
);
CREATE INDEX email_outbox_municipality ON email_outbox (municipality_id, created_at DESC, id DESC);
CREATE INDEX email_outbox_pending ON email_outbox (state) WHERE state IN ('waiting', 'retrying');
-- +goose Down
DROP TABLE email_outbox; DROP TABLE notification_preferences; DROP TABLE notifications;
