use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::PgPool;

/// Shared by every request. leptos_axum provides it as context to pages and server functions.
#[derive(Clone, Debug)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: PgPool,
    /// Served over HTTPS: cookies get `Secure` and the `__Host-` prefix.
    pub secure_cookies: bool,
    /// Reverse proxies whose `X-Forwarded-For` is believed (for the login brakes).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    pub settings: Settings,
    /// Requests waiting for their turn at an event (see `event_lock`).
    pub event_queues: crate::server::event_lock::EventQueues,
    /// Contact details and filter choices, kept for a few seconds (see `reference`).
    pub reference: crate::server::reference::Reference,
}

/// Association settings from the configuration (see docs/configuration.md).
#[derive(Clone, Debug)]
pub struct Settings {
    /// The address members reach the site at, for links in mails (no trailing slash).
    pub public_url: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { public_url: "http://localhost:3000".to_string() }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl FromRef<AppState> for PgPool {
    fn from_ref(state: &AppState) -> Self {
        state.pool.clone()
    }
}

/// The settings of the running application (defaults outside a request, e.g. in unit tests).
pub fn settings() -> Settings {
    leptos::prelude::use_context::<AppState>().map(|s| s.settings).unwrap_or_default()
}
