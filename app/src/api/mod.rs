//! Server functions, one module per domain. Each is a public HTTP endpoint under `/api/…`
//! (listed in `docs/api.md`): its body goes through `server::guard::serve`, which checks the caller
//! first; then it parses its input and makes one service call (`server::places`,
//! `server::organising`…: a change that needs a transaction, the event lock and mail) or one
//! `server::db` call, and answers.

pub mod account;
pub mod admin_members;
pub mod association;
pub mod calendar;
pub mod chair;
pub mod cities;
pub mod cities_admin;
pub mod committees;
pub mod committees_admin;
pub mod contacts;
pub mod donations;
pub mod dues;
pub mod email_confirmation;
pub mod events;
pub mod imports;
pub mod member_records;
pub mod membership;
pub mod membership_types;
pub mod news;
pub mod newsletter_archive;
pub mod newsletters;
pub mod outbox;
pub mod overview;
pub mod paper;
pub mod password_reset;
pub mod staff;
pub mod statements;
pub mod subscriptions;
pub mod year_end;
