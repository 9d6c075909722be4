-- Bank statement import (issue 13): the treasurer uploads the bank's statement (its CSV export or
-- the Zengin 振込入金通知 fixed-length file); each credit becomes a line with a proposed member and
-- fiscal years, which the treasurer confirms or corrects; the commit records every taken line as
-- dues payments in one transaction, and can be undone (the payments are voided) while none of them
-- has a receipt or a correction.
CREATE TABLE bank_statements (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uploaded_by  bigint NOT NULL REFERENCES accounts (id),
    uploaded_at  timestamptz NOT NULL DEFAULT now(),
    file_name    text NOT NULL,
    format       text NOT NULL CHECK (format IN ('csv', 'zengin')),
    encoding     text NOT NULL,
    -- lines the file held that are not credits (withdrawals, fees): counted, not kept
    other_lines  integer NOT NULL DEFAULT 0,
    status       text NOT NULL DEFAULT 'checking' CHECK (status IN ('checking', 'committed')),
    committed_at timestamptz,
    committed_by bigint REFERENCES accounts (id),
    undone_at    timestamptz,
    undone_by    bigint REFERENCES accounts (id)
);

CREATE TABLE bank_statement_lines (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    statement_id bigint NOT NULL REFERENCES bank_statements (id) ON DELETE CASCADE,
    -- where it is in the file (1 = first line or record)
    line_no      integer NOT NULL,
    received_on  date NOT NULL,
    amount_yen   integer NOT NULL CHECK (amount_yen > 0),
    -- the payer as the bank wrote it (half-width katakana, often with a member number)
    payer        text NOT NULL,
    -- a later Zengin record that cancels an earlier notice (取消区分 1): listed, never taken
    cancelled    boolean NOT NULL DEFAULT false,
    -- how the match came out: sure (name and amount agree), check (one member, something differs),
    -- several (more than one member fits), none
    match        text NOT NULL CHECK (match IN ('sure', 'check', 'several', 'none')),
    -- the members who fit, best first (shown to the treasurer to choose from)
    candidates   bigint[] NOT NULL DEFAULT '{}',
    -- the treasurer's choice (first proposed by the match): whose dues, from which year, for how many
    member_id    bigint REFERENCES members (id),
    first_year   smallint,
    years        smallint NOT NULL DEFAULT 1 CHECK (years BETWEEN 1 AND 5),
    take         boolean NOT NULL DEFAULT false,
    -- confirmed by the treasurer (a sure match counts as confirmed from the start)
    decided_by   bigint REFERENCES accounts (id),
    decided_at   timestamptz,
    UNIQUE (statement_id, line_no),
    CONSTRAINT taken_has_member CHECK (NOT take OR (member_id IS NOT NULL AND first_year IS NOT NULL AND NOT cancelled))
);
CREATE INDEX bank_statement_lines_member_idx ON bank_statement_lines (member_id) WHERE member_id IS NOT NULL;

-- The payment a statement line became; undoing the commit voids exactly these.
ALTER TABLE dues_payments ADD COLUMN statement_line_id bigint REFERENCES bank_statement_lines (id);
CREATE INDEX dues_payments_statement_line_idx ON dues_payments (statement_line_id) WHERE statement_line_id IS NOT NULL;

-- A payer name the treasurer confirmed once for a member (folded: hiragana, large kana, no spaces):
-- next year's transfer under the same name (an organisation's, a relative's) is matched at once.
-- The statement whose commit taught it: undoing that commit forgets it.
CREATE TABLE payer_names (
    payer_key    text PRIMARY KEY,
    member_id    bigint NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    statement_id bigint REFERENCES bank_statements (id) ON DELETE SET NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payer_names_member_idx ON payer_names (member_id);
