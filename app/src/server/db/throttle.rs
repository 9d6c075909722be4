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
                                    THEN now() ELSE t.window_started_at END
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

/// One more failure under `key`. From the `free`-th failure on, blocks the key for a delay that
/// doubles with each further failure (1 s, 2 s, 4 s, …) up to `max_delay_secs`. Returns the count.
pub async fn record_failure(db: &PgPool, key: &str, free: i32, max_delay_secs: i64) -> Result<i32, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO login_throttle AS t (key, count, blocked_until)
         VALUES ($1, 1, CASE WHEN 1 >= $2 THEN now() + make_interval(secs => 1) END)
         ON CONFLICT (key) DO UPDATE SET
           count = t.count + 1,
           blocked_until = CASE WHEN t.count + 1 >= $2
             THEN now() + make_interval(secs => LEAST(power(2, t.count + 1 - $2), $3)) END
         RETURNING count",
    )
    .bind(key)
    .bind(free)
    .bind(max_delay_secs as f64)
    .fetch_one(db)
    .await
}

/// Forgets `key` (after a successful login).
pub async fn clear(db: &PgPool, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_throttle WHERE key = $1").bind(key).execute(db).await.map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::db::test_support::test_pool;
    use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

    #[sqlx::test(migrations = "../migrations")]
    async fn attempts_count_within_a_window(_: PgPoolOptions, db: PgConnectOptions) {
        let pool = test_pool(db).await;
        for expected in 1..=3 {
            assert_eq!(count_attempt(&pool, "ip:192.0.2.1", 600).await.unwrap().0, expected);
        }
        assert_eq!(count_attempt(&pool, "ip:192.0.2.2", 600).await.unwrap().0, 1, "keys are separate");
        sqlx::query("UPDATE login_throttle SET window_started_at = now() - interval '11 minutes'")
            .execute(&pool)
            .await
            .unwrap();
        assert_eq!(count_attempt(&pool, "ip:192.0.2.1", 600).await.unwrap().0, 1, "a new window starts afresh");
    }

    #[sqlx::test(migrations = "../migrations")]
    async fn failures_block_with_a_growing_delay(_: PgPoolOptions, db: PgConnectOptions) {
        let pool = test_pool(db).await;
        let key = "account:1:ip:192.0.2.1";
        for _ in 0..4 {
            record_failure(&pool, key, 5, 900).await.unwrap();
        }
        assert_eq!(blocked_until(&pool, key).await.unwrap(), None, "four failures are free");
        assert_eq!(record_failure(&pool, key, 5, 900).await.unwrap(), 5);
        let first = blocked_until(&pool, key).await.unwrap().expect("blocked after five");
        record_failure(&pool, key, 5, 900).await.unwrap();
        let second = blocked_until(&pool, key).await.unwrap().unwrap();
        assert!(second - first >= chrono::Duration::milliseconds(900), "the delay doubles: {first} then {second}");
        for _ in 0..20 {
            record_failure(&pool, key, 5, 900).await.unwrap();
        }
        let capped = blocked_until(&pool, key).await.unwrap().unwrap();
        assert!(capped - Utc::now() <= chrono::Duration::seconds(900), "never more than the cap");
        clear(&pool, key).await.unwrap();
        assert_eq!(blocked_until(&pool, key).await.unwrap(), None);
    }
}
