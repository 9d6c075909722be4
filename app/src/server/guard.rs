//! The one gate of every server function. Each `#[server]` body is `serve(Access::…, |ctx| …)`: the
//! caller is checked against the rule *before* any work, and an error sets the HTTP status.
//! Later features add rules here (member, chair of a committee, admin); nothing else decides access.

use crate::error::AppError;
use crate::server::state::AppState;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use sqlx::PgPool;
use std::future::Future;

/// Who may call a server function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, logged in or not: the public pages about the association.
    Public,
}

/// What a permitted call gets to work with.
pub struct Ctx {
    pub db: PgPool,
}

/// Checks `access`, runs `work`, and turns an error into the matching HTTP status.
pub async fn serve<T, F, Fut>(access: Access, work: F) -> Result<T, AppError>
where
    F: FnOnce(Ctx) -> Fut,
    Fut: Future<Output = Result<T, AppError>>,
{
    // Taken before any await: the response of this request (server-function call or page render).
    let response = use_context::<ResponseOptions>();
    let result = match authorize(access) {
        Ok(ctx) => work(ctx).await,
        Err(error) => Err(error),
    };
    if let (Err(error), Some(response)) = (&result, response) {
        response.set_status(error.status());
        if let AppError::TooManyRequests { retry_after_secs } = error {
            response.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(*retry_after_secs));
        }
    }
    result
}

fn authorize(access: Access) -> Result<Ctx, AppError> {
    let state = use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState is missing from the request context");
        AppError::Internal
    })?;
    match access {
        Access::Public => Ok(Ctx { db: state.pool.clone() }),
    }
}
