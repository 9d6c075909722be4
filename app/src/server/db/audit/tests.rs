use super::*;
use crate::server::db::test_support::{admin, test_pool};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;

async fn read(db: &PgPool, query: &AuditQuery) -> Vec<AuditRow> {
    audit_sql(query).build_query_as().fetch_all(db).await.unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn entries_are_read_back_newest_first_and_filtered(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let admin = admin(&db).await;
    let mut tx = db.begin().await.unwrap();
    record(&mut tx, admin, "member.approve", "member", 7, serde_json::json!({ "number": 101 })).await.unwrap();
    record(&mut tx, admin, "event.status", "event", 3, serde_json::json!({ "status": "published" })).await.unwrap();
    record_system(&mut tx, "member.erase", "member", 7, serde_json::json!({})).await.unwrap();
    tx.commit().await.unwrap();

    let all = read(&db, &AuditQuery::default()).await;
    assert_eq!(
        all.iter().map(|r| r.action.as_str()).collect::<Vec<_>>(),
        ["member.erase", "event.status", "member.approve"]
    );
    assert_eq!(all[0].actor, None, "the system has no actor");
    assert_eq!(all[2].actor.as_deref(), Some("事務局 <admin@example.jp>"), "named as a person");
    assert_eq!(all[2].details, r#"{"number": 101}"#);

    let members =
        read(&db, &AuditQuery { record_type: Some("member".into()), record_id: Some(7), ..Default::default() }).await;
    assert_eq!(members.len(), 2);
    let by_admin = read(&db, &AuditQuery { actor: Some("admin@example.jp".into()), ..Default::default() }).await;
    assert_eq!(by_admin.len(), 2);
    let action = read(&db, &AuditQuery { action: Some("event.status".into()), ..Default::default() }).await;
    assert_eq!(action.iter().map(|r| r.record_id).collect::<Vec<_>>(), [Some(3)]);
    let page = read(&db, &AuditQuery { before_id: Some(all[0].id), limit: Some(1), ..Default::default() }).await;
    assert_eq!(page.iter().map(|r| r.id).collect::<Vec<_>>(), [all[1].id]);
    let future =
        read(&db, &AuditQuery { from: Some(chrono::Utc::now() + chrono::Duration::hours(1)), ..Default::default() })
            .await;
    assert!(future.is_empty());
    let until =
        read(&db, &AuditQuery { until: Some(chrono::Utc::now() + chrono::Duration::hours(1)), ..Default::default() })
            .await;
    assert_eq!(until.len(), 3);
}
