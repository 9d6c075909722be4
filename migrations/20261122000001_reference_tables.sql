-- Reference records the secretariat keeps: committees and partner cities, plus the accounts table that
-- the first admin is created in. Kinds and statuses are text with CHECKs (not enum types) so that a new
-- value is a one-line migration and the Rust side maps them with plain strings.

CREATE TABLE committees (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug           text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name_ja        text NOT NULL CHECK (name_ja <> ''),
    name_en        text NOT NULL CHECK (name_en <> ''),
    summary_ja     text NOT NULL DEFAULT '',
    summary_en     text NOT NULL DEFAULT '',
    description_ja text NOT NULL DEFAULT '',
    description_en text NOT NULL DEFAULT '',
    sort_order     integer NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE partner_cities (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug                text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name_ja             text NOT NULL CHECK (name_ja <> ''),
    name_en             text NOT NULL CHECK (name_en <> ''),
    -- kana reading of the Japanese name, for Japanese sort order
    name_reading        text NOT NULL DEFAULT '',
    kind                text NOT NULL CHECK (kind IN ('sister', 'friendship')),
    status              text NOT NULL CHECK (status IN ('in_preparation', 'concluded', 'ended')),
    -- some agreements are only known to the month ("November 1991"): the precision says what to show
    agreed_on           date,
    agreed_on_precision text NOT NULL DEFAULT 'day' CHECK (agreed_on_precision IN ('day', 'month', 'year')),
    region_ja           text NOT NULL DEFAULT '',
    region_en           text NOT NULL DEFAULT '',
    country_ja          text NOT NULL DEFAULT '',
    country_en          text NOT NULL DEFAULT '',
    summary_ja          text NOT NULL DEFAULT '',
    summary_en          text NOT NULL DEFAULT '',
    description_ja      text NOT NULL DEFAULT '',
    description_en      text NOT NULL DEFAULT '',
    official_url        text CHECK (official_url ~ '^https?://'),
    sort_order          integer NOT NULL DEFAULT 0,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT concluded_has_date CHECK (status = 'in_preparation' OR agreed_on IS NOT NULL)
);

CREATE TABLE accounts (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         text NOT NULL CHECK (email = lower(email) AND position('@' IN email) > 1),
    password_hash text NOT NULL,
    is_admin      boolean NOT NULL DEFAULT false,
    -- set for a generated one-time password: the first login must choose a new one
    must_change_password boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX accounts_email_key ON accounts (email);
