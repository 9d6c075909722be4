-- Membership classes as the association's articles define them (issue 12): 正会員 (full members, who
-- make up the general meeting and so vote) and 賛助会員 (supporting members, who do not), each for
-- individuals, organisations or (full only) a household; the annual fee is per unit (口) and members
-- choose how many units they take. A fee applies from a fiscal year on: a new price never changes
-- what an earlier year cost.
ALTER TABLE membership_types
    ADD COLUMN category text NOT NULL DEFAULT 'full' CHECK (category IN ('full', 'supporting')),
    -- whether members of this class vote at the general meeting (article 9: full members)
    ADD COLUMN votes boolean NOT NULL DEFAULT true;

CREATE TABLE membership_fees (
    type_id          bigint NOT NULL REFERENCES membership_types (id),
    from_fiscal_year smallint NOT NULL CHECK (from_fiscal_year BETWEEN 2000 AND 2100),
    fee_per_unit_yen integer NOT NULL CHECK (fee_per_unit_yen BETWEEN 0 AND 10000000),
    set_by           bigint REFERENCES accounts (id),
    set_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (type_id, from_fiscal_year)
);

-- The fees so far have applied since the association's records begin.
INSERT INTO membership_fees (type_id, from_fiscal_year, fee_per_unit_yen)
SELECT id, 2000, annual_fee_yen FROM membership_types;
ALTER TABLE membership_types DROP COLUMN annual_fee_yen;

-- The fee per unit of a class in a fiscal year (the latest price set from that year or before).
CREATE FUNCTION membership_fee(type_id bigint, year integer) RETURNS integer
LANGUAGE sql STABLE AS $$
    SELECT f.fee_per_unit_yen FROM membership_fees f
    WHERE f.type_id = $1 AND f.from_fiscal_year <= $2
    ORDER BY f.from_fiscal_year DESC LIMIT 1
$$;

-- How many units (口) the member takes.
ALTER TABLE members ADD COLUMN units smallint NOT NULL DEFAULT 1 CHECK (units BETWEEN 1 AND 99);

-- The articles' scheme (article 5 and 6), in place of the types made up at the start. Names are
-- changed only where nobody has renamed them yet; every member keeps their type.
UPDATE membership_types SET name_ja = '正会員（個人）', name_en = 'Full member (individual)'
WHERE code = 'individual' AND name_ja = '個人会員';
UPDATE membership_types SET name_ja = '正会員（家族）', name_en = 'Full member (family)'
WHERE code = 'family' AND name_ja = '家族会員';
UPDATE membership_types SET category = 'supporting', votes = false, sort_order = 5 WHERE code = 'supporting';
UPDATE membership_types SET name_ja = '賛助会員（団体）', name_en = 'Supporting member (organisation)'
WHERE code = 'supporting' AND name_ja = '賛助会員';
-- the student type is not in the articles: no longer offered, kept for the members who have it
UPDATE membership_types SET offered = false, sort_order = 6 WHERE code = 'student';

INSERT INTO membership_types (code, name_ja, name_en, has_household, is_organisation, category, votes, sort_order)
VALUES ('full_organisation', '正会員（団体）', 'Full member (organisation)', false, true, 'full', true, 3),
       ('supporting_individual', '賛助会員（個人）', 'Supporting member (individual)', false, false, 'supporting', false, 4)
ON CONFLICT (code) DO NOTHING;
INSERT INTO membership_fees (type_id, from_fiscal_year, fee_per_unit_yen)
SELECT id, 2000, CASE code WHEN 'full_organisation' THEN 10000 ELSE 1000 END
FROM membership_types WHERE code IN ('full_organisation', 'supporting_individual')
ON CONFLICT DO NOTHING;
-- article 6: a supporting organisation pays ¥5,000 a unit, from this fiscal year on
INSERT INTO membership_fees (type_id, from_fiscal_year, fee_per_unit_yen)
SELECT id, fiscal_year_of(japan_today()), 5000 FROM membership_types
WHERE code = 'supporting' AND membership_fee(id, fiscal_year_of(japan_today())) <> 5000
ON CONFLICT DO NOTHING;
