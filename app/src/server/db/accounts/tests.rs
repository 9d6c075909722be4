use super::*;
use crate::server::db::test_support::test_pool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::Connection;

/// Two people confirming the same address at the same moment: the second one finds it taken
/// (and is told so), never a database error.
#[sqlx::test(migrations = "../migrations")]
async fn two_confirmations_of_one_address_at_once_give_it_to_one(_: PgPoolOptions, db: PgConnectOptions) {
    let pool = test_pool(db).await;
    let ids: Vec<i64> = sqlx::query_scalar(
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
