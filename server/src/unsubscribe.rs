//! `POST /unsubscribe?token=…`: the unsubscribe link of a newsletter, without logging in.
//!
//! - A mail program's one-click unsubscribe (RFC 8058: the `List-Unsubscribe` header's address,
//!   posted with the body `List-Unsubscribe=One-Click`) gets 200 and a line of text.
//! - The button on the link's page (`/unsubscribe?token=…`, a page that changes nothing when
//!   opened, since mail scanners open links) posts here too and is sent on to `/unsubscribe/done`.
//!
//! The token names one recipient of one newsletter; it stops newsletters to that member (their
//! consent is withdrawn, source `link`) or outside contact. Mail about their sign-ups, payments
//! and receipts is not a newsletter and keeps coming. An unknown token changes nothing: 404 for
//! a mail program, the page's "not found" for a person.

use app::server::db::newsletters::consents;
use app::server::state::AppState;
use app::server::tokens;
use app::AppError;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct Token {
    #[serde(default)]
    token: String,
}

/// The token is always in the address (the header's, and the page form's `action`); the body
/// only says whether a mail program sent it. RFC 8058's own example posts it as
/// `multipart/form-data`, most programs as a urlencoded form: both carry `One-Click`.
pub async fn unsubscribe(
    State(state): State<AppState>,
    Query(query): Query<Token>,
    body: Bytes,
) -> Result<Response, AppError> {
    let one_click = body.windows(b"One-Click".len()).any(|w| w == b"One-Click");
    let who = match query.token.trim() {
        "" => None,
        token => consents::by_token(&state.pool, &tokens::hash(token)).await?,
    };
    let Some(who) = who else {
        return Ok(if one_click {
            (StatusCode::NOT_FOUND, "unknown unsubscribe link").into_response()
        } else {
            see_other("/unsubscribe/done?result=unknown")
        });
    };
    let mut tx = state.pool.begin().await?;
    let stopped = consents::unsubscribe(&mut tx, who).await?;
    tx.commit().await?;
    tracing::info!(stopped, one_click, "newsletter unsubscribe");
    Ok(if one_click {
        (StatusCode::OK, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "unsubscribed").into_response()
    } else {
        see_other("/unsubscribe/done?result=done")
    })
}

fn see_other(to: &'static str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
}
