use super::*;
use crate::server::db::test_support::test_pool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

async fn account(pool: &PgPool, email: &str) -> crate::domain::ids::AccountId {
    sqlx::query_scalar("INSERT INTO accounts (email, password_hash) VALUES ($1, 'x') RETURNING id")
        .bind(email)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn a_device_is_trusted_for_its_own_account_until_it_expires(_: PgPoolOptions, db: PgConnectOptions) {
    let pool = test_pool(db).await;
    let (hanako, taro) = (account(&pool, "hanako@example.jp").await, account(&pool, "taro@example.jp").await);
    insert(&pool, b"device-of-hanako", hanako, 365).await.unwrap();
    insert(&pool, b"device-of-taro", taro, 365).await.unwrap();
    assert!(is_trusted_for(&pool, b"device-of-hanako", "hanako@example.jp").await.unwrap());
    assert!(!is_trusted_for(&pool, b"device-of-hanako", "taro@example.jp").await.unwrap());
    assert!(!is_trusted_for(&pool, b"made-up", "hanako@example.jp").await.unwrap());
    sqlx::query("UPDATE login_devices SET expires_at = now() - interval '1 second' WHERE account_id = $1")
        .bind(hanako)
        .execute(&pool)
        .await
        .unwrap();
    assert!(!is_trusted_for(&pool, b"device-of-hanako", "hanako@example.jp").await.unwrap());
    assert_eq!(delete_expired(&pool).await.unwrap(), 1);
    forget(&pool, b"device-of-taro").await.unwrap();
    assert!(!is_trusted_for(&pool, b"device-of-taro", "taro@example.jp").await.unwrap());
}

#[sqlx::test(migrations = "../migrations")]
async fn an_account_keeps_only_its_newest_devices(_: PgPoolOptions, db: PgConnectOptions) {
    let pool = test_pool(db).await;
    let hanako = account(&pool, "hanako@example.jp").await;
    for n in 0..PER_ACCOUNT + 3 {
        insert(&pool, format!("device-{n}").as_bytes(), hanako, 365).await.unwrap();
    }
    let kept: i64 = sqlx::query_scalar("SELECT count(*) FROM login_devices").fetch_one(&pool).await.unwrap();
    assert_eq!(kept, PER_ACCOUNT);
    let newest = format!("device-{}", PER_ACCOUNT + 2);
    assert!(is_trusted_for(&pool, newest.as_bytes(), "hanako@example.jp").await.unwrap());
}
