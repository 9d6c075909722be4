//! Server-only code (compiled with `ssr`): application state, the access guard every server function
//! goes through, password hashing, first-start bootstrap and the database queries.

pub mod bootstrap;
pub mod csp;
pub mod db;
pub mod guard;
pub mod password;
pub mod session;
pub mod state;
pub mod throttle;
