-- Device cookies (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): a browser that
-- logged in to an account keeps a random 128-bit token in a cookie; only its SHA-256 is stored
-- here. A login attempt that presents a valid one for the typed email is braked by its own counter
-- ('device:<hash>' in login_throttle), never by the per-email brake, so guesses from elsewhere cannot
-- lock the owner out of a browser they have used before. Rows end with their account, and are
-- deleted once expired (one year after the login that made them).
CREATE TABLE login_devices (
    token_hash bytea PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX login_devices_account_idx ON login_devices (account_id, created_at);
CREATE INDEX login_devices_expires_idx ON login_devices (expires_at);
