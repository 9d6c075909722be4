use super::*;
use crate::server::db::test_support::test_pool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

#[sqlx::test(migrations = "../migrations")]
async fn the_seeded_types_come_in_the_secretariats_order(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let types = list(&db).await.unwrap();
    let codes: Vec<_> = types.iter().map(|t| t.code.as_str()).collect();
    assert!(codes.contains(&"individual") && codes.contains(&"family") && codes.contains(&"student"), "{codes:?}");
    let family = types.iter().find(|t| t.code == "family").unwrap();
    assert!(family.has_household && !family.is_organisation);
    assert_eq!(by_id(&db, family.id).await.unwrap(), *family);
    assert!(by_id(&db, -1).await.is_err(), "an unknown id is an error");
}

#[sqlx::test(migrations = "../migrations")]
async fn an_update_changes_names_fee_and_offer(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let student = list(&db).await.unwrap().into_iter().find(|t| t.code == "student").unwrap();
    let mut tx = db.begin().await.unwrap();
    assert!(update(&mut tx, student.id, "学生会員", "Student", 1500, false).await.unwrap());
    assert!(!update(&mut tx, -1, "x", "x", 1, true).await.unwrap());
    tx.commit().await.unwrap();
    let after = by_id(&db, student.id).await.unwrap();
    assert_eq!(
        (after.name.ja.as_str(), after.name.en.as_str(), after.annual_fee_yen, after.offered),
        ("学生会員", "Student", 1500, false)
    );
    assert_eq!(after.code, "student", "the code stays");
}
