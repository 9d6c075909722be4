//! Brakes on guessing passwords (ASVS 6.1.1, 6.3.1), kept in PostgreSQL so all app processes
//! share them:
//! - per address: at most `ADDRESS_ATTEMPTS` login attempts per `ADDRESS_WINDOW_SECS`;
//! - per email *and* address: after `FREE_FAILURES` wrong passwords in a row, each further try
//!   waits a doubling delay (1 s, 2 s, 4 s … up to 15 minutes). Keyed by address too, so failing
//!   on purpose from elsewhere cannot lock a member out; keyed by the typed email (not the
//!   account), so unknown emails are braked exactly like real ones and reveal nothing.

use crate::error::AppError;
use crate::server::db::throttle;
use chrono::Utc;
use sqlx::PgPool;

pub const ADDRESS_WINDOW_SECS: i64 = 600;
pub const ADDRESS_ATTEMPTS: i32 = 30;
pub const FREE_FAILURES: i32 = 5;
pub const MAX_DELAY_SECS: i64 = 900;

fn address_key(address: &str) -> String {
    format!("ip:{address}")
}

fn email_key(email: &str, address: &str) -> String {
    format!("email:{email}:ip:{address}")
}

fn too_many(until: chrono::DateTime<Utc>) -> AppError {
    let seconds = (until - Utc::now()).num_seconds().max(1) as u64;
    AppError::TooManyRequests { retry_after_secs: seconds }
}

/// Counts this attempt; refuses it if the address or this email from this address is braked.
pub async fn before_login(db: &PgPool, email: &str, address: &str) -> Result<(), AppError> {
    let (count, window_started) = throttle::count_attempt(db, &address_key(address), ADDRESS_WINDOW_SECS).await?;
    if count > ADDRESS_ATTEMPTS {
        tracing::warn!(%address, "login rate limit reached");
        return Err(too_many(window_started + chrono::Duration::seconds(ADDRESS_WINDOW_SECS)));
    }
    if let Some(until) = throttle::blocked_until(db, &email_key(email, address)).await? {
        tracing::warn!(%address, "login braked after repeated failures");
        return Err(too_many(until));
    }
    Ok(())
}

pub async fn after_failure(db: &PgPool, email: &str, address: &str) -> Result<(), AppError> {
    throttle::record_failure(db, &email_key(email, address), FREE_FAILURES, MAX_DELAY_SECS).await?;
    Ok(())
}

pub async fn after_success(db: &PgPool, email: &str, address: &str) -> Result<(), AppError> {
    throttle::clear(db, &email_key(email, address)).await?;
    Ok(())
}

/// The caller's network address: the TCP peer. (Behind a reverse proxy that is the proxy; trusting
/// `X-Forwarded-For` needs a setting naming the proxy, not yet there.)
pub async fn client_address() -> String {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    match leptos_axum::extract::<ConnectInfo<SocketAddr>>().await {
        Ok(ConnectInfo(peer)) => peer.ip().to_string(),
        Err(_) => "unknown".to_string(),
    }
}
