-- Staff accounts and roles (issue 12): each person of the secretariat has their own login and one
-- or more roles, each possibly for a term (役員の任期). A role counts from valid_from to
-- valid_until (inclusive, dates in Japan) unless revoked; an expired role simply stops counting.
-- Replaces the one flag accounts.is_admin.

-- Today's date where the association is: roles and chairs' terms end at the end of a day in Japan.
CREATE FUNCTION japan_today() RETURNS date LANGUAGE sql STABLE AS $$ SELECT (now() AT TIME ZONE 'Asia/Tokyo')::date $$;

-- The person's name, for the staff list and the audit log (members' names stay on their record).
ALTER TABLE accounts ADD COLUMN name text NOT NULL DEFAULT '' CHECK (length(name) <= 100);

CREATE TABLE staff_roles (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id  bigint NOT NULL REFERENCES accounts (id),
    -- admin: everything; treasurer: dues, reads the members; clerk: member records, applications,
    -- imports; auditor (監事): reads everything, exports nothing; exports: may download rosters
    -- with personal data (given to an auditor who needs them)
    role        text NOT NULL CHECK (role IN ('admin', 'treasurer', 'clerk', 'auditor', 'exports')),
    valid_from  date NOT NULL DEFAULT japan_today(),
    valid_until date,
    granted_by  bigint REFERENCES accounts (id),
    granted_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz,
    revoked_by  bigint REFERENCES accounts (id),
    CHECK (valid_until IS NULL OR valid_until >= valid_from)
);
CREATE INDEX staff_roles_account_idx ON staff_roles (account_id);

INSERT INTO staff_roles (account_id, role, valid_from)
    SELECT id, 'admin', (created_at AT TIME ZONE 'Asia/Tokyo')::date FROM accounts WHERE is_admin;
UPDATE accounts SET name = '事務局' WHERE is_admin AND name = '';
ALTER TABLE accounts DROP COLUMN is_admin;

-- Vice-chairs have the chairs' rights; both may serve for a term.
ALTER TABLE committee_chairs
    ADD COLUMN role text NOT NULL DEFAULT 'chair' CHECK (role IN ('chair', 'vice_chair')),
    ADD COLUMN valid_until date;
