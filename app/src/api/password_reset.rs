//! Forgotten passwords: a link by mail (128-bit token, stored hashed, one use, one hour).

use crate::error::AppError;
use leptos::prelude::*;

/// How long a reset link works.
#[cfg(feature = "ssr")]
const LINK_LIFETIME_MINUTES: i64 = 60;

/// Sends a reset link to `email` if it belongs to an account that has confirmed it. Public,
/// braked. The answer is the same, and comes as fast, whether or not the address is known: it is
/// given before the address is looked up, and the lookup and the mail happen afterwards.
#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::domain::email::Email;

    use crate::server::{guard::serve_public, state::settings, throttle};
    serve_public(|ctx| async move {
        let email = Email::parse(&email).map_err(|p| AppError::invalid("email", p))?;
        throttle::before_reset_request(&ctx.db, email.as_str(), &throttle::client_address().await).await?;
        let (db, public_url) = (ctx.db.clone(), settings().public_url);
        tokio::spawn(async move {
            if let Err(error) = send_link_if_known(&db, &public_url, email.as_str()).await {
                tracing::warn!(?error, "could not send a password reset link");
            }
        });
        leptos_axum::redirect("/password/forgot?sent=1");
        Ok(())
    })
    .await
}

/// The work behind a reset request, done after the answer: a link if the address is an
/// account's confirmed one, nothing otherwise.
#[cfg(feature = "ssr")]
async fn send_link_if_known(db: &sqlx::PgPool, public_url: &str, email: &str) -> Result<(), AppError> {
    match crate::server::db::accounts::by_email(db, email).await? {
        Some((account_id, lang)) => {
            let mut tx = db.begin().await?;
            send_link(&mut tx, public_url, account_id, email, lang).await?;
            tx.commit().await?;
            tracing::info!(account_id = account_id.0, "password reset link sent");
        }
        None => tracing::info!("password reset asked for an unknown or unconfirmed email"),
    }
    Ok(())
}

/// Creates a reset link for an account (retiring its older links) and queues the mail.
#[cfg(feature = "ssr")]
pub async fn send_link(
    tx: &mut sqlx::PgConnection,
    public_url: &str,
    account_id: crate::domain::ids::AccountId,
    email: &str,
    lang: crate::i18n::Lang,
) -> Result<(), AppError> {
    use crate::server::{
        db::tokens as stored,
        mail::{self, Mail},
        tokens,
    };
    let (token, hash) = tokens::new_token();
    let expires = chrono::Utc::now() + chrono::Duration::minutes(LINK_LIFETIME_MINUTES);
    stored::retire_all(tx, account_id, "password_reset").await?;
    stored::retire_all(tx, account_id, "invitation").await?;
    stored::insert(tx, &hash, account_id, "password_reset", expires).await?;
    let url = format!("{public_url}/password/reset?token={token}");
    mail::queue(tx, email, lang, Mail::PasswordReset { url: &url }).await?;
    Ok(())
}

/// Sets a new password with a reset link's token. Public, braked per address. The token works once;
/// every session of the account ends. An unknown, used or expired link is refused before the new
/// password is hashed, so a flood of made-up links costs no hashing.
#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, new_password: String) -> Result<(), AppError> {
    use crate::domain::password::NewPassword;
    use crate::error::FieldProblem;
    use crate::server::{
        db::{accounts, tokens as stored},
        guard::serve_public,
        password, throttle, tokens,
    };
    let link_expired = || {
        tracing::warn!("unknown, used or expired reset link");
        AppError::invalid("form", FieldProblem::LinkExpired)
    };
    serve_public(|ctx| async move {
        throttle::before_reset_link(&ctx.db, &throttle::client_address().await).await?;
        let new_password = NewPassword::parse(&new_password).map_err(|p| AppError::invalid("new_password", p))?;
        let token_hash = tokens::hash(&token);
        if !stored::usable_password_link(&ctx.db, &token_hash).await? {
            return Err(link_expired());
        }
        // Hashed before the transaction, so that no connection is held while a worker hashes.
        let hash = password::hash(new_password).await?;
        let mut tx = ctx.db.begin().await?;
        // An invitation link (imported members) sets the first password the same way.
        let account_id = match stored::take(&mut tx, &token_hash, "password_reset").await? {
            Some(account_id) => Some(account_id),
            None => stored::take(&mut tx, &token_hash, "invitation").await?,
        };
        // Used by a parallel request in the meantime.
        let Some(account_id) = account_id else { return Err(link_expired()) };
        accounts::reset_password(&mut tx, account_id, &hash).await?;
        // Every other link of the account stops working once a password is chosen.
        stored::retire_all(&mut tx, account_id, "password_reset").await?;
        stored::retire_all(&mut tx, account_id, "invitation").await?;
        tx.commit().await?;
        tracing::info!(account_id = account_id.0, "password reset with a link");
        leptos_axum::redirect("/login?reset=1");
        Ok(())
    })
    .await
}
