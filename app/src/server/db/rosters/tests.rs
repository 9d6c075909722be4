use super::*;
use crate::server::db::test_support::{active_member, applicant, test_pool};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

#[sqlx::test(migrations = "../migrations")]
async fn the_rosters_read_in_kana_order(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let (_, later, _) = active_member(&db, "b@example.jp", "渡辺 一", "わたなべ はじめ").await;
    let (_, sooner, _) = active_member(&db, "a@example.jp", "青木 二", "あおき じ").await;
    applicant(&db, "c@example.jp", "加藤 三", "かとう さん").await;
    let query = ListQuery { fiscal_year: 2026, ..Default::default() };
    let members: Vec<MemberLine> = members_sql(&query).build_query_as().fetch_all(&db).await.unwrap();
    assert_eq!(members.iter().map(|m| m.full_name.as_str()).collect::<Vec<_>>(), ["青木 二", "加藤 三", "渡辺 一"]);
    assert_eq!(members[1].status, crate::domain::member::MemberStatus::Pending);
    assert!(members.iter().all(|m| m.paid_on.is_none()));
    let active = ListQuery { status: Some(crate::domain::member::MemberStatus::Active), ..query };
    let members: Vec<MemberLine> = members_sql(&active).build_query_as().fetch_all(&db).await.unwrap();
    assert_eq!(members.len(), 2);

    let mut tx = db.begin().await.unwrap();
    for id in [later, sooner] {
        crate::server::db::committees::set_membership(&mut tx, id, "regional", true).await.unwrap();
    }
    tx.commit().await.unwrap();
    let regional = crate::server::db::committees::id_by_slug(&db, "regional").await.unwrap().unwrap();
    let lines: Vec<CommitteeLine> = committee_sql(regional).build_query_as().fetch_all(&db).await.unwrap();
    assert_eq!(lines.iter().map(|l| l.full_name.as_str()).collect::<Vec<_>>(), ["青木 二", "渡辺 一"]);
    let dues: Vec<DuesLine> = dues_sql(2026).build_query_as().fetch_all(&db).await.unwrap();
    assert!(dues.iter().all(|d| d.paid_on.is_none()));
}
