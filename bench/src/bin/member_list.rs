//! The secretariat's member list with 100,000 members: each request through the whole stack
//! (router, session, guard, server function, JSON) next to the list query alone, measured in the
//! same run, and the count of what the filters find (the page runs it beside the list). Pages: the
//! first, one deep in the list (keyset cursor), a reading search, a filter.

use app::domain::ids::MemberId;
use app::server::db::member_list::{self, ListQuery};
use axum::body::Body;
use axum::http::Request;
use bench::{admin_cookie, drop_database, figures, fresh_database, row, Figures};
use std::time::Instant;
use tower::ServiceExt;

const MEMBERS: i64 = 100_000;
const REQUESTS: usize = 300;
const DATABASE: &str = "kizuna_bench_members";

#[tokio::main]
async fn main() {
    let pool = fresh_database(DATABASE).await;
    seed(&pool).await;
    let app = bench::router(pool.clone());
    let cookie = admin_cookie(&pool, &app, "10.7.0.1").await;
    let year = 2026;
    // (what, query string of the page, the same query for the database alone)
    let cases: Vec<(&str, &str, ListQuery)> = vec![
        ("first page", "", ListQuery { fiscal_year: year, limit: 50, ..Default::default() }),
        (
            "page 1,801 (keyset cursor)",
            "filter[after]=90000%3A%E3%81%8B%E3%81%84%E3%81%84%E3%82%93090000",
            ListQuery {
                after: Some(("かいいん090000".into(), MemberId(90000))),
                fiscal_year: year,
                limit: 50,
                ..Default::default()
            },
        ),
        (
            "search by reading \"かいいん05\"",
            "filter[q]=%E3%81%8B%E3%81%84%E3%81%84%E3%82%9305",
            ListQuery {
                search: Some(("かいいん05".into(), "かいいん05".into())),
                fiscal_year: year,
                limit: 50,
                ..Default::default()
            },
        ),
        (
            "pending only",
            "filter[status]=pending",
            ListQuery {
                status: Some(app::domain::member::MemberStatus::Pending),
                fiscal_year: year,
                limit: 50,
                ..Default::default()
            },
        ),
    ];
    println!("| {MEMBERS} members, {REQUESTS} requests each, one at a time | per second | p50 | p99 |");
    println!("|---|---|---|---|");
    for (what, query_string, query) in cases {
        let db = pool.clone();
        let alone = time(|| {
            let db = db.clone();
            let query = &query;
            async move {
                member_list::list(&db, query).await.unwrap();
            }
        })
        .await;
        // The count of what the filters find (capped at 10,001), which the page runs beside the list.
        let counted = time(|| {
            let db = db.clone();
            let query = &query;
            async move {
                member_list::count(&db, query).await.unwrap();
            }
        })
        .await;
        let path = format!("/api/member_list?filter[year]={year}&{query_string}");
        let full = time(|| {
            let app = app.clone();
            let path = path.clone();
            let cookie = cookie.clone();
            async move { get(&app, &path, &cookie).await }
        })
        .await;
        println!("{}", row(&format!("{what}: query alone (baseline)"), &alone));
        println!("{}", row(&format!("{what}: the count alone"), &counted));
        println!("{}", row(&format!("{what}: GET /api/member_list"), &full));
    }
    drop_database(pool, DATABASE).await;
}

async fn seed(pool: &sqlx::PgPool) {
    sqlx::query(
        "INSERT INTO members (membership_type_id, full_name, name_reading, reading_key, email, status, member_number,
             privacy_notice_version, privacy_consented_at)
         SELECT (SELECT id FROM membership_types WHERE code = 'individual'), '会員 ' || g, 'かいいん',
             'かいいん' || lpad(g::text, 6, '0'), 'm' || g || '@example.jp',
             CASE WHEN g % 10 = 0 THEN 'pending' ELSE 'active' END, CASE WHEN g % 10 = 0 THEN NULL ELSE g END,
             'v', now()
         FROM generate_series(1, $1) g",
    )
    .bind(MEMBERS)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO dues_payments (member_id, fiscal_year, paid_on, amount_yen, method)
         SELECT id, 2026, '2026-05-01', 2000, 'cash' FROM members WHERE id % 3 = 0",
    )
    .execute(pool)
    .await
    .unwrap();
    sqlx::query("ANALYZE").execute(pool).await.unwrap();
}

async fn get(app: &axum::Router, path: &str, cookie: &str) {
    let request = Request::get(path).header("cookie", cookie).body(Body::empty()).unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let _ = http_body_util::BodyExt::collect(response.into_body()).await;
}

/// Runs `REQUESTS` operations one after another and times each.
async fn time<F, Fut>(operation: F) -> Figures
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    operation().await; // warm up
    let started = Instant::now();
    let mut latencies = Vec::with_capacity(REQUESTS);
    for _ in 0..REQUESTS {
        let begun = Instant::now();
        operation().await;
        latencies.push(begun.elapsed());
    }
    figures(latencies, started.elapsed())
}
