//! Queries, one module per domain. Runtime-checked `query_as` with `FromRow` rows (no compile-time
//! `query!`), so building never needs a live database or a committed `.sqlx/` folder.

pub mod accounts;
pub mod cities;
pub mod committees;
