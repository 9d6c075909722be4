//! One row of an imported member list, checked with the same rules as the join form where they
//! make sense for old records: a name and its reading are required, everything else may be blank
//! (paper-era members often have no email or phone), but what is there must be valid.

use super::fields::{ImportField, Mapping};
use super::office_columns;
use crate::domain::address;
use crate::domain::email::Email;
use crate::domain::member::{romaji, ContactBy, Household, NAME_MAX};
use crate::domain::membership::{CommitteeChoice, FeeFrom, MembershipType};
use crate::domain::membership_class::parse_units;
use crate::domain::{kana, text};
use crate::error::FieldProblem;
use crate::i18n::names::PREFECTURES;
use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

/// A row that passed every check: a member to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedMember {
    pub member_number: Option<i32>,
    pub full_name: String,
    pub name_reading: String,
    pub reading_key: String,
    pub name_romaji: String,
    pub organisation_name: String,
    pub email: Option<String>,
    pub phone: String,
    pub postal_code: String,
    pub prefecture_code: Option<i16>,
    pub city: String,
    pub street: String,
    pub birth_date: Option<NaiveDate>,
    pub membership_type_id: i64,
    pub joined_on: Option<NaiveDate>,
    pub units: i16,
    pub notes: String,
    pub contact_by: ContactBy,
    pub household: Vec<Household>,
    pub committee_slugs: Vec<String>,
    /// The fiscal years already paid, each with its amount (that year's fee × units).
    pub paid: Vec<(i32, i32)>,
}

/// What every row is checked against.
#[derive(Debug, Clone)]
pub struct RowRules {
    /// The membership classes (a blank class means the first, the individual membership).
    pub types: Vec<MembershipType>,
    pub fees: Vec<FeeFrom>,
    /// The committees on offer.
    pub committees: Vec<CommitteeChoice>,
    /// Bounds the dates.
    pub today: NaiveDate,
    /// The fiscal year running today: no later one can have been paid.
    pub this_fiscal_year: i32,
}

