-- +goose Up
-- The team around the young person and its one contact person: the young
-- person's choice of the team (at the pre-meeting), the contact person with
-- the weighing behind the choice, handovers the receiver must accept, and
-- referrals to the visitation committee when nobody can be found.
--
-- Every change to a young person's team or contact person locks the youth
-- row first (the triggers below do too), so the rules here are checked one
-- change at a time per young person.

-- "Den unge bestemmer": the young person chose this team, on that day.
-- Each record is kept; the newest is the one shown.
CREATE TABLE team_choices (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL,
    youth_id        bigint NOT NULL,
    chosen_on       date NOT NULL,
    note            text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    recorded_by     bigint NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (municipality_id, youth_id) REFERENCES youth (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, recorded_by) REFERENCES users (municipality_id, id)
);
CREATE INDEX team_choices_youth ON team_choices (youth_id, recorded_at DESC);

-- A period in which one professional was the young person's contact person.
-- ended_at is NULL while it lasts; at most one such row per young person.
CREATE TABLE contact_persons (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL,
    youth_id        bigint NOT NULL,
    user_id         bigint NOT NULL,
    -- how the period began: chosen directly (no one before), a handover the
    -- receiver accepted, or the visitation committee's decision
    source          text NOT NULL CHECK (source IN ('direct', 'handover', 'visitation')),
    -- the weighing: the young person's wish, an existing relationship, the
    -- needs and the kind of efforts, and the reason for the choice
    youth_wish      boolean NOT NULL DEFAULT false,
    relation        boolean NOT NULL DEFAULT false,
    needs_match     boolean NOT NULL DEFAULT false,
    needs           text NOT NULL DEFAULT '' CHECK (length(needs) <= 2000),
    reason          text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    assigned_by     bigint NOT NULL,
    started_at      timestamptz NOT NULL DEFAULT now(),
    ended_at        timestamptz,
    end_reason      text CHECK (end_reason IN ('handover', 'anchored', 'closed', 'visitation')),
    ended_by        bigint,
    FOREIGN KEY (municipality_id, youth_id) REFERENCES youth (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, user_id) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, assigned_by) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, ended_by) REFERENCES users (municipality_id, id),
    CHECK ((ended_at IS NULL) = (end_reason IS NULL)),
    CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE UNIQUE INDEX contact_persons_one_active ON contact_persons (youth_id) WHERE ended_at IS NULL;
CREATE INDEX contact_persons_user_active ON contact_persons (user_id) WHERE ended_at IS NULL;
CREATE INDEX contact_persons_youth ON contact_persons (youth_id, started_at DESC);

-- A change of contact person waits for the receiver: until they accept, the
-- one before stays responsible.
CREATE TABLE contact_handovers (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id bigint NOT NULL,
    youth_id        bigint NOT NULL,
    from_user_id    bigint NOT NULL,
    to_user_id      bigint NOT NULL,
    youth_wish      boolean NOT NULL DEFAULT false,
    relation        boolean NOT NULL DEFAULT false,
    needs_match     boolean NOT NULL DEFAULT false,
    needs           text NOT NULL DEFAULT '' CHECK (length(needs) <= 2000),
    reason          text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    requested_by    bigint NOT NULL,
    requested_at    timestamptz NOT NULL DEFAULT now(),
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined', 'cancelled')),
    decided_by      bigint,
    decided_at      timestamptz,
    decision_note   text NOT NULL DEFAULT '' CHECK (length(decision_note) <= 2000),
    FOREIGN KEY (municipality_id, youth_id) REFERENCES youth (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, from_user_id) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, to_user_id) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, requested_by) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, decided_by) REFERENCES users (municipality_id, id),
    CHECK (from_user_id <> to_user_id),
    CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE UNIQUE INDEX contact_handovers_one_pending ON contact_handovers (youth_id) WHERE status = 'pending';
CREATE INDEX contact_handovers_pending_to ON contact_handovers (to_user_id) WHERE status = 'pending';
CREATE INDEX contact_handovers_pending_from ON contact_handovers (from_user_id) WHERE status = 'pending';
CREATE INDEX contact_handovers_youth ON contact_handovers (youth_id, requested_at DESC);

