-- A photo a chair gives an exchange event (issue 11.5), stored like the partner cities' photos
-- (20261201000002_photos.sql): a new upload is a new row in photos, the event points at it.
ALTER TABLE events
    ADD COLUMN photo_id     bigint REFERENCES photos (id),
    -- what the photo shows, for readers who cannot see it
    ADD COLUMN photo_alt_ja text NOT NULL DEFAULT '',
    ADD COLUMN photo_alt_en text NOT NULL DEFAULT '';
