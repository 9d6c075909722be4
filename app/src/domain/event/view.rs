//! An event as the pages show it.

use super::form::EventForm;
use super::questions::{questions_text, Question};
use super::status::{Entry, EventStatus, SignupWindow};
use crate::domain::dates::{japan_day, local_time_value};
use crate::domain::ids::EventId;
use crate::domain::localized::Localized;
use crate::domain::photo::Photo;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A committee or city as an event shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub slug: String,
    pub name: Localized,
}

/// An event as everyone sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub id: EventId,
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
    /// Days before the event its reminder goes out (0: none).
    pub reminder_days: i16,
    pub status: EventStatus,
    pub cancel_reason: String,
    /// The chair's photo of the event, if it has one.
    pub photo: Option<Photo>,
}

impl EventView {
    pub fn window(&self) -> SignupWindow {
        SignupWindow {
            status: self.status,
            opens_at: self.signup_opens_at,
            closes_at: self.signup_closes_at,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
        }
    }

    /// What the event asks of the people signing up.
    pub fn rules(&self) -> crate::domain::signup::EventRules<'_> {
        crate::domain::signup::EventRules {
            day: crate::domain::dates::japan_day(self.starts_at),
            min_age: self.min_age,
            guardian_consent_for_minors: self.guardian_consent_for_minors,
            questions: &self.questions,
        }
    }

    /// Members may sign themselves up now (see [`SignupWindow::open_for`]).
    pub fn signup_open(&self, now: DateTime<Utc>) -> bool {
        self.window().open_for(Entry::Own, now)
    }

    /// Attendance can be taken: from the event's day (in Japan) on, so that a chair can mark
    /// people as they arrive before the start, unless the event was cancelled.
    pub fn attendance_open(&self, now: DateTime<Utc>) -> bool {
        self.status != EventStatus::Cancelled && japan_day(now) >= japan_day(self.starts_at)
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
            reminder_days: self.reminder_days.to_string(),
            guardian_consent_for_minors: self.guardian_consent_for_minors.then(|| "yes".into()),
            questions: questions_text(&self.questions),
        }
    }
}
