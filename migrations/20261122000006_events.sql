-- Exchange events run by the committees, and sign-ups to them. Places are counted on the event row
-- (`taken`), changed only while that row is locked (SELECT … FOR UPDATE), with a CHECK as the
-- backstop: an event can never hold more confirmed people than it has places.

CREATE TABLE events (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    committee_id       bigint NOT NULL REFERENCES committees (id),
    partner_city_id    bigint REFERENCES partner_cities (id),
    title_ja           text NOT NULL DEFAULT '',
    title_en           text NOT NULL DEFAULT '',
    description_ja     text NOT NULL DEFAULT '',
    description_en     text NOT NULL DEFAULT '',
    starts_at          timestamptz NOT NULL,
    ends_at            timestamptz NOT NULL,
    venue              text NOT NULL DEFAULT '',
    capacity           integer NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
    -- confirmed people (sign-ups and their companions)
    taken              integer NOT NULL DEFAULT 0,
    signup_opens_at    timestamptz,
    signup_closes_at   timestamptz,
    fee_yen            integer NOT NULL DEFAULT 0 CHECK (fee_yen >= 0),
    members_only       boolean NOT NULL DEFAULT true,
    min_age            smallint CHECK (min_age BETWEEN 0 AND 120),
    -- participants under 18 need a guardian's consent recorded
    guardian_consent_for_minors boolean NOT NULL DEFAULT true,
    -- extra questions: [{"key": "q1", "label": {"ja": …, "en": …}, "choices": [..] (empty = free text), "required": bool}]
    questions          jsonb NOT NULL DEFAULT '[]',
    status             text NOT NULL DEFAULT 'draft'
                       CHECK (status IN ('draft', 'published', 'closed', 'held', 'cancelled')),
    cancel_reason      text NOT NULL DEFAULT '',
    created_by         bigint REFERENCES accounts (id),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT has_a_title CHECK (title_ja <> '' OR title_en <> ''),
    CONSTRAINT ends_after_start CHECK (ends_at >= starts_at),
    CONSTRAINT never_overbooked CHECK (taken >= 0 AND taken <= capacity)
);
CREATE INDEX events_listing_idx ON events (status, starts_at);
CREATE INDEX events_committee_idx ON events (committee_id, starts_at);
CREATE INDEX events_city_idx ON events (partner_city_id, starts_at);

CREATE TABLE signups (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id       bigint NOT NULL REFERENCES events (id),
    -- who signed up: an account (members, or account holders for public events) and, for members,
    -- their membership (a chair may sign up a member who has no account)
    account_id     bigint REFERENCES accounts (id),
    member_id      bigint REFERENCES members (id),
    status         text NOT NULL CHECK (status IN ('confirmed', 'waiting', 'cancelled')),
    -- people counted against capacity (the holder and companions)
    places         integer NOT NULL CHECK (places BETWEEN 1 AND 20),
    -- waiting-list order: (queued_at, id)
    queued_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    confirmed_at   timestamptz,
    cancelled_at   timestamptz,
    cancelled_by   bigint REFERENCES accounts (id),
    -- a sign-up made by a chair for a member without email or smartphone, and how consent was given
    entered_by     bigint REFERENCES accounts (id),
    consent_method text NOT NULL DEFAULT 'online' CHECK (consent_method IN ('online', 'paper', 'phone', 'in_person')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT has_a_holder CHECK (account_id IS NOT NULL OR member_id IS NOT NULL)
);
-- one live sign-up per person per event (a cancelled one may be followed by a new one)
CREATE UNIQUE INDEX signups_one_per_account ON signups (event_id, account_id) WHERE status <> 'cancelled';
CREATE UNIQUE INDEX signups_one_per_member ON signups (event_id, member_id) WHERE status <> 'cancelled';
CREATE INDEX signups_waiting_idx ON signups (event_id, queued_at, id) WHERE status = 'waiting';
CREATE INDEX signups_account_idx ON signups (account_id);
CREATE INDEX signups_member_idx ON signups (member_id);

-- the people of a sign-up: the holder first, then household members or named guests
CREATE TABLE signup_people (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    signup_id        bigint NOT NULL REFERENCES signups (id) ON DELETE CASCADE,
    position         integer NOT NULL,
    kind             text NOT NULL CHECK (kind IN ('holder', 'household', 'guest')),
    full_name        text NOT NULL CHECK (full_name <> ''),
    name_reading     text NOT NULL DEFAULT '',
    birth_date       date,
    guardian_consent boolean NOT NULL DEFAULT false,
    -- answers to the event's extra questions: {"q1": "vegetarian"}
    answers          jsonb NOT NULL DEFAULT '{}',
    -- attendance, marked by the chair after the event (null = not marked)
    attended         boolean,
    UNIQUE (signup_id, position)
);

-- the outbox sender waits longer after each failed attempt (1, 2, 4 … minutes)
ALTER TABLE outbox ADD COLUMN last_attempt_at timestamptz;
