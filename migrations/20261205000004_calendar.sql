-- Calendars (issue 14): every event page offers an .ics file, the published events are a public
-- feed, and each member may have a private feed of their own sign-ups at a secret address.
--
-- An event's iCalendar SEQUENCE: a calendar app replaces its copy of an event only when the
-- sequence grows, so it grows with every change a reader would see (title, description, times,
-- venue, status: a cancellation goes out as a new sequence with STATUS:CANCELLED).
ALTER TABLE events ADD COLUMN ics_sequence integer NOT NULL DEFAULT 0;

CREATE FUNCTION events_next_ics_sequence() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.title_ja, NEW.title_en, NEW.description_ja, NEW.description_en, NEW.starts_at, NEW.ends_at, NEW.venue,
        NEW.status)
       IS DISTINCT FROM
       (OLD.title_ja, OLD.title_en, OLD.description_ja, OLD.description_en, OLD.starts_at, OLD.ends_at, OLD.venue,
        OLD.status) THEN
        NEW.ics_sequence := OLD.ics_sequence + 1;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER events_ics_sequence BEFORE UPDATE ON events
    FOR EACH ROW EXECUTE FUNCTION events_next_ics_sequence();

-- The secret address of a member's own feed: only a SHA-256 of its 128-bit token is kept (the
-- address is shown once, when made); making a new one ends the old one.
CREATE TABLE calendar_feeds (
    account_id bigint PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    token_hash bytea NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);
