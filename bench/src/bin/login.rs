//! Login throughput through the whole stack (router, server function, session store, brakes,
//! PostgreSQL) next to argon2 verification alone, measured in the same run on the same machine.
//! Each login comes from its own made-up address, so the per-address brake never triggers.

use app::domain::password::NewPassword;
use app::server::password;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use bench::{drop_database, figures, fresh_database, row};
use std::time::{Duration, Instant};
use tower::ServiceExt;

const LOGINS: usize = 200;
/// The machine's cores: argon2 is CPU-bound.
const CONCURRENCY: usize = 2;
const DATABASE: &str = "kizuna_bench_login";
const SECRET: &str = "a long benchmark phrase";

#[tokio::main]
async fn main() {
    let pool = fresh_database(DATABASE).await;
    let hash = password::hash(NewPassword::parse(SECRET).unwrap()).await.unwrap();
    sqlx::query("INSERT INTO accounts (email, password_hash) VALUES ('bench@example.jp', $1)")
        .bind(&hash)
        .execute(&pool)
        .await
        .unwrap();
    let app = bench::router(pool.clone());

    // Warm up both paths (connections, caches).
    password::verify(SECRET.into(), hash.clone()).await.unwrap();
    login(app.clone(), 0).await;

    let baseline = run(move |_| {
        let hash = hash.clone();
        async move { assert!(password::verify(SECRET.into(), hash).await.unwrap()) }
    })
    .await;
    let logins = run(move |n| login(app.clone(), n + 1)).await;

    println!("| operation ({LOGINS} in all, {CONCURRENCY} at a time) | per second | p50 | p99 |");
    println!("|---|---|---|---|");
    println!("{}", row("argon2id verify alone (baseline)", &baseline));
    println!("{}", row("full login: POST /api/log_in", &logins));
    let extra = (logins.p50.as_secs_f64() / baseline.p50.as_secs_f64() - 1.0) * 100.0;
    println!("\nat p50 a login takes {extra:.0}% longer than the hash alone");
    drop_database(pool, DATABASE).await;
}

async fn login(app: axum::Router, n: usize) {
    let mut request = Request::post("/api/log_in")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from("email=bench%40example.jp&password=a+long+benchmark+phrase"))
        .unwrap();
    let address = format!("10.{}.{}.{}:40000", (n >> 16) & 255, (n >> 8) & 255, n & 255);
    request.extensions_mut().insert(ConnectInfo::<std::net::SocketAddr>(address.parse().unwrap()));
    let response = app.oneshot(request).await.unwrap();
    assert_eq!(response.status(), 200, "login {n} refused");
    let _ = http_body_util::BodyExt::collect(response.into_body()).await;
}

/// Runs `LOGINS` operations, `CONCURRENCY` at a time, and times each.
async fn run<F, Fut>(operation: F) -> bench::Figures
where
    F: Fn(usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let started = Instant::now();
    let workers: Vec<_> = (0..CONCURRENCY)
        .map(|worker| {
            let operation = operation.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                for i in (worker..LOGINS).step_by(CONCURRENCY) {
                    let begun = Instant::now();
                    operation(i).await;
                    latencies.push(begun.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies: Vec<Duration> = Vec::new();
    for worker in workers {
        latencies.extend(worker.await.unwrap());
    }
    figures(latencies, started.elapsed())
}
