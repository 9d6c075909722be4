use super::*;
use crate::server::db::test_support::{active_member, admin, test_pool};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

fn step(change: MembershipChange, by: AccountId) -> Step<'static> {
    Step {
        change,
        effective_on: crate::domain::dates::today_in_japan(),
        reason: "退会届",
        new_type: None,
        by: Some(by),
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn an_ended_membership_can_be_reinstated_but_not_ended_twice(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let office = admin(&db).await;
    let (_, member, number) = active_member(&db, "a@example.jp", "山田 花子", "やまだ はなこ").await;
    let mut tx = db.begin().await.unwrap();
    assert!(end(&mut tx, member, MemberStatus::Lapsed).await.unwrap());
    record(&mut tx, member, step(MembershipChange::Lapsed, office)).await.unwrap();
    assert!(!end(&mut tx, member, MemberStatus::Deceased).await.unwrap(), "only an open membership ends");
    assert_eq!(reinstate(&mut tx, member).await.unwrap(), Some(number), "the number stays");
    record(&mut tx, member, step(MembershipChange::Reinstated, office)).await.unwrap();
    assert!(end(&mut tx, member, MemberStatus::Deceased).await.unwrap());
    assert_eq!(reinstate(&mut tx, member).await.unwrap(), None, "never after a death");
    tx.commit().await.unwrap();
    let steps: Vec<MembershipChange> = history(&db, member).await.unwrap().into_iter().map(|h| h.change).collect();
    assert_eq!(
        steps,
        vec![
            MembershipChange::Applied,
            MembershipChange::Approved,
            MembershipChange::Lapsed,
            MembershipChange::Reinstated
        ],
        "applying and approval are recorded by the functions that do them"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_change_of_type_waits_for_its_fiscal_year(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let (_, member, _) = active_member(&db, "a@example.jp", "山田 花子", "やまだ はなこ").await;
    let types = crate::server::db::membership_types::list(&db).await.unwrap();
    let individual = types.iter().find(|t| t.code == "individual").unwrap().id;
    let type_of = |db: PgPool| async move {
        sqlx::query_scalar::<_, i64>("SELECT membership_type_id FROM members WHERE id = $1")
            .bind(member)
            .fetch_one(&db)
            .await
            .unwrap()
    };
    let before = type_of(db.clone()).await;
    let mut tx = db.begin().await.unwrap();
    assert!(change_type(&mut tx, member, individual, 2027, 2026).await.unwrap());
    tx.commit().await.unwrap();
    assert_eq!(type_of(db.clone()).await, before, "not before its year");
    assert_eq!(next_type(&db, member).await.unwrap().map(|(_, year)| year), Some(2027));
    let mut tx = db.begin().await.unwrap();
    assert_eq!(apply_due_types(&mut tx, 2026).await.unwrap(), 0);
    assert_eq!(apply_due_types(&mut tx, 2027).await.unwrap(), 1, "the new year's first run applies it");
    tx.commit().await.unwrap();
    assert_eq!(type_of(db.clone()).await, individual);
    assert_eq!(next_type(&db, member).await.unwrap(), None);
}
