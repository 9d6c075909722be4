//! Confirming an email address with the link mailed to it (after joining, or for a new address).

use crate::error::AppError;
use leptos::prelude::*;

/// Uses a confirmation link. Public (the link is the proof). The joined address becomes
/// confirmed; a new address becomes the login (and contact) email, if nobody else has it by now.
/// A link works once; the page that links land on only shows a button, so a mail scanner that
/// follows links uses nothing.
#[server(endpoint = "confirm_email")]
pub async fn confirm_email(token: String) -> Result<(), AppError> {
    use crate::error::FieldProblem;
    use crate::server::{
        db::{accounts, audit, members, tokens as stored},
        guard::serve_public,
        tokens,
    };
    serve_public(|ctx| async move {
        let expired = || AppError::invalid("form", FieldProblem::LinkExpired);
        let mut tx = ctx.db.begin().await?;
        let Some((account_id, email)) = stored::take_email_confirmation(&mut tx, &tokens::hash(&token)).await? else {
            tracing::warn!("unknown, used or expired email confirmation link");
            return Err(expired());
        };
        if !accounts::set_email(&mut tx, account_id, &email).await? {
            tracing::info!(account_id = account_id.0, "email confirmation for an address someone else has by now");
            return Err(expired());
        }
        if let Some(member_id) = members::id_of_account(&mut tx, account_id).await? {
            members::set_email(&mut tx, member_id, &email).await?;
        }
        stored::retire_all(&mut tx, account_id, "email_confirmation").await?;
        audit::record(&mut tx, account_id, "account.confirm_email", "account", account_id, serde_json::json!({}))
            .await?;
        tx.commit().await?;
        tracing::info!(account_id = account_id.0, "email address confirmed");
        leptos_axum::redirect("/email/confirm?done=1");
        Ok(())
    })
    .await
}
