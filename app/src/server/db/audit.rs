//! The audit log: every admin action, who did it, to which record, when (UTC). Written inside the
//! action's own transaction, so an action and its record stand or fall together.

use serde_json::Value;
use sqlx::PgConnection;

pub async fn record(
    tx: &mut PgConnection,
    actor_id: i64,
    action: &str,
    record_type: &str,
    record_id: i64,
    details: Value,
) -> Result<(), sqlx::Error> {
    insert(tx, Some(actor_id), action, record_type, record_id, details).await
}

/// An action the server took by itself (the retention job): no actor.
pub async fn record_system(
    tx: &mut PgConnection,
    action: &str,
    record_type: &str,
    record_id: i64,
    details: Value,
) -> Result<(), sqlx::Error> {
    insert(tx, None, action, record_type, record_id, details).await
}

async fn insert(
    tx: &mut PgConnection,
    actor_id: Option<i64>,
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
