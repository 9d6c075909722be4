//! The event form as a chair posts it, and its validation into an [`EventDraft`].

use super::capacity::Capacity;
use super::questions::{parse_questions, Question};
use crate::domain::dates::parse_local_time;
use crate::domain::localized::Localized;
use crate::domain::money::parse_yen;
use crate::domain::text;
use crate::error::{FieldErrors, FieldProblem};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The event form, as posted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventForm {
    pub committee: String,
    pub partner_city: String,
    pub title_ja: String,
    pub title_en: String,
    pub description_ja: String,
    pub description_en: String,
    pub starts_at: String,
    pub ends_at: String,
    pub venue: String,
    pub capacity: String,
    pub signup_opens_at: String,
    pub signup_closes_at: String,
    pub fee_yen: String,
    pub members_only: Option<String>,
    pub min_age: String,
    pub guardian_consent_for_minors: Option<String>,
    pub questions: String,
    /// Days before the event its reminder goes out (blank: the usual 3; 0: none).
    pub reminder_days: String,
}

/// A validated event (committee and city still as slugs; the server resolves them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDraft {
    pub committee_slug: String,
    pub partner_city_slug: Option<String>,
    pub title: Localized,
    pub description: Localized,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub venue: String,
    pub capacity: Capacity,
    pub signup_opens_at: Option<DateTime<Utc>>,
    pub signup_closes_at: Option<DateTime<Utc>>,
    pub fee_yen: i32,
    pub members_only: bool,
    pub min_age: Option<i16>,
    pub guardian_consent_for_minors: bool,
    pub questions: Vec<Question>,
    pub reminder_days: i16,
}

/// Days before an event its reminder goes out, unless the chair says otherwise.
pub const DEFAULT_REMINDER_DAYS: i16 = 3;
/// The most days ahead a reminder may go (a reminder weeks before is no reminder).
pub const MAX_REMINDER_DAYS: i16 = 14;

fn optional_time(input: &str) -> Result<Option<DateTime<Utc>>, FieldProblem> {
    if input.trim().is_empty() {
        Ok(None)
    } else {
        parse_local_time(input).map(Some)
    }
}

