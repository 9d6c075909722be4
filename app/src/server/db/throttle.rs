//! Login brakes kept in PostgreSQL (see migration `login_throttle`), one atomic statement each.

use chrono::{DateTime, Utc};
use sqlx::PgPool;

/// Counts one attempt under `key` in a window of `window_secs` (a new window once the old one is
/// over) and returns the count so far and when the window started.
pub async fn count_attempt(db: &PgPool, key: &str, window_secs: i64) -> Result<(i32, DateTime<Utc>), sqlx::Error> {
    sqlx::query_as(
        "INSERT INTO login_throttle AS t (key, count) VALUES ($1, 1)
         ON CONFLICT (key) DO UPDATE SET
           count = CASE WHEN t.window_started_at < now() - make_interval(secs => $2) THEN 1 ELSE t.count + 1 END,
           window_started_at = CASE WHEN t.window_started_at < now() - make_interval(secs => $2)
                                    THEN now() ELSE t.window_started_at END,
           updated_at = now()
         RETURNING count, window_started_at",
    )
    .bind(key)
    .bind(window_secs as f64)
    .fetch_one(db)
    .await
}

/// Until when `key` is blocked, if it is.
pub async fn blocked_until(db: &PgPool, key: &str) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    let until: Option<Option<DateTime<Utc>>> =
        sqlx::query_scalar("SELECT blocked_until FROM login_throttle WHERE key = $1 AND blocked_until > now()")
            .bind(key)
            .fetch_optional(db)
            .await?;
    Ok(until.flatten())
}

/// Books one attempt under `key`, atomically, unless the key is blocked right now. From the
/// `free`-th attempt on, each booking blocks the key for a delay that doubles (1 s, 2 s, 4 s, …)
/// up to `max_delay_secs`. A success clears the key. Returns `None` when booked, or the end of the
/// block when refused. One statement, so parallel attempts cannot slip past the delay.
pub async fn book(
    db: &PgPool,
    key: &str,
    free: i32,
    max_delay_secs: i64,
) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    let booked: Option<i32> = sqlx::query_scalar(
        "INSERT INTO login_throttle AS t (key, count, blocked_until)
         VALUES ($1, 1, CASE WHEN 1 >= $2 THEN now() + make_interval(secs => 1) END)
         ON CONFLICT (key) DO UPDATE SET
           count = t.count + 1,
           updated_at = now(),
           blocked_until = CASE WHEN t.count + 1 >= $2
             THEN now() + make_interval(secs => LEAST(power(2, t.count + 1 - $2), $3)) END
         WHERE t.blocked_until IS NULL OR t.blocked_until <= now()
         RETURNING count",
    )
    .bind(key)
    .bind(free)
    .bind(max_delay_secs as f64)
    .fetch_optional(db)
    .await?;
    match booked {
        Some(_) => Ok(None),
        None => Ok(Some(blocked_until(db, key).await?.unwrap_or_else(Utc::now))),
    }
}

/// Deletes rows untouched for a day: old failures expire, and the table cannot grow without end.
pub async fn delete_stale(db: &PgPool) -> Result<u64, sqlx::Error> {
    sqlx::query("DELETE FROM login_throttle WHERE updated_at < now() - interval '1 day'")
        .execute(db)
        .await
        .map(|done| done.rows_affected())
}

/// Forgets `key` (after a successful login).
pub async fn clear(db: &PgPool, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_throttle WHERE key = $1").bind(key).execute(db).await.map(|_| ())
}

#[cfg(test)]
mod tests;
