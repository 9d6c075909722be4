//! HTTP-level tests: the real router (`server::router`), real PostgreSQL (a fresh database per test
//! from `support::with_db`), requests sent in-process. One test binary, one module per area.

mod access_matrix;
mod account;
mod admin_members;
mod api;
mod association;
mod chair;
mod cities_admin;
mod committees;
mod committees_admin;
mod email_confirmation;
mod events;
mod exports;
mod hot_event;
mod imports;
mod language;
mod mail;
mod member_records;
mod membership;
mod membership_types;
mod outage;
mod overview;
mod pages;
mod paper;
mod password_reset;
mod photos;
mod places_concurrency;
mod privacy;
mod questions;
mod security;
mod self_export;
mod staff;
mod static_files;
mod support;
mod throttling;
mod year_end;
