//! Helpers shared by the benchmarks: a throw-away database and latency statistics.

use sqlx::PgPool;
use std::time::Duration;

/// A fresh, migrated database on the server named by `DATABASE_URL`; dropped by `drop_database`.
pub async fn fresh_database(name: &str) -> PgPool {
    server::testing::fresh_database(name, 10).await.pool
}

/// `count` active members, `m1@example.jp` … with `password`, member numbers equal to their ids.
pub use server::testing::active_members;

/// The application exactly as `main` builds it, on `pool`.
pub fn router(pool: PgPool) -> axum::Router {
    server::testing::app(pool)
}

pub const ADMIN: (&str, &str) = ("bench-admin@example.jp", "a long benchmark phrase");

/// Makes the first admin and logs it in through `app` as if from `from`; the session cookie.
pub async fn admin_cookie(pool: &PgPool, app: &axum::Router, from: &str) -> String {
    app::server::bootstrap::ensure_first_admin(pool, Some(ADMIN.0), Some(ADMIN.1)).await.unwrap();
    log_in(app, ADMIN.0, ADMIN.1, from).await
}

/// `DATABASE_URL` pointed at the database `name` (for psql, the baselines' tool).
pub fn database_url(name: &str) -> String {
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    match url.split_once('?') {
        Some((base, query)) => format!("{}/{name}?{query}", base.rsplit_once('/').expect("a URL").0),
        None => format!("{}/{name}", url.rsplit_once('/').expect("a URL").0),
    }
}

pub async fn drop_database(pool: PgPool, name: &str) {
    pool.close().await;
    server::testing::drop_database(name).await;
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The middle of a few timed runs.
pub fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Throughput and latency percentiles of a set of timed operations.
pub struct Figures {
    pub per_second: f64,
    pub p50: Duration,
    pub p99: Duration,
}

pub fn figures(mut latencies: Vec<Duration>, wall: Duration) -> Figures {
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 - 1.0) * q).round() as usize];
    Figures { per_second: latencies.len() as f64 / wall.as_secs_f64(), p50: at(0.50), p99: at(0.99) }
}

pub fn row(what: &str, f: &Figures) -> String {
    format!(
        "| {what} | {:.1} | {:.1} ms | {:.1} ms |",
        f.per_second,
        f.p50.as_secs_f64() * 1000.0,
        f.p99.as_secs_f64() * 1000.0
    )
}

/// Logs in through the router (`POST /api/log_in` with `email`, `password`) as if from the network
/// address `from`, and returns the session cookie.
pub async fn log_in(app: &axum::Router, email: &str, password: &str, from: &str) -> String {
    use tower::ServiceExt;
    let body = format!("email={}&password={}", email.replace('@', "%40"), password.replace(' ', "+"));
    let mut request = axum::http::Request::post("/api/log_in")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(body))
        .unwrap();
    let peer: std::net::SocketAddr = format!("{from}:40000").parse().unwrap();
    request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), 200, "login of {email} refused");
    // A login sets the session cookie and a device cookie.
    let mut cookies = response.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok());
    let cookie = cookies.find(|c| c.starts_with("kizuna_session=")).expect("a session cookie");
    cookie.split(';').next().unwrap().to_string()
}

/// Resets the kernel's record of this process's peak resident memory (Linux: clear_refs 5).
pub fn reset_peak_memory() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The peak resident memory (VmHWM) in KiB since the last reset.
pub fn peak_memory_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// The home page's latency, one request after another, until `until` finishes.
pub async fn pages_while(app: &axum::Router, until: impl std::future::Future<Output = ()>) -> Figures {
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let pages = {
        let (app, done) = (app.clone(), done.clone());
        tokio::spawn(async move {
            let started = std::time::Instant::now();
            let mut latencies = Vec::new();
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                let at = std::time::Instant::now();
                let request = axum::http::Request::get("/").body(axum::body::Body::empty()).unwrap();
                let response = tower::ServiceExt::oneshot(app.clone(), request).await.unwrap();
                assert_eq!(response.status(), 200);
                http_body_util::BodyExt::collect(response.into_body()).await.unwrap();
                latencies.push(at.elapsed());
            }
            figures(latencies, started.elapsed())
        })
    };
    until.await;
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    pages.await.unwrap()
}
