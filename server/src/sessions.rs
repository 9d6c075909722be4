//! Sessions: id in a cookie, data in PostgreSQL (`tower_sessions.session`), so any app process
//! can serve any user, and logging out ends the session for all of them.

use app::server::state::AppState;
use sqlx::PgPool;
use tower_sessions::cookie::{time::Duration, SameSite};
use tower_sessions::{ExpiredDeletion, Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::PostgresStore;

/// A session unused for this long ends (ASVS 7.3.1). The absolute limit is in
/// `app::server::session::ABSOLUTE_LIFETIME`.
pub const IDLE_TIMEOUT: Duration = Duration::minutes(60);

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
        .with_expiry(Expiry::OnInactivity(IDLE_TIMEOUT))
}

/// Removes expired sessions from the table every 10 minutes, for as long as the server runs.
pub async fn delete_expired(pool: PgPool) {
    let store = PostgresStore::new(pool);
    if let Err(error) = store.continuously_delete_expired(tokio::time::Duration::from_secs(600)).await {
        tracing::error!(%error, "expired-session clean-up stopped");
    }
}
