-- Sessions, kept server-side so that several app processes can serve one user (tower-sessions'
-- PostgreSQL store; same layout as its own migrate()). Accounts gain a session epoch: raising it
-- ends every session of that account at once (logout everywhere, disabling an account).

CREATE SCHEMA IF NOT EXISTS tower_sessions;
CREATE TABLE IF NOT EXISTS tower_sessions.session (
    id          text PRIMARY KEY NOT NULL,
    data        bytea NOT NULL,
    expiry_date timestamptz NOT NULL
);
CREATE INDEX session_expiry_idx ON tower_sessions.session (expiry_date);

ALTER TABLE accounts
    ADD COLUMN session_epoch integer NOT NULL DEFAULT 0,
    ADD COLUMN disabled_at   timestamptz;