-- A referral to the visitation committee (visitationsudvalget) with the
-- referral form (indstillingsskema), when no contact person can be found.
CREATE TABLE visitation_referrals (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id  bigint NOT NULL,
    youth_id         bigint NOT NULL,
    situation        text NOT NULL CHECK (length(situation) BETWEEN 1 AND 5000),
    tried            text NOT NULL CHECK (length(tried) BETWEEN 1 AND 5000),
    needed           text NOT NULL CHECK (length(needed) BETWEEN 1 AND 5000),
    referred_by      bigint NOT NULL,
    referred_at      timestamptz NOT NULL DEFAULT now(),
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'decided', 'withdrawn')),
    decided_by       bigint,
    decided_at       timestamptz,
    decision_note    text NOT NULL DEFAULT '' CHECK (length(decision_note) <= 5000),
    assigned_user_id bigint,
    FOREIGN KEY (municipality_id, youth_id) REFERENCES youth (municipality_id, id) ON DELETE CASCADE,
    FOREIGN KEY (municipality_id, referred_by) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, decided_by) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, assigned_user_id) REFERENCES users (municipality_id, id),
    CHECK ((status = 'pending') = (decided_at IS NULL)),
    CHECK ((status = 'decided') = (assigned_user_id IS NOT NULL))
);
CREATE UNIQUE INDEX visitation_referrals_one_pending ON visitation_referrals (youth_id) WHERE status = 'pending';
CREATE INDEX visitation_referrals_pending ON visitation_referrals (municipality_id, referred_at) WHERE status = 'pending';
CREATE INDEX visitation_referrals_youth ON visitation_referrals (youth_id, referred_at DESC);

-- The contact person, and the receiver of a pending handover, are always
-- current members of the team: they cannot be added unless they are, and
-- they cannot leave the team while they are (nobody is dropped silently).
-- +goose StatementBegin
CREATE FUNCTION contact_persons_enforce_member() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.ended_at IS NOT NULL THEN
        RETURN NEW;
    END IF;
    PERFORM 1 FROM youth WHERE id = NEW.youth_id FOR UPDATE;
    IF NOT EXISTS (SELECT 1 FROM team_members
                    WHERE youth_id = NEW.youth_id AND user_id = NEW.user_id AND left_at IS NULL) THEN
        RAISE EXCEPTION 'the contact person of young person % must be on the team', NEW.youth_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'contact_persons_team_member';
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER contact_persons_member BEFORE INSERT OR UPDATE OF ended_at, user_id ON contact_persons
    FOR EACH ROW EXECUTE FUNCTION contact_persons_enforce_member();

-- +goose StatementBegin
CREATE FUNCTION contact_handovers_enforce_member() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status <> 'pending' THEN
        RETURN NEW;
    END IF;
    PERFORM 1 FROM youth WHERE id = NEW.youth_id FOR UPDATE;
    IF NOT EXISTS (SELECT 1 FROM team_members
                    WHERE youth_id = NEW.youth_id AND user_id = NEW.to_user_id AND left_at IS NULL) THEN
        RAISE EXCEPTION 'the receiver of a handover for young person % must be on the team', NEW.youth_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'contact_handovers_team_member';
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER contact_handovers_member BEFORE INSERT ON contact_handovers
    FOR EACH ROW EXECUTE FUNCTION contact_handovers_enforce_member();

-- +goose StatementBegin
CREATE FUNCTION team_members_keep_contact_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.left_at IS NOT NULL OR NEW.left_at IS NULL THEN
        RETURN NEW;
    END IF;
    PERFORM 1 FROM youth WHERE id = NEW.youth_id FOR UPDATE;
    IF EXISTS (SELECT 1 FROM contact_persons
                WHERE youth_id = NEW.youth_id AND user_id = NEW.user_id AND ended_at IS NULL) THEN
        RAISE EXCEPTION 'a member of the team of young person % is its contact person', NEW.youth_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'team_members_contact_person_stays';
    END IF;
    IF EXISTS (SELECT 1 FROM contact_handovers
                WHERE youth_id = NEW.youth_id AND to_user_id = NEW.user_id AND status = 'pending') THEN
        RAISE EXCEPTION 'a member of the team of young person % is receiving a handover', NEW.youth_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'team_members_handover_receiver_stays';
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER team_members_contact_person BEFORE UPDATE OF left_at ON team_members
    FOR EACH ROW EXECUTE FUNCTION team_members_keep_contact_person();

-- +goose Down
DROP TRIGGER team_members_contact_person ON team_members;
DROP FUNCTION team_members_keep_contact_person();
DROP TRIGGER contact_handovers_member ON contact_handovers;
DROP FUNCTION contact_handovers_enforce_member();
DROP TRIGGER contact_persons_member ON contact_persons;
DROP FUNCTION contact_persons_enforce_member();
DROP TABLE visitation_referrals;
DROP TABLE contact_handovers;
DROP TABLE contact_persons;
DROP TABLE team_choices;
