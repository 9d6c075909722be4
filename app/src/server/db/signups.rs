//! Sign-ups and their people. Places are only changed by `server::places`, under the event lock.

use crate::domain::event::EventStatus;
use crate::domain::ids::{AccountId, EventId, MemberId, SignupId};
use crate::domain::localized::Localized;
use crate::domain::signup::{
    ConsentMethod, MySignup, Participant, ParticipantPerson, Person, PersonKind, SignupStatus,
};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgPool};
use std::collections::BTreeMap;

/// A live (not cancelled) sign-up of this account or member for the event, if any.
pub async fn live_for(
    tx: &mut PgConnection,
    event_id: EventId,
    account_id: Option<AccountId>,
    member_id: Option<MemberId>,
) -> Result<Option<SignupId>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM signups WHERE event_id = $1 AND status <> 'cancelled'
             AND (account_id = $2 OR member_id = $3) LIMIT 1",
    )
    .bind(event_id)
    .bind(account_id)
    .bind(member_id)
    .fetch_optional(tx)
    .await
}

/// A new sign-up at the end of the waiting list (promotion then confirms it if it fits).
#[allow(clippy::too_many_arguments)]
pub async fn insert(
    tx: &mut PgConnection,
    event_id: EventId,
    account_id: Option<AccountId>,
    member_id: Option<MemberId>,
    people: &[Person],
    entered_by: Option<AccountId>,
    consent: ConsentMethod,
) -> Result<SignupId, sqlx::Error> {
    let id: SignupId = sqlx::query_scalar(
        "INSERT INTO signups (event_id, account_id, member_id, status, places, entered_by, consent_method)
         VALUES ($1, $2, $3, 'waiting', $4, $5, $6) RETURNING id",
    )
    .bind(event_id)
    .bind(account_id)
    .bind(member_id)
    .bind(people.len() as i32)
    .bind(entered_by)
    .bind(consent)
    .fetch_one(&mut *tx)
    .await?;
    for (position, person) in people.iter().enumerate() {
        sqlx::query(
            "INSERT INTO signup_people (signup_id, position, kind, full_name, name_reading, birth_date,
                 guardian_consent, answers)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(position as i32)
        .bind(person.kind)
        .bind(&person.full_name)
        .bind(&person.name_reading)
        .bind(person.birth_date)
        .bind(person.guardian_consent)
        .bind(sqlx::types::Json(&person.answers))
        .execute(&mut *tx)
        .await?;
    }
    Ok(id)
}

#[derive(Debug, sqlx::FromRow)]
pub struct SignupRow {
    pub id: SignupId,
    pub event_id: EventId,
    pub account_id: Option<AccountId>,
    pub member_id: Option<MemberId>,
    pub status: SignupStatus,
    pub places: i32,
}

impl SignupRow {
    pub fn status(&self) -> SignupStatus {
        self.status
    }
}

pub async fn find(db: &PgPool, id: SignupId) -> Result<Option<SignupRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, event_id, account_id, member_id, status, places FROM signups WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await
}

/// The sign-up, locked (take the event lock first).
pub async fn lock(tx: &mut PgConnection, id: SignupId) -> Result<Option<SignupRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, event_id, account_id, member_id, status, places FROM signups WHERE id = $1 FOR UPDATE")
        .bind(id)
        .fetch_optional(tx)
        .await
}

/// The waiting list in order.
pub async fn waiting(tx: &mut PgConnection, event_id: EventId) -> Result<Vec<SignupRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, event_id, account_id, member_id, status, places FROM signups
         WHERE event_id = $1 AND status = 'waiting' ORDER BY queued_at, id",
    )
    .bind(event_id)
    .fetch_all(tx)
    .await
}

pub async fn confirm(tx: &mut PgConnection, id: SignupId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE signups SET status = 'confirmed', confirmed_at = now() WHERE id = $1")
        .bind(id)
        .execute(tx)
        .await?;
    Ok(())
}

pub async fn cancel(tx: &mut PgConnection, id: SignupId, by: AccountId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE signups SET status = 'cancelled', cancelled_at = now(), cancelled_by = $2 WHERE id = $1")
        .bind(id)
        .bind(by)
        .execute(tx)
        .await?;
    Ok(())
}

/// A member's live sign-ups for events still to come (withdrawal gives their places back).
pub async fn upcoming_of_member(db: &PgPool, member_id: MemberId) -> Result<Vec<SignupId>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT s.id FROM signups s JOIN events e ON e.id = s.event_id
         WHERE s.member_id = $1 AND s.status <> 'cancelled' AND e.status IN ('published', 'closed') AND e.starts_at > now()",
    )
    .bind(member_id)
    .fetch_all(db)
    .await
}

/// Every live sign-up of an event (for telling everyone about a change or a cancellation).
pub async fn live_of_event(tx: &mut PgConnection, event_id: EventId) -> Result<Vec<SignupRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, event_id, account_id, member_id, status, places FROM signups
         WHERE event_id = $1 AND status <> 'cancelled' ORDER BY id",
    )
    .bind(event_id)
    .fetch_all(tx)
    .await
}

/// Where to write to the holder of a sign-up: the login email, else the member's contact email,
/// and the language.
pub async fn contact(
    tx: &mut PgConnection,
    signup: &SignupRow,
) -> Result<Option<(String, crate::i18n::Lang)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT COALESCE(a.email, m.email) AS email, COALESCE(a.lang, ma.lang, 'ja') AS lang
         FROM (SELECT $1::bigint AS account_id, $2::bigint AS member_id) s
         LEFT JOIN accounts a ON a.id = s.account_id AND a.disabled_at IS NULL
         LEFT JOIN members m ON m.id = s.member_id
         LEFT JOIN accounts ma ON ma.id = m.account_id
         WHERE COALESCE(a.email, m.email) IS NOT NULL",
    )
    .bind(signup.account_id)
    .bind(signup.member_id)
    .fetch_optional(tx)
    .await
}

