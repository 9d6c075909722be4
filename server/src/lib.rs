//! Builds and runs the Kizuna server: configuration, database, first admin, router, graceful shutdown.

pub mod auth;
pub mod calendar;
pub mod config;
pub mod csv_out;
pub mod database;
pub mod exports;
pub mod input;
pub mod lang;
pub mod listen;
pub mod mail_sender;
pub mod news_feed;
pub mod newsletter_paper;
pub mod ops;
pub mod paper;
pub mod photos;
pub mod rosters;
pub mod security;
pub mod self_export;
pub mod sessions;
pub mod shutdown;
pub mod statement_upload;
pub mod static_files;
pub mod telemetry;
#[cfg(feature = "test-support")]
pub mod testing;
pub mod unsubscribe;
pub mod uploads;

use app::server::bootstrap::{ensure_first_admin, BootstrapError, FirstAdmin};
use app::server::csp::provide_page_nonce;
use app::server::state::AppState;
use app::{shell, App};
use axum::routing::{get, post};
use axum::Router;
use config::{Config, ConfigError};
use leptos::config::{get_configuration, LeptosOptions};
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::sync::OnceLock;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

/// Largest request body accepted (forms and server-function calls; the member-list upload has
/// its own, larger limit).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The route list, generated once per process. Generating it runs the app with resource loading
/// switched off process-wide, so a page rendering at that moment on another thread would wait
/// forever (leptos issue #4773). The server builds one router before serving; tests build many in
/// parallel, and this keeps them from ever overlapping a render.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole application: pages, server functions, static files and operational routes.
pub fn router(state: AppState) -> Router {
    let routes = route_list();
    let leptos_options = state.leptos_options.clone();
    let https = state.settings.public_url.starts_with("https://");
    let sessions = sessions::layer(&state);
    // The one route that takes a file, with its own body limit; everything else keeps the small one.
    let uploads = Router::new()
        .route("/admin/imports/upload", post(uploads::upload).layer(uploads::body_limit()))
        .route("/admin/statements/upload", post(statement_upload::upload).layer(uploads::body_limit()))
        .route("/admin/cities/{slug}/photo", post(photos::upload).layer(photos::body_limit()))
        .route("/chair/events/{id}/photo", post(photos::upload_for_event).layer(photos::body_limit()));
    let router = Router::new()
        .route("/healthz", get(ops::healthz))
        // Public, and linked from other sites and feed readers: not a download of personal data.
        .route("/news.atom", get(news_feed::feed))
        .route("/readyz", get(ops::readyz))
        .route("/photos/{file}", get(photos::serve))
        .route("/admin/cities/{slug}/photo/remove", post(photos::remove))
        .route("/chair/events/{id}/photo/remove", post(photos::remove_for_event))
        .route("/lang", post(lang::switch))
        .route("/unsubscribe", post(unsubscribe::unsubscribe))
        .merge(downloads())
        .leptos_routes_with_context(&state, routes, provide_page_nonce, move || shell(leptos_options.clone()))
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(provide_page_nonce, shell))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .merge(uploads)
        .layer(sessions)
        .layer(axum::middleware::from_fn(ops::one_wait_per_request))
        // The bundle and the favicon are the same for everyone: no session is read or written for
        // them (and so no cookie is ever sent with a file that caches may keep).
        .nest_service(
            "/pkg",
            tower::ServiceBuilder::new()
                .layer(axum::middleware::from_fn(static_files::pkg_headers))
                .service(static_files::pkg_dir(&state.leptos_options)),
        )
        .route_service(
            static_files::FAVICON,
            tower::ServiceBuilder::new()
                .layer(axum::middleware::from_fn(static_files::favicon_headers))
                .service(static_files::favicon(&state.leptos_options)),
        )
        .layer(axum::middleware::from_fn(security::page_nonce))
        .layer(axum::middleware::from_fn(security::refuse_cross_site_writes))
        .layer(axum::middleware::from_fn(security::no_store_for_personal_data))
        .layer(axum::middleware::from_fn(input::refuse_malformed_input));
    security::with_headers(router, https)
        .layer(axum::middleware::from_fn(static_files::fused_body))
        .layer(static_files::compression())
        .layer(
            // One INFO line per request: method, path, status, latency. Never headers or query
            // strings, which may carry personal data or tokens.
            TraceLayer::new_for_http()
                .make_span_with(|request: &axum::http::Request<axum::body::Body>| {
                    tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .with_state(state)
}

/// The files people download: their own data, participants, rosters. Each writes an audit entry and
/// hands over personal data, so a link from another site may not start one.
fn downloads() -> Router<AppState> {
    Router::new()
        .route("/account/export.json", get(self_export::json_file))
        .route("/account/export.csv", get(self_export::csv_file))
        .route("/chair/events/{id}/participants.csv", get(rosters::participants))
        .route("/admin/exports/members.csv", get(exports::members))
        .route("/admin/exports/dues.csv", get(exports::dues))
        .route("/admin/exports/dues-report.csv", get(exports::report::dues_report))
        .route("/admin/exports/audit.csv", get(exports::audit_log))
        .route("/admin/exports/committees/{file}", get(exports::committee))
        .route("/admin/paper/receipts", get(paper::routes::year_receipts))
        .route("/events/{id}/calendar.ics", get(calendar::one_event))
        .route("/calendar.ics", get(calendar::public_feed))
        .route("/calendar/mine/{file}", get(calendar::my_feed))
        .route("/admin/paper/receipts/{id}", get(paper::routes::one_receipt))
        .route("/admin/paper/receipts/{id}/mail", post(paper::mail::mail_receipt))
        .route("/admin/paper/notices", get(paper::routes::notices))
        .route("/admin/paper/labels", get(paper::routes::labels))
        .route("/chair/newsletters/{id}/print.pdf", get(newsletter_paper::print))
        .route("/chair/newsletters/{id}/labels.pdf", get(newsletter_paper::labels))
        .route_layer(axum::middleware::from_fn(security::refuse_cross_site_downloads))
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("{0}")]
    Config(#[from] ConfigError),
    #[error("could not read the Leptos site configuration: {0}")]
    Leptos(String),
    #[error("{0}")]
    Database(#[from] database::DatabaseError),
    #[error("{0}")]
    FirstAdmin(#[from] BootstrapError),
    #[error("could not prepare password hashing")]
    Hashing(#[from] app::AppError),
    #[error("{0}")]
    Font(String),
    #[error("could not listen on {address}: {source} (is another server using that port? set LEPTOS_SITE_ADDR)")]
    Listen { address: String, source: std::io::Error },
}

/// Reads the configuration from the environment and serves until SIGINT or SIGTERM.
pub async fn run() -> Result<(), StartError> {
    let config = Config::from_env()?;
    let mut leptos_options = get_configuration(None).map_err(|e| StartError::Leptos(e.to_string()))?.leptos_options;
    // Hashed bundle names (`hash-files` in Cargo.toml) when the build left its hash.txt, unless
    // LEPTOS_HASH_FILES says otherwise.
    if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
        leptos_options.hash_files = static_files::hash_files_built();
    }
    let pool = database::connect(&config).await?;
    database::migrate(&pool).await?;
    announce_first_admin(
        ensure_first_admin(&pool, config.admin_email.as_deref(), config.admin_password.as_deref()).await?,
    );
    app::server::password::prepare().await?;
    // Receipts, letters and labels need a Japanese font: better to stop now than fail at the first print.
    let font = paper::fonts::font().map_err(StartError::Font)?;
    tracing::info!(font = %font.path.display(), "PDF font");
    let state = AppState {
        leptos_options,
        pool,
        secure_cookies: config.secure_cookies,
        trusted_proxies: config.trusted_proxies.clone(),
        settings: config.settings.clone(),
        event_queues: Default::default(),
        reference: Default::default(),
    };
    tokio::spawn(sessions::delete_expired(state.pool.clone()));
    tokio::spawn(app::server::retention::daily(state.pool.clone()));
    tokio::spawn(app::server::reminders::every_while(state.pool.clone()));
    tokio::spawn(app::server::newsletters::every_while(state.pool.clone(), state.settings.public_url.clone()));
    match config.smtp.clone() {
        Some(smtp) => {
            tracing::info!(host = %smtp.host, port = smtp.port, "mail is delivered by SMTP");
            tokio::spawn(mail_sender::run(state.pool.clone(), smtp));
        }
        None => tracing::info!("KIZUNA_SMTP_HOST is not set: mail waits in the outbox (/admin/outbox)"),
    }
    serve(state, &config).await
}

/// Serves until SIGTERM / SIGINT, then stops within `config.shutdown_grace` whatever is still
/// running: requests in flight get that long to finish, and closing the pool (which waits for
/// every connection, even one stuck on a lock or a frozen network) counts against the same time.
async fn serve(state: AppState, config: &Config) -> Result<(), StartError> {
    let address = state.leptos_options.site_addr;
    let pool = state.pool.clone();
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|source| StartError::Listen { address: address.to_string(), source })?;
    tracing::info!(%address, "kizuna is listening: http://{address}");
    let connections = listen::serve(listener, router(state), config.http, shutdown::signal()).await;
    let grace = config.shutdown_grace;
    let stopped = tokio::time::timeout(grace, async {
        connections.shutdown().await;
        pool.close().await;
    })
    .await;
    match stopped {
        Ok(()) => tracing::info!("kizuna stopped"),
        Err(_) => tracing::warn!(
            "requests or database connections still busy {grace:?} after the stop signal; stopping anyway"
        ),
    }
    Ok(())
}

fn announce_first_admin(outcome: FirstAdmin) {
    match outcome {
        FirstAdmin::AlreadyPresent => {}
        FirstAdmin::Created { email, generated_password: None } => {
            tracing::info!(%email, "created the first admin account from KIZUNA_ADMIN_EMAIL / KIZUNA_ADMIN_PASSWORD");
        }
        FirstAdmin::Created { email, generated_password: Some(password) } => {
            tracing::info!(%email, "created the first admin account with a one-time password (printed to the console)");
            // Printed, never logged: this is the only time the password exists outside its hash.
            println!(
                "\n==================== first admin account ====================\n  \
                 email:    {email}\n  password: {password}\n\
                 Shown only this once: keep it somewhere safe.\n\
                 =============================================================\n"
            );
        }
    }
}

/// Leptos options for tests and tools that do not run under cargo-leptos.
pub fn leptos_options_for(site_root: &str) -> LeptosOptions {
    LeptosOptions::builder().output_name("kizuna").site_root(site_root).build()
}
