//! Server-only code (compiled with `ssr`): application state, the access guard every server function
//! goes through, password hashing, first-start bootstrap and the database queries.

pub mod argon2_workers;
pub mod bootstrap;
pub mod csp;
pub mod db;
pub mod devices;
pub mod dues;
pub mod dues_mail;
pub mod email_confirmation;
pub mod event_lock;
pub mod form_draft;
pub mod guard;
pub mod import;
pub mod mail;
pub mod member_records;
pub mod membership;
pub mod newsletters;
pub mod organising;
pub mod password;
pub mod places;
pub mod reference;
pub mod reminders;
pub mod request_outage;
pub mod retention;
pub mod session;
pub mod state;
pub mod statement;
pub mod throttle;
pub mod tokens;
