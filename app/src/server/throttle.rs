//! Brakes on guessing passwords (ASVS 6.1.1, 6.3.1), kept in PostgreSQL so all app processes
//! share them. Every attempt is booked *before* the password is checked (one atomic statement
//! each), and a success clears the bookings:
//! - per address: at most `ADDRESS_ATTEMPTS` attempts per `ADDRESS_WINDOW_SECS`;
//! - per email from one address: after `FREE_AT_ADDRESS` attempts, a doubling delay up to 15 min;
//! - per email from anywhere: after `FREE_ANYWHERE` attempts, a doubling delay up to 30 s, which
//!   slows guessing spread over many addresses but cannot become a lockout.
//!
//! Keys use the typed email, not the account, so unknown emails are braked exactly like real ones;
//! they hold a hash of it (`email_key`), never the address itself.

use crate::error::AppError;
use crate::server::db::throttle;
use crate::server::state::AppState;
use chrono::Utc;
use leptos::prelude::use_context;
use sqlx::PgPool;
use std::net::IpAddr;

pub const ADDRESS_WINDOW_SECS: i64 = 600;
pub const ADDRESS_ATTEMPTS: i32 = 30;
pub const FREE_AT_ADDRESS: i32 = 5;
pub const MAX_DELAY_AT_ADDRESS_SECS: i64 = 900;
pub const FREE_ANYWHERE: i32 = 10;
pub const MAX_DELAY_ANYWHERE_SECS: i64 = 30;

fn too_many(until: chrono::DateTime<Utc>) -> AppError {
    let seconds = (until - Utc::now()).num_seconds().max(1) as u64;
    AppError::TooManyRequests { retry_after_secs: seconds }
}

/// Books this attempt under all three keys, or refuses it with 429 if any of them is braked.
pub async fn before_login(db: &PgPool, email: &str, address: &str) -> Result<(), AppError> {
    let (count, window_started) = throttle::count_attempt(db, &format!("ip:{address}"), ADDRESS_WINDOW_SECS).await?;
    if count > ADDRESS_ATTEMPTS {
        tracing::warn!(%address, "login rate limit reached");
        return Err(too_many(window_started + chrono::Duration::seconds(ADDRESS_WINDOW_SECS)));
    }
    let brakes = [
        (format!("email:{}:ip:{address}", email_key(email)), FREE_AT_ADDRESS, MAX_DELAY_AT_ADDRESS_SECS),
        (format!("email:{}", email_key(email)), FREE_ANYWHERE, MAX_DELAY_ANYWHERE_SECS),
    ];
    for (key, free, max_delay) in brakes {
        if let Some(until) = throttle::book(db, &key, free, max_delay).await? {
            tracing::warn!(%address, "login braked after repeated attempts");
            return Err(too_many(until));
        }
    }
    Ok(())
}

/// Applications from one address per hour (ASVS 6.1.1 for the join form).
pub const JOIN_ATTEMPTS: i32 = 10;
pub const JOIN_WINDOW_SECS: i64 = 3600;
/// Reset-link requests from one address per hour.
pub const RESET_ATTEMPTS: i32 = 10;

