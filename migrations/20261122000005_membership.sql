-- Membership: types with their annual fee, members (applications become members when approved),
-- household members, committee interests, chairs, annual dues per fiscal year, an audit log of
-- admin actions, the mail outbox, and one-time account tokens (password reset links).

-- the language mails to an account are written in (the one it joined in)
ALTER TABLE accounts ADD COLUMN lang text NOT NULL DEFAULT 'ja' CHECK (lang IN ('ja', 'en'));

CREATE TABLE membership_types (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code           text NOT NULL UNIQUE CHECK (code ~ '^[a-z_]+$'),
    name_ja        text NOT NULL CHECK (name_ja <> ''),
    name_en        text NOT NULL CHECK (name_en <> ''),
    annual_fee_yen integer NOT NULL CHECK (annual_fee_yen >= 0),
    -- the application lists the other people of the household (family membership)
    has_household  boolean NOT NULL DEFAULT false,
    -- the member is an organisation, and the person named is its contact (supporting membership)
    is_organisation boolean NOT NULL DEFAULT false,
    -- a type no longer offered stays for the members who have it
    offered        boolean NOT NULL DEFAULT true,
    sort_order     integer NOT NULL DEFAULT 0,
    updated_at     timestamptz NOT NULL DEFAULT now()
);

INSERT INTO membership_types (code, name_ja, name_en, annual_fee_yen, has_household, is_organisation, sort_order)
VALUES
  ('individual', '個人会員', 'Individual member', 2000, false, false, 1),
  ('family', '家族会員', 'Family member', 3000, true, false, 2),
  ('student', '学生会員', 'Student member', 500, false, false, 3),
  ('supporting', '賛助会員', 'Supporting member (organisation)', 10000, false, true, 4)
ON CONFLICT (code) DO NOTHING;

CREATE SEQUENCE member_number_seq START 1001;

CREATE TABLE members (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- the login; a member without email (e.g. imported from paper) has none
    account_id             bigint UNIQUE REFERENCES accounts (id),
    member_number          integer UNIQUE,
    status                 text NOT NULL DEFAULT 'pending'
                           CHECK (status IN ('pending', 'active', 'rejected', 'withdrawn')),
    membership_type_id     bigint NOT NULL REFERENCES membership_types (id),
    full_name              text NOT NULL CHECK (full_name <> ''),
    name_reading           text NOT NULL CHECK (name_reading <> ''),
    -- the reading in hiragana without spaces: Japanese sort order and search ("たなか" finds 田中)
    reading_key            text NOT NULL COLLATE "C",
    name_romaji            text NOT NULL DEFAULT '',
    organisation_name      text NOT NULL DEFAULT '',
    email                  text CHECK (email = lower(email)),
    phone                  text NOT NULL DEFAULT '',
    postal_code            text NOT NULL DEFAULT '' CHECK (postal_code ~ '^([0-9]{7})?$'),
    prefecture_code        smallint CHECK (prefecture_code BETWEEN 1 AND 47),
    city                   text NOT NULL DEFAULT '',
    street                 text NOT NULL DEFAULT '',
    birth_date             date,
    languages              text[] NOT NULL DEFAULT '{}',
    photo_consent          boolean NOT NULL DEFAULT false,
    privacy_notice_version text NOT NULL,
    privacy_consented_at   timestamptz NOT NULL,
    applied_at             timestamptz NOT NULL DEFAULT now(),
    decided_at             timestamptz,
    decided_by             bigint REFERENCES accounts (id),
    rejection_reason       text NOT NULL DEFAULT '',
    withdrawn_at           timestamptz,
    erased_at              timestamptz,
    updated_at             timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT active_has_number CHECK (status <> 'active' OR member_number IS NOT NULL),
    CONSTRAINT erased_is_withdrawn CHECK (erased_at IS NULL OR status = 'withdrawn')
);
-- the admin list: sorted by reading, paged by (reading_key, id); search by reading prefix
CREATE INDEX members_reading_idx ON members (reading_key, id);
CREATE INDEX members_status_reading_idx ON members (status, reading_key, id);
CREATE INDEX members_email_idx ON members (email text_pattern_ops);
CREATE INDEX members_full_name_idx ON members (full_name text_pattern_ops);

CREATE TABLE household_members (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id    bigint NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    full_name    text NOT NULL CHECK (full_name <> ''),
    name_reading text NOT NULL DEFAULT '',
    relationship text NOT NULL DEFAULT '',
    birth_date   date,
    position     integer NOT NULL DEFAULT 0
);
CREATE INDEX household_members_member_idx ON household_members (member_id, position);

-- committees a member is interested in (and, later, takes part in)
CREATE TABLE member_committees (
    member_id    bigint NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    committee_id bigint NOT NULL REFERENCES committees (id),
    joined_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (member_id, committee_id)
);
CREATE INDEX member_committees_committee_idx ON member_committees (committee_id);

-- chairs are accounts (they must log in to do the work); a committee may have several
CREATE TABLE committee_chairs (
    committee_id bigint NOT NULL REFERENCES committees (id),
    account_id   bigint NOT NULL REFERENCES accounts (id),
    appointed_at timestamptz NOT NULL DEFAULT now(),
    appointed_by bigint REFERENCES accounts (id),
    PRIMARY KEY (committee_id, account_id)
);
CREATE INDEX committee_chairs_account_idx ON committee_chairs (account_id);

-- one payment record per member and fiscal year (April 1 – March 31; 2026 = 2026-04-01 … 2027-03-31)
CREATE TABLE dues_payments (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id   bigint NOT NULL REFERENCES members (id),
    fiscal_year smallint NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2100),
    paid_on     date NOT NULL,
    amount_yen  integer NOT NULL CHECK (amount_yen >= 0),
    method      text NOT NULL CHECK (method IN ('cash', 'bank_transfer', 'other')),
    note        text NOT NULL DEFAULT '',
    recorded_by bigint REFERENCES accounts (id),
    recorded_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (member_id, fiscal_year)
);
CREATE INDEX dues_payments_year_idx ON dues_payments (fiscal_year, member_id);

-- who did what to which record, when (UTC); details never hold erased or secret data
CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    bigint REFERENCES accounts (id),
    action      text NOT NULL,
    record_type text NOT NULL,
    record_id   bigint,
    details     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
CREATE INDEX audit_log_record_idx ON audit_log (record_type, record_id);

-- every mail the association sends; a sender delivers it by SMTP when configured
CREATE TABLE outbox (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    to_address text NOT NULL,
    subject    text NOT NULL,
    body       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at    timestamptz,
    attempts   integer NOT NULL DEFAULT 0,
    last_error text NOT NULL DEFAULT ''
);
CREATE INDEX outbox_unsent_idx ON outbox (id) WHERE sent_at IS NULL;

-- one-time links (password reset): only a SHA-256 of the 128-bit token is kept
CREATE TABLE account_tokens (
    token_hash bytea PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose    text NOT NULL CHECK (purpose IN ('password_reset')),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX account_tokens_account_idx ON account_tokens (account_id);
