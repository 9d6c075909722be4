//! Helpers shared by the HTTP tests.

pub mod accounts;
pub mod fixtures;
pub mod proxy;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use server::testing;
use sqlx::postgres::PgConnectOptions;
use sqlx::PgPool;
use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::LazyLock;
use tokio::runtime::Runtime;
use tower::ServiceExt;

/// All HTTP tests share one multi-threaded runtime, as the server does in production. (With one
/// single-threaded runtime per test, as `#[sqlx::test]` makes, parallel page renders sometimes
/// never finished: Leptos' executor is process-wide.)
static RUNTIME: LazyLock<Runtime> =
    LazyLock::new(|| tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap());

static NEXT_DB: AtomicU32 = AtomicU32::new(0);

/// Tests that assert how fast something answers (the outage's 503 within the acquire limit) take
/// this, and so do the heaviest tests (the access matrix: eight argon2 logins and 648 calls), so
/// that the two never share the machine's two cores at once.
static TIMING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Holds [`TIMING`] for the rest of the test.
pub fn apart_from_heavy_tests() -> std::sync::MutexGuard<'static, ()> {
    TIMING.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A fresh, migrated database for one test.
pub struct TestDb {
    pub pool: PgPool,
    pub options: PgConnectOptions,
}

/// Runs `test` against its own throw-away database (`server::testing::fresh_database`, on the
/// server named by `DATABASE_URL`), then drops the database. A failing test keeps it for a look,
/// like `#[sqlx::test]` does.
pub fn with_db<F, Fut>(test: F)
where
    F: FnOnce(TestDb) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let name = format!("kizuna_http_{}_{}", std::process::id(), NEXT_DB.fetch_add(1, Ordering::SeqCst));
    let fresh = RUNTIME.block_on(testing::fresh_database(&name, 5));
    let db = TestDb { pool: fresh.pool, options: fresh.options };
    let pool = db.pool.clone();
    let outcome = RUNTIME.block_on(RUNTIME.spawn(test(db)));
    RUNTIME.block_on(async {
        pool.close().await;
        if outcome.is_ok() {
            testing::drop_database(&name).await;
        }
    });
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure.into_panic());
    }
}

/// The application exactly as `main` builds it, on the given database.
pub fn app(pool: PgPool) -> Router {
    testing::app(pool)
}

/// A pool on the test database made as the server makes its own (size, acquire timeout, statement
/// limit), for tests about waiting and starvation; `with_db`'s pool is deliberately roomier.
pub async fn production_pool(options: &PgConnectOptions) -> PgPool {
    let config = server::config::Config::from_lookup(|name| (name == "DATABASE_URL").then(|| "postgres://".into()))
        .expect("the default configuration");
    server::database::pool_options(&config)
        .connect_with(server::database::with_limits(options.clone(), &config))
        .await
        .expect("connect to the test database")
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
}

pub async fn send(app: &Router, request: Request<Body>) -> Reply {
    let what = format!("{} {}", request.method(), request.uri());
    // A hung request fails the test with its name instead of stalling the whole run.
    let response = tokio::time::timeout(std::time::Duration::from_secs(20), app.clone().oneshot(request))
        .await
        .unwrap_or_else(|_| panic!("{what} got no answer within 20 s"))
        .expect("the router never fails");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.expect("body").to_bytes();
    Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
}

/// GET `path` with extra request headers.
pub async fn get_with(app: &Router, path: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = Request::get(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    send(app, request.body(Body::empty()).unwrap()).await
}

pub async fn get(app: &Router, path: &str) -> Reply {
    get_with(app, path, &[]).await
}

/// An URL-encoded form body (enough encoding for the values the tests use).
pub fn form(fields: &[(&str, &str)]) -> String {
    let encode =
        |s: &str| s.replace('%', "%25").replace('@', "%40").replace(' ', "+").replace('\'', "%27").replace('&', "%26");
    fields.iter().map(|(name, value)| format!("{name}={}", encode(value))).collect::<Vec<_>>().join("&")
}

/// The `cookie` request header for an optional session cookie.
pub fn cookie_header(cookie: Option<&str>) -> Vec<(&str, &str)> {
    cookie.map(|c| vec![("cookie", c)]).unwrap_or_default()
}

/// POST an URL-encoded form with extra request headers.
pub async fn post_form(app: &Router, path: &str, form: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = Request::post(path).header("content-type", "application/x-www-form-urlencoded");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    send(app, request.body(Body::from(form.to_string())).unwrap()).await
}

/// POST an URL-encoded form as if from the network address `from` (what the server sees as the
/// TCP peer; IPv4 or IPv6).
pub async fn post_form_from(app: &Router, path: &str, form: &str, from: &str) -> Reply {
    post_form_from_with(app, path, form, from, &[]).await
}

/// `post_form_from` with extra request headers (a cookie, `X-Forwarded-For`).
pub async fn post_form_from_with(app: &Router, path: &str, form: &str, from: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = Request::post(path).header("content-type", "application/x-www-form-urlencoded");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut request = request.body(Body::from(form.to_string())).unwrap();
    let peer = std::net::SocketAddr::new(from.parse().expect("an IP address"), 40000);
    request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
    send(app, request).await
}

/// GET returning (status, raw body bytes, content type): for downloads that are not UTF-8.
pub async fn get_bytes(app: &Router, path: &str, headers: &[(&str, &str)]) -> (StatusCode, Vec<u8>, String) {
    let mut request = Request::get(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = app.clone().oneshot(request.body(Body::empty()).unwrap()).await.expect("the router never fails");
    let status = response.status();
    let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let bytes = response.into_body().collect().await.expect("body").to_bytes().to_vec();
    (status, bytes, content_type)
}
