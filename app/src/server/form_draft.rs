//! What was typed into a form that came back with an error *without JavaScript*: the browser then
//! reloads the form page, so the values are kept in the session for that one page load. (With
//! JavaScript the form stays on screen and keeps its values by itself.)
//!
//! Sessions live in PostgreSQL. When the database is away, a form that cannot be saved must not
//! lose what was typed either: the values then go into a short-lived cookie of their own (never a
//! password), which the form page reads once the site is back.

use base64::Engine;
use serde::{de::DeserializeOwned, Serialize};
use tower_sessions::Session;

/// How long a draft kept in a cookie waits for the site to come back.
const COOKIE_DRAFT_SECS: u32 = 1800;
/// Browsers keep cookies of up to about 4 KB; a larger draft is not kept.
const COOKIE_DRAFT_MAX_BYTES: usize = 3800;

/// Keeps `value` under `key` if this request is a plain form post.
pub async fn keep_for_plain_post<T: Serialize>(session: &Session, key: &str, value: &T) {
    if !crate::server::guard::is_plain_form_post() {
        return;
    }
    if let Err(error) = session.insert(key, value).await {
        tracing::warn!(%error, "could not keep the form draft");
    }
}

/// Keeps `value` in a cookie if this request is a plain form post: for when the database (and
/// so the session) cannot be written.
pub fn keep_in_cookie_for_plain_post<T: Serialize>(key: &str, value: &T) {
    if !crate::server::guard::is_plain_form_post() {
        return;
    }
    let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() else { return };
    let Ok(json) = serde_json::to_vec(value) else { return };
    let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json);
    if encoded.len() > COOKIE_DRAFT_MAX_BYTES {
        tracing::warn!(bytes = encoded.len(), "form draft too large for a cookie; not kept");
        return;
    }
    let cookie = format!("{}={encoded}; Max-Age={COOKIE_DRAFT_SECS}; Path=/; HttpOnly; SameSite=Lax", cookie_name(key));
    if let Ok(value) = http::HeaderValue::from_str(&cookie) {
        response.append_header(http::header::SET_COOKIE, value);
    }
}

/// Takes the kept values, if any (they are shown once): from the session, else from a cookie
/// left while the database was away (which is then cleared).
pub async fn take<T: DeserializeOwned>(session: &Session, key: &str) -> Option<T> {
    if let Some(value) = session.remove::<T>(key).await.ok().flatten() {
        return Some(value);
    }
    let name = cookie_name(key);
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    let encoded = parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .find_map(|c| c.trim().strip_prefix(&format!("{name}=")).map(str::to_string))?;
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        let clear = format!("{name}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax");
        if let Ok(value) = http::HeaderValue::from_str(&clear) {
            response.append_header(http::header::SET_COOKIE, value);
        }
    }
    let json = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(encoded).ok()?;
    serde_json::from_slice(&json).ok()
}

/// `draft:join` → `kizuna_draft_join`.
fn cookie_name(key: &str) -> String {
    let tail: String = key.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    format!("kizuna_{tail}")
}
