//! Paper for 10,000 members: a fiscal year's receipts as one PDF (GET /admin/paper/receipts) and
//! 10,000 address labels (GET /admin/paper/labels?sheet=24), each next to its baseline measured in
//! the same run: the same pages drawn as separate documents (one receipt × 10,000; one sheet of
//! 24 labels × 417). Time, size and the process's peak memory; and the home page's latency while
//! each big PDF is drawn, next to the same page's latency with nothing else running.

use axum::body::Body;
use axum::http::Request;
use bench::{admin_cookie, drop_database, fresh_database, ms, pages_while, peak_memory_kib, reset_peak_memory, row};
use http_body_util::BodyExt;
use server::paper::{labels_pdf, receipts_pdf, LabelSheet};
use std::time::{Duration, Instant};
use tower::ServiceExt;

const DATABASE: &str = "kizuna_bench_paper";
const MEMBERS: i64 = 10_000;
const YEAR: i32 = 2026;

#[tokio::main]
async fn main() {
    let pool = fresh_database(DATABASE).await;
    let app = bench::router(pool.clone());
    let cookie = admin_cookie(&pool, &app, "10.8.0.1").await;
    seed(&pool).await;
    server::paper::fonts::font().expect("a Japanese font (docs/receipts.md)");

    let started = Instant::now();
    let (status, _) = get(&app, &cookie, "POST", &format!("/api/issue_receipts?year={YEAR}")).await;
    assert!(status == 200 || status == 302, "issue_receipts: {status}");
    let issue_time = started.elapsed();
    let receipts = app::server::db::receipts::for_dues_year(&pool, YEAR, true).await.unwrap();
    assert_eq!(receipts.len() as i64, MEMBERS);
    let (issuer, _) = server::paper::routes::issuer(&pool).await.unwrap();
    let labels = app::server::db::mailing::addressees(&pool, None).await.unwrap();
    assert_eq!(labels.len() as i64, MEMBERS);

    println!("Issuing {MEMBERS} receipts in one transaction (`issue_receipts`): {:.0} ms\n", ms(issue_time));
    println!("| document | time | size | peak RSS of the process |");
    println!("|---|---|---|---|");
    reset_peak_memory();
    let started = Instant::now();
    let mut bytes = 0;
    for receipt in &receipts {
        bytes += receipts_pdf(std::slice::from_ref(receipt), &issuer).unwrap().len();
    }
    println!(
        "| one receipt as its own PDF × {MEMBERS} (baseline) | {:.1} s | {:.1} MB in all | {:.1} MiB |",
        started.elapsed().as_secs_f64(),
        bytes as f64 / 1e6,
        peak_memory_kib() as f64 / 1024.0
    );
    let (time, size, peak, during) = big_pdf(&app, &cookie, &format!("/admin/paper/receipts?year={YEAR}")).await;
    println!(
        "| GET /admin/paper/receipts: {MEMBERS} receipts in one PDF | {:.1} s | {:.1} MB | {:.1} MiB |",
        time.as_secs_f64(),
        size as f64 / 1e6,
        peak as f64 / 1024.0
    );
    let sheets: Vec<_> = labels.chunks(24).collect();
    reset_peak_memory();
    let started = Instant::now();
    let mut bytes = 0;
    for sheet in &sheets {
        bytes += labels_pdf(LabelSheet::TwentyFour, sheet).unwrap().len();
    }
    println!(
        "| one sheet of 24 labels as its own PDF × {} (baseline) | {:.1} s | {:.1} MB in all | {:.1} MiB |",
        sheets.len(),
        started.elapsed().as_secs_f64(),
        bytes as f64 / 1e6,
        peak_memory_kib() as f64 / 1024.0
    );
    let (time, size, peak, labels_during) = big_pdf(&app, &cookie, "/admin/paper/labels?sheet=24").await;
    println!(
        "| GET /admin/paper/labels?sheet=24: {MEMBERS} labels in one PDF | {:.1} s | {:.1} MB | {:.1} MiB |",
        time.as_secs_f64(),
        size as f64 / 1e6,
        peak as f64 / 1024.0
    );

    println!("\n| the home page (GET /), one request at a time | per second | p50 | p99 |");
    println!("|---|---|---|---|");
    let quiet = pages_while(&app, async { tokio::time::sleep(Duration::from_secs(10)).await }).await;
    println!("{}", row("with nothing else running (baseline, 10 s)", &quiet));
    println!("{}", row("while the 10,000 receipts are drawn", &during));
    println!("{}", row("while the 10,000 labels are drawn", &labels_during));
    drop_database(pool, DATABASE).await;
}

/// Active members with an address who get post, each with the year's dues paid.
async fn seed(pool: &sqlx::PgPool) {
    sqlx::query(
        "INSERT INTO members (membership_type_id, full_name, name_reading, reading_key, email, phone, postal_code,
             prefecture_code, city, street, status, member_number, privacy_notice_version, privacy_consented_at,
             contact_by)
         SELECT (SELECT id FROM membership_types WHERE code = 'individual'), '稲城 会員' || g, 'いなぎ かいいん',
             'いなぎかいいん' || lpad(g::text, 6, '0'), NULL, '042-378-2111', '2068601', 13, '稲城市',
             '東長沼2111番地 ' || g || '号', 'active', g, 'v', now(), 'post'
         FROM generate_series(1, $1) g",
    )
    .bind(MEMBERS)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO dues_payments (member_id, fiscal_year, paid_on, amount_yen, method)
         SELECT id, $1, make_date($1, 5, 1), 2000, 'bank_transfer' FROM members WHERE member_number IS NOT NULL",
    )
    .bind(YEAR as i16)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query("ANALYZE").execute(pool).await.unwrap();
}

async fn get(app: &axum::Router, cookie: &str, method: &str, path: &str) -> (u16, usize) {
    let (path, body) = match (method, path.split_once('?')) {
        ("POST", Some((path, query))) => (path, query.to_string()),
        _ => (path, String::new()),
    };
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header("cookie", cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let size = response.into_body().collect().await.unwrap().to_bytes().len();
    (status, size)
}

/// Downloads a big PDF while the home page is asked for, one request after another: (time,
/// size, peak memory in KiB, the page's figures meanwhile).
async fn big_pdf(app: &axum::Router, cookie: &str, path: &str) -> (Duration, usize, u64, bench::Figures) {
    reset_peak_memory();
    let started = Instant::now();
    let download = {
        let (app, cookie, path) = (app.clone(), cookie.to_string(), path.to_string());
        tokio::spawn(async move { get(&app, &cookie, "GET", &path).await })
    };
    let mut result = None;
    let during = pages_while(app, async {
        let (status, size) = download.await.unwrap();
        assert_eq!(status, 200, "{path}");
        result = Some((started.elapsed(), size));
    })
    .await;
    let (time, size) = result.unwrap();
    (time, size, peak_memory_kib(), during)
}
