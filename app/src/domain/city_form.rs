//! The secretariat's partner-city form: every field of the register, validated.

use super::city::{CityKind, CityStatus, PartnerCity};
use super::dates::{DatePrecision, PartialDate};
use super::localized::Localized;
use super::{kana, slug::Slug, text};
use crate::error::{FieldErrors, FieldProblem};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CityForm {
    pub slug: String,
    pub name_ja: String,
    pub name_en: String,
    pub name_reading: String,
    pub kind: String,
    pub status: String,
    /// "1991", "1991-11" or "1991-11-01": as precise as is known.
    pub agreed_on: String,
    pub region_ja: String,
    pub region_en: String,
    pub country_ja: String,
    pub country_en: String,
    pub summary_ja: String,
    pub summary_en: String,
    pub description_ja: String,
    pub description_en: String,
    pub official_url: String,
}

/// A date known to the year, month or day.
pub fn parse_partial_date(input: &str) -> Result<Option<PartialDate>, FieldProblem> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(None);
    }
    let parts: Vec<&str> = input.split('-').collect();
    let number = |s: &str| s.parse::<u32>().map_err(|_| FieldProblem::Date);
    let (y, m, d, precision) = match parts.as_slice() {
        [y] => (number(y)?, 1, 1, DatePrecision::Year),
        [y, m] => (number(y)?, number(m)?, 1, DatePrecision::Month),
        [y, m, d] => (number(y)?, number(m)?, number(d)?, DatePrecision::Day),
        _ => return Err(FieldProblem::Date),
    };
    let date = NaiveDate::from_ymd_opt(y as i32, m, d)
        .filter(|_| (1800..=super::dates::LATEST_YEAR as u32).contains(&y))
        .ok_or(FieldProblem::Date)?;
    Ok(Some(PartialDate { date, precision }))
}

impl CityForm {
    pub fn validate(&self) -> Result<PartnerCity, FieldErrors> {
        let mut e = FieldErrors::default();
        let slug = Slug::parse(self.slug.trim()).map(|s| s.as_str().to_string());
        if slug.is_none() {
            e.add(
                "slug",
                if self.slug.trim().is_empty() { FieldProblem::Required } else { FieldProblem::InvalidFormat },
            );
        }
        let mut required =
            |field: &'static str, value: &str, max| text::required(value, max).map_err(|p| e.add(field, p)).ok();
        let name_ja = required("name_ja", &self.name_ja, 100);
        let name_en = required("name_en", &self.name_en, 100);
        let mut optional =
            |field: &'static str, value: &str, max| text::optional(value, max).map_err(|p| e.add(field, p)).ok();
        let fields = [
            optional("region_ja", &self.region_ja, 100),
            optional("region_en", &self.region_en, 100),
            optional("country_ja", &self.country_ja, 100),
            optional("country_en", &self.country_en, 100),
            optional("summary_ja", &self.summary_ja, 300),
            optional("summary_en", &self.summary_en, 300),
        ];
        let description_ja = text::multiline(&self.description_ja, 5000).map_err(|p| e.add("description_ja", p)).ok();
        let description_en = text::multiline(&self.description_en, 5000).map_err(|p| e.add("description_en", p)).ok();
        let reading = kana::Reading::optional(&self.name_reading).map_err(|p| e.add("name_reading", p)).ok();
        let kind = CityKind::parse(&self.kind);
        if kind.is_none() {
            e.add("kind", FieldProblem::NotAllowed);
        }
        let status = CityStatus::parse(&self.status);
        if status.is_none() {
            e.add("status", FieldProblem::NotAllowed);
        }
        let agreed_on = parse_partial_date(&self.agreed_on).map_err(|p| e.add("agreed_on", p)).ok();
        if status.is_some_and(|s| s != CityStatus::InPreparation) && agreed_on.is_some_and(|d| d.is_none()) {
            e.add("agreed_on", FieldProblem::Required);
        }
        let url = self.official_url.trim();
        let official_url = if url.is_empty() {
            Some(None)
        } else if (url.starts_with("https://") || url.starts_with("http://"))
            && url.len() <= 300
            && !url.contains(char::is_whitespace)
        {
            Some(Some(url.to_string()))
        } else {
            e.add("official_url", FieldProblem::InvalidFormat);
            None
        };
        if !e.0.is_empty() {
            return Err(e);
        }
        let missing = || FieldErrors::single("form", FieldProblem::InvalidFormat);
        let [region_ja, region_en, country_ja, country_en, summary_ja, summary_en] =
            fields.map(Option::unwrap_or_default);
        Ok(PartnerCity {
            slug: slug.ok_or_else(missing)?,
            name: Localized::new(name_ja.ok_or_else(missing)?, name_en.ok_or_else(missing)?),
            name_reading: reading.ok_or_else(missing)?.into(),
            kind: kind.ok_or_else(missing)?,
            status: status.ok_or_else(missing)?,
            agreed_on: agreed_on.ok_or_else(missing)?,
            region: Localized::new(region_ja, region_en),
            country: Localized::new(country_ja, country_en),
            summary: Localized::new(summary_ja, summary_en),
            description: Localized::new(description_ja.ok_or_else(missing)?, description_en.ok_or_else(missing)?),
            official_url: official_url.ok_or_else(missing)?,
            // The photo has its own upload; the form never changes it.
            photo: None,
        })
    }

