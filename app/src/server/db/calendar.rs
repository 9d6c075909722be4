//! Calendars: each event's iCalendar sequence and last change, the published events of the
//! public feeds, a member's own sign-ups, and the secret addresses of members' feeds.

use crate::domain::event::EventView;
use crate::domain::ids::{AccountId, EventId};
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use std::collections::HashMap;

/// How long a past event stays in the public feed (calendar apps drop what a feed drops).
pub const PAST_DAYS: i64 = 90;

/// Each event's (sequence, last change).
pub async fn stamps(db: &PgPool, ids: &[EventId]) -> Result<HashMap<EventId, (i32, DateTime<Utc>)>, sqlx::Error> {
    let ids: Vec<i64> = ids.iter().map(|id| id.0).collect();
    let rows: Vec<(EventId, i32, DateTime<Utc>)> =
        sqlx::query_as("SELECT id, ics_sequence, updated_at FROM events WHERE id = ANY($1)")
            .bind(&ids)
            .fetch_all(db)
            .await?;
    Ok(rows.into_iter().map(|(id, sequence, at)| (id, (sequence, at))).collect())
}

/// The events (not drafts) of the public feed: those that end from `PAST_DAYS` ago on, of one
/// committee or partner city when asked, in time order (at most 1,000).
pub async fn public_events(
    db: &PgPool,
    committee: Option<&str>,
    city: Option<&str>,
) -> Result<Vec<EventId>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT e.id FROM events e JOIN committees c ON c.id = e.committee_id
             LEFT JOIN partner_cities p ON p.id = e.partner_city_id
         WHERE e.status <> 'draft' AND e.ends_at >= now() - make_interval(days => $3)
           AND ($1::text IS NULL OR c.slug = $1) AND ($2::text IS NULL OR p.slug = $2)
         ORDER BY e.starts_at, e.id LIMIT 1000",
    )
    .bind(committee)
    .bind(city)
    .bind(PAST_DAYS as i32)
    .fetch_all(db)
    .await
}

/// A login's sign-ups that hold or wait for a place (its own, and its membership's made by a
/// chair): (event, waiting).
pub async fn my_events(db: &PgPool, account: AccountId) -> Result<Vec<(EventId, bool)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT DISTINCT ON (s.event_id) s.event_id, s.status = 'waiting'
         FROM signups s JOIN events e ON e.id = s.event_id
         WHERE s.status IN ('confirmed', 'waiting') AND e.status <> 'draft'
           AND (s.account_id = $1 OR s.member_id IN (SELECT id FROM members WHERE account_id = $1))
         ORDER BY s.event_id, s.status",
    )
    .bind(account)
    .fetch_all(db)
    .await
}

/// The events, by id, as everyone sees them, in the order given (one query).
pub async fn views(db: &PgPool, ids: &[EventId]) -> Result<Vec<EventView>, sqlx::Error> {
    let mut found: HashMap<EventId, EventView> =
        super::events::views(db, ids).await?.into_iter().map(|e| (e.id, e)).collect();
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

/// Gives the login a new secret feed address (its hash), ending any earlier one.
pub async fn set_feed(tx: &mut PgConnection, account: AccountId, token_hash: &[u8]) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO calendar_feeds (account_id, token_hash) VALUES ($1, $2)
         ON CONFLICT (account_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()",
    )
    .bind(account)
    .bind(token_hash)
    .execute(tx)
    .await?;
    Ok(())
}

/// The login whose feed this is, while it may still log in (a disabled or erased one has none).
pub async fn feed_owner(db: &PgPool, token_hash: &[u8]) -> Result<Option<AccountId>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT f.account_id FROM calendar_feeds f JOIN accounts a ON a.id = f.account_id
         WHERE f.token_hash = $1 AND a.disabled_at IS NULL",
    )
    .bind(token_hash)
    .fetch_optional(db)
    .await
}

/// When the login's feed address was made, if it has one.
pub async fn feed_made(db: &PgPool, account: AccountId) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    sqlx::query_scalar("SELECT created_at FROM calendar_feeds WHERE account_id = $1")
        .bind(account)
        .fetch_optional(db)
        .await
}
