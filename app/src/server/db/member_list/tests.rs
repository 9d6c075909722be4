use super::*;
use crate::server::db::test_support::test_pool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

/// 100,000 members, as many as the list must stay fast with.
async fn many_members(db: &PgPool) {
    sqlx::query(
        "INSERT INTO members (membership_type_id, full_name, name_reading, reading_key, email, status, member_number,
             privacy_notice_version, privacy_consented_at)
         SELECT (SELECT id FROM membership_types WHERE code = 'individual'), '会員 ' || g, 'かいいん',
             'かいいん' || lpad(g::text, 6, '0'), 'm' || g || '@example.jp',
             CASE WHEN g % 10 = 0 THEN 'pending' ELSE 'active' END, CASE WHEN g % 10 = 0 THEN NULL ELSE g END,
             'v', now()
         FROM generate_series(1, 100000) g",
    )
    .execute(db)
    .await
    .unwrap();
    sqlx::query("ANALYZE members").execute(db).await.unwrap();
}

/// The part of a plan under its `Limit` node (the lines indented deeper than it, up to the next
/// line that is not): what runs for every row scanned, not only for the page's rows.
fn below_the_limit(plan: &str) -> String {
    let depth = |line: &str| line.len() - line.trim_start().len();
    let mut lines = plan.lines().skip_while(|line| !line.contains("Limit"));
    let limit = lines.next().expect("a plan with a LIMIT");
    lines.take_while(|line| depth(line) > depth(limit)).collect::<Vec<_>>().join("\n")
}

async fn plan(db: &PgPool, query: &ListQuery) -> String {
    let rows: Vec<(String,)> = list_sql("EXPLAIN ", query).build_query_as().fetch_all(db).await.unwrap();
    rows.into_iter().map(|(line,)| line).collect::<Vec<_>>().join("\n")
}

#[sqlx::test(migrations = "../migrations")]
async fn pages_deep_in_a_large_list_are_read_from_the_index(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    many_members(&db).await;
    let deep = ListQuery {
        after: Some(("かいいん090000".into(), MemberId(90000))),
        fiscal_year: 2026,
        limit: 50,
        ..Default::default()
    };
    let explained = plan(&db, &deep).await;
    assert!(explained.contains("Index Scan using members_reading_idx"), "{explained}");
    assert!(!explained.contains("Seq Scan on members") && !below_the_limit(&explained).contains("Sort"), "{explained}");
    assert!(!below_the_limit(&explained).contains("dues_payments"), "dues only for the page: {explained}");
    let (rows, next) = list(&db, &deep).await.unwrap();
    assert_eq!(rows.len(), 50);
    assert_eq!(rows[0].full_name, "会員 90001");
    assert_eq!(next, Some(("かいいん090050".to_string(), MemberId(90050))));

    let pending = ListQuery { status: Some(MemberStatus::Pending), ..deep };
    let explained = plan(&db, &pending).await;
    assert!(explained.contains("members_status_reading_idx"), "{explained}");
    assert!(!below_the_limit(&explained).contains("Sort"), "{explained}");
    let (rows, _) = list(&db, &pending).await.unwrap();
    assert!(rows.iter().all(|r| r.status == MemberStatus::Pending) && rows.len() == 50);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_count_is_of_every_page_and_stops_at_the_cap(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    many_members(&db).await;
    let all = ListQuery { fiscal_year: 2026, limit: 50, ..Default::default() };
    assert_eq!(count(&db, &all).await.unwrap(), COUNT_CAP + 1, "100,000 members count as more than the cap");
    // A later page counts the same as the first: the cursor is not a filter.
    let later = ListQuery { after: Some(("かいいん090000".into(), MemberId(90000))), ..all };
    let searched = ListQuery { search: Some(("かいいん00001".into(), "かいいん00001".into())), ..later };
    assert_eq!(count(&db, &searched).await.unwrap(), 10, "かいいん000010 … かいいん000019");
    let pending = ListQuery { status: Some(MemberStatus::Pending), search: None, ..searched };
    assert_eq!(count(&db, &pending).await.unwrap(), COUNT_CAP + 1, "10,000 pending count as more than the cap");
    let pending_searched =
        ListQuery { search: Some(("かいいん00010".into(), "かいいん00010".into())), ..pending };
    assert_eq!(count(&db, &pending_searched).await.unwrap(), 1, "only 会員 100 is pending among 100–109");
}
