use super::*;
use crate::server::db::test_support::test_pool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

#[sqlx::test(migrations = "../migrations")]
async fn the_office_from_the_articles_is_there_and_the_details_can_change(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let seeded = contact(&db).await.unwrap();
    assert!(seeded.office.ja.contains("稲城市東長沼2112番地の1"), "{seeded:?}");
    assert!(seeded.phone.is_empty() && seeded.email.is_empty(), "no made-up phone or address");
    let changed = AssociationContact {
        phone: "042-000-0000".into(),
        email: "office@example.jp".into(),
        postal_code: "2060802".into(),
        hours: Localized::new("平日 9:00〜17:00", "Weekdays 9:00–17:00"),
        ..seeded
    };
    let mut tx = db.begin().await.unwrap();
    save(&mut tx, &changed).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(contact(&db).await.unwrap(), changed);
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM association_contact").fetch_one(&db).await.unwrap();
    assert_eq!(count, 1, "one row, whatever happens");
}
