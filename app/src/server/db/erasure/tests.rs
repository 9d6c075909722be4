use super::*;
use crate::server::db::members;
use crate::server::db::test_support::{active_member, test_pool};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

#[sqlx::test(migrations = "../migrations")]
async fn only_a_withdrawn_member_is_erased_and_then_names_no_one(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let (account_id, member_id, _) = active_member(&db, "taro@example.jp", "稲城 太郎", "いなぎ たろう").await;
    let mut tx = db.begin().await.unwrap();
    crate::server::db::outbox::enqueue(&mut tx, "taro@example.jp", "承認", "稲城 太郎 様").await.unwrap();
    crate::server::db::outbox::enqueue(&mut tx, "chair@example.jp", "参加者", "稲城 太郎 さんが参加").await.unwrap();
    assert!(!erase_member(&mut tx, member_id).await.unwrap(), "an active member is not erased");
    members::withdraw(&mut tx, member_id).await.unwrap();
    assert!(erase_member(&mut tx, member_id).await.unwrap());
    assert!(!erase_member(&mut tx, member_id).await.unwrap(), "once");
    tx.commit().await.unwrap();

    let record = members::by_id(&db, member_id).await.unwrap().unwrap();
    assert_eq!(record.full_name, ERASED);
    assert!(record.erased_at.is_some());
    assert_eq!(record.email, None);
    let mail: Vec<(String, String)> =
        sqlx::query_as("SELECT to_address, body FROM outbox").fetch_all(&db).await.unwrap();
    assert_eq!(mail, [("chair@example.jp".to_string(), format!("{ERASED} さんが参加"))]);
    let login: Option<String> =
        sqlx::query_scalar("SELECT email FROM accounts WHERE id = $1").bind(account_id).fetch_one(&db).await.unwrap();
    assert_ne!(login.as_deref(), Some("taro@example.jp"));
}