/// Checks one row against `rules`.
pub fn check_row(
    cells: &[String],
    mapping: &Mapping,
    rules: &RowRules,
) -> Result<ImportedMember, Vec<(ImportField, FieldProblem)>> {
    let (types, today) = (rules.types.as_slice(), rules.today);
    // A line break inside a cell (Alt+Enter in Excel) becomes a space: every field is one line,
    // but for those that list things or are remarks, which read the cell as it is.
    let flat: Vec<String> = cells.iter().map(|c| c.trim().replace("\r\n", " ").replace(['\r', '\n'], " ")).collect();
    let cell = |field: ImportField| mapping.column(field).and_then(|c| flat.get(c)).map_or("", |s| s.as_str());
    let raw = |field: ImportField| mapping.column(field).and_then(|c| cells.get(c)).map_or("", |s| s.as_str());
    let mut problems = Vec::new();
    let mut check = |field: ImportField, result: Result<(), FieldProblem>| {
        if let Err(problem) = result {
            problems.push((field, problem));
        }
    };
    let mut member = ImportedMember {
        member_number: None,
        full_name: String::new(),
        name_reading: String::new(),
        reading_key: String::new(),
        name_romaji: String::new(),
        organisation_name: String::new(),
        email: None,
        phone: String::new(),
        postal_code: String::new(),
        prefecture_code: None,
        city: String::new(),
        street: String::new(),
        birth_date: None,
        membership_type_id: 0,
        joined_on: None,
        units: 1,
        notes: String::new(),
        contact_by: ContactBy::Email,
        household: Vec::new(),
        committee_slugs: Vec::new(),
        paid: Vec::new(),
    };
    check(
        ImportField::MemberNumber,
        optional(cell(ImportField::MemberNumber), member_number).map(|n| member.member_number = n),
    );
    check(ImportField::FullName, text::required(cell(ImportField::FullName), NAME_MAX).map(|v| member.full_name = v));
    check(
        ImportField::NameReading,
        kana::Reading::parse(cell(ImportField::NameReading)).map(|v| member.name_reading = v.into()),
    );
    member.reading_key = kana::reading_key(&member.name_reading);
    check(ImportField::NameRomaji, romaji(cell(ImportField::NameRomaji)).map(|v| member.name_romaji = v));
    check(
        ImportField::Email,
        optional(cell(ImportField::Email), |s| Email::parse(s).map(|e| e.as_str().to_string()))
            .map(|v| member.email = v),
    );
    check(
        ImportField::Phone,
        optional(cell(ImportField::Phone), address::parse_phone).map(|v| member.phone = v.unwrap_or_default()),
    );
    check(
        ImportField::PostalCode,
        optional(cell(ImportField::PostalCode), address::parse_postal_code)
            .map(|v| member.postal_code = v.unwrap_or_default()),
    );
    check(
        ImportField::Prefecture,
        optional(cell(ImportField::Prefecture), prefecture).map(|v| member.prefecture_code = v),
    );
    check(ImportField::City, text::optional(cell(ImportField::City), 100).map(|v| member.city = v));
    check(ImportField::Street, text::optional(cell(ImportField::Street), 200).map(|v| member.street = v));
    check(
        ImportField::BirthDate,
        optional(cell(ImportField::BirthDate), |s| past_date(s, today)).map(|v| member.birth_date = v),
    );
    check(
        ImportField::JoinedOn,
        optional(cell(ImportField::JoinedOn), |s| past_date(s, today)).map(|v| member.joined_on = v),
    );
    let names_organisation = !cell(ImportField::OrganisationName).trim().is_empty();
    let kind = membership_type(cell(ImportField::MembershipType), types, names_organisation);
    let needs_organisation = kind.as_ref().is_ok_and(|k| k.is_organisation);
    check(ImportField::MembershipType, kind.map(|k| member.membership_type_id = k.id));
    let organisation = text::optional(cell(ImportField::OrganisationName), NAME_MAX);
    let organisation = organisation.and_then(|name| {
        if name.is_empty() && needs_organisation {
            Err(FieldProblem::Required)
        } else {
            member.organisation_name = name;
            Ok(())
        }
    });
    check(ImportField::OrganisationName, organisation);
    check(ImportField::Units, parse_units(cell(ImportField::Units)).map(|units| member.units = i16::from(units)));
    check(ImportField::Notes, office_columns::notes(raw(ImportField::Notes)).map(|notes| member.notes = notes));
    let contact = office_columns::contact_column(cell(ImportField::ContactBy))
        .and_then(|column| office_columns::contact_by(column, member.email.is_some(), &member.notes));
    check(ImportField::ContactBy, contact.map(|choice| member.contact_by = choice));
    let kind = types.iter().find(|t| t.id == member.membership_type_id);
    let household = office_columns::household(raw(ImportField::Household)).and_then(|people| {
        if !people.is_empty() && kind.is_some_and(|k| !k.has_household) {
            return Err(FieldProblem::NotAllowed);
        }
        member.household = people;
        Ok(())
    });
    check(ImportField::Household, household);
    check(
        ImportField::Committees,
        office_columns::committees(raw(ImportField::Committees), &rules.committees)
            .map(|slugs| member.committee_slugs = slugs),
    );
    let paid = office_columns::paid_years(raw(ImportField::PaidYears), rules.this_fiscal_year).and_then(|years| {
        let Some(kind) = kind else { return Ok(()) };
        // A year before the class had a price cannot have been paid at it.
        let fee = |year| FeeFrom::in_year(&rules.fees, kind.id, year).ok_or(FieldProblem::NotAllowed);
        member.paid = years
            .into_iter()
            .map(|year| Ok((year, fee(year)? * i32::from(member.units))))
            .collect::<Result<_, FieldProblem>>()?;
        Ok(())
    });
    check(ImportField::PaidYears, paid);
    if problems.is_empty() {
        Ok(member)
    } else {
        Err(problems)
    }
}

fn optional<T>(input: &str, parse: impl FnOnce(&str) -> Result<T, FieldProblem>) -> Result<Option<T>, FieldProblem> {
    if input.is_empty() {
        Ok(None)
    } else {
        parse(input).map(Some)
    }
}

