use super::*;
use crate::domain::dues::PaymentMethod;
use crate::domain::membership::DuesPayment;
use crate::server::db::dues;
use crate::server::db::test_support::{active_member, test_pool};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

#[sqlx::test(migrations = "../migrations")]
async fn paper_goes_to_exactly_the_members_who_asked_for_post(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let (_, by_post, _) = active_member(&db, "p@example.jp", "郵送 花子", "ゆうそう はなこ").await;
    let (_, both, _) = active_member(&db, "b@example.jp", "両方 太郎", "りょうほう たろう").await;
    let (_, by_mail, _) = active_member(&db, "m@example.jp", "電子 次郎", "でんし じろう").await;
    let (_, no_address, _) = active_member(&db, "n@example.jp", "住所 なし", "じゅうしょ なし").await;
    let (_, paid, _) = active_member(&db, "d@example.jp", "納入 済子", "のうにゅう すみこ").await;
    for (id, how) in [(by_post, "post"), (both, "both"), (by_mail, "email"), (no_address, "post"), (paid, "post")] {
        sqlx::query("UPDATE members SET contact_by = $2 WHERE id = $1").bind(id).bind(how).execute(&db).await.unwrap();
    }
    sqlx::query("UPDATE members SET street = '' WHERE id = $1").bind(no_address).execute(&db).await.unwrap();
    let admin: crate::domain::ids::AccountId =
        sqlx::query_scalar("SELECT account_id FROM staff_roles WHERE role = 'admin'").fetch_one(&db).await.unwrap();
    let mut tx = db.begin().await.unwrap();
    let payment = DuesPayment {
        fiscal_year: 2026,
        paid_on: chrono::NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
        amount_yen: 2000,
        method: PaymentMethod::Cash,
        note: String::new(),
    };
    dues::record(&mut tx, paid, &payment, admin).await.unwrap();
    tx.commit().await.unwrap();

    let ids = |list: Vec<PostalAddressee>| list.into_iter().map(|a| a.member_id).collect::<Vec<_>>();
    let mut everyone = ids(addressees(&db, None).await.unwrap());
    everyone.sort();
    assert_eq!(everyone, [by_post, both, paid]);
    let mut unpaid = ids(addressees(&db, Some(2026)).await.unwrap());
    unpaid.sort();
    assert_eq!(unpaid, [by_post, both]);
    assert_eq!(ids(without_address(&db, None).await.unwrap()), [no_address]);

    let letters = notices(&db, 2026).await.unwrap();
    assert_eq!(letters.len(), 2);
    assert!(letters.iter().all(|l| l.dues_yen == 2000 && l.units == 1 && l.class_name.contains("個人")), "{letters:?}");
    assert_eq!(letters[0].to.addressee, letters[0].to.addressee.trim());
}
