//! Helpers shared by the HTTP tests.

pub mod proxy;

use app::server::state::AppState;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;
use tower::ServiceExt;

/// A pool on the test database `#[sqlx::test]` created. Tests take the options, not an injected
/// pool: sqlx 0.8's injected pools share one parent pool and deadlock once about 20 tests run at
/// once (sqlx issue #2567).
pub async fn test_pool(options: PgConnectOptions) -> PgPool {
    PgPoolOptions::new().max_connections(5).connect_with(options).await.expect("connect to the test database")
}

/// The application exactly as `main` builds it, on the given database.
pub fn app(pool: PgPool) -> Router {
    server::router(AppState { leptos_options: server::leptos_options_for("target/site"), pool })
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
    let response = app.clone().oneshot(request).await.expect("the router never fails");
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

/// POST an URL-encoded form with extra request headers.
pub async fn post_form(app: &Router, path: &str, form: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = Request::post(path).header("content-type", "application/x-www-form-urlencoded");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    send(app, request.body(Body::from(form.to_string())).unwrap()).await
}
