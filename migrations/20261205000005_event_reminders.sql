-- Event reminders (issue 14): a mail to each confirmed sign-up some days before the event (set per
-- event, 3 unless the chair says otherwise; 0: none). One row per sign-up reminded, written in the
-- transaction that queues the mail: nobody is reminded twice, whatever runs the job, and a sign-up
-- confirmed late (a place freed up for the waiting list) is reminded at the job's next round.
ALTER TABLE events ADD COLUMN reminder_days smallint NOT NULL DEFAULT 3 CHECK (reminder_days BETWEEN 0 AND 14);

CREATE TABLE event_reminders (
    signup_id bigint PRIMARY KEY REFERENCES signups (id) ON DELETE CASCADE,
    event_id  bigint NOT NULL REFERENCES events (id),
    sent_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_reminders_event_idx ON event_reminders (event_id);
