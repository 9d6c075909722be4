use crate::domain::account::AccountSummary;
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::GetUrl;

/// Logs in with email and password. Public. The same answer for an unknown email and a wrong
/// password; on success a new session id, then a redirect to `/account`.
#[server(endpoint = "log_in")]
pub async fn log_in(email: String, password: String) -> Result<(), AppError> {
    use crate::error::{FieldErrors, FieldProblem};
    use crate::server::{db, devices, guard::serve_public, password as passwords, session, throttle};
    serve_public(|ctx| async move {
        let mut missing = FieldErrors::default();
        if email.trim().is_empty() {
            missing.add("email", FieldProblem::Required);
        }
        if password.is_empty() {
            missing.add("password", FieldProblem::Required);
        }
        missing.into_result()?;

        let email = email.trim().to_lowercase();
        let address = throttle::client_address().await;
        // A browser that logged in to this account before is braked on its own (never locked out).
        let device = devices::trusted_for(&ctx.db, &email).await?;
        throttle::before_login(&ctx.db, &email, &address, device.as_ref()).await?;
        let account = db::accounts::for_login(&ctx.db, &email).await?;
        let password_for_rehash = password.clone();
        let matches = match &account {
            Some(account) => passwords::verify(password, account.password_hash.clone()).await?,
            None => passwords::verify_unknown_account(password).await?,
        };
        match account {
            Some(account) if matches && account.disabled_at.is_none() => {
                throttle::after_success(&ctx.db, &email, &address, device.as_ref()).await?;
                devices::remember(&ctx.db, account.id, device.as_ref()).await?;
                if passwords::needs_rehash(&account.password_hash) {
                    let renewed = passwords::rehash(password_for_rehash).await?;
                    db::accounts::replace_hash(&ctx.db, account.id, &renewed).await?;
                    tracing::info!(account_id = account.id.0, "password hash renewed with current settings");
                }
                session::sign_in(&ctx.session, account.id, account.session_epoch).await?;
                tracing::info!(account_id = account.id.0, "login");
                leptos_axum::redirect("/account");
                Ok(())
            }
            account => {
                tracing::warn!(account_id = ?account.map(|a| a.id.0), %address, "failed login");
                let mut refused = FieldErrors::default();
                refused.add("form", FieldProblem::WrongCredentials);
                Err(AppError::Invalid(refused))
            }
        }
    })
    .await
}

/// Changes the caller's password. Logged-in accounts only. Needs the current password (wrong
/// guesses are braked like logins); the new one must pass the password rules. Ends the account's
/// other sessions and keeps this one under a new id.
#[server(endpoint = "change_password")]
pub async fn change_password(current_password: String, new_password: String) -> Result<(), AppError> {
    use crate::domain::password::NewPassword;
    use crate::error::{FieldErrors, FieldProblem};
    use crate::server::{
        db,
        guard::{serve, Access},
        password as passwords, session,
    };
    serve(Access::SignedIn, |ctx| async move {
        let caller = ctx.caller;
        let mut problems = FieldErrors::default();
        if current_password.is_empty() {
            problems.add("current_password", FieldProblem::Required);
        }
        let new_password =
            NewPassword::parse(&new_password).map_err(|problem| problems.add("new_password", problem)).ok();
        problems.into_result()?;
        let new_password = new_password.ok_or(AppError::Internal)?;

        passwords::confirm_current(&ctx.db, &caller, current_password, "current_password").await?;
        let hash = passwords::hash(new_password).await?;
        let epoch = db::accounts::set_password(&ctx.db, caller.account_id, &hash).await?;
        session::sign_in(&ctx.session, caller.account_id, epoch).await?;
        tracing::info!(account_id = caller.account_id.0, "password changed; other sessions ended");
        leptos_axum::redirect("/account?password=changed");
        Ok(())
    })
    .await
}

/// Ends the caller's session, here and in the store, then goes home. Public (a no-op when not
/// logged in).
#[server(endpoint = "log_out")]
pub async fn log_out() -> Result<(), AppError> {
    use crate::server::{guard::serve_public, session};
    serve_public(|ctx| async move {
        if let Some(caller) = &ctx.caller {
            tracing::info!(account_id = caller.account_id.0, "logout");
        }
        session::sign_out(&ctx.session).await?;
        leptos_axum::redirect("/");
        Ok(())
    })
    .await
}

/// The logged-in account, or none. Public: the menu uses it to offer "log in" or "my page".
#[server(endpoint = "current_account", input = GetUrl)]
pub async fn current_account() -> Result<Option<AccountSummary>, AppError> {
    use crate::server::guard::serve_public;
    serve_public(|ctx| async move { Ok(ctx.caller.map(summary)) }).await
}

/// The caller's own account. Logged-in accounts only (401 otherwise).
#[server(endpoint = "my_account", input = GetUrl)]
pub async fn my_account() -> Result<AccountSummary, AppError> {
    use crate::server::guard::{serve, Access};
    serve(Access::SignedIn, |ctx| async move { Ok(summary(ctx.caller)) }).await
}

#[cfg(feature = "ssr")]
fn summary(caller: crate::server::session::Caller) -> AccountSummary {
    AccountSummary { email: caller.email, roles: caller.roles, must_change_password: caller.must_change_password }
}
