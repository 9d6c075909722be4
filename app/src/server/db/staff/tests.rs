use super::*;
use crate::server::db::accounts;
use crate::server::db::test_support::{account, admin, test_pool};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

async fn roles_of(db: &PgPool, id: AccountId) -> Vec<StaffRole> {
    accounts::for_session(db, id).await.unwrap().expect("the account").roles
}

#[sqlx::test(migrations = "../migrations")]
async fn a_role_counts_only_in_its_term_and_until_revoked(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let boss = admin(&db).await;
    let treasurer = account(&db, "kaikei@example.jp").await;
    let mut tx = db.begin().await.unwrap();
    let today = crate::domain::dates::today_in_japan();
    let current = grant(&mut tx, treasurer, StaffRole::Treasurer, Some(today), boss).await.unwrap();
    let ended = grant(&mut tx, treasurer, StaffRole::Clerk, None, boss).await.unwrap();
    // A term that ended yesterday (as the migration's CHECK allows: from the day before yesterday).
    sqlx::query("UPDATE staff_roles SET valid_from = $2 - 2, valid_until = $2 - 1 WHERE id = $1")
        .bind(ended)
        .bind(today)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        roles_of(&db, treasurer).await,
        vec![StaffRole::Treasurer],
        "the last day of a term counts; a past one not"
    );
    let listed = grants(&db).await.unwrap();
    let by_id = |id| listed.iter().find(|g| g.id == id).unwrap().in_force;
    assert!(by_id(current) && !by_id(ended));

    let mut tx = db.begin().await.unwrap();
    assert_eq!(revoke(&mut tx, current, boss).await.unwrap(), Some((treasurer, StaffRole::Treasurer)));
    assert_eq!(revoke(&mut tx, current, boss).await.unwrap(), None, "once");
    tx.commit().await.unwrap();
    assert!(roles_of(&db, treasurer).await.is_empty());
}

#[sqlx::test(migrations = "../migrations")]
async fn the_admins_in_force_are_counted_among_enabled_logins(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let boss = admin(&db).await;
    let mut tx = db.begin().await.unwrap();
    assert_eq!(admins_in_force(&mut tx).await.unwrap(), 1);
    let second = insert_account(&mut tx, "山田 次郎", "jiro@example.jp", "x", false).await.unwrap().expect("new");
    assert_eq!(insert_account(&mut tx, "誰か", "jiro@example.jp", "x", true).await.unwrap(), None, "email taken");
    grant(&mut tx, second, StaffRole::Admin, None, boss).await.unwrap();
    assert_eq!(admins_in_force(&mut tx).await.unwrap(), 2);
    let fresh = insert_account(&mut tx, "初回 用", "shokai@example.jp", "x", true).await.unwrap().expect("new");
    grant(&mut tx, fresh, StaffRole::Admin, None, boss).await.unwrap();
    assert_eq!(admins_in_force(&mut tx).await.unwrap(), 2, "a first-time password cannot act yet");
    accounts::set_disabled(&mut tx, second, true).await.unwrap();
    assert_eq!(admins_in_force(&mut tx).await.unwrap(), 1, "a disabled login runs nothing");
    assert!(is_staff(&mut tx, second).await.unwrap());
    tx.commit().await.unwrap();
    let listed = people(&db).await.unwrap();
    assert_eq!(listed.len(), 3);
    assert_eq!(listed.last().unwrap().name, "山田 次郎", "disabled logins last");
}
