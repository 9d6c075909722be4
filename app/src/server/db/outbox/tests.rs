use super::*;
use crate::server::db::test_support::{account, test_pool};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

#[sqlx::test(migrations = "../migrations")]
async fn mail_is_claimed_in_order_and_a_sent_link_is_blanked(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let owner = account(&db, "a@example.jp").await;
    let mut tx = db.begin().await.unwrap();
    let first =
        enqueue(&mut tx, "a@example.jp", "再設定", "https://example.jp/reset?token=abc_DEF-123 まで").await.unwrap();
    let second = enqueue(&mut tx, "b@example.jp", "件名", "本文").await.unwrap();
    tx.commit().await.unwrap();
    let filed: Option<AccountId> =
        sqlx::query_scalar("SELECT account_id FROM outbox WHERE id = $1").bind(first).fetch_one(&db).await.unwrap();
    assert_eq!(filed, Some(owner), "filed under the account with that address");
    assert_eq!(latest(&db, 10, None).await.unwrap().iter().map(|m| m.id).collect::<Vec<_>>(), [second, first]);
    let older = latest(&db, 10, Some(second)).await.unwrap();
    assert_eq!(older.iter().map(|m| m.id).collect::<Vec<_>>(), [first], "the page after the mail `second`");

    let mut tx = db.begin().await.unwrap();
    let claimed = claim_next(&mut tx).await.unwrap().expect("a mail to send");
    assert_eq!(claimed.id, first);
    // Another sender skips the locked one.
    let mut other = db.begin().await.unwrap();
    assert_eq!(claim_next(&mut other).await.unwrap().map(|m| m.id), Some(second));
    other.rollback().await.unwrap(); // Not drop: a dropped transaction rolls back later, and its lock could still hide `second` below.
    mark_sent(&mut tx, first).await.unwrap();
    tx.commit().await.unwrap();
    let sent = latest(&db, 10, None).await.unwrap().into_iter().find(|m| m.id == first).unwrap();
    assert!(sent.sent_at.is_some());
    assert_eq!((sent.attempts, sent.body.as_str()), (1, "https://example.jp/reset?token=(sent) まで"));

    let mut tx = db.begin().await.unwrap();
    assert_eq!(claim_next(&mut tx).await.unwrap().map(|m| m.id), Some(second));
    mark_failed(&mut tx, second, "relay refused").await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = db.begin().await.unwrap();
    assert!(claim_next(&mut tx).await.unwrap().is_none(), "a failed mail waits a minute before the next try");
    let failed = latest(&db, 1, None).await.unwrap().remove(0);
    assert_eq!((failed.attempts, failed.last_error.as_str()), (1, "relay refused"));
}
