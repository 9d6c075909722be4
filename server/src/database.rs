//! The connection pool and migrations.

use crate::config::Config;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;
use std::str::FromStr;
use std::time::{Duration, Instant};

#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
    #[error("DATABASE_URL is not a valid PostgreSQL URL: {0}")]
    BadUrl(sqlx::Error),
    #[error("the database did not answer within {waited:?} ({source}). Is PostgreSQL running and DATABASE_URL right?")]
    Unreachable { waited: Duration, source: sqlx::Error },
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
}

/// Pool settings for serving requests: a short acquire timeout so an outage answers 503 in seconds
/// (not sqlx's 30 s default), and a ping before each use so the pool heals by itself afterwards.
pub fn pool_options(config: &Config) -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(config.db_max_connections)
        .acquire_timeout(config.db_acquire_timeout)
        .test_before_acquire(true)
}

/// The database URL with this app's per-connection settings: no statement (lock waits included)
/// runs longer than `db_statement_timeout`, so a stuck query frees its connection and answers 503.
pub fn connect_options(config: &Config) -> Result<PgConnectOptions, DatabaseError> {
    let options = PgConnectOptions::from_str(&config.database_url).map_err(DatabaseError::BadUrl)?;
    Ok(with_limits(options, config))
}

/// `options` with the per-connection time limits of `config` (tests use it on their own database).
pub fn with_limits(options: PgConnectOptions, config: &Config) -> PgConnectOptions {
    let statement_ms = config.db_statement_timeout.as_millis();
    options.options([("statement_timeout", statement_ms.to_string())])
}

/// Connects, retrying for `db_startup_wait` so the app and its database may start in any order.
pub async fn connect(config: &Config) -> Result<PgPool, DatabaseError> {
    let options = connect_options(config)?;
    let started = Instant::now();
    loop {
        match pool_options(config).connect_with(options.clone()).await {
            Ok(pool) => return Ok(pool),
            Err(source) if started.elapsed() >= config.db_startup_wait => {
                return Err(DatabaseError::Unreachable { waited: started.elapsed(), source });
            }
            Err(error) => {
                tracing::warn!(%error, "database not reachable yet; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

pub async fn migrate(pool: &PgPool) -> Result<(), DatabaseError> {
    sqlx::migrate!("../migrations").run(pool).await?;
    Ok(())
}
