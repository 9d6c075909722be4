-- Rules that several queries use, each defined once.

-- How a page names the person behind a login that recorded something (a membership step, an
-- agreement's step): the staff member's name, else the login's address; NULL for none.
CREATE FUNCTION recorder_name(account_id bigint) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT COALESCE(NULLIF(a.name, ''), a.email) FROM accounts a WHERE a.id = $1
$$;

-- A member's dues for a fiscal year: their class's fee per unit that year × their units (NULL
-- before the class had a price).
CREATE FUNCTION dues_for(type_id bigint, units smallint, year integer) RETURNS integer
LANGUAGE sql STABLE AS $$
    SELECT membership_fee($1, $3) * $2
$$;
