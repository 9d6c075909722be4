//! Exchange events: what a chair types into the event form, its validation, and what the pages
//! show. Times are typed and shown in Japan time and stored in UTC.

use super::dates::tokyo;
use super::dues::parse_yen;
use super::localized::Localized;
use super::text;
use crate::error::{FieldErrors, FieldProblem};
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum EventStatus {
    Draft,
    Published,
    /// Sign-ups closed by the chair (the event still takes place).
    Closed,
    Held,
    Cancelled,
}

impl EventStatus {
    pub const ALL: [EventStatus; 5] =
        [EventStatus::Draft, EventStatus::Published, EventStatus::Closed, EventStatus::Held, EventStatus::Cancelled];

    pub fn code(self) -> &'static str {
        match self {
            EventStatus::Draft => "draft",
            EventStatus::Published => "published",
            EventStatus::Closed => "closed",
            EventStatus::Held => "held",
            EventStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(code: &str) -> Option<EventStatus> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the public (and members) may see the event.
    pub fn is_public(self) -> bool {
        self != EventStatus::Draft
    }

    /// The state a chair may move the event to from here (cancelling is separate: it needs a reason).
    pub fn may_become(self, next: EventStatus) -> bool {
        use EventStatus::*;
        matches!(
            (self, next),
            (Draft, Published) | (Published, Closed) | (Closed, Published) | (Published | Closed, Held)
        )
    }
}

/// An extra question for each participant: free text, or a choice when `choices` is not empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub key: String,
    pub label: String,
    pub choices: Vec<String>,
    pub required: bool,
}

/// Questions as the chair types them, one per line: `label` for free text, `label: a, b, c` for a
/// choice; a leading `*` makes the answer required. E.g. `*食事の制限: なし, ベジタリアン, その他`.
pub fn parse_questions(input: &str) -> Result<Vec<Question>, FieldProblem> {
    let mut questions = Vec::new();
    for (i, line) in input.lines().map(str::trim).filter(|l| !l.is_empty()).enumerate() {
        let (required, line) = match line.strip_prefix('*') {
            Some(rest) => (true, rest.trim()),
            None => (false, line),
        };
        let (label, choices) = match line.split_once([':', '：']) {
            Some((label, choices)) => (
                label.trim(),
                choices.split([',', '、', '，']).map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect(),
            ),
            None => (line, Vec::new()),
        };
        let label = text::required(label, 100)?;
        if questions.len() >= 10 {
            return Err(FieldProblem::TooLong { max: 10 });
        }
        questions.push(Question { key: format!("q{}", i + 1), label, choices, required });
    }
    Ok(questions)
}

/// The questions back in the form's text shape.
pub fn questions_text(questions: &[Question]) -> String {
    questions
        .iter()
        .map(|q| {
            let star = if q.required { "*" } else { "" };
            if q.choices.is_empty() {
                format!("{star}{}", q.label)
            } else {
                format!("{star}{}: {}", q.label, q.choices.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A moment typed in Japan time (what `<input type=datetime-local>` sends: 2026-12-05T10:00).
pub fn parse_local_time(input: &str) -> Result<DateTime<Utc>, FieldProblem> {
    let input = input.trim();
    if input.is_empty() {
        return Err(FieldProblem::Required);
    }
    let naive = NaiveDateTime::parse_from_str(input, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(input, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(input, "%Y-%m-%d %H:%M"))
        .map_err(|_| FieldProblem::Date)?;
    super::dates::plausible(naive.date())?;
    tokyo().from_local_datetime(&naive).single().map(|t| t.with_timezone(&Utc)).ok_or(FieldProblem::Date)
}

/// The form value for a stored moment (Japan time).
pub fn local_time_value(at: DateTime<Utc>) -> String {
    at.with_timezone(&tokyo()).format("%Y-%m-%dT%H:%M").to_string()
}

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
    pub capacity: i32,
    pub signup_opens_at: Option<DateTime<Utc>>,
    pub signup_closes_at: Option<DateTime<Utc>>,
    pub fee_yen: i32,
    pub members_only: bool,
    pub min_age: Option<i16>,
    pub guardian_consent_for_minors: bool,
    pub questions: Vec<Question>,
}

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
        let capacity = match self.capacity.trim().parse::<i32>() {
            Ok(n) if (1..=10_000).contains(&n) => Some(n),
            _ if self.capacity.trim().is_empty() => {
                check("capacity", FieldProblem::Required);
                None
            }
            _ => {
                check("capacity", FieldProblem::InvalidFormat);
                None
            }
        };
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
        })
    }
}

/// A committee or city as an event shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub slug: String,
    pub name: Localized,
}

