//! A membership's course: its dated history (`membership_history`), the ends the office records
//! (withdrawal on a 退会届, death, lapse), reinstatement, and a change of type from a fiscal year.

use crate::domain::ids::{AccountId, MemberId};
use crate::domain::localized::Localized;
use crate::domain::member::{MemberStatus, MembershipChange};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgPool};

/// One step of the history, as the member's page shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HistoryRow {
    pub change: MembershipChange,
    pub effective_on: NaiveDate,
    pub reason: String,
    pub type_ja: Option<String>,
    pub type_en: Option<String>,
    pub from_fiscal_year: Option<i16>,
    /// The person who recorded it (a staff login's name, else its address); none for the member
    /// themself or the system.
    pub recorded_by: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

impl HistoryRow {
    pub fn new_type(&self) -> Option<Localized> {
        Some(Localized::new(self.type_ja.clone()?, self.type_en.clone()?))
    }
}

/// The steps in the order they were recorded (each with the day it took effect, which for a change
/// of type may lie ahead).
pub async fn history(db: &PgPool, member: MemberId) -> Result<Vec<HistoryRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT h.change, h.effective_on, h.reason, t.name_ja AS type_ja, t.name_en AS type_en, h.from_fiscal_year,
             recorder_name(h.recorded_by) AS recorded_by, h.recorded_at
         FROM membership_history h LEFT JOIN membership_types t ON t.id = h.type_id
         WHERE h.member_id = $1 ORDER BY h.id",
    )
    .bind(member)
    .fetch_all(db)
    .await
}

/// A step of a membership, in the transaction of the change itself.
pub struct Step<'a> {
    pub change: MembershipChange,
    pub effective_on: NaiveDate,
    pub reason: &'a str,
    /// For a change of type: the new type and the fiscal year it counts from.
    pub new_type: Option<(i64, i32)>,
    pub by: Option<AccountId>,
}

pub async fn record(tx: &mut PgConnection, member: MemberId, step: Step<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO membership_history (member_id, change, effective_on, reason, type_id, from_fiscal_year, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(member)
    .bind(step.change)
    .bind(step.effective_on)
    .bind(step.reason)
    .bind(step.new_type.map(|(id, _)| id))
    .bind(step.new_type.map(|(_, year)| year as i16))
    .bind(step.by)
    .execute(tx)
    .await?;
    Ok(())
}

/// Ends a pending or active membership with `status` (withdrawn, deceased or lapsed); false when
/// it was not pending or active. `withdrawn_at` dates every end (the retention rules count from it);
/// a change of type still waiting for its year is dropped.
pub async fn end(tx: &mut PgConnection, member: MemberId, status: MemberStatus) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE members SET status = $2, withdrawn_at = now(), next_type_id = NULL, next_type_from = NULL,
             updated_at = now()
         WHERE id = $1 AND status IN ('pending', 'active') AND erased_at IS NULL",
    )
    .bind(member)
    .bind(status)
    .execute(tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A withdrawn or lapsed membership (not erased) that was once a member's, with its number, active
/// again: never an application that was not approved (it has no number; it applies again).
/// `None` when it could not be reinstated.
pub async fn reinstate(tx: &mut PgConnection, member: MemberId) -> Result<Option<i32>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE members SET status = 'active', withdrawn_at = NULL, updated_at = now()
         WHERE id = $1 AND status IN ('withdrawn', 'lapsed') AND erased_at IS NULL AND member_number IS NOT NULL
         RETURNING member_number",
    )
    .bind(member)
    .fetch_optional(tx)
    .await
}

/// Gives the member `type_id` from `from_year`: at once when that fiscal year has begun, else kept
/// as the next type until it does ([`apply_due_types`]). False unless the membership is active.
pub async fn change_type(
    tx: &mut PgConnection,
    member: MemberId,
    type_id: i64,
    from_year: i32,
    current_year: i32,
) -> Result<bool, sqlx::Error> {
    let sql = if from_year <= current_year {
        "UPDATE members SET membership_type_id = $2, next_type_id = NULL, next_type_from = NULL, updated_at = now()
         WHERE id = $1 AND $3::smallint IS NOT NULL AND status = 'active' AND erased_at IS NULL"
    } else {
        "UPDATE members SET next_type_id = $2, next_type_from = $3, updated_at = now()
         WHERE id = $1 AND status = 'active' AND erased_at IS NULL"
    };
    let done = sqlx::query(sql).bind(member).bind(type_id).bind(from_year as i16).execute(tx).await?;
    Ok(done.rows_affected() == 1)
}

/// The type waiting for its fiscal year, if any: (its name, the year).
pub async fn next_type(db: &PgPool, member: MemberId) -> Result<Option<(Localized, i32)>, sqlx::Error> {
    let row: Option<(String, String, i16)> = sqlx::query_as(
        "SELECT t.name_ja, t.name_en, m.next_type_from FROM members m JOIN membership_types t ON t.id = m.next_type_id
         WHERE m.id = $1",
    )
    .bind(member)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(ja, en, year)| (Localized::new(ja, en), i32::from(year))))
}

/// Changes of type whose fiscal year has begun take effect (the daily job, and at start).
pub async fn apply_due_types(tx: &mut PgConnection, current_year: i32) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE members SET membership_type_id = next_type_id, next_type_id = NULL, next_type_from = NULL,
             updated_at = now()
         WHERE next_type_from <= $1",
    )
    .bind(current_year as i16)
    .execute(tx)
    .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests;
