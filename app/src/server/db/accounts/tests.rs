use super::*;
use crate::server::db::test_support::test_pool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::Connection;

/// Two people confirming the same address at the same moment: the second one finds it taken
/// (and is told so), never a database error.
#[sqlx::test(migrations = "../migrations")]
async fn two_confirmations_of_one_address_at_once_give_it_to_one(_: PgPoolOptions, db: PgConnectOptions) {
    let pool = test_pool(db).await;
    let ids: Vec<AccountId> = sqlx::query_scalar(
        "INSERT INTO accounts (email, password_hash) VALUES ('a@example.jp', 'x'), ('b@example.jp', 'x') RETURNING id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut first = pool.begin().await.unwrap();
    assert!(set_email(&mut first, ids[0], "same@example.jp").await.unwrap());
    let second = tokio::spawn({
        let pool = pool.clone();
        let id = ids[1];
        async move {
            let mut conn = pool.acquire().await.unwrap();
            let mut tx = conn.begin().await.unwrap();
            // Waits on the first transaction's new index entry, then finds the address taken.
            let given = set_email(&mut tx, id, "same@example.jp").await;
            let committed = tx.commit().await;
            (given.map_err(|e| e.to_string()), committed.is_ok())
        }
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    first.commit().await.unwrap();
    let (given, committed) = second.await.unwrap();
    assert_eq!(given, Ok(false), "the second confirmation is told the address is taken");
    assert!(committed, "and its transaction can go on (to use up the link)");
    let holders: i64 = sqlx::query_scalar("SELECT count(*) FROM accounts WHERE email = 'same@example.jp'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(holders, 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_new_member_account_is_unconfirmed_until_its_link_is_used(_: PgPoolOptions, db: PgConnectOptions) {
    let pool = test_pool(db).await;
    let mut tx = pool.begin().await.unwrap();
    let id = insert_member_account(&mut tx, "a@example.jp", "hash", "en").await.unwrap().expect("new");
    assert_eq!(insert_member_account(&mut tx, "a@example.jp", "other", "ja").await.unwrap(), None, "taken");
    tx.commit().await.unwrap();
    assert_eq!(
        for_login(&pool, "a@example.jp").await.unwrap().map(|a| (a.id, a.password_hash)),
        Some((id, "hash".into()))
    );
    assert_eq!(by_email(&pool, "a@example.jp").await.unwrap(), None, "an unconfirmed claim opens nothing");
    assert_eq!(email_and_lang(&pool, id).await.unwrap(), ("a@example.jp".to_string(), crate::i18n::Lang::En));
    let mut tx = pool.begin().await.unwrap();
    assert!(set_email(&mut tx, id, "a@example.jp").await.unwrap());
    tx.commit().await.unwrap();
    assert_eq!(by_email(&pool, "a@example.jp").await.unwrap(), Some((id, crate::i18n::Lang::En)));
    let session = for_session(&pool, id).await.unwrap().expect("the account");
    assert_eq!((session.roles, session.member_id, session.chair_of), (vec![], None, vec![]));
}

#[sqlx::test(migrations = "../migrations")]
async fn disabling_ends_sessions_and_a_new_password_too(_: PgPoolOptions, db: PgConnectOptions) {
    let pool = test_pool(db).await;
    let id = crate::server::db::test_support::account(&pool, "a@example.jp").await;
    let epoch = for_session(&pool, id).await.unwrap().unwrap().session_epoch;
    let mut tx = pool.begin().await.unwrap();
    assert_eq!(set_disabled(&mut tx, id, true).await.unwrap(), epoch + 1);
    assert_eq!(set_disabled(&mut tx, id, true).await.unwrap(), epoch + 2, "every disabling ends sessions");
    tx.commit().await.unwrap();
    assert!(for_login(&pool, "a@example.jp").await.unwrap().unwrap().disabled_at.is_some());
    let mut tx = pool.begin().await.unwrap();
    assert_eq!(set_disabled(&mut tx, id, false).await.unwrap(), epoch + 2, "enabling keeps the epoch");
    tx.commit().await.unwrap();
    assert_eq!(set_password(&pool, id, "new").await.unwrap(), epoch + 3);
    assert_eq!(password_hash(&pool, id).await.unwrap(), "new");
    replace_hash(&pool, id, "rehashed").await.unwrap();
    assert_eq!(for_session(&pool, id).await.unwrap().unwrap().session_epoch, epoch + 3, "a rehash keeps sessions");
}

#[sqlx::test(migrations = "../migrations")]
async fn an_address_is_taken_by_another_login_or_a_member(_: PgPoolOptions, db: PgConnectOptions) {
    let pool = test_pool(db).await;
    let a = crate::server::db::test_support::account(&pool, "a@example.jp").await;
    let (b, _) = crate::server::db::test_support::applicant(&pool, "b@example.jp", "稲城 太郎", "いなぎ たろう").await;
    let mut conn = pool.acquire().await.unwrap();
    assert!(email_taken(&mut conn, a, "b@example.jp").await.unwrap());
    assert!(!email_taken(&mut conn, b, "b@example.jp").await.unwrap(), "one's own address");
    assert!(!email_taken(&mut conn, a, "free@example.jp").await.unwrap());
    assert!(!admin_exists(&mut conn).await.unwrap());
    insert_admin(&mut conn, "admin@example.jp", "x", true).await.unwrap();
    assert!(admin_exists(&mut conn).await.unwrap());
}
