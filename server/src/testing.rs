//! What the HTTP tests (`server/tests/http/support`) and the benchmarks (`bench/`) both need: a
//! fresh migrated database, the application on it exactly as `main` builds it, and many active
//! members at once. Only with the `test-support` feature.

use app::server::state::AppState;
use axum::Router;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, PgConnection, PgPool};
use std::str::FromStr;

/// A database made by `fresh_database`: its pool, and its options for more connections.
pub struct FreshDatabase {
    pub pool: PgPool,
    pub options: PgConnectOptions,
}

/// The server named by `DATABASE_URL`.
pub fn server_options() -> PgConnectOptions {
    PgConnectOptions::from_str(&std::env::var("DATABASE_URL").expect("DATABASE_URL")).expect("DATABASE_URL is a URL")
}

/// A fresh, migrated database `name` on the server named by `DATABASE_URL` (one left over from an
/// earlier run is dropped first), with a pool of `max_connections`.
pub async fn fresh_database(name: &str, max_connections: u32) -> FreshDatabase {
    let server = server_options();
    let mut admin = PgConnection::connect_with(&server).await.expect("connect to DATABASE_URL");
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.unwrap();
    let options = server.database(name);
    let pool = PgPoolOptions::new().max_connections(max_connections).connect_with(options.clone()).await.unwrap();
    crate::database::migrate(&pool).await.expect("migrations");
    FreshDatabase { pool, options }
}

/// Drops the database `name` (close its pools first).
pub async fn drop_database(name: &str) {
    let mut admin = PgConnection::connect_with(&server_options()).await.expect("connect to DATABASE_URL");
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin).await.unwrap();
}

/// The application exactly as `main` builds it, on `pool`.
pub fn app(pool: PgPool) -> Router {
    crate::router(AppState {
        leptos_options: crate::leptos_options_for("target/site"),
        pool,
        secure_cookies: false,
        trusted_proxies: vec![],
        settings: Default::default(),
        event_queues: Default::default(),
        reference: Default::default(),
    })
}

/// `count` active members, `m1@example.jp` … with `password`, member numbers equal to their ids
/// (one statement, for the benchmarks' tens of thousands).
pub async fn active_members(pool: &PgPool, count: usize, password: &str) {
    let hash = app::server::password::hash(app::domain::password::NewPassword::parse(password).unwrap()).await.unwrap();
    sqlx::query(
        "WITH a AS (INSERT INTO accounts (email, password_hash) SELECT 'm' || g || '@example.jp', $1 FROM generate_series(1, $2) g RETURNING id, email)
         INSERT INTO members (account_id, membership_type_id, status, member_number, full_name, name_reading, reading_key, email,
             privacy_notice_version, privacy_consented_at)
         SELECT a.id, (SELECT id FROM membership_types WHERE code = 'individual'), 'active', a.id, '会員 ' || a.id, 'かいいん',
             'かいいん', a.email, 'v', now() FROM a",
    )
    .bind(&hash)
    .bind(count as i32)
    .execute(pool)
    .await
    .unwrap();
}
