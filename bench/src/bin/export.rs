//! The member roster download (GET /admin/exports/members.csv, streamed, UTF-8) with 100,000
//! members, next to `psql \copy` of the same columns in the same order, measured in the same run;
//! and the process's peak memory while exporting 10,000 and 100,000 rows (it should not grow).

use axum::body::Body;
use axum::http::Request;
use bench::{
    admin_cookie, database_url, drop_database, fresh_database, median, ms, peak_memory_kib, reset_peak_memory,
};
use http_body_util::BodyExt;
use std::time::Instant;
use tower::ServiceExt;

const DATABASE: &str = "kizuna_bench_export";
const RUNS: usize = 3;
const COLUMNS: &str = "m.member_number, m.full_name, m.name_reading, m.name_romaji, m.organisation_name, m.status,
    t.name_ja, m.email, m.phone, m.postal_code, m.prefecture_code, m.city, m.street, m.birth_date, m.languages,
    m.photo_consent, m.applied_at, d.paid_on";

#[tokio::main]
async fn main() {
    let pool = fresh_database(DATABASE).await;
    let app = bench::router(pool.clone());
    let cookie = admin_cookie(&pool, &app, "10.7.0.1").await;

    println!("| export | rows | time (median of {RUNS}) | bytes | peak RSS of the process |");
    println!("|---|---|---|---|---|");
    let mut seeded = 0;
    for rows in [10_000, 100_000] {
        seed(&pool, seeded, rows).await;
        seeded = rows;
        let mut times = Vec::new();
        let mut bytes = 0;
        let mut peak = 0;
        for _ in 0..RUNS {
            reset_peak_memory();
            let started = Instant::now();
            bytes = download(&app, &cookie).await;
            times.push(started.elapsed());
            peak = peak.max(peak_memory_kib());
        }
        let app_time = median(times);
        let mut times = Vec::new();
        for _ in 0..RUNS {
            let started = Instant::now();
            psql_copy();
            times.push(started.elapsed());
        }
        let copy_time = median(times);
        println!(
            "| `psql \\copy` of the same columns and order (baseline) | {rows} | {:.0} ms | – | – |",
            ms(copy_time)
        );
        println!(
            "| GET /admin/exports/members.csv | {rows} | {:.0} ms ({:.2}× the baseline) | {bytes} | {:.1} MiB |",
            ms(app_time),
            app_time.as_secs_f64() / copy_time.as_secs_f64(),
            peak as f64 / 1024.0
        );
    }
    drop_database(pool, DATABASE).await;
}

async fn seed(pool: &sqlx::PgPool, from: i64, to: i64) {
    sqlx::query(
        "INSERT INTO members (membership_type_id, full_name, name_reading, reading_key, email, phone, postal_code,
             prefecture_code, city, street, status, member_number, privacy_notice_version, privacy_consented_at)
         SELECT (SELECT id FROM membership_types WHERE code = 'individual'), '会員 ' || g, 'かいいん',
             'かいいん' || lpad(g::text, 6, '0'), 'm' || g || '@example.jp', '042-378-2111', '2068601', 13, '稲城市',
             '東長沼2111', 'active', g, 'v', now()
         FROM generate_series($1 + 1, $2) g",
    )
    .bind(from)
    .bind(to)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query("ANALYZE").execute(pool).await.unwrap();
}

/// Downloads the roster, reading the body as it streams in; returns its size.
async fn download(app: &axum::Router, cookie: &str) -> usize {
    let request = Request::get("/admin/exports/members.csv").header("cookie", cookie).body(Body::empty()).unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), 200);
    let mut body = response.into_body();
    let mut size = 0;
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame.unwrap().into_data() {
            size += data.len();
        }
    }
    size
}

fn psql_copy() {
    let url = database_url(DATABASE);
    let copy = format!(
        "\\copy (SELECT {COLUMNS} FROM members m JOIN membership_types t ON t.id = m.membership_type_id \
         LEFT JOIN dues_payments d ON d.member_id = m.id AND d.fiscal_year = 2026 WHERE m.erased_at IS NULL \
         ORDER BY m.reading_key, m.id) TO '/dev/null' WITH CSV HEADER"
    )
    .replace('\n', " ");
    let status =
        std::process::Command::new("psql").args(["-X", "-q", &url, "-c", &copy]).status().expect("psql on PATH");
    assert!(status.success());
}
