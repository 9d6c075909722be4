//! A member's newsletter subscription on "my page" (consent given or withdrawn there, with the
//! time and the source kept), the office's record of one given on paper, and the unsubscribe
//! link's page, which works without logging in.

use crate::domain::ids::MemberId;
use crate::domain::newsletter::Subscription;
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::GetUrl;

/// The logged-in account's subscription; none for an account without a membership (staff).
#[server(endpoint = "subscription", input = GetUrl)]
pub async fn load_subscription() -> Result<Option<Subscription>, AppError> {
    use crate::server::db::newsletters::consents;
    use crate::server::guard::{serve, Access};
    serve(Access::SignedIn, |ctx| async move {
        match ctx.caller.member_id {
            Some(member) => Ok(Some(consents::of_member(&ctx.db, member).await?)),
            None => Ok(None),
        }
    })
    .await
}

/// The member says yes (`subscribe` true) or no to newsletters by email.
#[server(endpoint = "set_subscription")]
pub async fn set_subscription(#[server(default)] subscribe: bool) -> Result<(), AppError> {
    use crate::server::guard::{serve, Access};
    serve(Access::Member, |ctx| async move {
        let member = ctx.caller.member_id.ok_or(AppError::Forbidden)?;
        use crate::server::db::newsletters::consents::Source;
        change(&ctx.db, member, subscribe, ctx.caller.account_id, Source::MyPage).await?;
        let v = chrono::Utc::now().timestamp_millis();
        leptos_axum::redirect(&format!("/account?subscription=1&v={v}#newsletters"));
        Ok(())
    })
    .await
}

/// The office records a member's yes or no (given on paper or by phone). Staff with `EditMembers`.
#[server(endpoint = "set_member_subscription")]
pub async fn set_member_subscription(member_id: MemberId, #[server(default)] subscribe: bool) -> Result<(), AppError> {
    use crate::server::guard::{serve, Access, Duty};
    serve(Access::Staff(Duty::EditMembers), |ctx| async move {
        use crate::server::db::newsletters::consents::Source;
        change(&ctx.db, member_id, subscribe, ctx.caller.account_id, Source::Office).await?;
        let v = chrono::Utc::now().timestamp_millis();
        leptos_axum::redirect(&format!("/admin/members/{member_id}?done=newsletters&v={v}#newsletters"));
        Ok(())
    })
    .await
}

/// Records the yes or no, in one transaction with its audit entry. 404 for an erased member.
#[cfg(feature = "ssr")]
async fn change(
    db: &sqlx::PgPool,
    member: MemberId,
    subscribe: bool,
    by: crate::domain::ids::AccountId,
    source: crate::server::db::newsletters::consents::Source,
) -> Result<(), AppError> {
    use crate::server::db::{audit, members, newsletters::consents};
    let mut tx = db.begin().await?;
    if members::lock_erased(&mut tx, member).await? != Some(false) {
        return Err(AppError::NotFound);
    }
    if subscribe {
        consents::give(&mut tx, member, source).await?;
    } else {
        consents::withdraw(&mut tx, member, source).await?;
    }
    let details = serde_json::json!({ "subscribe": subscribe, "source": source.code() });
    audit::record(&mut tx, by, "newsletter.consent", "member", member.0, details).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether an unsubscribe link's token is one the association sent (its page says so before
/// the button). Anyone may ask; the answer names nobody.
#[server(endpoint = "unsubscribe_link", input = GetUrl)]
pub async fn check_unsubscribe_link(#[server(default)] token: String) -> Result<bool, AppError> {
    use crate::server::db::newsletters::consents;
    use crate::server::guard::serve_public;
    serve_public(|ctx| async move {
        Ok(!token.is_empty() && consents::by_token(&ctx.db, &crate::server::tokens::hash(&token)).await?.is_some())
    })
    .await
}
