//! Memory after a login burst: 1,000 logins, 16 at a time, through the whole stack, with the
//! process's resident memory (VmRSS, and its peak VmHWM, from /proc/self/status) before and after;
//! login throughput next to argon2id verification alone at the same concurrency. Last, for
//! comparison, the same 1,000 verifications the old way (tokio's blocking pool behind a semaphore
//! of the core count, a fresh block per run) and the memory after that.
//! Each of the 16 clients logs in to its own account from ever new addresses, so no brake triggers.

use app::domain::password::NewPassword;
use app::server::password;
use argon2::password_hash::{PasswordHash, PasswordVerifier};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use bench::{drop_database, figures, fresh_database, row, Figures};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

const LOGINS: usize = 1000;
const CONCURRENCY: usize = 16;
const DATABASE: &str = "kizuna_bench_login_memory";
const SECRET: &str = "a long benchmark phrase";

/// (VmRSS, VmHWM) in MiB.
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status (Linux)");
    let field = |name: &str| {
        let line = status.lines().find(|line| line.starts_with(name)).expect(name);
        let kib: f64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
        kib / 1024.0
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn memory_row(when: &str) -> String {
    let (rss, peak) = memory();
    format!("| {when} | {rss:.1} MiB | {peak:.1} MiB |")
}

#[tokio::main]
async fn main() {
    let pool = fresh_database(DATABASE).await;
    let hash = password::hash(NewPassword::parse(SECRET).unwrap()).await.unwrap();
    for client in 0..CONCURRENCY {
        sqlx::query("INSERT INTO accounts (email, password_hash) VALUES ($1, $2)")
            .bind(format!("bench{client}@example.jp"))
            .bind(&hash)
            .execute(&pool)
            .await
            .unwrap();
    }
    let app = bench::router(pool.clone());
    // Warm up (connections, caches, the route list, the workers).
    login(app.clone(), 0, 0).await;
    tokio::time::sleep(Duration::from_secs(1)).await;

    let mut memory_rows = vec![memory_row("before the burst (baseline)")];
    let logins = run({
        let app = app.clone();
        move |client, n| login(app.clone(), client, n + 1)
    })
    .await;
    memory_rows.push(memory_row("right after 1,000 logins"));
    tokio::time::sleep(Duration::from_secs(2)).await;
    memory_rows.push(memory_row("2 s later"));
    let verify = run({
        let hash = hash.clone();
        move |_, _| {
            let hash = hash.clone();
            async move { assert!(password::verify(SECRET.into(), hash).await.unwrap()) }
        }
    })
    .await;
    memory_rows.push(memory_row("after 1,000 more verifications alone"));
    let old_way = run({
        let hash = hash.clone();
        let slots = Arc::new(tokio::sync::Semaphore::new(cores()));
        move |_, _| old_verify(slots.clone(), hash.clone())
    })
    .await;
    memory_rows.push(memory_row("after 1,000 verifications the old way (blocking pool)"));

    println!("| {LOGINS} at a time {CONCURRENCY}, {} cores | per second | p50 | p99 |", cores());
    println!("|---|---|---|---|");
    println!("{}", row("argon2id verify alone, on the workers (baseline)", &verify));
    println!("{}", row("full login: POST /api/log_in", &logins));
    println!("{}", row("argon2id verify alone, the old way (blocking pool)", &old_way));
    println!("\n| process memory | VmRSS | VmHWM (peak) |\n|---|---|---|");
    for line in memory_rows {
        println!("{line}");
    }
    drop_database(pool, DATABASE).await;
}

fn cores() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2)
}

/// Verification as it was done before the workers: `spawn_blocking` behind a semaphore.
async fn old_verify(slots: Arc<tokio::sync::Semaphore>, stored: String) {
    let _slot = slots.acquire().await.unwrap();
    let matched = tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&stored).unwrap();
        argon2::Argon2::default().verify_password(SECRET.as_bytes(), &parsed).is_ok()
    })
    .await
    .unwrap();
    assert!(matched);
}

async fn login(app: axum::Router, client: usize, n: usize) {
    let body = format!("email=bench{client}%40example.jp&password=a+long+benchmark+phrase");
    let mut request = Request::post("/api/log_in")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let address = format!("10.{}.{}.{}:40000", (n >> 16) & 255, (n >> 8) & 255, n & 255);
    request.extensions_mut().insert(ConnectInfo::<std::net::SocketAddr>(address.parse().unwrap()));
    let response = app.oneshot(request).await.unwrap();
    assert_eq!(response.status(), 200, "login {n} refused");
    let _ = http_body_util::BodyExt::collect(response.into_body()).await;
}

/// Runs `LOGINS` operations on `CONCURRENCY` clients (the client's number and the operation's) and
/// times each.
async fn run<F, Fut>(operation: F) -> Figures
where
    F: Fn(usize, usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let started = Instant::now();
    let clients: Vec<_> = (0..CONCURRENCY)
        .map(|client| {
            let operation = operation.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                for i in (client..LOGINS).step_by(CONCURRENCY) {
                    let begun = Instant::now();
                    operation(client, i).await;
                    latencies.push(begun.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies: Vec<Duration> = Vec::new();
    for client in clients {
        latencies.extend(client.await.unwrap());
    }
    figures(latencies, started.elapsed())
}
