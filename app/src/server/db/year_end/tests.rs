use super::*;
use crate::domain::dues::PaymentMethod;
use crate::domain::membership::DuesPayment;
use crate::server::db::dues;
use crate::server::db::test_support::{active_member, test_pool};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

async fn pay(db: &PgPool, member: MemberId, year: i32, yen: i32, method: PaymentMethod) {
    let admin: crate::domain::ids::AccountId =
        sqlx::query_scalar("SELECT account_id FROM staff_roles WHERE role = 'admin'").fetch_one(db).await.unwrap();
    let payment = DuesPayment {
        fiscal_year: year,
        paid_on: chrono::NaiveDate::from_ymd_opt(year, 6, 1).unwrap(),
        amount_yen: yen,
        method,
        note: String::new(),
    };
    let mut tx = db.begin().await.unwrap();
    dues::record(&mut tx, member, &payment, admin).await.unwrap().unwrap();
    tx.commit().await.unwrap();
}

/// The member joined on `day` (the approval in their history).
async fn joined(db: &PgPool, member: MemberId, day: &str) {
    sqlx::query("UPDATE membership_history SET effective_on = $2::date WHERE member_id = $1 AND change = 'approved'")
        .bind(member)
        .bind(day)
        .execute(db)
        .await
        .unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn the_unpaid_list_follows_the_rule_and_the_report_adds_up(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let (_, paid_both, _) = active_member(&db, "a@example.jp", "納入 両年", "のうにゅう りょうねん").await;
    let (_, paid_first, _) = active_member(&db, "b@example.jp", "納入 前年", "のうにゅう ぜんねん").await;
    let (_, paid_none, _) = active_member(&db, "c@example.jp", "未納 太郎", "みのう たろう").await;
    let (_, newcomer, _) = active_member(&db, "d@example.jp", "新入 花子", "しんにゅう はなこ").await;
    let (_, pays_now, _) = active_member(&db, "e@example.jp", "後払 次郎", "あとばらい じろう").await;
    for member in [paid_both, paid_first, paid_none, pays_now] {
        joined(&db, member, "2024-04-01").await;
    }
    joined(&db, newcomer, "2026-02-01").await;
    pay(&db, paid_both, 2024, 2000, PaymentMethod::Cash).await;
    pay(&db, paid_both, 2025, 2000, PaymentMethod::BankTransfer).await;
    pay(&db, paid_first, 2024, 2000, PaymentMethod::BankTransfer).await;
    pay(&db, pays_now, 2026, 2000, PaymentMethod::BankTransfer).await;

    let ids = |list: Vec<UnpaidMember>| list.into_iter().map(|m| m.id).collect::<Vec<_>>();
    // One year (2025): everyone who was a member through it, has not paid it, nor any year since
    // (not the newcomer of February 2026, not the one who paid 2026).
    let one = ids(unpaid(&db, 2025, 1).await.unwrap());
    assert_eq!(one, [paid_first, paid_none]);
    assert_eq!(ids(unpaid(&db, 2024, 1).await.unwrap()), [paid_none], "2024: only the one who never paid");
    // Two years (2024 and 2025): only a member through both who paid neither.
    let two = unpaid(&db, 2025, 2).await.unwrap();
    assert_eq!(two.iter().map(|m| m.id).collect::<Vec<_>>(), [paid_none]);
    assert_eq!(two[0].owed_yen, 4000, "two years' dues");

    let report = report(&db, 2025).await.unwrap();
    assert_eq!((report.payments(), report.collected_yen()), (1, 2000));
    assert_eq!(report.members(), 5);
    assert_eq!(report.expected_yen(), 10000, "five members at ¥2,000");
    let cash: i64 = report.by_method.iter().filter(|m| m.method == PaymentMethod::Cash).map(|m| m.payments).sum();
    assert_eq!(cash, 0, "the cash payment was for 2024");
}
