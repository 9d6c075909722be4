//! Kizuna's application crate: pages, components, server functions and the domain they share.
//!
//! Built twice: with `ssr` for the axum server (server functions run here, against PostgreSQL) and
//! with `hydrate` for the browser. Server-only code lives in [`server`] and is compiled only with `ssr`.

#![recursion_limit = "512"]

pub mod api;
pub mod app;
pub mod components;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

pub use app::{shell, App};
pub use error::AppError;
