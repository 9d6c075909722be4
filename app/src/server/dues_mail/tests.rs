use super::*;
use crate::domain::dues::PaymentMethod;
use crate::domain::membership::DuesPayment;
use crate::server::db::dues;
use crate::server::db::test_support::{active_member, test_pool};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

async fn mails_to(db: &PgPool, to: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT subject FROM outbox WHERE to_address = $1 ORDER BY id")
        .bind(to)
        .fetch_all(db)
        .await
        .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn each_member_gets_the_notice_once_even_when_a_run_stops_half_way(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let mut owing = Vec::new();
    for (n, email) in ["a@example.jp", "b@example.jp", "c@example.jp"].iter().enumerate() {
        active_member(&db, email, &format!("会員 {n}"), "かいいん").await;
        owing.push(*email);
    }
    let (_, by_post, _) = active_member(&db, "post@example.jp", "郵送 花子", "ゆうそう はなこ").await;
    sqlx::query("UPDATE members SET contact_by = 'post' WHERE id = $1").bind(by_post).execute(&db).await.unwrap();
    let (_, paid, _) = active_member(&db, "paid@example.jp", "納入 済子", "のうにゅう すみこ").await;
    sqlx::query("UPDATE accounts SET lang = 'en' WHERE email = 'c@example.jp'").execute(&db).await.unwrap();
    let admin: AccountId =
        sqlx::query_scalar("SELECT account_id FROM staff_roles WHERE role = 'admin'").fetch_one(&db).await.unwrap();
    // Last fiscal year: its due day has passed whenever the test runs (the reminder needs that).
    let year = association::profile::load(&db).await.unwrap().calendar.this_year() - 1;
    let payment = DuesPayment {
        fiscal_year: year,
        paid_on: today_in_japan(),
        amount_yen: 2000,
        method: PaymentMethod::Cash,
        note: String::new(),
    };
    let mut tx = db.begin().await.unwrap();
    dues::record(&mut tx, paid, &payment, admin).await.unwrap();
    tx.commit().await.unwrap();
    sqlx::query("DELETE FROM outbox").execute(&db).await.unwrap();

    // A run that stops after its first batch of two: those two are mailed and recorded.
    let stopped = Run { batch: 2, stop_after: Some(1) };
    assert_eq!(send(&db, year, DuesMailKind::Notice, admin, stopped).await.unwrap(), 2);
    assert_eq!(dues_mail::progress(&db, year, DuesMailKind::Notice).await.unwrap(), (2, 1));
    // Started again, it mails only the rest; then nobody.
    assert_eq!(send(&db, year, DuesMailKind::Notice, admin, Run::default()).await.unwrap(), 1);
    assert_eq!(send(&db, year, DuesMailKind::Notice, admin, Run::default()).await.unwrap(), 0);
    for email in owing {
        let mails = mails_to(&db, email).await;
        assert_eq!(mails.len(), 1, "{email}: {mails:?}");
        let expected =
            if email == "c@example.jp" { "Membership dues for FY" } else { "年度 会費納入のお願い" };
        assert!(mails[0].contains(expected), "{email}: {mails:?}");
    }
    assert!(mails_to(&db, "post@example.jp").await.is_empty(), "post, not email");
    assert!(mails_to(&db, "paid@example.jp").await.is_empty(), "paid already");
    let body: String =
        sqlx::query_scalar("SELECT body FROM outbox WHERE to_address = 'a@example.jp'").fetch_one(&db).await.unwrap();
    assert!(body.contains("会員番号") && body.contains("2,000円"), "{body}");

    // The reminder is a separate mail, once; not before the due day.
    assert_eq!(send(&db, year, DuesMailKind::Reminder, admin, Run::default()).await.unwrap(), 3);
    assert!(mails_to(&db, "a@example.jp").await[1].contains("再度のご案内"));
    assert!(matches!(
        send(&db, year + 2, DuesMailKind::Reminder, admin, Run::default()).await,
        Err(AppError::Invalid(_))
    ));
}
