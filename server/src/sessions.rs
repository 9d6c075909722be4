//! Sessions: id in a cookie, data in PostgreSQL (`tower_sessions.session`), so any app process
//! can serve any user, and logging out ends the session for all of them.

use app::server::state::AppState;
use sqlx::PgPool;
use tower_sessions::cookie::{time::Duration, SameSite};
use tower_sessions::{ExpiredDeletion, Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::PostgresStore;

/// The idle timeout (`app::server::session::IDLE_TIMEOUT`) in the cookie library's terms.
fn idle_timeout() -> Duration {
    Duration::minutes(app::server::session::IDLE_TIMEOUT.num_minutes())
}

/// The cookie's name; with HTTPS the `__Host-` prefix pins it to this host and path `/`.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-kizuna_session"
    } else {
        "kizuna_session"
    }
}

pub fn layer(state: &AppState) -> SessionManagerLayer<PostgresStore> {
    SessionManagerLayer::new(PostgresStore::new(state.pool.clone()))
        .with_name(cookie_name(state.secure_cookies))
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.secure_cookies)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(idle_timeout()))
}

/// Every 10 minutes, for as long as the server runs: removes expired sessions, login-brake rows
/// untouched for a day, and expired device cookies.
pub async fn delete_expired(pool: PgPool) {
    let store = PostgresStore::new(pool.clone());
    let mut every = tokio::time::interval(tokio::time::Duration::from_secs(600));
    loop {
        every.tick().await;
        if let Err(error) = store.delete_expired().await {
            tracing::warn!(%error, "could not delete expired sessions");
        }
        if let Err(error) = app::server::db::throttle::delete_stale(&pool).await {
            tracing::warn!(%error, "could not delete stale login-brake rows");
        }
        if let Err(error) = app::server::db::devices::delete_expired(&pool).await {
            tracing::warn!(%error, "could not delete expired device cookies");
        }
    }
}
