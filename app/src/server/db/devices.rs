//! Device cookies (see `server::devices` and migration `login_devices`). Only a SHA-256 of each
//! token is stored.

use crate::domain::ids::AccountId;
use sqlx::PgPool;

/// At most this many remembered browsers per account; the oldest are forgotten first.
pub const PER_ACCOUNT: i64 = 20;

/// Remembers a browser for `account_id` for `lifetime_days`, forgetting the account's oldest
/// beyond `PER_ACCOUNT`.
pub async fn insert(
    db: &PgPool,
    token_hash: &[u8],
    account_id: AccountId,
    lifetime_days: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO login_devices (token_hash, account_id, expires_at)
         VALUES ($1, $2, now() + make_interval(days => $3))",
    )
    .bind(token_hash)
    .bind(account_id)
    .bind(lifetime_days as i32)
    .execute(db)
    .await?;
    sqlx::query(
        "DELETE FROM login_devices WHERE account_id = $1 AND token_hash NOT IN
           (SELECT token_hash FROM login_devices WHERE account_id = $1 ORDER BY created_at DESC LIMIT $2)",
    )
    .bind(account_id)
    .bind(PER_ACCOUNT)
    .execute(db)
    .await?;
    Ok(())
}

/// Whether the token is a valid, unexpired device cookie of the account that logs in as `email`.
pub async fn is_trusted_for(db: &PgPool, token_hash: &[u8], email: &str) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM login_devices d JOIN accounts a ON a.id = d.account_id
                        WHERE d.token_hash = $1 AND a.email = $2 AND d.expires_at > now())",
    )
    .bind(token_hash)
    .bind(email)
    .fetch_one(db)
    .await
}

/// Forgets one device cookie (replaced by a new one at login).
pub async fn forget(db: &PgPool, token_hash: &[u8]) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_devices WHERE token_hash = $1").bind(token_hash).execute(db).await.map(|_| ())
}

/// Deletes expired device cookies.
pub async fn delete_expired(db: &PgPool) -> Result<u64, sqlx::Error> {
    sqlx::query("DELETE FROM login_devices WHERE expires_at <= now()")
        .execute(db)
        .await
        .map(|done| done.rows_affected())
}

#[cfg(test)]
mod tests;
