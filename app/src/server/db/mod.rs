//! Queries, one module per domain. Runtime-checked `query_as` with `FromRow` rows (no compile-time
//! `query!`), so building never needs a live database or a committed `.sqlx/` folder.

pub mod accounts;
pub mod audit;
pub mod cities;
pub mod committees;
pub mod dashboard;
pub mod devices;
pub mod erasure;
pub mod events;
pub mod imports;
pub mod members;
pub mod outbox;
pub mod retention;
pub mod rosters;
pub mod signups;
pub mod throttle;
pub mod tokens;

/// Test databases come from `#[sqlx::test]`, but each test builds its own pool from the options it
/// is given: sqlx 0.8's injected pools borrow from one shared parent pool, which deadlocks once
/// about 20 tests run at once (sqlx issue #2567).
#[cfg(test)]
pub(crate) mod test_support {
    use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
    use sqlx::PgPool;

    pub async fn test_pool(options: PgConnectOptions) -> PgPool {
        PgPoolOptions::new().max_connections(5).connect_with(options).await.expect("connect to the test database")
    }
}