fn member_number(input: &str) -> Result<i32, FieldProblem> {
    let digits: String = input.nfkc().collect();
    match digits.trim().parse::<i32>() {
        Ok(n) if (1..=99_999_999).contains(&n) => Ok(n),
        _ => Err(FieldProblem::InvalidFormat),
    }
}

/// A prefecture by its name (東京都, 東京, Tokyo) or its JIS code (13).
pub fn prefecture(input: &str) -> Result<i16, FieldProblem> {
    let input: String = input.nfkc().collect::<String>().trim().to_lowercase();
    if let Ok(code) = address::parse_prefecture(&input) {
        return Ok(code);
    }
    let short = |ja: &str| ja.trim_end_matches(['都', '府', '県']).to_string();
    PREFECTURES
        .iter()
        .position(|&(ja, en)| {
            input == ja || input == short(ja) || input == en.to_lowercase() || (input == "北海" && ja == "北海道")
        })
        .map(|i| i as i16 + 1)
        .ok_or(FieldProblem::NotAllowed)
}

/// A membership type by its code or either of its names; blank means the first (individual).
fn membership_type<'a>(
    input: &str,
    types: &'a [MembershipType],
    names_organisation: bool,
) -> Result<&'a MembershipType, FieldProblem> {
    if input.is_empty() {
        return types.first().ok_or(FieldProblem::NotAllowed);
    }
    let wanted = input.nfkc().collect::<String>().to_lowercase().replace(' ', "");
    // Exact names first; then the ways paper lists write a class. Of several that fit ("賛助会員"),
    // an organisation's class for a row that names an organisation, else a person's; then the
    // first in the secretariat's order ("正会員" is the individual full member).
    let exact = |t: &&MembershipType| {
        [t.code.as_str(), t.name.ja.as_str(), t.name.en.as_str()]
            .iter()
            .any(|name| name.nfkc().collect::<String>().to_lowercase().replace(' ', "") == wanted)
    };
    types
        .iter()
        .find(exact)
        .or_else(|| {
            let fits: Vec<&MembershipType> =
                types.iter().filter(|t| paper_names(&t.name.ja).contains(&wanted)).collect();
            fits.iter().find(|t| t.is_organisation == names_organisation).or(fits.first()).copied()
        })
        .ok_or(FieldProblem::NotAllowed)
}

/// What an old list may call a class named "正会員（家族）": 正会員家族, 家族, 家族会員, 正会員; and one named
/// "学生会員": 学生.
fn paper_names(name_ja: &str) -> Vec<String> {
    let name: String = name_ja.nfkc().collect::<String>().replace(' ', "");
    let mut names = vec![name.trim_end_matches("会員").to_string()];
    if let Some((class, rest)) = name.split_once('(') {
        let holder = rest.trim_end_matches(')');
        names.extend([format!("{class}{holder}"), holder.to_string(), format!("{holder}会員"), class.to_string()]);
    }
    names
}

/// A date no later than `today` (and not before 1900).
fn past_date(input: &str, today: NaiveDate) -> Result<NaiveDate, FieldProblem> {
    let date = flexible_date(input).ok_or(FieldProblem::Date)?;
    let earliest = NaiveDate::from_ymd_opt(1900, 1, 1).expect("a valid date");
    if date < earliest || date > today {
        return Err(FieldProblem::Date);
    }
    Ok(date)
}

/// The Japanese eras a living member's dates fall in, with the year before each era's first.
const ERAS: [(&[&str], i32); 5] = [
    (&["令和", "r"], 2018),
    (&["平成", "h"], 1988),
    (&["昭和", "s"], 1925),
    (&["大正", "t"], 1911),
    (&["明治", "m"], 1867),
];

