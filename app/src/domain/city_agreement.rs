//! A partner city's agreements: sister and friendship ties, disaster mutual-aid agreements and
//! others, each with a status that only moves forward (in preparation → concluded → ended).

use super::city::CityStatus;
use super::city_form::parse_partial_date;
use super::dates::PartialDate;
use super::localized::Localized;
use super::text;
use crate::error::{FieldErrors, FieldProblem};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum AgreementKind {
    /// 姉妹都市提携
    Sister,
    /// 友好都市提携
    Friendship,
    /// 災害時相互応援協定
    DisasterAid,
    Other,
}

impl AgreementKind {
    pub const ALL: [AgreementKind; 4] =
        [AgreementKind::Sister, AgreementKind::Friendship, AgreementKind::DisasterAid, AgreementKind::Other];

    pub fn code(self) -> &'static str {
        match self {
            AgreementKind::Sister => "sister",
            AgreementKind::Friendship => "friendship",
            AgreementKind::DisasterAid => "disaster_aid",
            AgreementKind::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<AgreementKind> {
        Self::ALL.into_iter().find(|k| k.code() == code.trim())
    }
}

impl CityStatus {
    /// The moves an agreement may make: forward only, never back to an earlier step.
    pub fn may_become(self, next: CityStatus) -> bool {
        matches!(
            (self, next),
            (CityStatus::InPreparation, CityStatus::Concluded | CityStatus::Ended)
                | (CityStatus::Concluded, CityStatus::Ended)
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    pub id: i64,
    pub kind: AgreementKind,
    pub status: CityStatus,
    /// The other party when it was not the city as it is now (女満別町 for Ozora's 1991 tie).
    pub counterpart: Localized,
    pub concluded_on: Option<PartialDate>,
    pub ended_on: Option<NaiveDate>,
    pub note: Localized,
}

/// A step in an agreement's history, with who recorded it (staff only; empty for the records the
/// register started with).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementStep {
    pub agreement_id: i64,
    pub status: CityStatus,
    pub effective_on: Option<NaiveDate>,
    pub recorded_by: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

/// A new agreement as the form posts it (`agreement[…]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgreementForm {
    pub kind: String,
    pub status: String,
    pub counterpart_ja: String,
    pub counterpart_en: String,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub concluded_on: String,
    pub note_ja: String,
    pub note_en: String,
}

/// A checked new agreement (never ended: an agreement ends by a change of status).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementDraft {
    pub kind: AgreementKind,
    pub status: CityStatus,
    pub counterpart: Localized,
    pub concluded_on: Option<PartialDate>,
    pub note: Localized,
}

impl AgreementForm {
    pub fn validate(&self) -> Result<AgreementDraft, FieldErrors> {
        let mut e = FieldErrors::default();
        let kind = AgreementKind::parse(&self.kind);
        if kind.is_none() {
            e.add("agreement_kind", FieldProblem::ChooseOne);
        }
        let status = CityStatus::parse(self.status.trim()).filter(|s| *s != CityStatus::Ended);
        if status.is_none() {
            e.add("agreement_status", FieldProblem::ChooseOne);
        }
        let concluded_on = parse_partial_date(&self.concluded_on).map_err(|p| e.add("concluded_on", p)).ok().flatten();
        match (status, concluded_on) {
            (Some(CityStatus::Concluded), None) if e.get("concluded_on").is_none() => {
                e.add("concluded_on", FieldProblem::Required)
            }
            (Some(CityStatus::InPreparation), Some(_)) => e.add("concluded_on", FieldProblem::NotAllowed),
            _ => {}
        }
        let mut optional = |field: &str, value: &str, max: usize| {
            text::optional(value, max).map_err(|p| e.add(field, p)).unwrap_or_default()
        };
        let counterpart = Localized::new(
            optional("counterpart_ja", &self.counterpart_ja, 100),
            optional("counterpart_en", &self.counterpart_en, 100),
        );
        let note = Localized::new(optional("note_ja", &self.note_ja, 300), optional("note_en", &self.note_en, 300));
        match (kind, status) {
            (Some(kind), Some(status)) if e.0.is_empty() => {
                Ok(AgreementDraft { kind, status, counterpart, concluded_on, note })
            }
            _ => Err(e),
        }
    }
}

/// A change of status as posted: the new status and the day (`concluded` takes a partial date,
/// `ended` a whole day).
pub fn parse_status_change(status: &str, on: &str) -> Result<(CityStatus, PartialDate), FieldErrors> {
    let mut e = FieldErrors::default();
    let next = CityStatus::parse(status.trim()).filter(|s| *s != CityStatus::InPreparation);
    if next.is_none() {
        e.add("move_status", FieldProblem::ChooseOne);
    }
    let on = match parse_partial_date(on) {
        // An end is a day; a conclusion may be known only to the month or year.
        Ok(Some(day)) if next == Some(CityStatus::Ended) && day.precision != super::dates::DatePrecision::Day => {
            e.add("move_on", FieldProblem::Date);
            None
        }
        Ok(Some(day)) if day.date <= crate::domain::dates::today_in_japan() => Some(day),
        Ok(Some(_)) => {
            e.add("move_on", FieldProblem::Date);
            None
        }
        Ok(None) => {
            e.add("move_on", FieldProblem::Required);
            None
        }
        Err(p) => {
            e.add("move_on", p);
            None
        }
    };
    match (next, on) {
        (Some(next), Some(on)) if e.0.is_empty() => Ok((next, on)),
        _ => Err(e),
    }
}

#[cfg(test)]
mod tests;
