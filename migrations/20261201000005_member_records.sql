-- Every member's record kept by the office (issue 12): the secretariat's remarks, how the member
-- wants to be reached, every way a membership ends, a dated history of the membership, and a
-- change of type that takes effect from a fiscal year.

-- Remarks for the office only (never shown to the member or a chair): "会報は郵送", say.
ALTER TABLE members ADD COLUMN notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000);
-- How mailings reach the member: by email, by post (会報は郵送), or both.
ALTER TABLE members ADD COLUMN contact_by text NOT NULL DEFAULT 'email' CHECK (contact_by IN ('email', 'post', 'both'));
UPDATE members SET contact_by = 'post' WHERE email IS NULL;

-- Ends of a membership besides withdrawal: deceased (逝去) and lapsed (dues unpaid past the rule's
-- limit). Each can be erased after the retention period, like a withdrawal.
ALTER TABLE members DROP CONSTRAINT members_status_check;
ALTER TABLE members ADD CONSTRAINT members_status_check
    CHECK (status IN ('pending', 'active', 'rejected', 'withdrawn', 'deceased', 'lapsed'));
ALTER TABLE members DROP CONSTRAINT erased_is_withdrawn;
ALTER TABLE members ADD CONSTRAINT erased_is_withdrawn
    CHECK (erased_at IS NULL OR status IN ('withdrawn', 'rejected', 'deceased', 'lapsed'));

-- A change of type waiting for its fiscal year (student → individual from next April, say).
ALTER TABLE members ADD COLUMN next_type_id bigint REFERENCES membership_types (id);
ALTER TABLE members ADD COLUMN next_type_from smallint CHECK (next_type_from BETWEEN 2000 AND 2100);
ALTER TABLE members ADD CONSTRAINT next_type_whole CHECK ((next_type_id IS NULL) = (next_type_from IS NULL));

-- The membership's history: each step with the day it took effect, why, and who recorded it.
CREATE TABLE membership_history (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id        bigint NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    change           text NOT NULL CHECK (change IN ('applied', 'approved', 'rejected', 'withdrawn', 'deceased',
                         'lapsed', 'reinstated', 'type_changed')),
    effective_on     date NOT NULL,
    reason           text NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
    -- type_changed: the new type and the fiscal year it counts from
    type_id          bigint REFERENCES membership_types (id),
    from_fiscal_year smallint,
    recorded_by      bigint REFERENCES accounts (id),
    recorded_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX membership_history_member_idx ON membership_history (member_id, effective_on, id);

-- What the records already say, as history.
INSERT INTO membership_history (member_id, change, effective_on, recorded_at)
    SELECT id, 'applied', (applied_at AT TIME ZONE 'Asia/Tokyo')::date, applied_at FROM members;
INSERT INTO membership_history (member_id, change, effective_on, recorded_by, recorded_at)
    SELECT id, CASE WHEN status = 'rejected' THEN 'rejected' ELSE 'approved' END,
        (decided_at AT TIME ZONE 'Asia/Tokyo')::date, decided_by, decided_at
    FROM members WHERE decided_at IS NOT NULL;
INSERT INTO membership_history (member_id, change, effective_on, recorded_at)
    SELECT id, 'withdrawn', (withdrawn_at AT TIME ZONE 'Asia/Tokyo')::date, withdrawn_at
    FROM members WHERE withdrawn_at IS NOT NULL;
