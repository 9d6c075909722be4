//! Invitations: an imported member gets no password. When the secretariat chooses, each one with
//! an email gets an account without a password and a link (valid two weeks) to choose one.

use crate::i18n::Lang;
use crate::server::db::{imports, tokens as stored};
use crate::server::mail::{self, Mail};
use crate::server::state::settings;
use crate::server::tokens;
use sqlx::PgConnection;

const LINK_LIFETIME_DAYS: i64 = 14;

/// Invites one member: makes the account and queues the mail. `false` when the email already
/// belongs to an account (that person can log in or reset their password already).
pub async fn invite_member(
    tx: &mut PgConnection,
    member_id: crate::domain::ids::MemberId,
    email: &str,
    name: &str,
) -> Result<bool, sqlx::Error> {
    let Some(account_id) = imports::invite_account(tx, member_id, email).await? else { return Ok(false) };
    let (token, hash) = tokens::new_token();
    let expires = chrono::Utc::now() + chrono::Duration::days(LINK_LIFETIME_DAYS);
    stored::insert(tx, &hash, account_id, "invitation", expires).await?;
    let url = format!("{}/password/reset?token={token}&welcome=1", settings().public_url);
    // Imported members never chose a language; most read Japanese only.
    mail::queue(tx, email, Lang::Ja, Mail::Invitation { name, url: &url }).await?;
    Ok(true)
}

/// Invites every member of an import who has an email and no account yet. Returns how many.
pub async fn invite_all(tx: &mut PgConnection, import_id: i64) -> Result<usize, sqlx::Error> {
    let mut sent = 0;
    for (member_id, email, name) in imports::to_invite(tx, import_id).await? {
        if invite_member(tx, member_id, &email, &name).await? {
            sent += 1;
        }
    }
    Ok(sent)
}
