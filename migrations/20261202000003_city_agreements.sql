-- A partner city's agreements (issue 12): a city can have several (Ozora: the sister-city tie of
-- 1991 and a disaster mutual-aid agreement of 1995; Soma: disaster aid in 2011, then friendship in
-- 2015), each with a kind, a status that only moves forward (in preparation → concluded → ended)
-- and a dated history. The city's tie shown everywhere (sister or friendship city, since when) is
-- read from its agreements: the columns that kept it on partner_cities go.
CREATE TABLE city_agreements (
    id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    city_id                 bigint NOT NULL REFERENCES partner_cities (id) ON DELETE CASCADE,
    kind                    text NOT NULL CHECK (kind IN ('sister', 'friendship', 'disaster_aid', 'other')),
    status                  text NOT NULL CHECK (status IN ('in_preparation', 'concluded', 'ended')),
    -- the other party when it was not the city as it is now (Memanbetsu Town, later part of Ozora)
    counterpart_ja          text NOT NULL DEFAULT '',
    counterpart_en          text NOT NULL DEFAULT '',
    concluded_on            date,
    concluded_on_precision  text NOT NULL DEFAULT 'day' CHECK (concluded_on_precision IN ('day', 'month', 'year')),
    ended_on                date,
    note_ja                 text NOT NULL DEFAULT '',
    note_en                 text NOT NULL DEFAULT '',
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    -- an agreement that ended while in preparation never concluded, and has no such date
    CONSTRAINT concluded_has_date CHECK (status <> 'concluded' OR concluded_on IS NOT NULL),
    CONSTRAINT ended_has_date CHECK (status <> 'ended' OR ended_on IS NOT NULL)
);
CREATE INDEX city_agreements_city_idx ON city_agreements (city_id);

-- Every step of an agreement: recorded when it is added and at each change of status.
CREATE TABLE city_agreement_history (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id bigint NOT NULL REFERENCES city_agreements (id) ON DELETE CASCADE,
    status       text NOT NULL CHECK (status IN ('in_preparation', 'concluded', 'ended')),
    effective_on date,
    recorded_by  bigint REFERENCES accounts (id),
    recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX city_agreement_history_idx ON city_agreement_history (agreement_id, id);

-- The ties as the register kept them, each city's first agreement.
INSERT INTO city_agreements (city_id, kind, status, concluded_on, concluded_on_precision, ended_on)
SELECT id, kind, status, agreed_on, agreed_on_precision, CASE WHEN status = 'ended' THEN agreed_on END
FROM partner_cities ORDER BY id;

-- The seed's facts corrected and completed (domain notes): Foster City concluded on 2021-07-27, the
-- Ozora tie signed with Memanbetsu Town, and the two disaster mutual-aid agreements.
UPDATE city_agreements a SET status = 'concluded', concluded_on = '2021-07-27', concluded_on_precision = 'day'
FROM partner_cities c
WHERE c.id = a.city_id AND c.slug = 'foster-city' AND a.status = 'in_preparation' AND a.concluded_on IS NULL;
UPDATE partner_cities SET
    summary_ja = 'カリフォルニア州の姉妹都市。2021年7月27日にオンラインで締結しました。',
    summary_en = 'Sister city in California, concluded online on 27 July 2021.',
    description_ja = '稲城市とフォスターシティは、2021年7月27日にオンラインの調印式で姉妹都市提携を結びました。',
    description_en = 'Inagi and Foster City concluded their sister city agreement at an online ceremony on 27 July 2021.'
WHERE slug = 'foster-city' AND summary_en = 'A sister city relationship in preparation.';
UPDATE city_agreements a SET counterpart_ja = '女満別町', counterpart_en = 'Memanbetsu Town'
FROM partner_cities c WHERE c.id = a.city_id AND c.slug = 'ozora' AND a.kind = 'sister';
INSERT INTO city_agreements (city_id, kind, status, counterpart_ja, counterpart_en, concluded_on, concluded_on_precision)
SELECT id, 'disaster_aid', 'concluded', '女満別町', 'Memanbetsu Town', '1995-11-01', 'month'
FROM partner_cities WHERE slug = 'ozora';
INSERT INTO city_agreements (city_id, kind, status, concluded_on, concluded_on_precision)
SELECT id, 'disaster_aid', 'concluded', '2011-06-01', 'month' FROM partner_cities WHERE slug = 'soma';

INSERT INTO city_agreement_history (agreement_id, status, effective_on)
SELECT id, status, COALESCE(ended_on, concluded_on) FROM city_agreements;

-- The city's tie: its sister or friendship agreement, a concluded one before one in preparation
-- before an ended one, the latest first.
CREATE FUNCTION city_tie(city bigint) RETURNS SETOF city_agreements
LANGUAGE sql STABLE AS $$
    SELECT * FROM city_agreements a
    WHERE a.city_id = city AND a.kind IN ('sister', 'friendship')
    ORDER BY CASE a.status WHEN 'concluded' THEN 0 WHEN 'in_preparation' THEN 1 ELSE 2 END,
             a.concluded_on DESC NULLS LAST, a.id DESC
    LIMIT 1
$$;

ALTER TABLE partner_cities DROP CONSTRAINT concluded_has_date;
ALTER TABLE partner_cities DROP COLUMN kind, DROP COLUMN status, DROP COLUMN agreed_on, DROP COLUMN agreed_on_precision;
