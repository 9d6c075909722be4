-- News on the site (issue 14): activity reports, photos' stories, calls for host families, in
-- Japanese and/or English. A post is public once published (the home page shows the latest, and
-- /news.atom carries them); a draft (no `published_at`) is seen by the staff only.
CREATE TABLE news_posts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title_ja     text NOT NULL DEFAULT '',
    body_ja      text NOT NULL DEFAULT '',
    title_en     text NOT NULL DEFAULT '',
    body_en      text NOT NULL DEFAULT '',
    published_at timestamptz,
    created_by   bigint NOT NULL REFERENCES accounts (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT has_a_title CHECK (title_ja <> '' OR title_en <> '')
);
CREATE INDEX news_posts_published_idx ON news_posts (published_at DESC, id DESC) WHERE published_at IS NOT NULL;
