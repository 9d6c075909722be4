//! HTTP-level tests: the real router (`server::router`), real PostgreSQL (a fresh database per test
//! from `support::with_db`), requests sent in-process. One test binary, one module per area.

mod api;
mod email_confirmation;
mod events;
mod exports;
mod hot_event;
mod imports;
mod language;
mod mail;
mod membership;
mod outage;
mod pages;
mod privacy;
mod questions;
mod register;
mod security;
mod sessions;
mod static_files;
mod support;
mod throttling;
