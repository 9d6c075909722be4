//! A member's own calendar feed: a secret address whose .ics lists their sign-ups (the server
//! crate serves it: `GET /calendar/mine/{token}.ics`). Only a hash of its token is kept, so the
//! address is shown once, when it is made; making a new one ends the old one.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;

/// The session key that carries a new address to the one page load that shows it.
#[cfg(feature = "ssr")]
const NEW_FEED: &str = "calendar:new";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarFeed {
    /// When the caller's current address was made (none: they have none).
    pub made_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The address just made: shown this once.
    pub new_url: Option<String>,
    /// The public feed of every published event.
    pub public_url: String,
}

/// The caller's feed: whether they have one, and a new address once. Any logged-in account.
#[server(endpoint = "calendar_feed", input = GetUrl)]
pub async fn load_calendar_feed() -> Result<CalendarFeed, AppError> {
    use crate::server::{
        db::calendar,
        guard::{serve, Access},
    };
    serve(Access::SignedIn, |ctx| async move {
        let base = crate::server::state::settings().public_url.trim_end_matches('/').to_string();
        let token: Option<String> = ctx.session.remove(NEW_FEED).await.ok().flatten();
        Ok(CalendarFeed {
            made_at: calendar::feed_made(&ctx.db, ctx.caller.account_id).await?,
            new_url: token.map(|t| format!("{base}/calendar/mine/{t}.ics")),
            public_url: format!("{base}/calendar.ics"),
        })
    })
    .await
}

/// Makes the caller a new secret feed address (the old one stops working) and shows it once on
/// the sign-ups page. Audited (`calendar.feed`).
#[server(endpoint = "renew_calendar_feed")]
pub async fn renew_calendar_feed() -> Result<(), AppError> {
    use crate::server::{
        db::{audit, calendar},
        guard::{serve, Access},
        tokens,
    };
    serve(Access::SignedIn, |ctx| async move {
        let (token, hash) = tokens::new_token();
        let mut tx = ctx.db.begin().await?;
        calendar::set_feed(&mut tx, ctx.caller.account_id, &hash).await?;
        let account = ctx.caller.account_id;
        audit::record(&mut tx, account, "calendar.feed", "account", account, serde_json::json!({})).await?;
        tx.commit().await?;
        ctx.session.insert(NEW_FEED, token).await.map_err(|error| {
            tracing::error!(%error, "could not keep the new calendar address for its page");
            AppError::Internal
        })?;
        let v = chrono::Utc::now().timestamp_millis();
        leptos_axum::redirect(&format!("/account/signups?calendar={v}#calendar"));
        Ok(())
    })
    .await
}