    pub fn from_city(c: &PartnerCity) -> CityForm {
        let agreed_on = c
            .agreed_on
            .map(|d| match d.precision {
                DatePrecision::Year => d.date.format("%Y").to_string(),
                DatePrecision::Month => d.date.format("%Y-%m").to_string(),
                DatePrecision::Day => d.date.format("%Y-%m-%d").to_string(),
            })
            .unwrap_or_default();
        CityForm {
            slug: c.slug.clone(),
            name_ja: c.name.ja.clone(),
            name_en: c.name.en.clone(),
            name_reading: c.name_reading.clone(),
            kind: c.kind.code().into(),
            status: c.status.code().into(),
            agreed_on,
            region_ja: c.region.ja.clone(),
            region_en: c.region.en.clone(),
            country_ja: c.country.ja.clone(),
            country_en: c.country.en.clone(),
            summary_ja: c.summary.ja.clone(),
            summary_en: c.summary.en.clone(),
            description_ja: c.description.ja.clone(),
            description_en: c.description.en.clone(),
            official_url: c.official_url.clone().unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> CityForm {
        CityForm {
            slug: "ozora".into(),
            name_ja: "大空町".into(),
            name_en: "Ozora Town".into(),
            name_reading: "おおぞらちょう".into(),
            kind: "sister".into(),
            status: "concluded".into(),
            agreed_on: "1991-11".into(),
            official_url: "https://www.town.ozora.hokkaido.jp/".into(),
            ..CityForm::default()
        }
    }

    #[test]
    fn a_city_round_trips_through_its_form() {
        let city = form().validate().unwrap();
        assert_eq!(city.agreed_on.unwrap().precision, DatePrecision::Month);
        assert_eq!(CityForm::from_city(&city).validate().unwrap(), city);
    }

    #[test]
    fn concluded_ties_need_a_date_and_urls_are_web_addresses() {
        let errors = CityForm {
            agreed_on: "".into(),
            official_url: "javascript:alert(1)".into(),
            kind: "twin".into(),
            ..form()
        }
        .validate()
        .unwrap_err();
        assert_eq!(errors.get("agreed_on"), Some(&FieldProblem::Required));
        assert_eq!(errors.get("official_url"), Some(&FieldProblem::InvalidFormat));
        assert_eq!(errors.get("kind"), Some(&FieldProblem::NotAllowed));
        assert_eq!(parse_partial_date("1991-13"), Err(FieldProblem::Date));
        assert_eq!(parse_partial_date("2015").unwrap().unwrap().precision, DatePrecision::Year);
    }
}
