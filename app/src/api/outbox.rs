//! The mail outbox, readable by the secretariat (and the way to see mail on a laptop without SMTP).

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMail {
    pub id: i64,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub sent: bool,
    pub attempts: i32,
    pub last_error: String,
    /// The names of the files it carries (a receipt's PDF).
    pub attachments: Vec<String>,
}

/// One-time links are not for the secretariat's eyes: an admin never gets to act as a member.
#[cfg(feature = "ssr")]
fn hide_tokens(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest.find("token=") {
        out.push_str(&rest[..at + "token=".len()]);
        rest = &rest[at + "token=".len()..];
        let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(rest.len());
        if end > 0 {
            out.push_str("(hidden)");
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Mails on one page of the outbox.
pub const OUTBOX_PAGE: usize = 100;

/// The newest `OUTBOX_PAGE` mails, or those older than the mail `before`, with one-time links
/// hidden, and one more when older mails follow. Admins only.
#[server(endpoint = "outbox", input = GetUrl)]
pub async fn outbox(#[server(default)] before: Option<i64>) -> Result<Vec<OutboxMail>, AppError> {
    use crate::server::{
        db::outbox,
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Outbox), |ctx| async move {
        // One more than a page: the page shows whether older mails follow by its length.
        let rows = outbox::latest(&ctx.db, OUTBOX_PAGE as i64 + 1, before).await?;
        Ok(rows
            .into_iter()
            .map(|r| OutboxMail {
                id: r.id,
                to_address: r.to_address,
                subject: r.subject,
                body: hide_tokens(&r.body),
                created_at: r.created_at,
                sent: r.sent_at.is_some(),
                attempts: r.attempts,
                last_error: r.last_error,
                attachments: r.attachments,
            })
            .collect())
    })
    .await
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    #[test]
    fn one_time_links_are_hidden() {
        let body = "open http://x/password/reset?token=AbC-d_9 now\nand token=zz";
        assert_eq!(super::hide_tokens(body), "open http://x/password/reset?token=(hidden) now\nand token=(hidden)");
        assert_eq!(super::hide_tokens("token=(sent)"), "token=(sent)");
    }
}
