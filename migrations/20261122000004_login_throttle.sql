-- Brute-force brakes for logging in, shared by every app process (ASVS 6.1.1, 6.3.1):
--   'ip:<address>'                   attempts from one address per window (rate limit)
--   'account:<id>:ip:<address>'      consecutive failures for one account from one address
-- Per account *and* address, so that nobody can lock a member out by failing on purpose.
CREATE TABLE login_throttle (
    key               text PRIMARY KEY,
    count             integer NOT NULL DEFAULT 0,
    window_started_at timestamptz NOT NULL DEFAULT now(),
    blocked_until     timestamptz
);
