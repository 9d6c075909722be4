-- Importing the association's existing member list from a CSV file: the upload (decoded to text,
-- kept only until it is imported or discarded), the column mapping, progress while it runs, and
-- which members each import created, so that a whole import can be undone.

CREATE TABLE member_imports (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uploaded_by    bigint NOT NULL REFERENCES accounts (id),
    uploaded_at    timestamptz NOT NULL DEFAULT now(),
    file_name      text NOT NULL,
    -- what the file was written in: detected, never asked
    encoding       text NOT NULL CHECK (encoding IN ('utf8', 'utf8_bom', 'cp932')),
    -- the file as text; emptied once imported, undone or discarded (the members hold the data)
    content        text NOT NULL,
    column_names   text[] NOT NULL,
    row_count      integer NOT NULL CHECK (row_count >= 0),
    -- field code -> column number (0-based), as chosen on the mapping form
    mapping        jsonb NOT NULL DEFAULT '{}',
    status         text NOT NULL DEFAULT 'uploaded'
                   CHECK (status IN ('uploaded', 'importing', 'imported', 'undone', 'discarded')),
    progress_rows  integer NOT NULL DEFAULT 0,
    -- renewed while an import runs; a stale one means the server stopped and nothing was kept
    heartbeat_at   timestamptz,
    invite         boolean NOT NULL DEFAULT false,
    imported_at    timestamptz,
    imported_count integer,
    skipped_count  integer,
    -- set when the last run ended in an error (nothing was imported); shown as a generic message
    failed_at      timestamptz,
    undone_at      timestamptz,
    undone_by      bigint REFERENCES accounts (id)
);
CREATE INDEX member_imports_uploaded_idx ON member_imports (uploaded_at DESC);

ALTER TABLE members ADD COLUMN import_id bigint REFERENCES member_imports (id);
CREATE INDEX members_import_idx ON members (import_id) WHERE import_id IS NOT NULL;
-- duplicate checks: the same person typed again (name + reading key + birth date)
CREATE INDEX members_identity_idx ON members (full_name, reading_key);

-- the remembered mapping: a column heading (as normalised by the app) -> the field it fed last time
CREATE TABLE import_column_defaults (
    heading    text PRIMARY KEY,
    field      text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- invitation links for imported members (they have no password until they choose one)
ALTER TABLE account_tokens DROP CONSTRAINT account_tokens_purpose_check;
ALTER TABLE account_tokens ADD CONSTRAINT account_tokens_purpose_check
    CHECK (purpose IN ('password_reset', 'invitation'));
