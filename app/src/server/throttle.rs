//! Brakes on guessing passwords (ASVS 6.1.1, 6.3.1), kept in PostgreSQL so all app processes
//! share them. Every attempt is booked *before* the password is checked (one atomic statement
//! each), and a success clears the bookings:
//! - per address: at most `ADDRESS_ATTEMPTS` attempts per `ADDRESS_WINDOW_SECS` (429 with
//!   `Retry-After`);
//! - from a browser with a valid device cookie for the typed email (`devices`): after
//!   `FREE_AT_ADDRESS` attempts, a doubling delay up to 15 min, for that browser only. Nothing
//!   else holds it, so nobody can lock the owner out of a browser they have logged in from;
//! - from any other browser, per email from one address: after `FREE_AT_ADDRESS` attempts, a
//!   doubling delay up to 15 min; and per email from anywhere: after `FREE_ANYWHERE` attempts, a
//!   doubling delay up to 30 s, which slows guessing spread over many addresses. These refusals
//!   carry no `Retry-After`, which would tell a guesser when to strike again.
//!
//! Keys use the typed email, not the account, so unknown emails are braked exactly like real ones;
//! they hold a hash of it (`email_key`), never the address itself.

use crate::domain::ids::AccountId;
use crate::error::AppError;
use crate::server::db::throttle;
use crate::server::devices::TrustedDevice;
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
    AppError::TooManyRequests { retry_after_secs: Some(seconds) }
}

/// Books this attempt (per address, then per trusted browser or per email), or refuses it with 429
/// if a brake holds.
pub async fn before_login(
    db: &PgPool,
    email: &str,
    address: &str,
    device: Option<&TrustedDevice>,
) -> Result<(), AppError> {
    let (count, window_started) = throttle::count_attempt(db, &format!("ip:{address}"), ADDRESS_WINDOW_SECS).await?;
    if count > ADDRESS_ATTEMPTS {
        tracing::warn!(%address, "login rate limit reached");
        return Err(too_many(window_started + chrono::Duration::seconds(ADDRESS_WINDOW_SECS)));
    }
    if let Some(device) = device {
        if let Some(until) = throttle::book(db, &device.brake_key(), FREE_AT_ADDRESS, MAX_DELAY_AT_ADDRESS_SECS).await?
        {
            tracing::warn!(%address, "login braked for one browser after repeated attempts");
            return Err(too_many(until));
        }
        return Ok(());
    }
    for (key, free, max_delay) in email_brakes(email, address) {
        if throttle::book(db, &key, free, max_delay).await?.is_some() {
            tracing::warn!(%address, "login braked after repeated attempts");
            return Err(AppError::TooManyRequests { retry_after_secs: None });
        }
    }
    Ok(())
}

