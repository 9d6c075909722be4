//! Signing up for an event: who comes (the holder, household members, named guests), their
//! answers to the event's questions, and the guardian's consent for minors.

use super::event::{is_minor, EventStatus, EventView};
use super::member::Household;
use super::{kana, text};
use crate::error::{FieldErrors, FieldProblem};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Most people one sign-up may bring (the holder included).
pub const MAX_PEOPLE: usize = 10;
/// Guest rows on the form (works without JavaScript).
pub const GUEST_ROWS: usize = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum SignupStatus {
    Confirmed,
    Waiting,
    Cancelled,
}

impl SignupStatus {
    pub fn code(self) -> &'static str {
        match self {
            SignupStatus::Confirmed => "confirmed",
            SignupStatus::Waiting => "waiting",
            SignupStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(code: &str) -> Option<SignupStatus> {
        [SignupStatus::Confirmed, SignupStatus::Waiting, SignupStatus::Cancelled].into_iter().find(|s| s.code() == code)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum PersonKind {
    Holder,
    Household,
    Guest,
}

impl PersonKind {
    pub fn code(self) -> &'static str {
        match self {
            PersonKind::Holder => "holder",
            PersonKind::Household => "household",
            PersonKind::Guest => "guest",
        }
    }

    pub fn parse(code: &str) -> Option<PersonKind> {
        [PersonKind::Holder, PersonKind::Household, PersonKind::Guest].into_iter().find(|k| k.code() == code)
    }
}

/// How a member agreed to a sign-up a chair entered for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum ConsentMethod {
    Online,
    Paper,
    Phone,
    InPerson,
}

impl ConsentMethod {
    pub fn code(self) -> &'static str {
        match self {
            ConsentMethod::Online => "online",
            ConsentMethod::Paper => "paper",
            ConsentMethod::Phone => "phone",
            ConsentMethod::InPerson => "in_person",
        }
    }

    pub fn parse(code: &str) -> Option<ConsentMethod> {
        [ConsentMethod::Online, ConsentMethod::Paper, ConsentMethod::Phone, ConsentMethod::InPerson]
            .into_iter()
            .find(|m| m.code() == code)
    }
}

/// One row of the sign-up form. Row 0 is the holder; household rows carry the household
/// member's id (their name comes from the record); guest rows carry a typed name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PersonForm {
    /// A ticked "comes too" box (household rows).
    pub include: Option<String>,
    pub kind: String,
    pub household: String,
    pub full_name: String,
    pub name_reading: String,
    pub birth_date: String,
    pub guardian_consent: Option<String>,
    pub answers: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub kind: PersonKind,
    pub full_name: String,
    pub name_reading: String,
    pub birth_date: Option<NaiveDate>,
    pub guardian_consent: bool,
    pub answers: BTreeMap<String, String>,
}

/// The holder as the records know them (a member), or nothing (an account holder, who types a name).
#[derive(Debug, Clone, Default)]
pub struct HolderRecord {
    pub full_name: String,
    pub name_reading: String,
    pub birth_date: Option<NaiveDate>,
    /// (id, person) of the member's household.
    pub household: Vec<(i64, Household)>,
}

fn answers(
    e: &mut FieldErrors,
    i: usize,
    event: &EventView,
    given: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let mut kept = BTreeMap::new();
    for q in &event.questions {
        let field = format!("people.{i}.answers.{}", q.key);
        let answer = given.get(&q.key).map(|a| a.trim()).unwrap_or("");
        if answer.is_empty() {
            if q.required {
                e.add(field, FieldProblem::Required);
            }
            continue;
        }
        if !q.choices.is_empty() && !q.choices.iter().any(|c| c == answer) {
            e.add(field, FieldProblem::NotAllowed);
            continue;
        }
        match text::optional(answer, 200) {
            Ok(answer) => {
                kept.insert(q.key.clone(), answer);
            }
            Err(problem) => e.add(field, problem),
        }
    }
    kept
}

