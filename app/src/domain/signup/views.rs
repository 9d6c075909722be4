//! Sign-ups as the member's own list and the chair's list show them.

use super::kinds::{ConsentMethod, PersonKind, SignupStatus};
use crate::domain::event::EventStatus;
use crate::domain::ids::{EventId, SignupId};
use crate::domain::localized::Localized;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One of the caller's own sign-ups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MySignup {
    pub id: SignupId,
    pub event_id: EventId,
    pub event_title: Localized,
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
    pub signup_id: SignupId,
    pub status: SignupStatus,
    pub waiting_position: Option<i64>,
    pub phone: String,
    pub consent_method: ConsentMethod,
    pub people: Vec<ParticipantPerson>,
    /// When the event's reminder went to this sign-up.
    pub reminded_at: Option<chrono::DateTime<chrono::Utc>>,
}
