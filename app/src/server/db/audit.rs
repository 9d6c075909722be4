//! The audit log: every admin action, who did it, to which record, when (UTC). Written inside the
//! action's own transaction, so an action and its record stand or fall together. Read back newest
//! first, filtered (`audit_sql`), by the audit page and its download.

use crate::domain::ids::AccountId;
use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::{PgConnection, Postgres, QueryBuilder};

pub async fn record(
    tx: &mut PgConnection,
    actor_id: AccountId,
    action: &str,
    record_type: &str,
    record_id: impl Into<i64>,
    details: Value,
) -> Result<(), sqlx::Error> {
    insert(tx, Some(actor_id), action, record_type, record_id.into(), details).await
}

/// An action the server took by itself (the retention job): no actor.
pub async fn record_system(
    tx: &mut PgConnection,
    action: &str,
    record_type: &str,
    record_id: impl Into<i64>,
    details: Value,
) -> Result<(), sqlx::Error> {
    insert(tx, None, action, record_type, record_id.into(), details).await
}

async fn insert(
    tx: &mut PgConnection,
    actor_id: Option<AccountId>,
    action: &str,
    record_type: &str,
    record_id: i64,
    details: Value,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (actor_id, action, record_type, record_id, details) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(actor_id)
    .bind(action)
    .bind(record_type)
    .bind(record_id)
    .bind(details)
    .execute(tx)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: Option<String>,
    pub action: String,
    pub record_type: String,
    pub record_id: Option<i64>,
    pub details: String,
}

#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub record_type: Option<String>,
    pub record_id: Option<i64>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    pub before_id: Option<i64>,
    pub limit: Option<i64>,
}

/// The audit log, newest first, filtered. The actor is named as a person: "山田 花子 <email>", by
/// the staff login's name or else the member's own (a chair), never only a shared address.
pub fn audit_sql(q: &AuditQuery) -> QueryBuilder<'static, Postgres> {
    let mut sql: QueryBuilder<Postgres> = QueryBuilder::new(
        "SELECT l.id, l.at,
             CASE WHEN a.id IS NULL THEN NULL
                 ELSE COALESCE(NULLIF(a.name, '') || ' <' || a.email || '>',
                     (SELECT m.full_name FROM members m WHERE m.account_id = a.id) || ' <' || a.email || '>', a.email)
             END AS actor,
             l.action, l.record_type, l.record_id, l.details::text AS details
         FROM audit_log l LEFT JOIN accounts a ON a.id = l.actor_id WHERE true",
    );
    if let Some(actor) = &q.actor {
        sql.push(" AND a.email = ").push_bind(actor.clone());
    }
    if let Some(action) = &q.action {
        sql.push(" AND l.action = ").push_bind(action.clone());
    }
    if let Some(kind) = &q.record_type {
        sql.push(" AND l.record_type = ").push_bind(kind.clone());
    }
    if let Some(id) = q.record_id {
        sql.push(" AND l.record_id = ").push_bind(id);
    }
    if let Some(from) = q.from {
        sql.push(" AND l.at >= ").push_bind(from);
    }
    if let Some(until) = q.until {
        sql.push(" AND l.at < ").push_bind(until);
    }
    if let Some(before) = q.before_id {
        sql.push(" AND l.id < ").push_bind(before);
    }
    sql.push(" ORDER BY l.id DESC");
    if let Some(limit) = q.limit {
        sql.push(" LIMIT ").push_bind(limit);
    }
    sql
}

#[cfg(test)]
mod tests;