/// Checks the people of a sign-up against the event's rules (age, guardian consent, answers).
pub fn validate_people(
    forms: &[PersonForm],
    holder: Option<&HolderRecord>,
    event: &EventView,
) -> Result<Vec<Person>, FieldErrors> {
    let mut e = FieldErrors::default();
    let event_day = event.starts_at.with_timezone(&super::dates::tokyo()).date_naive();
    let mut people = Vec::new();
    let mut households_seen: Vec<String> = Vec::new();
    let empty = PersonForm::default();
    for (i, form) in forms.iter().enumerate().take(MAX_PEOPLE + GUEST_ROWS + 20) {
        let kind = match (i, PersonKind::parse(&form.kind)) {
            (0, _) => Some(PersonKind::Holder),
            // Only row 0 is the holder: anything else claiming to be is ignored.
            (_, Some(PersonKind::Holder)) => None,
            (_, kind) => kind,
        };
        if kind == Some(PersonKind::Household) && form.include.is_some() {
            if households_seen.contains(&form.household) {
                e.add(format!("people.{i}.household"), FieldProblem::Duplicate);
                continue;
            }
            households_seen.push(form.household.clone());
        }
        let person = match (kind, holder) {
            (Some(PersonKind::Holder), Some(record)) => {
                Some((record.full_name.clone(), record.name_reading.clone(), record.birth_date))
            }
            (Some(PersonKind::Household), Some(record)) if form.include.is_some() => {
                let id = form.household.trim().parse::<i64>().ok();
                match record.household.iter().find(|(hid, _)| Some(*hid) == id) {
                    Some((_, h)) => Some((h.full_name.clone(), h.name_reading.clone(), h.birth_date)),
                    None => {
                        e.add(format!("people.{i}.household"), FieldProblem::NotAllowed);
                        None
                    }
                }
            }
            (Some(PersonKind::Holder), None) | (Some(PersonKind::Guest), _)
                if i == 0 || !form.full_name.trim().is_empty() =>
            {
                let name =
                    text::required(&form.full_name, 100).map_err(|p| e.add(format!("people.{i}.full_name"), p)).ok();
                let reading = kana::optional_reading(&form.name_reading)
                    .map_err(|p| e.add(format!("people.{i}.name_reading"), p))
                    .ok();
                let birth = match form.birth_date.trim() {
                    "" => Some(None),
                    text => super::dues::parse_date(text)
                        .map(Some)
                        .map_err(|p| e.add(format!("people.{i}.birth_date"), p))
                        .ok(),
                };
                match (name, reading, birth) {
                    (Some(n), Some(r), Some(b)) => Some((n, r, b)),
                    _ => None,
                }
            }
            _ => None,
        };
        let Some((full_name, name_reading, birth_date)) = person else { continue };
        if let (Some(min), Some(birth)) = (event.min_age, birth_date) {
            if super::event::age_on(birth, event_day) < i32::from(min) {
                e.add(format!("people.{i}.birth_date"), FieldProblem::TooYoung { min: min as usize });
            }
        }
        let minor = birth_date.is_some_and(|b| is_minor(b, event_day));
        if minor && event.guardian_consent_for_minors && form.guardian_consent.is_none() {
            e.add(format!("people.{i}.guardian_consent"), FieldProblem::ConsentRequired);
        }
        let answers = answers(&mut e, i, event, &form.answers);
        let kind = kind.unwrap_or(PersonKind::Guest);
        people.push(Person {
            kind,
            full_name,
            name_reading,
            birth_date,
            guardian_consent: form.guardian_consent.is_some(),
            answers,
        });
    }
    if forms.is_empty() {
        // Nothing posted at all: the holder alone, checked against the rules like any row.
        return validate_people(std::slice::from_ref(&empty), holder, event);
    }
    if people.len() > MAX_PEOPLE {
        e.add("form", FieldProblem::TooLong { max: MAX_PEOPLE });
    }
    if !e.0.is_empty() {
        return Err(e);
    }
    Ok(people)
}

/// One of the caller's own sign-ups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MySignup {
    pub id: i64,
    pub event_id: i64,
    pub event_title: super::localized::Localized,
    pub starts_at: DateTime<Utc>,
    pub event_status: EventStatus,
    pub status: SignupStatus,
    pub places: i32,
    /// 1 for the first on the waiting list.
    pub waiting_position: Option<i64>,
    pub people: Vec<String>,
    pub cancellable: bool,
    /// The event has not started yet (decided on the server: the browser has no trustworthy clock).
    pub upcoming: bool,
}

/// A person on the chair's list: only what organising needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantPerson {
    pub id: i64,
    pub kind: PersonKind,
    pub full_name: String,
    pub name_reading: String,
    pub minor: bool,
    pub guardian_consent: bool,
    pub answers: BTreeMap<String, String>,
    pub attended: Option<bool>,
}

