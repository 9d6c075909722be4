use super::*;
use crate::domain::member::Household;
use crate::server::db::test_support::{active_member, admin, applicant, profile, test_pool};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

#[sqlx::test(migrations = "../migrations")]
async fn an_application_is_pending_and_found_three_ways(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let (account_id, member_id) = applicant(&db, "a@example.jp", "稲城 太郎", "いなぎ たろう").await;
    let record = by_account(&db, account_id).await.unwrap().expect("applied");
    assert_eq!((record.id, record.status(), record.member_number), (member_id, MemberStatus::Pending, None));
    assert_eq!((record.full_name.as_str(), record.email.as_deref()), ("稲城 太郎", Some("a@example.jp")));
    assert!(!record.email_confirmed && !record.account_disabled);
    assert_eq!(by_id(&db, member_id).await.unwrap().map(|r| r.id), Some(member_id));
    assert!(by_number(&db, 1).await.unwrap().is_none(), "no number before approval");
    let mut tx = db.begin().await.unwrap();
    assert_eq!(id_of_account(&mut tx, account_id).await.unwrap(), Some(member_id));
    assert_eq!(lock_status(&mut tx, member_id).await.unwrap(), Some((MemberStatus::Pending, Some(account_id))));
}

#[sqlx::test(migrations = "../migrations")]
async fn approval_numbers_members_in_order_and_only_once(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let (_, first, one) = active_member(&db, "a@example.jp", "一", "いち").await;
    let (_, _, two) = active_member(&db, "b@example.jp", "二", "に").await;
    assert_eq!(two, one + 1);
    assert_eq!(by_number(&db, one).await.unwrap().map(|r| (r.id, r.status())), Some((first, MemberStatus::Active)));
    let admin =
        sqlx::query_scalar("SELECT account_id FROM staff_roles WHERE role = 'admin'").fetch_one(&db).await.unwrap();
    let mut tx = db.begin().await.unwrap();
    assert_eq!(approve(&mut tx, first, admin).await.unwrap(), None, "not pending any more");
    assert!(!reject(&mut tx, first, admin, "重複").await.unwrap());
    assert!(withdraw(&mut tx, first).await.unwrap());
    assert!(!withdraw(&mut tx, first).await.unwrap(), "already withdrawn");
    tx.commit().await.unwrap();
    assert_eq!(by_id(&db, first).await.unwrap().unwrap().status(), MemberStatus::Withdrawn);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_rejection_keeps_its_reason(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let admin = admin(&db).await;
    let (_, member_id) = applicant(&db, "a@example.jp", "稲城 太郎", "いなぎ たろう").await;
    let mut tx = db.begin().await.unwrap();
    assert!(reject(&mut tx, member_id, admin, "市外の方").await.unwrap());
    tx.commit().await.unwrap();
    let record = by_id(&db, member_id).await.unwrap().unwrap();
    assert_eq!((record.status(), record.rejection_reason.as_str()), (MemberStatus::Rejected, "市外の方"));
}

#[sqlx::test(migrations = "../migrations")]
async fn the_profile_with_household_and_committees_is_read_back(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let (_, member_id) = applicant(&db, "a@example.jp", "稲城 太郎", "いなぎ たろう").await;
    let mut changed = profile("稲城 次郎", "いなぎ じろう");
    changed.languages = vec!["en".into()];
    changed.photo_consent = true;
    let household = vec![
        Household {
            full_name: "稲城 花子".into(),
            name_reading: crate::domain::kana::Reading::parse("いなぎ はなこ").unwrap(),
            relationship: "妻".into(),
            birth_date: None,
        },
        Household {
            full_name: "稲城 一郎".into(),
            name_reading: crate::domain::kana::Reading::parse("いなぎ いちろう").unwrap(),
            relationship: "子".into(),
            birth_date: chrono::NaiveDate::from_ymd_opt(2015, 4, 1),
        },
    ];
    let mut tx = db.begin().await.unwrap();
    update_profile(&mut tx, member_id, &changed).await.unwrap();
    replace_household(&mut tx, member_id, &household).await.unwrap();
    replace_committees(&mut tx, member_id, &["regional".into(), "international".into(), "nonsense".into()])
        .await
        .unwrap();
    set_email(&mut tx, member_id, "new@example.jp").await.unwrap();
    tx.commit().await.unwrap();

    let record = by_id(&db, member_id).await.unwrap().unwrap();
    assert_eq!(record.email.as_deref(), Some("new@example.jp"));
    let stored = profile_of(&db, &record).await;
    assert_eq!(stored.full_name, "稲城 次郎");
    assert_eq!(stored.languages, ["en"]);
    assert!(stored.photo_consent);
    assert_eq!(stored.household, household, "in the order given");
    assert_eq!(stored.committee_slugs, ["international", "regional"], "committees' order; unknown slugs ignored");
    let with_ids = household_with_ids(&db, member_id).await.unwrap();
    assert_eq!(with_ids.iter().map(|(_, h)| h.full_name.as_str()).collect::<Vec<_>>(), ["稲城 花子", "稲城 一郎"]);

    let mut tx = db.begin().await.unwrap();
    replace_household(&mut tx, member_id, &household[1..]).await.unwrap();
    replace_committees(&mut tx, member_id, &["domestic".into()]).await.unwrap();
    tx.commit().await.unwrap();
    let stored = profile_of(&db, &record).await;
    assert_eq!((stored.household.len(), stored.committee_slugs), (1, vec!["domestic".to_string()]));
}

async fn profile_of(db: &PgPool, record: &MemberRecord) -> Profile {
    super::profile(db, record).await.unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn an_unknown_stored_status_is_an_error_not_a_default(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let (_, member_id) = applicant(&db, "a@example.jp", "稲城 太郎", "いなぎ たろう").await;
    sqlx::query("ALTER TABLE members DROP CONSTRAINT members_status_check").execute(&db).await.unwrap();
    sqlx::query("UPDATE members SET status = 'suspended' WHERE id = $1").bind(member_id).execute(&db).await.unwrap();
    assert!(matches!(by_id(&db, member_id).await, Err(sqlx::Error::ColumnDecode { .. })));
}
