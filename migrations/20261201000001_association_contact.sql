-- The association's contact details, kept by the secretariat at /admin/settings and shown on the
-- home page and in every page's footer (issue 11.5): one row, never hard-coded in the pages.
CREATE TABLE association_contact (
    id           smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    office_ja    text NOT NULL DEFAULT '',
    office_en    text NOT NULL DEFAULT '',
    -- seven digits, or empty
    postal_code  text NOT NULL DEFAULT '' CHECK (postal_code = '' OR postal_code ~ '^[0-9]{7}$'),
    phone        text NOT NULL DEFAULT '',
    email        text NOT NULL DEFAULT '',
    hours_ja     text NOT NULL DEFAULT '',
    hours_en     text NOT NULL DEFAULT '',
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- The office named in the association's articles (article 1); the rest is for the secretariat.
INSERT INTO association_contact (office_ja, office_en)
VALUES ('稲城市東長沼2112番地の1 稲城市地域振興プラザ内',
        'Inagi City Regional Promotion Plaza, 2112-1 Higashi-Naganuma, Inagi, Tokyo');
