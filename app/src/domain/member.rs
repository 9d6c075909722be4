//! A member's own details, as typed into the join and profile forms, and their validation. The
//! forms are plain strings (what a browser posts, kept to show again after an error); `validate`
//! turns them into a [`Profile`] or a set of field errors.

use crate::domain::kana::{self, Reading};
use crate::domain::{address, dues::parse_date, languages, text};
use crate::error::{FieldErrors, FieldProblem};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Rows for household members on the form (enough for a family; works without JavaScript).
pub const HOUSEHOLD_ROWS: usize = 4;
pub const NAME_MAX: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum MemberStatus {
    Pending,
    Active,
    Rejected,
    /// 退会: by the member, or by the office on a 退会届.
    Withdrawn,
    /// 逝去.
    Deceased,
    /// Ended for dues unpaid past the association's limit.
    Lapsed,
}

impl MemberStatus {
    pub const ALL: [MemberStatus; 6] = [
        MemberStatus::Pending,
        MemberStatus::Active,
        MemberStatus::Rejected,
        MemberStatus::Withdrawn,
        MemberStatus::Deceased,
        MemberStatus::Lapsed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MemberStatus::Pending => "pending",
            MemberStatus::Active => "active",
            MemberStatus::Rejected => "rejected",
            MemberStatus::Withdrawn => "withdrawn",
            MemberStatus::Deceased => "deceased",
            MemberStatus::Lapsed => "lapsed",
        }
    }

    pub fn parse(code: &str) -> Option<MemberStatus> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// A membership that has ended (withdrawn, deceased, lapsed): its details may be erased, its
    /// login stays closed, and the office may reinstate it (not a deceased member).
    pub fn has_ended(self) -> bool {
        matches!(self, MemberStatus::Withdrawn | MemberStatus::Deceased | MemberStatus::Lapsed)
    }
}

/// How mailings reach a member (会報は郵送, say): every later mailing follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum ContactBy {
    #[default]
    Email,
    Post,
    Both,
}

impl ContactBy {
    pub const ALL: [ContactBy; 3] = [ContactBy::Email, ContactBy::Post, ContactBy::Both];

    pub fn code(self) -> &'static str {
        match self {
            ContactBy::Email => "email",
            ContactBy::Post => "post",
            ContactBy::Both => "both",
        }
    }

    pub fn parse(code: &str) -> Option<ContactBy> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// One step of a membership's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum MembershipChange {
    Applied,
    Approved,
    Rejected,
    Withdrawn,
    Deceased,
    Lapsed,
    Reinstated,
    TypeChanged,
}

impl MembershipChange {
    /// The ways the office ends a membership, and the status each leaves.
    pub fn ending(code: &str) -> Option<(MembershipChange, MemberStatus)> {
        match code {
            "withdrawn" => Some((MembershipChange::Withdrawn, MemberStatus::Withdrawn)),
            "deceased" => Some((MembershipChange::Deceased, MemberStatus::Deceased)),
            "lapsed" => Some((MembershipChange::Lapsed, MemberStatus::Lapsed)),
            _ => None,
        }
    }
}

/// One household member row of the form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HouseholdForm {
    pub full_name: String,
    pub name_reading: String,
    pub relationship: String,
    pub birth_date: String,
}

impl HouseholdForm {
    pub fn is_blank(&self) -> bool {
        [&self.full_name, &self.name_reading, &self.relationship, &self.birth_date].iter().all(|v| v.trim().is_empty())
    }
}

/// The personal part of the join form, and the whole of the profile form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfileForm {
    pub full_name: String,
    pub name_reading: String,
    pub name_romaji: String,
    pub organisation_name: String,
    pub phone: String,
    pub postal_code: String,
    pub prefecture: String,
    pub city: String,
    pub street: String,
    pub birth_date: String,
    pub languages: Vec<String>,
    pub committees: Vec<String>,
    pub household: Vec<HouseholdForm>,
    /// A checkbox: present ("yes") when ticked.
    pub photo_consent: Option<String>,
}

/// The account part of the join form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct JoinForm {
    pub membership_type: String,
    pub email: String,
    /// Never kept for showing again (see `without_password`).
    pub password: String,
    pub privacy_notice_version: String,
    pub privacy_consent: Option<String>,
    /// Units (口) of the annual fee; empty is one.
    pub units: String,
}

impl JoinForm {
    /// The form as it may be kept to show again after an error: without the password.
    pub fn without_password(&self) -> JoinForm {
        JoinForm { password: String::new(), ..self.clone() }
    }
}

/// What the form asks for depends on the membership type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TypeShape {
    pub has_household: bool,
    pub is_organisation: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Household {
    pub full_name: String,
    pub name_reading: Reading,
    pub relationship: String,
    pub birth_date: Option<NaiveDate>,
}

/// Validated personal details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub full_name: String,
    pub name_reading: Reading,
    pub name_romaji: String,
    pub organisation_name: String,
    pub phone: String,
    pub postal_code: String,
    pub prefecture_code: i16,
    pub city: String,
    pub street: String,
    pub birth_date: Option<NaiveDate>,
    pub languages: Vec<String>,
    pub committee_slugs: Vec<String>,
    pub household: Vec<Household>,
    pub photo_consent: bool,
}

