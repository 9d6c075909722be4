-- Receipts (領収書) for dues payments, and the account members pay into (issue 13).
--
-- Numbering: a receipt is numbered within the fiscal year of the day the money was received
-- (2026-0001, 2026-0002, …). receipt_counters holds the last number given in each year; taking a
-- number updates that row, so two issues at once queue on it and the numbers run on without a gap.
-- A number is never given twice (UNIQUE) and never reused: a cancelled receipt keeps its number.
--
-- A receipt keeps what it says (to whom, how much, for which year's dues, the day received).
-- Issuing it again is a reissue (再発行, counted in `issues`); printing the same issue again gives a
-- copy marked 控. When the payment is voided, or
-- changes after its receipt was issued (a correction, a new name), the receipt is cancelled and
-- the next issue takes a new number.
CREATE TABLE receipt_counters (
    fiscal_year smallint PRIMARY KEY,
    last_number integer NOT NULL CHECK (last_number > 0)
);

CREATE TABLE receipts (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    fiscal_year    smallint NOT NULL,
    number         integer NOT NULL CHECK (number > 0),
    member_id      bigint NOT NULL REFERENCES members (id),
    -- dues_payments.id; no reference: a voided payment's receipt stays, cancelled
    payment_id     bigint NOT NULL,
    addressee      text NOT NULL,
    amount_yen     integer NOT NULL,
    received_on    date NOT NULL,
    dues_year      smallint NOT NULL,
    issues         integer NOT NULL DEFAULT 1 CHECK (issues > 0),
    issued_by      bigint REFERENCES accounts (id),
    issued_at      timestamptz NOT NULL DEFAULT now(),
    last_issued_at timestamptz NOT NULL DEFAULT now(),
    -- first printed (as a PDF) since it was issued; a later print says 控 (a copy), so that one
    -- issue never becomes two originals
    printed_at     timestamptz,
    cancelled_at   timestamptz,
    -- 'voided' (the payment was voided) or 'changed' (the payment or the name changed)
    cancel_reason  text CHECK (cancel_reason IN ('voided', 'changed')),
    UNIQUE (fiscal_year, number),
    CHECK ((cancelled_at IS NULL) = (cancel_reason IS NULL))
);
-- at most one receipt in force per payment
CREATE UNIQUE INDEX receipts_live_payment_idx ON receipts (payment_id) WHERE cancelled_at IS NULL;
CREATE INDEX receipts_member_idx ON receipts (member_id);
CREATE INDEX receipts_dues_year_idx ON receipts (dues_year, fiscal_year, number);

-- The name a receipt or a letter is made out to: the organisation, for a class held by one.
CREATE FUNCTION addressee_of(member_id bigint) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN t.is_organisation AND m.organisation_name <> '' THEN m.organisation_name ELSE m.full_name END
    FROM members m JOIN membership_types t ON t.id = m.membership_type_id
    WHERE m.id = member_id
$$;

-- Where members pay their dues, printed on the notice letter ("ゆうちょ銀行 〇〇八店 普通 1234567
-- 稲城市姉妹友好都市交流協会"); empty until an admin sets it.
ALTER TABLE association_profile
    ADD COLUMN payment_account_ja text NOT NULL DEFAULT '' CHECK (length(payment_account_ja) <= 300),
    ADD COLUMN payment_account_en text NOT NULL DEFAULT '' CHECK (length(payment_account_en) <= 300);
