use super::*;
use crate::domain::dues::PaymentMethod;
use crate::domain::membership::DuesPayment;
use crate::server::db::dues;
use crate::server::db::test_support::{active_member, test_pool};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

fn paid(year: i32, on: (i32, u32, u32), yen: i32) -> DuesPayment {
    DuesPayment {
        fiscal_year: year,
        paid_on: NaiveDate::from_ymd_opt(on.0, on.1, on.2).unwrap(),
        amount_yen: yen,
        method: PaymentMethod::BankTransfer,
        note: String::new(),
    }
}

async fn admin(db: &PgPool) -> AccountId {
    sqlx::query_scalar("SELECT account_id FROM staff_roles WHERE role = 'admin'").fetch_one(db).await.unwrap()
}

async fn record(db: &PgPool, member: MemberId, payment: DuesPayment) -> i64 {
    let by = admin(db).await;
    let mut tx = db.begin().await.unwrap();
    let id = dues::record(&mut tx, member, &payment, by).await.unwrap().unwrap();
    tx.commit().await.unwrap();
    id
}

async fn issue_one(db: &PgPool, payment: i64) -> Receipt {
    let by = admin(db).await;
    let mut tx = db.begin().await.unwrap();
    let receipt = issue(&mut tx, payment, by).await.unwrap().unwrap();
    tx.commit().await.unwrap();
    receipt
}

#[sqlx::test(migrations = "../migrations")]
async fn numbers_run_per_fiscal_year_and_are_never_reused(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let (_, hanako, _) = active_member(&db, "h@example.jp", "稲城 花子", "いなぎ はなこ").await;
    let (_, taro, _) = active_member(&db, "t@example.jp", "稲城 太郎", "いなぎ たろう").await;
    let (_, jiro, _) = active_member(&db, "j@example.jp", "稲城 次郎", "いなぎ じろう").await;
    let a = record(&db, hanako, paid(2026, (2026, 5, 1), 2000)).await;
    let b = record(&db, taro, paid(2026, (2026, 5, 2), 2000)).await;
    // paid in March 2026 for the year starting in April: received in fiscal year 2025
    let c = record(&db, jiro, paid(2026, (2026, 3, 20), 2000)).await;
    // brought by the member-list import: no real day received, so not in the year's run
    let (_, saburo, _) = active_member(&db, "s@example.jp", "稲城 三郎", "いなぎ さぶろう").await;
    let imported =
        DuesPayment { note: crate::server::db::imports::IMPORTED_DUES_NOTE.into(), ..paid(2026, (2026, 4, 1), 2000) };
    let imported = record(&db, saburo, imported).await;

    let first = issue_one(&db, b).await;
    assert_eq!((first.fiscal_year, first.number, first.is_reissue()), (2026, 1, false));
    assert_eq!(first.addressee, "稲城 太郎");

    // The year's run numbers the others in member-number order within each fiscal year received.
    let by = admin(&db).await;
    let mut tx = db.begin().await.unwrap();
    assert_eq!(issue_missing(&mut tx, Which::DuesYear(2026), by).await.unwrap(), 2, "not the imported one");
    assert_eq!(issue_missing(&mut tx, Which::DuesYear(2026), by).await.unwrap(), 0, "each payment once");
    tx.commit().await.unwrap();
    let labels: Vec<String> = for_dues_year(&db, 2026, true).await.unwrap().iter().map(Receipt::number_label).collect();
    assert_eq!(labels, ["2025-0001", "2026-0001", "2026-0002"]);
    assert_eq!(of_payment(&db, a).await.unwrap()[0].number_label(), "2026-0002");
    assert_eq!(of_payment(&db, c).await.unwrap()[0].number_label(), "2025-0001");
    assert_eq!(year_counts(&db, 2026).await.unwrap(), (3, 3, 3), "three issued, none printed yet");
    assert!(of_payment(&db, imported).await.unwrap().is_empty());
    mark_printed(&db, &[first.id]).await.unwrap();
    assert_eq!(year_counts(&db, 2026).await.unwrap().2, 2);
    assert_eq!(for_dues_year(&db, 2026, false).await.unwrap().len(), 2, "the run prints what is not printed yet");

    // Printing it again is a reissue with the same number.
    let again = issue_one(&db, b).await;
    assert_eq!(
        (again.id, again.number_label(), again.issues, again.is_reissue()),
        (first.id, first.number_label(), 2, true)
    );

    // A correction of the amount cancels it; the next issue takes a new number.
    let mut tx = db.begin().await.unwrap();
    let before = dues::lock(&mut tx, taro, b).await.unwrap().unwrap();
    let after = DuesPayment { amount_yen: 4000, ..before.clone() };
    assert!(dues::correct(&mut tx, taro, b, &before.changes(&after), &after, by, "二口分").await.unwrap());
    tx.commit().await.unwrap();
    let receipts = of_payment(&db, b).await.unwrap();
    assert_eq!(receipts[0].cancelled, Some(Cancelled::Changed));
    let renewed = issue_one(&db, b).await;
    assert_eq!((renewed.number_label(), renewed.amount_yen, renewed.is_reissue()), ("2026-0003".into(), 4000, false));

    // A void cancels it; its number is not given again.
    let mut tx = db.begin().await.unwrap();
    dues::lock(&mut tx, hanako, a).await.unwrap().unwrap();
    dues::void(&mut tx, hanako, a, by, "二重の記録").await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(of_payment(&db, a).await.unwrap()[0].cancelled, Some(Cancelled::Voided));
    let again = record(&db, hanako, paid(2026, (2026, 5, 3), 2000)).await;
    assert_eq!(issue_one(&db, again).await.number_label(), "2026-0004");
    let numbers: Vec<(i16, i32)> =
        sqlx::query_as("SELECT fiscal_year, number FROM receipts ORDER BY 1, 2").fetch_all(&db).await.unwrap();
    assert_eq!(numbers, [(2025, 1), (2026, 1), (2026, 2), (2026, 3), (2026, 4)]);
    assert_eq!(for_dues_year(&db, 2026, true).await.unwrap().len(), 3, "only the receipts in force are printed");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_new_name_cancels_the_receipt_at_its_next_issue(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let (_, hanako, _) = active_member(&db, "h@example.jp", "稲城 花子", "いなぎ はなこ").await;
    let payment = record(&db, hanako, paid(2026, (2026, 5, 1), 2000)).await;
    let first = issue_one(&db, payment).await;
    sqlx::query("UPDATE members SET full_name = '若葉 花子' WHERE id = $1").bind(hanako).execute(&db).await.unwrap();
    let second = issue_one(&db, payment).await;
    assert_ne!(first.id, second.id);
    assert_eq!((second.addressee.as_str(), second.number), ("若葉 花子", 2));
    assert_eq!(of_payment(&db, payment).await.unwrap()[1].cancelled, Some(Cancelled::Changed));
}
