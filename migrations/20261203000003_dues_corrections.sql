-- Payments are corrected and voided, never silently changed (issue 13). A row of dues_payments is
-- always the payment as it now counts: a correction changes it and keeps what it said before in
-- dues_payment_revisions; a voided payment leaves dues_payments (so that every list and sum reads
-- only what counts, and its fiscal year can be recorded again) for dues_payments_voided.

ALTER TABLE dues_payments DROP CONSTRAINT dues_payments_method_check;
ALTER TABLE dues_payments
    ADD CONSTRAINT dues_payments_method_check
        CHECK (method IN ('cash', 'bank_transfer', 'postal_transfer', 'other'));

CREATE TABLE dues_payment_revisions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- no reference: a payment voided later keeps its id in dues_payments_voided
    payment_id  bigint NOT NULL,
    member_id   bigint NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    -- the corrected fields as they were, and as they became: {"amount_yen": 2000, …}
    before      jsonb NOT NULL,
    after       jsonb NOT NULL,
    reason      text NOT NULL CHECK (reason <> '' AND length(reason) <= 200),
    revised_by  bigint REFERENCES accounts (id),
    revised_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dues_payment_revisions_payment_idx ON dues_payment_revisions (payment_id, id);

CREATE TABLE dues_payments_voided (
    id          bigint PRIMARY KEY,
    member_id   bigint NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    fiscal_year smallint NOT NULL,
    paid_on     date NOT NULL,
    amount_yen  integer NOT NULL,
    method      text NOT NULL,
    note        text NOT NULL,
    recorded_by bigint REFERENCES accounts (id),
    recorded_at timestamptz NOT NULL,
    reason      text NOT NULL CHECK (reason <> '' AND length(reason) <= 200),
    voided_by   bigint REFERENCES accounts (id),
    voided_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dues_payments_voided_member_idx ON dues_payments_voided (member_id, fiscal_year);
