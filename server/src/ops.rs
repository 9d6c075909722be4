//! Operational routes for load balancers and monitors.

use axum::extract::State;
use axum::http::StatusCode;
use sqlx::PgPool;
use std::time::Duration;

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