/// What the brakes store for an email: the hex SHA-256 of the trimmed, lower-cased address, so
/// that the table never holds an address (and an erased member leaves none behind).
pub fn email_key(email: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(email.trim().to_lowercase().as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn email_brakes(email: &str, address: &str) -> [(String, i32, i64); 2] {
    [
        (format!("email:{}:ip:{address}", email_key(email)), FREE_AT_ADDRESS, MAX_DELAY_AT_ADDRESS_SECS),
        (format!("email:{}", email_key(email)), FREE_ANYWHERE, MAX_DELAY_ANYWHERE_SECS),
    ]
}

/// Applications from one address per hour (ASVS 6.1.1 for the join form).
pub const JOIN_ATTEMPTS: i32 = 10;
pub const JOIN_WINDOW_SECS: i64 = 3600;
/// Reset-link requests from one address per hour.
pub const RESET_ATTEMPTS: i32 = 10;
/// Uses of reset links (new passwords posted with a token) from one address per hour.
pub const RESET_LINK_ATTEMPTS: i32 = 20;

/// Books one application from `address`, or refuses it with 429.
pub async fn before_join(db: &PgPool, address: &str) -> Result<(), AppError> {
    limit(db, &format!("join-ip:{address}"), JOIN_ATTEMPTS, JOIN_WINDOW_SECS).await
}

/// Refused attempts by one person to act for another (a chair entering a sign-up for a member)
/// before a doubling delay starts, and the longest delay. Each refusal reveals nothing, but a
/// chair who keeps trying numbers is slowed down all the same.
pub const ACT_FOR_FREE_REFUSALS: i32 = 5;
pub const ACT_FOR_MAX_DELAY_SECS: i64 = 3600;

fn act_for_key(account_id: AccountId) -> String {
    format!("act-for:{account_id}")
}

/// Refuses with 429 while `account_id` is braked after refused attempts to act for others.
pub async fn before_acting_for_someone(db: &PgPool, account_id: AccountId) -> Result<(), AppError> {
    match throttle::blocked_until(db, &act_for_key(account_id)).await? {
        Some(until) => {
            tracing::warn!(account = account_id.0, "acting for others braked after refusals");
            Err(too_many(until))
        }
        None => Ok(()),
    }
}

/// Books one refused attempt of `account_id` to act for someone else.
pub async fn after_refused_acting_for_someone(db: &PgPool, account_id: AccountId) -> Result<(), AppError> {
    throttle::book(db, &act_for_key(account_id), ACT_FOR_FREE_REFUSALS, ACT_FOR_MAX_DELAY_SECS).await?;
    Ok(())
}

/// Books one reset-link request, per address and per email; refuses with 429 past the limit.
pub async fn before_reset_request(db: &PgPool, email: &str, address: &str) -> Result<(), AppError> {
    limit(db, &format!("reset-ip:{address}"), RESET_ATTEMPTS, JOIN_WINDOW_SECS).await?;
    limit(db, &format!("reset-email:{}", email_key(email)), 3, JOIN_WINDOW_SECS).await
}

/// Books one use of a reset link from `address`, or refuses it with 429: a valid link needs one
/// post, and guessing a 128-bit token is hopeless, so the brake only stops floods.
pub async fn before_reset_link(db: &PgPool, address: &str) -> Result<(), AppError> {
    limit(db, &format!("reset-link-ip:{address}"), RESET_LINK_ATTEMPTS, JOIN_WINDOW_SECS).await
}

async fn limit(db: &PgPool, key: &str, attempts: i32, window_secs: i64) -> Result<(), AppError> {
    let (count, window_started) = throttle::count_attempt(db, key, window_secs).await?;
    if count > attempts {
        tracing::warn!(key, "rate limit reached");
        return Err(too_many(window_started + chrono::Duration::seconds(window_secs)));
    }
    Ok(())
}

/// A correct password: forget the bookings of what was braked (that browser, or this email). A
/// trusted browser's success leaves the per-email bookings of others in place.
pub async fn after_success(
    db: &PgPool,
    email: &str,
    address: &str,
    device: Option<&TrustedDevice>,
) -> Result<(), AppError> {
    if let Some(device) = device {
        return Ok(throttle::clear(db, &device.brake_key()).await?);
    }
    for (key, _, _) in email_brakes(email, address) {
        throttle::clear(db, &key).await?;
    }
    Ok(())
}

/// The caller's address as the brakes see it: the TCP peer, or, when the peer is one of the
/// configured reverse proxies, the right-most `X-Forwarded-For` entry that is not a proxy. IPv6
/// addresses count by their /64 network, which one household or server usually has whole;
/// IPv4-mapped ones (`::ffff:a.b.c.d`) as the IPv4 address.
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

/// The address to brake by (see `client_address`). Every address is taken in its canonical form:
/// a server listening on `[::]` sees an IPv4 client as `::ffff:a.b.c.d`, which must count (and
/// match a proxy listed as IPv4) exactly like `a.b.c.d`, not as one shared IPv6 network.
pub fn real_address(peer: IpAddr, forwarded_for: Option<&str>, trusted_proxies: &[IpAddr]) -> IpAddr {
    let peer = peer.to_canonical();
    let trusted = |address: &IpAddr| trusted_proxies.iter().any(|proxy| proxy.to_canonical() == *address);
    if !trusted(&peer) {
        return peer;
    }
    let hops = forwarded_for
        .unwrap_or("")
        .split(',')
        .rev()
        .filter_map(|hop| hop.trim().parse::<IpAddr>().ok())
        .map(|hop| hop.to_canonical());
    hops.into_iter().find(|hop| !trusted(hop)).unwrap_or(peer)
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
    fn ipv4_mapped_addresses_count_as_ipv4() {
        // What a `[::]` listener sees for an IPv4 client.
        assert_eq!(real_address(ip("::ffff:192.0.2.1"), None, &[]), ip("192.0.2.1"));
        assert_eq!(display(real_address(ip("::ffff:192.0.2.1"), None, &[])), "192.0.2.1");
        let proxies = [ip("10.0.0.2"), ip("::ffff:10.0.0.3")];
        assert_eq!(real_address(ip("::ffff:10.0.0.2"), Some("192.0.2.7"), &proxies), ip("192.0.2.7"));
        assert_eq!(real_address(ip("10.0.0.3"), Some("::ffff:192.0.2.8, 10.0.0.2"), &proxies), ip("192.0.2.8"));
    }

    #[test]
    fn ipv6_counts_by_network() {
        assert_eq!(display(ip("2001:db8:1:2:aaaa::1")), "2001:db8:1:2::/64");
        assert_eq!(display(ip("2001:db8:1:2:bbbb::9")), display(ip("2001:db8:1:2:aaaa::1")));
        assert_eq!(display(ip("192.0.2.1")), "192.0.2.1");
    }

    #[test]
    fn email_keys_hold_no_address_and_ignore_case() {
        let key = email_key(" Hanako@Example.JP ");
        assert_eq!(key, email_key("hanako@example.jp"));
        assert_eq!(key.len(), 64);
        assert!(!key.contains("hanako"));
        assert_ne!(key, email_key("taro@example.jp"));
    }
}
