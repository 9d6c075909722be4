-- Personal data (issue 9, items 5 and 6): confirmed email addresses, mail that knows whose it is,
-- brakes without addresses, and erasure of rejected applications. Retention: docs/retention.md.

-- An address someone typed is only a claim until the link mailed to it is used. Accounts that
-- exist now, and those the secretariat makes (the first admin, imported members' invitations),
-- count as confirmed; a new application sets NULL.
ALTER TABLE accounts ADD COLUMN email_confirmed_at timestamptz DEFAULT now();

-- Email confirmation links carry the address they confirm (the joined one, or the new one asked for).
ALTER TABLE account_tokens ADD COLUMN new_email text CHECK (new_email = lower(new_email));
ALTER TABLE account_tokens DROP CONSTRAINT account_tokens_purpose_check;
ALTER TABLE account_tokens ADD CONSTRAINT account_tokens_purpose_check
    CHECK (purpose IN ('password_reset', 'invitation', 'email_confirmation'));
CREATE INDEX account_tokens_expiry_idx ON account_tokens (expires_at);

-- Whose mail it is, so that erasure finds it even after an address change.
ALTER TABLE outbox ADD COLUMN account_id bigint REFERENCES accounts (id) ON DELETE SET NULL;
CREATE INDEX outbox_account_idx ON outbox (account_id) WHERE account_id IS NOT NULL;
CREATE INDEX outbox_created_idx ON outbox (created_at);

-- The brakes are keyed by a hash of the email from now on; the old keys held the addresses.
DELETE FROM login_throttle WHERE key LIKE '%@%';

-- A rejected application is erased too (on request, or a year after the decision).
ALTER TABLE members DROP CONSTRAINT erased_is_withdrawn;
ALTER TABLE members ADD CONSTRAINT erased_is_withdrawn CHECK (erased_at IS NULL OR status IN ('withdrawn', 'rejected'));
