//! One-time account tokens (password reset, invitation and email confirmation links). Only a
//! SHA-256 of each token is stored.

use crate::domain::ids::AccountId;
use chrono::{DateTime, Utc};
use sqlx::PgConnection;

pub async fn insert(
    tx: &mut PgConnection,
    token_hash: &[u8],
    account_id: AccountId,
    purpose: &str,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO account_tokens (token_hash, account_id, purpose, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(account_id)
        .bind(purpose)
        .bind(expires_at)
        .execute(tx)
        .await?;
    Ok(())
}

/// Whether a password link (a reset link or an invitation) is known, unused and unexpired, without
/// using it up: the cheap check before the new password is hashed. `take` still decides, atomically.
pub async fn usable_password_link(db: &sqlx::PgPool, token_hash: &[u8]) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM account_tokens
                        WHERE token_hash = $1 AND purpose IN ('password_reset', 'invitation')
                          AND used_at IS NULL AND expires_at > now())",
    )
    .bind(token_hash)
    .fetch_one(db)
    .await
}

/// Uses a token: marks it used and returns its account, if it is known, unused, unexpired and
/// its account is not disabled. One statement, so two uses of the same link cannot both succeed.
pub async fn take(tx: &mut PgConnection, token_hash: &[u8], purpose: &str) -> Result<Option<AccountId>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE account_tokens SET used_at = now()
         WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
           AND account_id IN (SELECT id FROM accounts WHERE disabled_at IS NULL)
         RETURNING account_id",
    )
    .bind(token_hash)
    .bind(purpose)
    .fetch_optional(tx)
    .await
}

/// A new link makes the account's older ones useless.
pub async fn retire_all(tx: &mut PgConnection, account_id: AccountId, purpose: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE account_tokens SET used_at = now() WHERE account_id = $1 AND purpose = $2 AND used_at IS NULL")
        .bind(account_id)
        .bind(purpose)
        .execute(tx)
        .await?;
    Ok(())
}

/// Every link of the account stops working (withdrawal, disabling, erasure).
pub async fn retire_every(tx: &mut PgConnection, account_id: AccountId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE account_tokens SET used_at = now() WHERE account_id = $1 AND used_at IS NULL")
        .bind(account_id)
        .execute(tx)
        .await?;
    Ok(())
}

/// A link that confirms `email` for the account (the address it joined with, or a new one).
pub async fn insert_email_confirmation(
    tx: &mut PgConnection,
    token_hash: &[u8],
    account_id: AccountId,
    email: &str,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO account_tokens (token_hash, account_id, purpose, expires_at, new_email)
         VALUES ($1, $2, 'email_confirmation', $3, $4)",
    )
    .bind(token_hash)
    .bind(account_id)
    .bind(expires_at)
    .bind(email)
    .execute(tx)
    .await?;
    Ok(())
}

/// Uses an email confirmation link: (account, the address it confirms), like `take`.
pub async fn take_email_confirmation(
    tx: &mut PgConnection,
    token_hash: &[u8],
) -> Result<Option<(AccountId, String)>, sqlx::Error> {
    sqlx::query_as(
        "UPDATE account_tokens SET used_at = now()
         WHERE token_hash = $1 AND purpose = 'email_confirmation' AND used_at IS NULL AND expires_at > now()
           AND account_id IN (SELECT id FROM accounts WHERE disabled_at IS NULL)
         RETURNING account_id, new_email",
    )
    .bind(token_hash)
    .fetch_optional(tx)
    .await
}

#[cfg(test)]
mod tests;
