//! One hot event must not stall the site: 500 members sign up at once for one event while another
//! connection holds that event's row lock for 6 s; meanwhile four clients load the public events
//! page and `/api/list_events` over and over. The baseline is the same burst with no lock held,
//! in the same run. The app runs on a pool made as the server makes it (10 connections, 3 s
//! acquire limit), so starvation would show as slow pages and 503s.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use bench::{drop_database, figures, fresh_database, log_in, ms};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

const DATABASE: &str = "kizuna_bench_hot_event";
const MEMBERS: usize = 500;
const PAGE_CLIENTS: usize = 4;
const HOLD: Duration = Duration::from_secs(6);
const PASSWORD: &str = "a long benchmark phrase";

#[tokio::main]
async fn main() {
    let pool = fresh_database(DATABASE).await;
    bench::active_members(&pool, MEMBERS, PASSWORD).await;
    // Fifty other events, so the events page has something to render.
    sqlx::query(
        "INSERT INTO events (committee_id, title_ja, starts_at, ends_at, venue, capacity, status)
         SELECT (SELECT id FROM committees ORDER BY id LIMIT 1 OFFSET g % 3), '交流会 ' || g, now() + g * interval '1 day',
             now() + g * interval '1 day' + interval '2 hours', '稲城市', 40, 'published'
         FROM generate_series(1, 50) g",
    )
    .execute(&pool)
    .await
    .unwrap();
    let config = server::config::Config::from_lookup(|name| match name {
        "DATABASE_URL" => Some(bench::database_url(DATABASE)),
        _ => None,
    })
    .unwrap();
    let served = server::database::connect(&config).await.unwrap();
    let app = bench::router(served.clone());
    let mut cookies = Vec::new();
    for n in 1..=MEMBERS {
        cookies.push(
            log_in(&app, &format!("m{n}@example.jp"), PASSWORD, &format!("10.7.{}.{}", n / 250, n % 250 + 1)).await,
        );
    }

    println!(
        "| {MEMBERS} sign-ups at once for one event (100 places) while {PAGE_CLIENTS} clients load pages | sign-ups 200 / busy / other | sign-ups done in | `/events` loads | `/events` p50 | `/events` p99 | unrelated requests failed |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (what, hold) in [("no lock held (baseline)", None), ("event row held 6 s by another connection", Some(HOLD))] {
        let event = new_event(&pool).await;
        let outcome = burst(&app, &cookies, event, hold).await;
        check(&pool, event).await;
        println!(
            "| {what} | {} | {:.1} s | {} | {:.1} ms | {:.1} ms | {} |",
            outcome.sign_ups,
            outcome.took.as_secs_f64(),
            outcome.pages,
            ms(outcome.p50),
            ms(outcome.p99),
            outcome.failed
        );
    }
    served.close().await;
    drop_database(pool, DATABASE).await;
}

struct Outcome {
    sign_ups: String,
    took: Duration,
    pages: usize,
    p50: Duration,
    p99: Duration,
    failed: usize,
}

async fn burst(app: &axum::Router, cookies: &[String], event: i64, hold: Option<Duration>) -> Outcome {
    use sqlx::Connection;
    let holder = match hold {
        Some(hold) => {
            let mut connection = sqlx::PgConnection::connect(&bench::database_url(DATABASE)).await.unwrap();
            sqlx::query("BEGIN").execute(&mut connection).await.unwrap();
            sqlx::query("SELECT id FROM events WHERE id = $1 FOR UPDATE")
                .bind(event)
                .execute(&mut connection)
                .await
                .unwrap();
            Some(tokio::spawn(async move {
                tokio::time::sleep(hold).await;
                sqlx::query("ROLLBACK").execute(&mut connection).await.unwrap();
            }))
        }
        None => None,
    };
    let signing_up = Arc::new(AtomicBool::new(true));
    let readers: Vec<_> = (0..PAGE_CLIENTS)
        .map(|_| {
            let (app, signing_up) = (app.clone(), signing_up.clone());
            tokio::spawn(async move {
                let (mut page_times, mut failed) = (Vec::new(), 0);
                while signing_up.load(Ordering::Relaxed) {
                    for path in ["/events", "/api/list_events"] {
                        let begun = Instant::now();
                        let status = get(&app, path).await;
                        if status != StatusCode::OK {
                            failed += 1;
                        } else if path == "/events" {
                            page_times.push(begun.elapsed());
                        }
                    }
                }
                (page_times, failed)
            })
        })
        .collect();
    let started = Instant::now();
    let tasks: Vec<_> = cookies
        .iter()
        .map(|cookie| {
            let (app, cookie) = (app.clone(), cookie.clone());
            tokio::spawn(async move {
                let request = Request::post("/api/sign_up")
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("cookie", cookie)
                    .body(Body::from(format!("event_id={event}&people[0][kind]=holder")))
                    .unwrap();
                app.oneshot(request).await.unwrap().status()
            })
        })
        .collect();
    let (mut ok, mut busy, mut other) = (0, 0, 0);
    for task in tasks {
        match task.await.unwrap() {
            StatusCode::OK => ok += 1,
            StatusCode::SERVICE_UNAVAILABLE => busy += 1,
            _ => other += 1,
        }
    }
    let took = started.elapsed();
    if let Some(holder) = holder {
        holder.await.unwrap();
    }
    signing_up.store(false, Ordering::Relaxed);
    let (mut page_times, mut failed) = (Vec::new(), 0);
    for reader in readers {
        let (times, failures) = reader.await.unwrap();
        page_times.extend(times);
        failed += failures;
    }
    let pages = page_times.len();
    let f = figures(page_times, took);
    Outcome { sign_ups: format!("{ok} / {busy} / {other}"), took, pages, p50: f.p50, p99: f.p99, failed }
}

async fn get(app: &axum::Router, path: &'static str) -> StatusCode {
    let response = app.clone().oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let _ = http_body_util::BodyExt::collect(response.into_body()).await;
    status
}

async fn new_event(pool: &sqlx::PgPool) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO events (committee_id, title_ja, starts_at, ends_at, venue, capacity, status)
         VALUES ((SELECT id FROM committees WHERE slug = 'regional'), '人気の行事', now() + interval '30 days',
             now() + interval '30 days 2 hours', '稲城市役所', 100, 'published') RETURNING id",
    )
    .fetch_one(pool)
    .await
    .unwrap()
}

/// Never overbooked, whatever answered busy.
async fn check(pool: &sqlx::PgPool, event: i64) {
    let (taken, confirmed): (i32, i64) = sqlx::query_as(
        "SELECT taken, (SELECT COALESCE(sum(places), 0) FROM signups WHERE event_id = $1 AND status = 'confirmed')::bigint
         FROM events WHERE id = $1",
    )
    .bind(event)
    .fetch_one(pool)
    .await
    .unwrap();
    assert!(taken <= 100 && i64::from(taken) == confirmed, "taken {taken}, confirmed {confirmed}");
}