/// What the brakes store for an email: the hex SHA-256 of the trimmed, lower-cased address, so
/// that the table never holds an address (and an erased member leaves none behind).
pub fn email_key(email: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(email.trim().to_lowercase().as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Books one application from `address`, or refuses it with 429.
pub async fn before_join(db: &PgPool, address: &str) -> Result<(), AppError> {
    limit(db, &format!("join-ip:{address}"), JOIN_ATTEMPTS, JOIN_WINDOW_SECS).await
}

/// Books one reset-link request, per address and per email; refuses with 429 past the limit.
pub async fn before_reset_request(db: &PgPool, email: &str, address: &str) -> Result<(), AppError> {
    limit(db, &format!("reset-ip:{address}"), RESET_ATTEMPTS, JOIN_WINDOW_SECS).await?;
    limit(db, &format!("reset-email:{}", email_key(email)), 3, JOIN_WINDOW_SECS).await
}

async fn limit(db: &PgPool, key: &str, attempts: i32, window_secs: i64) -> Result<(), AppError> {
    let (count, window_started) = throttle::count_attempt(db, key, window_secs).await?;
    if count > attempts {
        tracing::warn!(key, "rate limit reached");
        return Err(too_many(window_started + chrono::Duration::seconds(window_secs)));
    }
    Ok(())
}

/// A correct password: forget the bookings for this email.
pub async fn after_success(db: &PgPool, email: &str, address: &str) -> Result<(), AppError> {
    throttle::clear(db, &format!("email:{}:ip:{address}", email_key(email))).await?;
    throttle::clear(db, &format!("email:{}", email_key(email))).await?;
    Ok(())
}

/// The caller's address as the brakes see it: the TCP peer, or, when the peer is one of the
/// configured reverse proxies, the right-most `X-Forwarded-For` entry that is not a proxy. IPv6
/// addresses count by their /64 network, which one household or server usually has whole.
pub async fn client_address() -> String {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    let peer = match leptos_axum::extract::<ConnectInfo<SocketAddr>>().await {
        Ok(ConnectInfo(peer)) => peer.ip(),
        Err(_) => return "unknown".to_string(),
    };
    let trusted = use_context::<AppState>().map(|state| state.trusted_proxies).unwrap_or_default();
    let forwarded = use_context::<http::request::Parts>()
        .and_then(|parts| parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()).map(str::to_string));
    display(real_address(peer, forwarded.as_deref(), &trusted))
}

/// The address to brake by (see `client_address`).
pub fn real_address(peer: IpAddr, forwarded_for: Option<&str>, trusted_proxies: &[IpAddr]) -> IpAddr {
    if !trusted_proxies.contains(&peer) {
        return peer;
    }
    let hops = forwarded_for.unwrap_or("").split(',').rev().filter_map(|hop| hop.trim().parse::<IpAddr>().ok());
    hops.into_iter().find(|hop| !trusted_proxies.contains(hop)).unwrap_or(peer)
}

fn display(address: IpAddr) -> String {
    match address {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_direct_peer_is_taken_as_it_is() {
        assert_eq!(real_address(ip("203.0.113.9"), Some("198.51.100.1"), &[]), ip("203.0.113.9"));
    }

    #[test]
    fn behind_a_trusted_proxy_the_last_untrusted_hop_counts() {
        let proxies = [ip("10.0.0.2"), ip("10.0.0.3")];
        let forwarded = Some("198.51.100.66, 203.0.113.5, 10.0.0.3");
        assert_eq!(
            real_address(ip("10.0.0.2"), forwarded, &proxies),
            ip("203.0.113.5"),
            "spoofed left entries are ignored"
        );
        assert_eq!(real_address(ip("10.0.0.2"), None, &proxies), ip("10.0.0.2"));
        assert_eq!(real_address(ip("10.0.0.2"), Some("garbage"), &proxies), ip("10.0.0.2"));
    }

    #[test]
    fn email_keys_hold_no_address_and_ignore_case() {
        let key = email_key(" Hanako@Example.JP ");
        assert_eq!(key, email_key("hanako@example.jp"));
        assert_eq!(key.len(), 64);
        assert!(!key.contains("hanako"));
        assert_ne!(key, email_key("taro@example.jp"));
    }

    #[test]
    fn ipv6_counts_by_network() {
        assert_eq!(display(ip("2001:db8:1:2:aaaa::1")), "2001:db8:1:2::/64");
        assert_eq!(display(ip("2001:db8:1:2:bbbb::9")), display(ip("2001:db8:1:2:aaaa::1")));
        assert_eq!(display(ip("192.0.2.1")), "192.0.2.1");
    }
}
