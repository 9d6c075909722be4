use super::*;
use crate::server::db::test_support::{active_member, applicant, test_pool};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

#[sqlx::test(migrations = "../migrations")]
async fn the_figures_count_members_by_status_type_and_committee(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    active_member(&db, "a@example.jp", "一", "いち").await;
    let (_, second, _) = active_member(&db, "b@example.jp", "二", "に").await;
    applicant(&db, "c@example.jp", "三", "さん").await;
    let mut tx = db.begin().await.unwrap();
    crate::server::db::members::replace_committees(&mut tx, second, &["regional".into()]).await.unwrap();
    tx.commit().await.unwrap();

    assert_eq!(members_by_status(&db).await.unwrap(), [("active".to_string(), 2), ("pending".to_string(), 1)]);
    let by_type = active_by_type(&db).await.unwrap();
    let individual = by_type.iter().find(|(ja, ..)| ja.contains("個人")).expect("the individual type");
    assert_eq!(individual.2, 2);
    assert_eq!(by_type.iter().map(|(.., n)| n).sum::<i64>(), 2);
    let sizes = committee_sizes(&db).await.unwrap();
    assert_eq!(sizes.len(), 3);
    assert_eq!(sizes.iter().map(|(.., n)| n).sum::<i64>(), 1);
    let (paid, paid_yen, active, _expected_yen) = dues_summary(&db, 2026).await.unwrap();
    assert_eq!((paid, paid_yen, active), (0, 0, 2));
    let year = crate::domain::dues::DuesCalendar::default().this_year();
    let joins = joins_and_withdrawals(&db, year, 3).await.unwrap();
    assert_eq!(joins.iter().map(|(y, ..)| *y).collect::<Vec<_>>(), [year - 2, year - 1, year]);
    assert_eq!(joins[2].1, 2, "two approved this fiscal year");
    assert!(events_per_city_year(&db).await.unwrap().is_empty());
}