/// Dates as old lists hold them: 1950-03-01, 1950/3/1, 1950.3.1, 1950年3月1日, and Japanese era
/// dates such as 昭和25年3月1日, 平成元年1月8日 or S25.3.1.
pub fn flexible_date(input: &str) -> Option<NaiveDate> {
    let text: String = input.nfkc().collect::<String>().trim().to_lowercase();
    let (offset, rest) = ERAS
        .iter()
        .find_map(|(names, offset)| names.iter().find_map(|n| text.strip_prefix(n)).map(|rest| (*offset, rest)))
        .unwrap_or((0, text.as_str()));
    let rest = rest.replacen("元", "1", 1);
    let parts: Vec<&str> =
        rest.split(['-', '/', '.', '年', '月', '日']).map(str::trim).filter(|p| !p.is_empty()).collect();
    let [year, month, day] = parts.as_slice() else { return None };
    let year: i32 = year.parse().ok()?;
    if offset > 0 && !(1..=64).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year + offset, month.parse().ok()?, day.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::localized::Localized;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn types() -> Vec<MembershipType> {
        let kind = |id, code: &str, ja: &str, en: &str, is_organisation| MembershipType {
            id,
            code: code.into(),
            name: Localized { ja: ja.into(), en: en.into() },
            fee_per_unit_yen: 2000,
            has_household: code == "family",
            is_organisation,
            offered: true,
            category: crate::domain::membership_class::MemberCategory::Full,
            votes: true,
        };
        vec![
            kind(1, "individual", "正会員（個人）", "Full member (individual)", false),
            kind(2, "family", "正会員（家族）", "Full member (family)", false),
            kind(3, "supporting_individual", "賛助会員（個人）", "Supporting member (individual)", false),
            kind(4, "supporting", "賛助会員（団体）", "Supporting member (organisation)", true),
        ]
    }

    fn rules() -> RowRules {
        let fees = types()
            .iter()
            .map(|t| FeeFrom { type_id: t.id, from_fiscal_year: 2000, fee_per_unit_yen: 1000 * t.id as i32 })
            .chain([FeeFrom { type_id: 2, from_fiscal_year: 2026, fee_per_unit_yen: 3500 }])
            .collect();
        let committees = vec![CommitteeChoice {
            slug: "international".into(),
            name: Localized { ja: "国際交流委員会".into(), en: "International Exchange Committee".into() },
        }];
        RowRules { types: types(), fees, committees, today: day(2026, 11, 22), this_fiscal_year: 2026 }
    }

    #[test]
    fn the_office_s_own_columns_come_in_with_the_member() {
        use ImportField::*;
        let m =
            mapping(&[FullName, NameReading, Email, MembershipType, Units, Notes, Household, Committees, PaidYears]);
        let cells = row(&[
            "田中 花子",
            "たなか はなこ",
            "hanako@example.jp",
            "家族",
            "２口",
            "会報は郵送\n足が悪い",
            "田中 次郎（夫）",
            "国際",
            "2025〜2026",
        ]);
        let member = check_row(&cells, &m, &rules()).unwrap();
        assert_eq!(member.units, 2);
        assert_eq!(member.notes, "会報は郵送\n足が悪い");
        assert_eq!(member.contact_by, crate::domain::member::ContactBy::Both, "has an email and asks for paper");
        assert_eq!(member.household.len(), 1);
        assert_eq!(member.household[0].relationship, "夫");
        assert_eq!(member.committee_slugs, vec!["international".to_string()]);
        assert_eq!(member.paid, vec![(2025, 4000), (2026, 7000)], "each year at its own fee, × 2 units");
        let mut single = cells.clone();
        single[3] = "個人".into();
        single[8] = "2025、2027".into();
        let problems = check_row(&single, &m, &rules()).unwrap_err();
        assert_eq!(problems, vec![(Household, FieldProblem::NotAllowed), (PaidYears, FieldProblem::NotAllowed)]);
    }

    #[test]
    fn classes_as_old_lists_write_them() {
        let types = types();
        let id = |input: &str| membership_type(input, &types, false).map(|t| t.id);
        assert_eq!(id("正会員（個人）"), Ok(1));
        assert_eq!(id("正会員(家族)"), Ok(2), "half-width brackets");
        assert_eq!(id("個人会員"), Ok(1));
        assert_eq!(id("家族"), Ok(2));
        assert_eq!(id("正会員"), Ok(1), "the first full class");
        assert_eq!(id("賛助会員"), Ok(3), "a person");
        assert_eq!(membership_type("賛助会員", &types, true).map(|t| t.id), Ok(4), "a row naming an organisation");
        assert_eq!(id("Full member (family)"), Ok(2));
        assert_eq!(id("gold"), Err(FieldProblem::NotAllowed));
    }

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    fn mapping(fields: &[ImportField]) -> Mapping {
        Mapping(fields.iter().enumerate().map(|(i, f)| (*f, i)).collect())
    }

    #[test]
    fn dates_in_the_forms_old_lists_use() {
        assert_eq!(flexible_date("1950-03-01"), Some(day(1950, 3, 1)));
        assert_eq!(flexible_date("1950/3/1"), Some(day(1950, 3, 1)));
        assert_eq!(flexible_date("１９５０年３月１日"), Some(day(1950, 3, 1)));
        assert_eq!(flexible_date("昭和25年3月1日"), Some(day(1950, 3, 1)));
        assert_eq!(flexible_date("S25.3.1"), Some(day(1950, 3, 1)));
        assert_eq!(flexible_date("平成元年1月8日"), Some(day(1989, 1, 8)));
        assert_eq!(flexible_date("令和2年4月1日"), Some(day(2020, 4, 1)));
        assert_eq!(flexible_date("1950-02-30"), None);
        assert_eq!(flexible_date("昭和70年1月1日"), None);
        assert_eq!(flexible_date("三月"), None);
    }

    #[test]
    fn prefectures_by_name_short_name_english_or_code() {
        assert_eq!(prefecture("東京都"), Ok(13));
        assert_eq!(prefecture("東京"), Ok(13));
        assert_eq!(prefecture("Nagano"), Ok(20));
        assert_eq!(prefecture("北海道"), Ok(1));
        assert_eq!(prefecture("13"), Ok(13));
        assert_eq!(prefecture("東京府"), Err(FieldProblem::NotAllowed));
    }

    #[test]
    fn a_paper_era_row_needs_only_a_name_and_its_reading() {
        use ImportField::*;
        let m = mapping(&[FullName, NameReading, Email, Phone, BirthDate, MembershipType]);
        let member = check_row(&row(&["髙橋 﨑子", "ﾀｶﾊｼ ｻｷｺ", "", "", "", ""]), &m, &rules()).unwrap();
        assert_eq!(member.full_name, "髙橋 﨑子");
        assert_eq!(member.name_reading, "タカハシ サキコ");
        assert_eq!(member.reading_key, "たかはしさきこ");
        assert_eq!((member.email, member.birth_date, member.membership_type_id), (None, None, 1));
        let full = check_row(
            &row(&["田中 花子", "たなか はなこ", "Hanako@Example.JP", "042-378-2111", "昭和25年3月1日", "個人"]),
            &m,
            &rules(),
        )
        .unwrap();
        assert_eq!(full.email.as_deref(), Some("hanako@example.jp"));
        assert_eq!(full.birth_date, Some(day(1950, 3, 1)));
    }

    #[test]
    fn every_problem_of_a_row_is_named_by_field() {
        use ImportField::*;
        let m = mapping(&[MemberNumber, FullName, NameReading, Email, PostalCode, BirthDate, MembershipType]);
        let problems =
            check_row(&row(&["x1", "", "Tanaka", "no-at-sign", "123", "2030-01-01", "賛助会員（団体）"]), &m, &rules())
                .unwrap_err();
        let fields: Vec<ImportField> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, vec![MemberNumber, FullName, NameReading, Email, PostalCode, BirthDate, OrganisationName]);
        assert!(problems.contains(&(NameReading, FieldProblem::NotKana)));
        assert!(problems.contains(&(OrganisationName, FieldProblem::Required)));
        let unknown = check_row(&row(&["", "a", "あ", "", "", "", "gold"]), &m, &rules()).unwrap_err();
        assert_eq!(unknown, vec![(MembershipType, FieldProblem::NotAllowed)]);
    }
}
