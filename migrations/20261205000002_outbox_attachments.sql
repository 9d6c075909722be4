-- Files a mail carries (issue 13: the receipt as PDF, mailed to the member). Written in the same
-- transaction as the mail; sent with it; deleted with it.
CREATE TABLE outbox_attachments (
    outbox_id    bigint NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    file_name    text NOT NULL CHECK (file_name <> ''),
    content_type text NOT NULL,
    content      bytea NOT NULL,
    PRIMARY KEY (outbox_id, file_name)
);