/// An event as everyone sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub id: i64,
    pub committee: Named,
    pub partner_city: Option<Named>,
    pub title: Localized,
    pub description: Localized,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub venue: String,
    pub capacity: i32,
    pub places_left: i32,
    pub waiting: i64,
    pub signup_opens_at: Option<DateTime<Utc>>,
    pub signup_closes_at: Option<DateTime<Utc>>,
    pub fee_yen: i32,
    pub members_only: bool,
    pub min_age: Option<i16>,
    pub guardian_consent_for_minors: bool,
    pub questions: Vec<Question>,
    pub status: EventStatus,
    pub cancel_reason: String,
}

impl EventView {
    /// Sign-ups are taken: published, inside the window (if any), before the start.
    pub fn signup_open(&self, now: DateTime<Utc>) -> bool {
        self.status == EventStatus::Published
            && self.signup_opens_at.is_none_or(|t| now >= t)
            && self.signup_closes_at.is_none_or(|t| now <= t)
            && now < self.starts_at
    }

    /// A participant may still cancel their own sign-up: before the closing time (or the start).
    pub fn cancellable(&self, now: DateTime<Utc>) -> bool {
        matches!(self.status, EventStatus::Published | EventStatus::Closed)
            && now <= self.signup_closes_at.unwrap_or(self.starts_at).min(self.starts_at)
    }

    /// The form filled with this event (for editing).
    pub fn form(&self) -> EventForm {
        let time = |t: Option<DateTime<Utc>>| t.map(local_time_value).unwrap_or_default();
        EventForm {
            committee: self.committee.slug.clone(),
            partner_city: self.partner_city.as_ref().map(|c| c.slug.clone()).unwrap_or_default(),
            title_ja: self.title.ja.clone(),
            title_en: self.title.en.clone(),
            description_ja: self.description.ja.clone(),
            description_en: self.description.en.clone(),
            starts_at: local_time_value(self.starts_at),
            ends_at: local_time_value(self.ends_at),
            venue: self.venue.clone(),
            capacity: self.capacity.to_string(),
            signup_opens_at: time(self.signup_opens_at),
            signup_closes_at: time(self.signup_closes_at),
            fee_yen: self.fee_yen.to_string(),
            members_only: self.members_only.then(|| "yes".into()),
            min_age: self.min_age.map(|a| a.to_string()).unwrap_or_default(),
            guardian_consent_for_minors: self.guardian_consent_for_minors.then(|| "yes".into()),
            questions: questions_text(&self.questions),
        }
    }
}

/// Age in whole years on `day`.
pub fn age_on(birth: NaiveDate, day: NaiveDate) -> i32 {
    use chrono::Datelike;
    let mut age = day.year() - birth.year();
    if (day.month(), day.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

/// Under 18 (the age of majority in Japan since 2022).
pub fn is_minor(birth: NaiveDate, day: NaiveDate) -> bool {
    age_on(birth, day) < 18
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_times_lie_in_plausible_years() {
        assert!(parse_local_time("2026-12-05T10:00").is_ok());
        for wrong in ["0001-01-01T10:00", "-4714-11-24T10:00", "1066-10-14T09:00", "2500-01-01T10:00"] {
            assert_eq!(parse_local_time(wrong), Err(FieldProblem::Date), "{wrong}");
        }
    }

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
        assert_eq!(draft.capacity, 50);
        assert_eq!(draft.fee_yen, 12000);
        assert_eq!(draft.partner_city_slug.as_deref(), Some("soma"));
        // 08:00 in Tokyo is 23:00 UTC the day before.
        assert_eq!(draft.starts_at, Utc.with_ymd_and_hms(2027, 7, 23, 23, 0, 0).unwrap());
        assert_eq!(draft.questions.len(), 2);
        assert!(draft.questions[0].required);
        assert_eq!(draft.questions[0].choices, vec!["なし", "ベジタリアン", "その他"]);
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

    #[test]
    fn questions_round_trip_through_their_text() {
        let questions = parse_questions("*食事: A, B\nメモ").unwrap();
        assert_eq!(parse_questions(&questions_text(&questions)).unwrap(), questions);
    }

    #[test]
    fn states_move_forward_only() {
        use EventStatus::*;
        assert!(Draft.may_become(Published));
        assert!(!Draft.may_become(Held));
        assert!(Published.may_become(Closed) && Closed.may_become(Published));
        assert!(!Held.may_become(Published));
        assert!(!Cancelled.may_become(Published));
    }

    #[test]
    fn minors_by_age_on_the_day() {
        let birth = NaiveDate::from_ymd_opt(2009, 7, 25).unwrap();
        assert!(is_minor(birth, NaiveDate::from_ymd_opt(2027, 7, 24).unwrap()));
        assert!(!is_minor(birth, NaiveDate::from_ymd_opt(2027, 7, 25).unwrap()));
    }
}
