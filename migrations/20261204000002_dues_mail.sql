-- The dues notice and its reminder by email (issue 13): one row per member, fiscal year and kind,
-- written in the same transaction as the mail it queues. The primary key is what makes "nobody is
-- mailed twice" hold, whoever starts the run again, and however often; a run stopped half-way
-- (a server stop) leaves its committed batches here, and the next run sends only the rest.
CREATE TABLE dues_mail (
    fiscal_year smallint NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('notice', 'reminder')),
    member_id   bigint NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    outbox_id   bigint,
    queued_by   bigint REFERENCES accounts (id),
    queued_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (fiscal_year, kind, member_id)
);
