//! Server functions, one module per domain. Each is a public HTTP endpoint under `/api/…`
//! (listed in `docs/api.md`): its body goes through `server::guard::serve`, which checks the caller
//! first, then validates input, then calls `server::db`.

pub mod account;
pub mod cities;
pub mod committees;