impl EventForm {
    pub fn validate(&self) -> Result<EventDraft, FieldErrors> {
        let mut e = FieldErrors::default();
        let mut check = |field: &'static str, problem: FieldProblem| e.add(field, problem);
        let title_ja = text::optional(&self.title_ja, 120).map_err(|p| check("title_ja", p)).unwrap_or_default();
        let title_en = text::optional(&self.title_en, 120).map_err(|p| check("title_en", p)).unwrap_or_default();
        if title_ja.is_empty() && title_en.is_empty() {
            check("title_ja", FieldProblem::Required);
        }
        let description_ja =
            text::multiline(&self.description_ja, 5000).map_err(|p| check("description_ja", p)).unwrap_or_default();
        let description_en =
            text::multiline(&self.description_en, 5000).map_err(|p| check("description_en", p)).unwrap_or_default();
        let starts_at = parse_local_time(&self.starts_at).map_err(|p| check("starts_at", p)).ok();
        let ends_at = parse_local_time(&self.ends_at).map_err(|p| check("ends_at", p)).ok();
        if let (Some(start), Some(end)) = (starts_at, ends_at) {
            if end < start {
                check("ends_at", FieldProblem::Date);
            }
        }
        let venue = text::required(&self.venue, 200).map_err(|p| check("venue", p)).unwrap_or_default();
        let capacity = Capacity::parse(&self.capacity).map_err(|p| check("capacity", p)).ok();
        let opens = optional_time(&self.signup_opens_at).map_err(|p| check("signup_opens_at", p)).ok().flatten();
        let closes = optional_time(&self.signup_closes_at).map_err(|p| check("signup_closes_at", p)).ok().flatten();
        if let (Some(opens), Some(closes)) = (opens, closes) {
            if closes < opens {
                check("signup_closes_at", FieldProblem::Date);
            }
        }
        let fee_yen = if self.fee_yen.trim().is_empty() {
            Some(0)
        } else {
            parse_yen(&self.fee_yen).map_err(|p| check("fee_yen", p)).ok()
        };
        let min_age = match self.min_age.trim() {
            "" => Some(None),
            text => match text.parse::<i16>() {
                Ok(age) if (0..=120).contains(&age) => Some(Some(age)),
                _ => {
                    check("min_age", FieldProblem::InvalidFormat);
                    None
                }
            },
        };
        let questions = parse_questions(&self.questions).map_err(|p| check("questions", p)).ok();
        let reminder_days = match self.reminder_days.trim() {
            "" => Some(DEFAULT_REMINDER_DAYS),
            text => match text.parse::<i16>() {
                Ok(days) if (0..=MAX_REMINDER_DAYS).contains(&days) => Some(days),
                _ => {
                    check("reminder_days", FieldProblem::InvalidFormat);
                    None
                }
            },
        };
        let committee_slug = self.committee.trim().to_string();
        if committee_slug.is_empty() {
            check("committee", FieldProblem::Required);
        }
        if !e.0.is_empty() {
            return Err(e);
        }
        let missing = || FieldErrors::single("form", FieldProblem::InvalidFormat);
        Ok(EventDraft {
            committee_slug,
            partner_city_slug: Some(self.partner_city.trim().to_string()).filter(|s| !s.is_empty()),
            title: Localized::new(title_ja, title_en),
            description: Localized::new(description_ja, description_en),
            starts_at: starts_at.ok_or_else(missing)?,
            ends_at: ends_at.ok_or_else(missing)?,
            venue,
            capacity: capacity.ok_or_else(missing)?,
            signup_opens_at: opens,
            signup_closes_at: closes,
            fee_yen: fee_yen.ok_or_else(missing)?,
            members_only: self.members_only.is_some(),
            min_age: min_age.ok_or_else(missing)?,
            guardian_consent_for_minors: self.guardian_consent_for_minors.is_some(),
            questions: questions.ok_or_else(missing)?,
            reminder_days: reminder_days.ok_or_else(missing)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn form() -> EventForm {
        EventForm {
            committee: "domestic".into(),
            partner_city: "soma".into(),
            title_ja: "相馬野馬追 見学ツアー".into(),
            starts_at: "2027-07-24T08:00".into(),
            ends_at: "2027-07-25T18:00".into(),
            venue: "稲城市役所前 集合".into(),
            capacity: "50".into(),
            fee_yen: "12,000円".into(),
            members_only: Some("yes".into()),
            questions: "*食事の制限: なし, ベジタリアン, その他\n緊急連絡先".into(),
            ..EventForm::default()
        }
    }

    #[test]
    fn a_complete_form_passes() {
        let draft = form().validate().unwrap();
        assert_eq!(draft.capacity.get(), 50);
        assert_eq!(draft.fee_yen, 12000);
        assert_eq!(draft.partner_city_slug.as_deref(), Some("soma"));
        // 08:00 in Tokyo is 23:00 UTC the day before.
        assert_eq!(draft.starts_at, Utc.with_ymd_and_hms(2027, 7, 23, 23, 0, 0).unwrap());
        assert_eq!(draft.questions.len(), 2);
        assert_eq!(draft.reminder_days, DEFAULT_REMINDER_DAYS, "blank: the usual days");
        assert_eq!(EventForm { reminder_days: "0".into(), ..form() }.validate().unwrap().reminder_days, 0);
        let too_early = EventForm { reminder_days: "30".into(), ..form() }.validate().unwrap_err();
        assert_eq!(too_early.0[0].field, "reminder_days");
        assert!(draft.questions[0].required);
        assert_eq!(
            draft.questions[0].choices,
            vec![Localized::new("なし", ""), Localized::new("ベジタリアン", ""), Localized::new("その他", "")]
        );
        assert!(draft.questions[1].choices.is_empty());
    }

    #[test]
    fn problems_are_named() {
        let bad = EventForm { title_ja: "".into(), ends_at: "2027-07-23T08:00".into(), capacity: "0".into(), ..form() };
        let errors = bad.validate().unwrap_err();
        assert_eq!(errors.get("title_ja"), Some(&FieldProblem::Required));
        assert_eq!(errors.get("ends_at"), Some(&FieldProblem::Date));
        assert_eq!(errors.get("capacity"), Some(&FieldProblem::InvalidFormat));
    }
}
