-- The association's own rules as data (issue 12): its name, representative and mail signature, the
-- privacy notice members agree to (with a version: a new version asks members to agree again), and
-- the dues calendar (the month the fiscal year starts, the grace date, how many unpaid years make a
-- membership lapse). One row, kept by the admins at /admin/settings; nothing of it is in the code.
CREATE TABLE association_profile (
    id                      smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    name_ja                 text NOT NULL CHECK (name_ja <> ''),
    name_en                 text NOT NULL CHECK (name_en <> ''),
    representative_ja       text NOT NULL DEFAULT '',
    representative_en       text NOT NULL DEFAULT '',
    -- the last lines of every mail
    signature_ja            text NOT NULL CHECK (signature_ja <> ''),
    signature_en            text NOT NULL CHECK (signature_en <> ''),
    privacy_notice_ja       text NOT NULL CHECK (privacy_notice_ja <> ''),
    privacy_notice_en       text NOT NULL CHECK (privacy_notice_en <> ''),
    privacy_version         text NOT NULL CHECK (privacy_version <> ''),
    -- 4: April–March (Japan's usual year); a fiscal year is named by the calendar year it starts in
    fiscal_year_start_month smallint NOT NULL DEFAULT 4 CHECK (fiscal_year_start_month BETWEEN 1 AND 12),
    -- after this day of the fiscal year, unpaid dues show as late
    dues_grace_month        smallint NOT NULL DEFAULT 5 CHECK (dues_grace_month BETWEEN 1 AND 12),
    dues_grace_day          smallint NOT NULL DEFAULT 31 CHECK (dues_grace_day BETWEEN 1 AND 31),
    -- this many whole fiscal years unpaid and the membership may be recorded as lapsed
    lapse_after_unpaid_years smallint NOT NULL DEFAULT 1 CHECK (lapse_after_unpaid_years BETWEEN 1 AND 5),
    updated_at              timestamptz NOT NULL DEFAULT now()
);

INSERT INTO association_profile (name_ja, name_en, signature_ja, signature_en,
                                 privacy_notice_ja, privacy_notice_en, privacy_version)
VALUES ('稲城市姉妹友好都市交流協会',
        'Inagi City Sister and Friendship Cities Exchange Association',
        '稲城市姉妹友好都市交流協会 事務局',
        'Secretariat, Inagi City Sister and Friendship Cities Exchange Association',
        'ご記入いただいた個人情報は、協会の会員管理、交流事業のご案内と運営、年会費の管理のためにだけ使います。法令に基づく場合を除き、ご本人の同意なく第三者に提供しません。名簿は事務局と、担当する委員長が必要な範囲でのみ見ることができます。退会後は、ご依頼により個人情報を消去します。',
        'We use the information you give only to run the membership, to invite you to and organise exchange events, and to keep track of annual dues. We never give it to anyone else without your consent unless the law requires it. Only the secretariat, and committee chairs as far as their work needs, can see the roster. After you withdraw, we erase your details on request.',
        '2026-11-22');

-- The first day of fiscal year `year` under the association's calendar.
CREATE FUNCTION fiscal_year_start(year integer) RETURNS date
LANGUAGE sql STABLE AS $$
    SELECT make_date(year, COALESCE((SELECT fiscal_year_start_month FROM association_profile WHERE id = 1), 4), 1)
$$;

-- The fiscal year a day falls in.
CREATE FUNCTION fiscal_year_of(day date) RETURNS integer
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN extract(month FROM day)::int
                     >= COALESCE((SELECT fiscal_year_start_month FROM association_profile WHERE id = 1), 4)
                THEN extract(year FROM day)::int ELSE extract(year FROM day)::int - 1 END
$$;
