//! Operational routes for load balancers and monitors.

use app::server::request_outage::RequestOutage;
use axum::extract::Request;
use axum::extract::State;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use sqlx::PgPool;
use std::time::Duration;

/// Gives the request its [`RequestOutage`]: once the database fails one part of a request, the
/// other parts answer 503 at once instead of waiting for a connection again.
pub async fn one_wait_per_request(mut request: Request, next: Next) -> Response {
    request.extensions_mut().insert(RequestOutage::default());
    next.run(request).await
}

/// The process is up and serving HTTP. Never touches the database.
pub async fn healthz() -> &'static str {
    "ok"
}

/// Ready to serve: the database answers within a second.
pub async fn readyz(State(pool): State<PgPool>) -> (StatusCode, &'static str) {
    let ping = tokio::time::timeout(Duration::from_secs(1), sqlx::query("SELECT 1").execute(&pool)).await;
    match ping {
        Ok(Ok(_)) => (StatusCode::OK, "ready"),
        Ok(Err(error)) => {
            tracing::warn!(%error, "readiness check: database error");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
        Err(_) => {
            tracing::warn!("readiness check: database did not answer within 1 s");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
