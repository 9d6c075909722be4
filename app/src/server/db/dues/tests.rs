use super::*;
use crate::server::db::test_support::{active_member, test_pool};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

fn payment(year: i32, yen: i32, method: PaymentMethod) -> DuesPayment {
    DuesPayment {
        fiscal_year: year,
        paid_on: NaiveDate::from_ymd_opt(year, 5, 1).unwrap(),
        amount_yen: yen,
        method,
        note: format!("{year}年度"),
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn one_payment_per_year_newest_first(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let (_, member_id, _) = active_member(&db, "a@example.jp", "稲城 太郎", "いなぎ たろう").await;
    let admin: crate::domain::ids::AccountId =
        sqlx::query_scalar("SELECT account_id FROM staff_roles WHERE role = 'admin'").fetch_one(&db).await.unwrap();
    let mut tx = db.begin().await.unwrap();
    assert!(record(&mut tx, member_id, &payment(2025, 3000, PaymentMethod::Cash), admin).await.unwrap().is_some());
    assert!(record(&mut tx, member_id, &payment(2026, 3000, PaymentMethod::BankTransfer), admin)
        .await
        .unwrap()
        .is_some());
    assert_eq!(
        record(&mut tx, member_id, &payment(2026, 9999, PaymentMethod::Other), admin).await.unwrap(),
        None,
        "the year is recorded"
    );
    tx.commit().await.unwrap();
    let paid = of_member(&db, member_id).await.unwrap();
    assert_eq!(paid, [payment(2026, 3000, PaymentMethod::BankTransfer), payment(2025, 3000, PaymentMethod::Cash)]);
    let stored: String =
        sqlx::query_scalar("SELECT method FROM dues_payments WHERE fiscal_year = 2026").fetch_one(&db).await.unwrap();
    assert_eq!(stored, "bank_transfer");
}

#[sqlx::test(migrations = "../migrations")]
async fn an_unknown_stored_method_is_an_error_not_other(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let (_, member_id, _) = active_member(&db, "a@example.jp", "稲城 太郎", "いなぎ たろう").await;
    let admin: crate::domain::ids::AccountId =
        sqlx::query_scalar("SELECT account_id FROM staff_roles WHERE role = 'admin'").fetch_one(&db).await.unwrap();
    let mut tx = db.begin().await.unwrap();
    record(&mut tx, member_id, &payment(2026, 3000, PaymentMethod::Cash), admin).await.unwrap();
    tx.commit().await.unwrap();
    sqlx::query("ALTER TABLE dues_payments DROP CONSTRAINT dues_payments_method_check").execute(&db).await.unwrap();
    sqlx::query("UPDATE dues_payments SET method = 'paypay'").execute(&db).await.unwrap();
    assert!(matches!(of_member(&db, member_id).await, Err(sqlx::Error::ColumnDecode { .. })));
}