impl Profile {
    pub fn reading_key(&self) -> String {
        kana::reading_key(&self.name_reading)
    }
}

/// Runs `parse` and files its problem under `field`; `None` when it failed.
fn check<T>(errors: &mut FieldErrors, field: impl Into<String>, parse: Result<T, FieldProblem>) -> Option<T> {
    parse.map_err(|problem| errors.add(field, problem)).ok()
}

fn optional_date(input: &str, today: NaiveDate) -> Result<Option<NaiveDate>, FieldProblem> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    let date = parse_date(input)?;
    let earliest = NaiveDate::from_ymd_opt(1900, 1, 1).expect("a valid date");
    if date < earliest || date > today {
        return Err(FieldProblem::Date);
    }
    Ok(Some(date))
}

pub fn romaji(input: &str) -> Result<String, FieldProblem> {
    let name = text::optional(input, NAME_MAX)?;
    let latin = |c: char| c.is_alphabetic() && (c.is_ascii() || ('\u{00C0}'..='\u{024F}').contains(&c));
    if name.chars().all(|c| latin(c) || matches!(c, ' ' | '-' | '\'' | '.')) {
        Ok(name)
    } else {
        Err(FieldProblem::InvalidFormat)
    }
}

impl ProfileForm {
    pub fn validate(&self, shape: TypeShape, today: NaiveDate) -> Result<Profile, FieldErrors> {
        let mut e = FieldErrors::default();
        let full_name = check(&mut e, "full_name", text::required(&self.full_name, NAME_MAX));
        let name_reading = check(&mut e, "name_reading", kana::Reading::parse(&self.name_reading));
        let name_romaji = check(&mut e, "name_romaji", romaji(&self.name_romaji));
        let organisation =
            if shape.is_organisation { text::required(&self.organisation_name, NAME_MAX) } else { Ok(String::new()) };
        let organisation_name = check(&mut e, "organisation_name", organisation);
        let phone = check(&mut e, "phone", address::parse_phone(&self.phone));
        let postal_code = check(&mut e, "postal_code", address::parse_postal_code(&self.postal_code));
        let prefecture_code = check(&mut e, "prefecture", address::parse_prefecture(&self.prefecture));
        let city = check(&mut e, "city", text::required(&self.city, 100));
        let street = check(&mut e, "street", text::required(&self.street, 200));
        let birth_date = check(&mut e, "birth_date", optional_date(&self.birth_date, today));
        let mut languages: Vec<String> = Vec::new();
        for code in &self.languages {
            if !languages::is_known(code) {
                e.add("languages", FieldProblem::NotAllowed);
            } else if !languages.contains(code) {
                languages.push(code.clone());
            }
        }
        let mut committee_slugs: Vec<String> = self.committees.iter().map(|s| s.trim().to_string()).collect();
        committee_slugs.sort();
        committee_slugs.dedup();
        let household = if shape.has_household { self.household_rows(&mut e, today) } else { Vec::new() };
        if shape.has_household && household.is_empty() && e.get("household.0.full_name").is_none() {
            e.add("household.0.full_name", FieldProblem::HouseholdRequired);
        }
        if !e.0.is_empty() {
            return Err(e);
        }
        // Every `check` above succeeded, or `into_result` returned the errors.
        let missing = || FieldErrors::single("form", FieldProblem::InvalidFormat);
        Ok(Profile {
            full_name: full_name.ok_or_else(missing)?,
            name_reading: name_reading.ok_or_else(missing)?,
            name_romaji: name_romaji.ok_or_else(missing)?,
            organisation_name: organisation_name.ok_or_else(missing)?,
            phone: phone.ok_or_else(missing)?,
            postal_code: postal_code.ok_or_else(missing)?,
            prefecture_code: prefecture_code.ok_or_else(missing)?,
            city: city.ok_or_else(missing)?,
            street: street.ok_or_else(missing)?,
            birth_date: birth_date.ok_or_else(missing)?,
            languages,
            committee_slugs,
            household,
            photo_consent: self.photo_consent.is_some(),
        })
    }

    fn household_rows(&self, e: &mut FieldErrors, today: NaiveDate) -> Vec<Household> {
        let mut rows = Vec::new();
        for (i, row) in self.household.iter().enumerate().take(HOUSEHOLD_ROWS * 3) {
            if row.is_blank() {
                continue;
            }
            let full_name = check(e, format!("household.{i}.full_name"), text::required(&row.full_name, NAME_MAX));
            let reading = check(e, format!("household.{i}.name_reading"), kana::Reading::optional(&row.name_reading));
            let relationship = check(e, format!("household.{i}.relationship"), text::optional(&row.relationship, 30));
            let birth_date = check(e, format!("household.{i}.birth_date"), optional_date(&row.birth_date, today));
            if let (Some(full_name), Some(name_reading), Some(relationship), Some(birth_date)) =
                (full_name, reading, relationship, birth_date)
            {
                rows.push(Household { full_name, name_reading, relationship, birth_date });
            }
        }
        rows
    }

