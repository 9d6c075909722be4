//! Partner cities (交流都市): the kind of tie, its status and when it was agreed.

use super::dates::{DatePrecision, PartialDate};
use super::localized::Localized;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum CityKind {
    /// 姉妹都市
    Sister,
    /// 友好都市
    Friendship,
}

impl CityKind {
    pub fn code(self) -> &'static str {
        match self {
            CityKind::Sister => "sister",
            CityKind::Friendship => "friendship",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "sister" => Some(CityKind::Sister),
            "friendship" => Some(CityKind::Friendship),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum CityStatus {
    InPreparation,
    Concluded,
    Ended,
}

impl CityStatus {
    pub fn code(self) -> &'static str {
        match self {
            CityStatus::InPreparation => "in_preparation",
            CityStatus::Concluded => "concluded",
            CityStatus::Ended => "ended",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "in_preparation" => Some(CityStatus::InPreparation),
            "concluded" => Some(CityStatus::Concluded),
            "ended" => Some(CityStatus::Ended),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerCity {
    pub slug: String,
    pub name: Localized,
    /// Kana reading of the Japanese name, used for sorting.
    pub name_reading: String,
    pub kind: CityKind,
    pub status: CityStatus,
    pub agreed_on: Option<PartialDate>,
    /// Prefecture or state.
    pub region: Localized,
    pub country: Localized,
    pub summary: Localized,
    pub description: Localized,
    pub official_url: Option<String>,
    /// The secretariat's photo of the city, if it gave one.
    pub photo: Option<crate::domain::photo::Photo>,
}

impl PartnerCity {
    /// Builds the agreement date from its stored parts; an unknown precision counts as a full date.
    pub fn agreement(date: Option<chrono::NaiveDate>, precision: &str) -> Option<PartialDate> {
        date.map(|date| PartialDate { date, precision: DatePrecision::parse(precision).unwrap_or(DatePrecision::Day) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_statuses_round_trip_their_stored_names() {
        for kind in [CityKind::Sister, CityKind::Friendship] {
            assert_eq!(CityKind::parse(kind.code()), Some(kind));
        }
        for status in [CityStatus::InPreparation, CityStatus::Concluded, CityStatus::Ended] {
            assert_eq!(CityStatus::parse(status.code()), Some(status));
        }
        assert_eq!(CityKind::parse("twin"), None);
        assert_eq!(CityStatus::parse(""), None);
    }

    #[test]
    fn agreement_keeps_its_precision() {
        let day = chrono::NaiveDate::from_ymd_opt(1991, 11, 1);
        assert_eq!(PartnerCity::agreement(day, "month").unwrap().precision, DatePrecision::Month);
        assert_eq!(PartnerCity::agreement(day, "bogus").unwrap().precision, DatePrecision::Day);
        assert_eq!(PartnerCity::agreement(None, "month"), None);
    }
}
