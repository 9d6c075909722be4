//! Email addresses are proved by a link mailed to them (128-bit token, stored hashed, one use).
//! Joining makes the link for the address joined with; a change makes it for the new address,
//! which replaces the old one only when the link is used and only if nobody has it by then.

use crate::domain::ids::AccountId;
use crate::i18n::Lang;
use crate::server::db::tokens as stored;
use crate::server::mail::{self, Mail};
use crate::server::tokens;
use chrono::{Duration, Utc};
use sqlx::PgConnection;

/// The link in the application mail: applicants may read it days later.
pub const JOIN_LINK_DAYS: i64 = 7;
/// The link for a new address.
pub const CHANGE_LINK_HOURS: i64 = 24;

/// A new confirmation link of `account` for `email` (retiring its older ones); returns the URL.
pub async fn new_link(
    tx: &mut PgConnection,
    public_url: &str,
    account: AccountId,
    email: &str,
    lifetime: Duration,
) -> Result<String, sqlx::Error> {
    let (token, hash) = tokens::new_token();
    stored::retire_all(tx, account, "email_confirmation").await?;
    stored::insert_email_confirmation(tx, &hash, account, email, Utc::now() + lifetime).await?;
    Ok(format!("{public_url}/email/confirm?token={token}"))
}

/// Asks for `account`'s login to move to `new_email`. The old address is told either way; a free
/// address gets the link, a taken one a note to its owner (the caller sees the same in both cases).
pub async fn request_change(
    tx: &mut PgConnection,
    public_url: &str,
    account: AccountId,
    old_email: &str,
    new_email: &str,
    lang: Lang,
) -> Result<(), sqlx::Error> {
    mail::queue(tx, old_email, lang, Mail::EmailChangeRequested { new_email }).await?;
    if crate::server::db::accounts::email_taken(&mut *tx, account, new_email).await? {
        // Filed under nobody: it belongs to the address's owner, not to the account that asked.
        mail::queue(tx, new_email, lang, Mail::AddressInUse).await?;
        tracing::info!(account_id = account.0, "email change asked for an address that is taken");
    } else {
        let url = new_link(tx, public_url, account, new_email, Duration::hours(CHANGE_LINK_HOURS)).await?;
        mail::queue_for(tx, Some(account), new_email, lang, Mail::ConfirmEmail { url: &url }).await?;
        tracing::info!(account_id = account.0, "email change asked; confirmation link sent");
    }
    Ok(())
}