/// A sign-up on the chair's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub signup_id: i64,
    pub status: SignupStatus,
    pub waiting_position: Option<i64>,
    pub phone: String,
    pub consent_method: ConsentMethod,
    pub people: Vec<ParticipantPerson>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::{EventView, Named, Question};
    use crate::domain::localized::Localized;
    use chrono::TimeZone;

    fn event() -> EventView {
        EventView {
            id: 1,
            committee: Named { slug: "international".into(), name: Localized::default() },
            partner_city: None,
            title: Localized::new("交流会", ""),
            description: Localized::default(),
            starts_at: Utc.with_ymd_and_hms(2027, 3, 1, 1, 0, 0).unwrap(),
            ends_at: Utc.with_ymd_and_hms(2027, 3, 1, 5, 0, 0).unwrap(),
            venue: "稲城市立iプラザ".into(),
            capacity: 50,
            places_left: 50,
            waiting: 0,
            signup_opens_at: None,
            signup_closes_at: None,
            fee_yen: 0,
            members_only: true,
            min_age: Some(6),
            guardian_consent_for_minors: true,
            questions: vec![Question {
                key: "q1".into(),
                label: "食事".into(),
                choices: vec!["なし".into(), "ベジタリアン".into()],
                required: true,
            }],
            status: EventStatus::Published,
            cancel_reason: String::new(),
        }
    }

    fn holder() -> HolderRecord {
        let child = Household {
            full_name: "髙﨑 さくら".into(),
            name_reading: "たかさき さくら".into(),
            relationship: "子".into(),
            birth_date: NaiveDate::from_ymd_opt(2015, 5, 5),
        };
        HolderRecord {
            full_name: "髙﨑 花子".into(),
            name_reading: "たかさき はなこ".into(),
            birth_date: None,
            household: vec![(7, child)],
        }
    }

    fn answered(mut form: PersonForm) -> PersonForm {
        form.answers.insert("q1".into(), "なし".into());
        form
    }

    #[test]
    fn a_member_brings_a_child_with_consent() {
        let forms = vec![
            answered(PersonForm::default()),
            answered(PersonForm {
                include: Some("yes".into()),
                kind: "household".into(),
                household: "7".into(),
                guardian_consent: Some("yes".into()),
                ..Default::default()
            }),
            PersonForm { kind: "guest".into(), ..Default::default() },
        ];
        let people = validate_people(&forms, Some(&holder()), &event()).unwrap();
        assert_eq!(people.len(), 2, "the blank guest row is ignored");
        assert_eq!(people[1].full_name, "髙﨑 さくら");
        assert!(people[1].guardian_consent);
    }

    #[test]
    fn minors_need_consent_and_answers_are_checked() {
        let forms = vec![
            PersonForm::default(),
            PersonForm {
                include: Some("yes".into()),
                kind: "household".into(),
                household: "7".into(),
                ..Default::default()
            },
            answered(PersonForm {
                kind: "guest".into(),
                full_name: "Tom".into(),
                birth_date: "2024-01-01".into(),
                guardian_consent: Some("yes".into()),
                ..Default::default()
            }),
            PersonForm {
                include: Some("yes".into()),
                kind: "household".into(),
                household: "99".into(),
                ..Default::default()
            },
        ];
        let errors = validate_people(&forms, Some(&holder()), &event()).unwrap_err();
        assert_eq!(errors.get("people.0.answers.q1"), Some(&FieldProblem::Required));
        assert_eq!(errors.get("people.1.guardian_consent"), Some(&FieldProblem::ConsentRequired));
        assert_eq!(errors.get("people.2.birth_date"), Some(&FieldProblem::TooYoung { min: 6 }));
        assert_eq!(errors.get("people.3.household"), Some(&FieldProblem::NotAllowed), "only one's own household");
    }

    #[test]
    fn an_account_holder_types_their_own_name() {
        let errors = validate_people(&[answered(PersonForm::default())], None, &event()).unwrap_err();
        assert_eq!(errors.get("people.0.full_name"), Some(&FieldProblem::Required));
        let typed = answered(PersonForm { full_name: "John Smith".into(), ..Default::default() });
        assert_eq!(validate_people(&[typed], None, &event()).unwrap()[0].full_name, "John Smith");
    }
}
