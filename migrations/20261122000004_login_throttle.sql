-- Brute-force brakes for logging in, shared by every app process (ASVS 6.1.1, 6.3.1):
--   'ip:<address>'               attempts from one address (an IPv6 /64) per window: a rate limit
--   'email:<email>:ip:<address>' attempts at one email from one address: a growing delay
--   'email:<email>'              attempts at one email from anywhere: a short, capped delay
-- The long delay is per email *and* address, so that nobody can lock a member out by failing on
-- purpose; the per-email one stays short for the same reason. Rows idle for a day are deleted.
CREATE TABLE login_throttle (
    key               text PRIMARY KEY,
    count             integer NOT NULL DEFAULT 0,
    window_started_at timestamptz NOT NULL DEFAULT now(),
    blocked_until     timestamptz,
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_throttle_updated_idx ON login_throttle (updated_at);
