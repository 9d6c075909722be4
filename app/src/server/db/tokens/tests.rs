use super::*;
use crate::server::db::test_support::{account, test_pool};
use chrono::Duration;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

#[sqlx::test(migrations = "../migrations")]
async fn a_link_is_taken_once_before_it_expires(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let owner = account(&db, "a@example.jp").await;
    let mut tx = db.begin().await.unwrap();
    insert(&mut tx, b"fresh", owner, "password_reset", Utc::now() + Duration::hours(1)).await.unwrap();
    insert(&mut tx, b"stale", owner, "password_reset", Utc::now() - Duration::minutes(1)).await.unwrap();
    tx.commit().await.unwrap();
    assert!(usable_password_link(&db, b"fresh").await.unwrap());
    assert!(!usable_password_link(&db, b"stale").await.unwrap());
    let mut tx = db.begin().await.unwrap();
    assert_eq!(take(&mut tx, b"fresh", "invitation").await.unwrap(), None, "for its own purpose only");
    assert_eq!(take(&mut tx, b"fresh", "password_reset").await.unwrap(), Some(owner));
    assert_eq!(take(&mut tx, b"fresh", "password_reset").await.unwrap(), None, "once");
    assert_eq!(take(&mut tx, b"stale", "password_reset").await.unwrap(), None);
    tx.commit().await.unwrap();
    assert!(!usable_password_link(&db, b"fresh").await.unwrap());
}

#[sqlx::test(migrations = "../migrations")]
async fn retiring_ends_every_open_link(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let owner = account(&db, "a@example.jp").await;
    let later = Utc::now() + Duration::hours(1);
    let mut tx = db.begin().await.unwrap();
    insert(&mut tx, b"one", owner, "password_reset", later).await.unwrap();
    insert(&mut tx, b"two", owner, "invitation", later).await.unwrap();
    insert_email_confirmation(&mut tx, b"mail", owner, "new@example.jp", later).await.unwrap();
    retire_all(&mut tx, owner, "password_reset").await.unwrap();
    assert_eq!(take(&mut tx, b"one", "password_reset").await.unwrap(), None);
    assert_eq!(take_email_confirmation(&mut tx, b"mail").await.unwrap(), Some((owner, "new@example.jp".to_string())));
    retire_every(&mut tx, owner).await.unwrap();
    assert_eq!(take(&mut tx, b"two", "invitation").await.unwrap(), None);
}
