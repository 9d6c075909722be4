-- Donations (寄付金, issue 13), from members and from people outside, recorded and receipted as
-- dues are: a receipt numbered in the same series per fiscal year of the day received (one series,
-- so the auditor sees every number), reissued as 再発行, cancelled when the donation is voided.
CREATE TABLE donations (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- a member's donation; NULL for someone outside the association, named below
    member_id         bigint REFERENCES members (id),
    donor_name        text NOT NULL DEFAULT '',
    donor_postal_code text NOT NULL DEFAULT '' CHECK (donor_postal_code ~ '^([0-9]{7})?$'),
    donor_address     text NOT NULL DEFAULT '',
    received_on       date NOT NULL,
    amount_yen        integer NOT NULL CHECK (amount_yen > 0),
    method            text NOT NULL CHECK (method IN ('cash', 'bank_transfer', 'postal_transfer', 'other')),
    -- what the donor gave it for, when they said (e.g. 青少年交流); printed on the receipt
    purpose           text NOT NULL DEFAULT '',
    note              text NOT NULL DEFAULT '',
    recorded_by       bigint REFERENCES accounts (id),
    recorded_at       timestamptz NOT NULL DEFAULT now(),
    voided_at         timestamptz,
    voided_by         bigint REFERENCES accounts (id),
    void_reason       text NOT NULL DEFAULT '',
    CONSTRAINT donor_named CHECK (member_id IS NOT NULL OR donor_name <> ''),
    CONSTRAINT voided_has_reason CHECK (voided_at IS NULL OR void_reason <> '')
);
CREATE INDEX donations_received_idx ON donations (received_on);
CREATE INDEX donations_member_idx ON donations (member_id) WHERE member_id IS NOT NULL;

-- A receipt is for a dues payment or for a donation (then no dues year, and maybe no member).
ALTER TABLE receipts
    ALTER COLUMN member_id DROP NOT NULL,
    ALTER COLUMN payment_id DROP NOT NULL,
    ALTER COLUMN dues_year DROP NOT NULL,
    ADD COLUMN donation_id bigint REFERENCES donations (id),
    ADD CONSTRAINT receipt_for_one CHECK ((payment_id IS NULL) <> (donation_id IS NULL)),
    ADD CONSTRAINT dues_receipt_has_year CHECK (payment_id IS NULL OR (dues_year IS NOT NULL AND member_id IS NOT NULL));
-- at most one receipt in force per donation
CREATE UNIQUE INDEX receipts_live_donation_idx ON receipts (donation_id) WHERE cancelled_at IS NULL AND donation_id IS NOT NULL;
