//! The sign-up form as posted, and its check against the event's rules.

use super::kinds::PersonKind;
use crate::domain::dates::{age_on, is_minor};
use crate::domain::event::Question;
use crate::domain::kana::{self, Reading};
use crate::domain::member::Household;
use crate::domain::text;
use crate::error::{FieldErrors, FieldProblem};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Most people one sign-up may bring (the holder included).
pub const MAX_PEOPLE: usize = 10;
/// Guest rows on the form (works without JavaScript).
pub const GUEST_ROWS: usize = 2;

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
    pub name_reading: Reading,
    pub birth_date: Option<NaiveDate>,
    pub guardian_consent: bool,
    pub answers: BTreeMap<String, String>,
}

/// The holder as the records know them (a member), or nothing (an account holder, who types a name).
#[derive(Debug, Clone, Default)]
pub struct HolderRecord {
    pub full_name: String,
    pub name_reading: Reading,
    pub birth_date: Option<NaiveDate>,
    /// (id, person) of the member's household.
    pub household: Vec<(i64, Household)>,
}

/// What an event asks of the people signing up: the rules [`validate_people`] applies.
#[derive(Debug, Clone, Copy)]
pub struct EventRules<'a> {
    /// The event's day in Japan, on which ages count.
    pub day: NaiveDate,
    pub min_age: Option<i16>,
    pub guardian_consent_for_minors: bool,
    pub questions: &'a [Question],
}

fn answers(
    e: &mut FieldErrors,
    i: usize,
    event: &EventRules,
    given: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let mut kept = BTreeMap::new();
    for q in event.questions {
        let field = format!("people.{i}.answers.{}", q.key);
        let answer = given.get(&q.key).map(|a| a.trim()).unwrap_or("");
        if answer.is_empty() {
            if q.required {
                let problem = if q.choices.is_empty() { FieldProblem::Required } else { FieldProblem::ChooseOne };
                e.add(field, problem);
            }
            continue;
        }
        if !q.accepts(answer) {
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
    event: &EventRules,
) -> Result<Vec<Person>, FieldErrors> {
    let mut e = FieldErrors::default();
    let event_day = event.day;
    let mut people = Vec::new();
    let mut households_seen: Vec<String> = Vec::new();
    let empty = PersonForm::default();
    // Every row the form can hold (the holder, household rows, guest rows) is read; the margin
    // lets a post with a few rows too many be refused with TooLong below instead of cut silently,
    // while a post of thousands of rows costs no more than this.
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
                let reading = kana::Reading::optional(&form.name_reading)
                    .map_err(|p| e.add(format!("people.{i}.name_reading"), p))
                    .ok();
                let birth = match form.birth_date.trim() {
                    "" => Some(None),
                    text => crate::domain::dues::parse_date(text)
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
            if age_on(birth, event_day) < i32::from(min) {
                e.add(format!("people.{i}.birth_date"), FieldProblem::TooYoung { min: min as usize });
            }
        }
        let minor = birth_date.is_some_and(|b| is_minor(b, event_day));
        if minor && event.guardian_consent_for_minors && form.guardian_consent.is_none() {
            e.add(format!("people.{i}.guardian_consent"), FieldProblem::GuardianConsentRequired);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::localized::Localized;

    fn questions() -> Vec<Question> {
        vec![Question {
            key: "q1".into(),
            label: Localized::new("食事", "Meals"),
            choices: vec![Localized::new("なし", "None"), Localized::new("ベジタリアン", "Vegetarian")],
            required: true,
        }]
    }

    /// A members' event on 2027-03-01 for ages 6 and up, asking one required question.
    fn event(questions: &[Question]) -> EventRules<'_> {
        EventRules {
            day: NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
            min_age: Some(6),
            guardian_consent_for_minors: true,
            questions,
        }
    }

    fn holder() -> HolderRecord {
        let child = Household {
            full_name: "髙﨑 さくら".into(),
            name_reading: Reading::parse("たかさき さくら").unwrap(),
            relationship: "子".into(),
            birth_date: NaiveDate::from_ymd_opt(2015, 5, 5),
        };
        HolderRecord {
            full_name: "髙﨑 花子".into(),
            name_reading: Reading::parse("たかさき はなこ").unwrap(),
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
        let people = validate_people(&forms, Some(&holder()), &event(&questions())).unwrap();
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
        let errors = validate_people(&forms, Some(&holder()), &event(&questions())).unwrap_err();
        assert_eq!(errors.get("people.0.answers.q1"), Some(&FieldProblem::ChooseOne));
        assert_eq!(errors.get("people.1.guardian_consent"), Some(&FieldProblem::GuardianConsentRequired));
        assert_eq!(errors.get("people.2.birth_date"), Some(&FieldProblem::TooYoung { min: 6 }));
        assert_eq!(errors.get("people.3.household"), Some(&FieldProblem::NotAllowed), "only one's own household");
    }

    #[test]
    fn an_account_holder_types_their_own_name() {
        let errors = validate_people(&[answered(PersonForm::default())], None, &event(&questions())).unwrap_err();
        assert_eq!(errors.get("people.0.full_name"), Some(&FieldProblem::Required));
        let typed = answered(PersonForm { full_name: "John Smith".into(), ..Default::default() });
        assert_eq!(validate_people(&[typed], None, &event(&questions())).unwrap()[0].full_name, "John Smith");
    }
}