#[derive(sqlx::FromRow)]
struct MyRow {
    id: SignupId,
    event_id: EventId,
    title_ja: String,
    title_en: String,
    starts_at: DateTime<Utc>,
    closes_at: DateTime<Utc>,
    event_status: EventStatus,
    status: SignupStatus,
    places: i32,
    waiting_position: Option<i64>,
    people: Vec<String>,
}

/// The account's sign-ups (and those a chair entered for its membership), newest event first.
pub async fn mine(
    db: &PgPool,
    account_id: AccountId,
    member_id: Option<MemberId>,
) -> Result<Vec<MySignup>, sqlx::Error> {
    let rows: Vec<MyRow> = sqlx::query_as(
        "SELECT s.id, s.event_id, e.title_ja, e.title_en, e.starts_at,
             LEAST(COALESCE(e.signup_closes_at, e.starts_at), e.starts_at) AS closes_at, e.status AS event_status,
             s.status, s.places,
             CASE WHEN s.status = 'waiting' THEN
                 (SELECT count(*) FROM signups w WHERE w.event_id = s.event_id AND w.status = 'waiting'
                      AND (w.queued_at, w.id) <= (s.queued_at, s.id)) END AS waiting_position,
             ARRAY(SELECT full_name FROM signup_people p WHERE p.signup_id = s.id ORDER BY position) AS people
         FROM signups s JOIN events e ON e.id = s.event_id
         WHERE s.account_id = $1 OR (s.member_id = $2)
         ORDER BY e.starts_at DESC, s.id DESC",
    )
    .bind(account_id)
    .bind(member_id)
    .fetch_all(db)
    .await?;
    let now = Utc::now();
    Ok(rows
        .into_iter()
        .map(|r| {
            let (status, event_status) = (r.status, r.event_status);
            MySignup {
                id: r.id,
                event_id: r.event_id,
                event_title: Localized::new(r.title_ja, r.title_en),
                starts_at: r.starts_at,
                event_status,
                status,
                places: r.places,
                waiting_position: r.waiting_position,
                people: r.people,
                upcoming: r.starts_at >= now,
                cancellable: status != SignupStatus::Cancelled
                    && matches!(event_status, EventStatus::Published | EventStatus::Closed)
                    && now <= r.closes_at,
            }
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct PersonRow {
    signup_id: SignupId,
    signup_status: SignupStatus,
    waiting_position: Option<i64>,
    phone: Option<String>,
    consent_method: ConsentMethod,
    reminded_at: Option<chrono::DateTime<chrono::Utc>>,
    id: i64,
    kind: PersonKind,
    full_name: String,
    name_reading: String,
    birth_date: Option<NaiveDate>,
    guardian_consent: bool,
    answers: sqlx::types::Json<BTreeMap<String, String>>,
    attended: Option<bool>,
}

/// The chair's list: confirmed sign-ups, then the waiting list in order; only the fields the
/// job needs (no address, email or birth date: a minor is marked as such).
pub async fn participants(
    db: &PgPool,
    event_id: EventId,
    event_day: NaiveDate,
) -> Result<Vec<Participant>, sqlx::Error> {
    let rows: Vec<PersonRow> = sqlx::query_as(
        "SELECT s.id AS signup_id, s.status AS signup_status,
             CASE WHEN s.status = 'waiting' THEN
                 (SELECT count(*) FROM signups w WHERE w.event_id = s.event_id AND w.status = 'waiting'
                      AND (w.queued_at, w.id) <= (s.queued_at, s.id)) END AS waiting_position,
             m.phone, s.consent_method, (SELECT r.sent_at FROM event_reminders r WHERE r.signup_id = s.id) AS reminded_at,
             p.id, p.kind, p.full_name, p.name_reading, p.birth_date,
             p.guardian_consent, p.answers, p.attended
         FROM signups s JOIN signup_people p ON p.signup_id = s.id LEFT JOIN members m ON m.id = s.member_id
         WHERE s.event_id = $1 AND s.status <> 'cancelled'
         ORDER BY s.status = 'waiting', s.queued_at, s.id, p.position",
    )
    .bind(event_id)
    .fetch_all(db)
    .await?;
    let mut out: Vec<Participant> = Vec::new();
    for r in rows {
        if out.last().is_none_or(|p| p.signup_id != r.signup_id) {
            out.push(Participant {
                signup_id: r.signup_id,
                status: r.signup_status,
                waiting_position: r.waiting_position,
                phone: r.phone.clone().unwrap_or_default(),
                consent_method: r.consent_method,
                people: Vec::new(),
                reminded_at: r.reminded_at,
            });
        }
        if let Some(last) = out.last_mut() {
            last.people.push(ParticipantPerson {
                id: r.id,
                kind: r.kind,
                full_name: r.full_name,
                name_reading: r.name_reading,
                minor: r.birth_date.is_some_and(|b| crate::domain::dates::is_minor(b, event_day)),
                guardian_consent: r.guardian_consent,
                answers: r.answers.0,
                attended: r.attended,
            });
        }
    }
    Ok(out)
}

/// Marks whether a person of a confirmed sign-up of this event came; false if no such person.
pub async fn mark_attendance(
    tx: &mut PgConnection,
    event_id: EventId,
    person_id: i64,
    attended: Option<bool>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE signup_people p SET attended = $3 FROM signups s
         WHERE p.id = $2 AND s.id = p.signup_id AND s.event_id = $1 AND s.status = 'confirmed'",
    )
    .bind(event_id)
    .bind(person_id)
    .bind(attended)
    .execute(tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[cfg(test)]
mod tests;
