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

#[sqlx::test(migrations = "../migrations")]
async fn the_association_s_rules_are_data_and_sql_follows_its_calendar(_: PgPoolOptions, options: PgConnectOptions) {
    use crate::domain::dues::GraceDate;
    let db = test_pool(options).await;
    let seeded = profile::load(&db).await.unwrap();
    assert_eq!(seeded.name.ja, "稲城市姉妹友好都市交流協会", "the real name, from the articles");
    assert_eq!(seeded.calendar.start_month, 4);
    assert_eq!(contact(&db).await.unwrap().name, seeded.name, "the footer's name is the profile's");
    let year_of = |day: &'static str| {
        let db = db.clone();
        async move {
            sqlx::query_scalar::<_, i32>("SELECT fiscal_year_of($1::date)").bind(day).fetch_one(&db).await.unwrap()
        }
    };
    assert_eq!(year_of("2027-01-15").await, 2026);
    let mut changed = seeded.clone();
    changed.name = Localized::new("稲城国際交流協会", "Inagi International Association");
    changed.calendar.start_month = 1;
    changed.calendar.grace = GraceDate { month: 3, day: 31 };
    let mut tx = db.begin().await.unwrap();
    assert_eq!(profile::for_update(&mut tx).await.unwrap(), seeded);
    profile::save(&mut tx, &changed).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(profile::load(&db).await.unwrap(), changed);
    assert_eq!(year_of("2027-01-15").await, 2027, "a January year");
    let start: chrono::NaiveDate = sqlx::query_scalar("SELECT fiscal_year_start(2027)").fetch_one(&db).await.unwrap();
    assert_eq!(start, chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
}
