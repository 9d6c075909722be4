-- Photos the secretariat gives the partner cities (issue 11.5): stored as re-encoded JPEG (at most
-- 1200 px on the long side, nothing kept from the uploaded file but the picture), served at
-- /photos/{id}.jpg. A new upload is a new row, so a photo's address never changes its content.
CREATE TABLE photos (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    jpeg        bytea NOT NULL,
    width       integer NOT NULL CHECK (width > 0),
    height      integer NOT NULL CHECK (height > 0),
    created_by  bigint REFERENCES accounts (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE partner_cities
    ADD COLUMN photo_id     bigint REFERENCES photos (id),
    -- what the photo shows, for readers who cannot see it
    ADD COLUMN photo_alt_ja text NOT NULL DEFAULT '',
    ADD COLUMN photo_alt_en text NOT NULL DEFAULT '';
