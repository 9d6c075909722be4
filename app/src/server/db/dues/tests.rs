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
    let paid: Vec<DuesPayment> = of_member(&db, member_id).await.unwrap().into_iter().map(|p| p.payment).collect();
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

#[sqlx::test(migrations = "../migrations")]
async fn a_correction_keeps_what_it_said_and_a_void_frees_the_year(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let (_, member_id, _) = active_member(&db, "a@example.jp", "稲城 太郎", "いなぎ たろう").await;
    let admin: crate::domain::ids::AccountId =
        sqlx::query_scalar("SELECT account_id FROM staff_roles WHERE role = 'admin'").fetch_one(&db).await.unwrap();
    let mut tx = db.begin().await.unwrap();
    let first = record(&mut tx, member_id, &payment(2025, 500, PaymentMethod::Cash), admin).await.unwrap().unwrap();
    let second = record(&mut tx, member_id, &payment(2026, 2000, PaymentMethod::Cash), admin).await.unwrap().unwrap();
    tx.commit().await.unwrap();
    let shown = one(&db, member_id, first).await.unwrap().unwrap();
    assert_eq!(shown.owed_yen(), shown.due_yen.map(|due| due - 500), "less than the year's dues: partly paid");

    let mut tx = db.begin().await.unwrap();
    let before = lock(&mut tx, member_id, first).await.unwrap().unwrap();
    let after = DuesPayment { amount_yen: 2000, method: PaymentMethod::PostalTransfer, ..before.clone() };
    let changes = before.changes(&after);
    assert_eq!(changes.iter().map(|c| c.field.as_str()).collect::<Vec<_>>(), ["amount_yen", "method"]);
    assert!(correct(&mut tx, member_id, first, &changes, &after, admin, "金額の入力まちがい").await.unwrap());
    tx.commit().await.unwrap();
    // A refused correction aborts its transaction: it has one of its own, rolled back.
    let mut tx = db.begin().await.unwrap();
    let clash = DuesPayment { fiscal_year: 2026, ..after.clone() };
    assert!(
        !correct(&mut tx, member_id, first, &before.changes(&clash), &clash, admin, "x").await.unwrap(),
        "2026 is another payment's year"
    );
    tx.rollback().await.unwrap();
    let shown = one(&db, member_id, first).await.unwrap().unwrap();
    assert_eq!((shown.payment.amount_yen, shown.corrected), (2000, true));
    let kept = revisions(&db, first).await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].reason, "金額の入力まちがい");
    let amount = kept[0].changes.iter().find(|c| c.field == "amount_yen").unwrap();
    assert_eq!((amount.before.as_str(), amount.after.as_str()), ("500", "2000"));

    let mut tx = db.begin().await.unwrap();
    lock(&mut tx, member_id, second).await.unwrap().unwrap();
    void(&mut tx, member_id, second, admin, "二重に記録").await.unwrap();
    assert!(lock(&mut tx, member_id, second).await.unwrap().is_none(), "gone from the member's dues");
    assert!(
        record(&mut tx, member_id, &payment(2026, 2000, PaymentMethod::Cash), admin).await.unwrap().is_some(),
        "the year can be recorded again"
    );
    tx.commit().await.unwrap();
    let voided: (i16, String) = sqlx::query_as("SELECT fiscal_year, reason FROM dues_payments_voided WHERE id = $1")
        .bind(second)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(voided, (2026, "二重に記録".to_string()));
}