    /// The form filled with a member's stored details (for editing).
    pub fn from_profile(profile: &Profile) -> ProfileForm {
        let date = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
        ProfileForm {
            full_name: profile.full_name.clone(),
            name_reading: profile.name_reading.to_string(),
            name_romaji: profile.name_romaji.clone(),
            organisation_name: profile.organisation_name.clone(),
            phone: profile.phone.clone(),
            postal_code: address::format_postal_code(&profile.postal_code).trim_start_matches('〒').to_string(),
            prefecture: profile.prefecture_code.to_string(),
            city: profile.city.clone(),
            street: profile.street.clone(),
            birth_date: date(profile.birth_date),
            languages: profile.languages.clone(),
            committees: profile.committee_slugs.clone(),
            household: profile
                .household
                .iter()
                .map(|h| HouseholdForm {
                    full_name: h.full_name.clone(),
                    name_reading: h.name_reading.to_string(),
                    relationship: h.relationship.clone(),
                    birth_date: date(h.birth_date),
                })
                .collect(),
            photo_consent: profile.photo_consent.then(|| "yes".to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    pub fn filled() -> ProfileForm {
        ProfileForm {
            full_name: "髙﨑 花子".into(),
            name_reading: "タカサキ ハナコ".into(),
            name_romaji: "Hanako Takasaki".into(),
            phone: "042-378-2111".into(),
            postal_code: "〒206-8601".into(),
            prefecture: "13".into(),
            city: "稲城市".into(),
            street: "東長沼2111".into(),
            birth_date: "1956-04-01".into(),
            languages: vec!["ja".into(), "en".into(), "ja".into()],
            committees: vec!["international".into()],
            photo_consent: Some("yes".into()),
            ..ProfileForm::default()
        }
    }

    #[test]
    fn a_complete_form_passes_and_keeps_names_exactly() {
        let profile = filled().validate(TypeShape::default(), today()).unwrap();
        assert_eq!(profile.full_name, "髙﨑 花子");
        assert_eq!(profile.reading_key(), "たかさきはなこ");
        assert_eq!(profile.postal_code, "2068601");
        assert_eq!(profile.languages, vec!["ja", "en"]);
        assert!(profile.photo_consent);
        assert!(profile.household.is_empty());
    }

    #[test]
    fn every_problem_is_reported_by_field() {
        let form = ProfileForm {
            name_reading: "高崎".into(),
            postal_code: "206".into(),
            birth_date: "2030-01-01".into(),
            languages: vec!["xx".into()],
            ..filled()
        };
        let form = ProfileForm { full_name: String::new(), ..form };
        let errors = form.validate(TypeShape::default(), today()).unwrap_err();
        assert_eq!(errors.get("full_name"), Some(&FieldProblem::Required));
        assert_eq!(errors.get("name_reading"), Some(&FieldProblem::NotKana));
        assert_eq!(errors.get("postal_code"), Some(&FieldProblem::PostalCode));
        assert_eq!(errors.get("birth_date"), Some(&FieldProblem::Date));
        assert_eq!(errors.get("languages"), Some(&FieldProblem::NotAllowed));
        assert_eq!(errors.get("phone"), None);
    }

    #[test]
    fn families_list_their_household_and_organisations_their_name() {
        let family = TypeShape { has_household: true, is_organisation: false };
        let errors = filled().validate(family, today()).unwrap_err();
        assert_eq!(errors.get("household.0.full_name"), Some(&FieldProblem::HouseholdRequired));

        let mut form = filled();
        form.household = vec![
            HouseholdForm::default(),
            HouseholdForm {
                full_name: "髙﨑 太郎".into(),
                name_reading: "たかさき たろう".into(),
                relationship: "夫".into(),
                birth_date: "1955-01-02".into(),
            },
            HouseholdForm { full_name: String::new(), name_reading: "ｘ".into(), ..HouseholdForm::default() },
        ];
        let errors = form.clone().validate(family, today()).unwrap_err();
        assert_eq!(errors.get("household.2.full_name"), Some(&FieldProblem::Required));
        assert_eq!(errors.get("household.2.name_reading"), Some(&FieldProblem::NotKana));
        form.household.pop();
        let profile = form.validate(family, today()).unwrap();
        assert_eq!(profile.household.len(), 1);
        assert_eq!(profile.household[0].relationship, "夫");

        let organisation = TypeShape { has_household: false, is_organisation: true };
        let errors = filled().validate(organisation, today()).unwrap_err();
        assert_eq!(errors.get("organisation_name"), Some(&FieldProblem::Required));
    }

    #[test]
    fn a_stored_profile_fills_the_form_again() {
        let profile = filled().validate(TypeShape::default(), today()).unwrap();
        let again = ProfileForm::from_profile(&profile).validate(TypeShape::default(), today()).unwrap();
        assert_eq!(again, profile);
    }

    #[test]
    fn the_password_is_never_kept_for_showing_again() {
        let form =
            JoinForm { email: "a@example.jp".into(), password: "secret words here".into(), ..JoinForm::default() };
        let kept = form.without_password();
        assert_eq!(kept.password, "");
        assert_eq!(kept.email, "a@example.jp");
    }
}
