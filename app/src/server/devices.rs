//! Device cookies, after OWASP's "Slow Down Online Guessing Attacks with Device Cookies". After a
//! correct password the browser gets a random 128-bit token bound to that account (only its
//! SHA-256 is stored, `db::devices`). A login attempt that presents a valid one for the typed email
//! comes from a *trusted* browser: it is braked by its own counter only, never by the per-email
//! brake (`throttle::before_login`), so guesses from other addresses cannot lock the owner out of a
//! browser they have logged in from before, an admin's included.

use crate::error::AppError;
use crate::server::db::devices;
use crate::server::state::AppState;
use crate::server::tokens;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use leptos::prelude::use_context;
use sqlx::PgPool;

/// How long a browser stays trusted after its last login.
pub const LIFETIME_DAYS: i64 = 365;

/// The cookie's name; with HTTPS the `__Host-` prefix pins it to this host and path `/`.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-kizuna_device"
    } else {
        "kizuna_device"
    }
}

/// A device cookie that is valid for the account being logged in to.
pub struct TrustedDevice {
    token_hash: Vec<u8>,
}

impl TrustedDevice {
    /// The key of this browser's own brake (a hash: the cookie itself is never stored).
    pub fn brake_key(&self) -> String {
        format!("device:{}", URL_SAFE_NO_PAD.encode(&self.token_hash))
    }
}

fn secure_cookies() -> bool {
    use_context::<AppState>().is_some_and(|state| state.secure_cookies)
}

/// The device cookie this request carries, if any.
fn presented() -> Option<String> {
    let name = cookie_name(secure_cookies());
    let parts = use_context::<http::request::Parts>()?;
    let cookies = parts.headers.get_all(http::header::COOKIE);
    cookies.iter().filter_map(|value| value.to_str().ok()).flat_map(|value| value.split(';')).find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key == name && !value.is_empty()).then(|| value.to_string())
    })
}

/// The request's device cookie, if it is valid for the account that logs in as `email`.
pub async fn trusted_for(db: &PgPool, email: &str) -> Result<Option<TrustedDevice>, AppError> {
    let Some(token) = presented() else { return Ok(None) };
    let token_hash = tokens::hash(&token);
    Ok(devices::is_trusted_for(db, &token_hash, email).await?.then_some(TrustedDevice { token_hash }))
}

/// After a correct password: this browser gets a new device cookie for `account_id` (OWASP: a new
/// one at every login), and the one it showed, if it was valid, is forgotten.
pub async fn remember(
    db: &PgPool,
    account_id: crate::domain::ids::AccountId,
    shown: Option<&TrustedDevice>,
) -> Result<(), AppError> {
    if let Some(shown) = shown {
        devices::forget(db, &shown.token_hash).await?;
    }
    let (token, token_hash) = tokens::new_token();
    devices::insert(db, &token_hash, account_id, LIFETIME_DAYS).await?;
    let secure = secure_cookies();
    let cookie = format!(
        "{}={token}; Max-Age={}; Path=/; HttpOnly; SameSite=Lax{}",
        cookie_name(secure),
        LIFETIME_DAYS * 24 * 60 * 60,
        if secure { "; Secure" } else { "" }
    );
    let header = http::HeaderValue::from_str(&cookie).map_err(|_| AppError::Internal)?;
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.append_header(http::header::SET_COOKIE, header);
    }
    Ok(())
}
