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
async fn bookings_block_with_a_growing_delay(_: PgPoolOptions, db: PgConnectOptions) {
    let pool = test_pool(db).await;
    let key = "email:a@example.jp:ip:192.0.2.1";
    for _ in 0..4 {
        assert_eq!(book(&pool, key, 5, 900).await.unwrap(), None, "four attempts are free");
    }
    assert_eq!(book(&pool, key, 5, 900).await.unwrap(), None, "the fifth is booked, and blocks");
    let first = book(&pool, key, 5, 900).await.unwrap().expect("refused while blocked");
    sqlx::query("UPDATE login_throttle SET blocked_until = now() - interval '1 second'").execute(&pool).await.unwrap();
    assert_eq!(book(&pool, key, 5, 900).await.unwrap(), None, "booked again once the delay is over");
    let second = blocked_until(&pool, key).await.unwrap().unwrap();
    assert!(second - Utc::now() > chrono::Duration::milliseconds(1500), "the delay doubled: {first} then {second}");
    clear(&pool, key).await.unwrap();
    assert_eq!(book(&pool, key, 5, 900).await.unwrap(), None);
}

#[sqlx::test(migrations = "../migrations")]
async fn parallel_attempts_cannot_slip_past_the_block(_: PgPoolOptions, db: PgConnectOptions) {
    const KEY: &str = "email:b@example.jp:ip:192.0.2.2";
    let pool = test_pool(db).await;
    let tasks: Vec<_> = (0..30)
        .map(|_| {
            let pool = pool.clone();
            tokio::spawn(async move { book(&pool, KEY, 5, 900).await.unwrap() })
        })
        .collect();
    let mut booked = 0;
    for task in tasks {
        if task.await.unwrap().is_none() {
            booked += 1;
        }
    }
    assert_eq!(booked, 5, "only the free attempts and the one that sets the block get through");
}

#[sqlx::test(migrations = "../migrations")]
async fn stale_rows_are_deleted(_: PgPoolOptions, db: PgConnectOptions) {
    let pool = test_pool(db).await;
    book(&pool, "email:c@example.jp", 10, 30).await.unwrap();
    count_attempt(&pool, "ip:192.0.2.3", 600).await.unwrap();
    sqlx::query("UPDATE login_throttle SET updated_at = now() - interval '2 days' WHERE key = 'ip:192.0.2.3'")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(delete_stale(&pool).await.unwrap(), 1);
}
