//! The secretariat's staff: logins for people, each with roles for a term. Only for staff whose
//! roles allow `Duty::Staff` (admins). Every change is audited under the person who made it.

use crate::domain::ids::AccountId;
use crate::domain::staff::StaffRole;
use crate::error::AppError;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;

/// One grant of a role on the staff page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleGrant {
    pub id: i64,
    pub role: StaffRole,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub in_force: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffPerson {
    pub account_id: AccountId,
    pub name: String,
    pub email: String,
    pub disabled: bool,
    /// Invited by mail, no password chosen yet.
    pub invited: bool,
    /// Still on the first-time password handed over.
    pub must_change_password: bool,
    pub grants: Vec<RoleGrant>,
    /// The caller themself (no "disable" button for one's own login).
    pub is_you: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffPage {
    pub people: Vec<StaffPerson>,
    /// A first-time password just made, shown once: (email, password).
    pub new_password: Option<(String, String)>,
}

/// Where a first-time password waits in the admin's session until the staff page shows it once.
#[cfg(feature = "ssr")]
const PASSWORD_FLASH: &str = "staff_first_time_password";

/// The staff and their roles, current and ended. Admins only.
#[server(endpoint = "staff", input = GetUrl)]
pub async fn load_staff() -> Result<StaffPage, AppError> {
    use crate::server::{
        db::staff,
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Staff), |ctx| async move {
        let (rows, grants) = tokio::try_join!(staff::people(&ctx.db), staff::grants(&ctx.db))?;
        let new_password = ctx.session.remove::<(String, String)>(PASSWORD_FLASH).await.unwrap_or_else(|error| {
            tracing::warn!(%error, "unreadable first-time password in the session");
            None
        });
        let people = rows
            .into_iter()
            .map(|row| StaffPerson {
                grants: grants
                    .iter()
                    .filter(|g| g.account_id == row.id)
                    .map(|g| RoleGrant {
                        id: g.id,
                        role: g.role,
                        valid_from: g.valid_from,
                        valid_until: g.valid_until,
                        in_force: g.in_force,
                    })
                    .collect(),
                is_you: row.id == ctx.caller.account_id,
                account_id: row.id,
                name: row.name,
                email: row.email,
                disabled: row.disabled_at.is_some(),
                invited: row.invited,
                must_change_password: row.must_change_password,
            })
            .collect();
        Ok(StaffPage { people, new_password })
    })
    .await
}

/// The end of a term as typed: empty for none, else a plausible date not before today.
#[cfg(feature = "ssr")]
pub(crate) fn term_end(input: &str) -> Result<Option<NaiveDate>, crate::error::FieldProblem> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    let date = crate::domain::dues::parse_date(input)?;
    if date < crate::domain::dates::today_in_japan() {
        return Err(crate::error::FieldProblem::DateInPast);
    }
    Ok(Some(date))
}

/// Gives a person a staff login with a role: by a mailed invitation (`how` = "mail": a link to
/// choose a password, two weeks) or a first-time password to hand over (`how` = "password": shown
/// once on the staff page, to be changed at the first login). When the email already has a login
/// (a member who takes on a role), the role goes to that login and nothing is sent. Admins only.
#[server(endpoint = "invite_staff")]
pub async fn invite_staff(
    name: String,
    email: String,
    role: String,
    #[server(default)] valid_until: String,
    #[server(default)] how: String,
) -> Result<(), AppError> {
    use crate::domain::{email::Email, text};
    use crate::error::{FieldErrors, FieldProblem};
    use crate::server::{
        db::{audit, imports::NO_PASSWORD_YET, staff, tokens as stored},
        guard::{serve, Access, Duty},
        mail::{self, Mail},
        password, tokens,
    };
    serve(Access::Staff(Duty::Staff), |ctx| async move {
        let mut e = FieldErrors::default();
        let name = text::required(&name, 100).map_err(|p| e.add("name", p)).ok();
        let email = Email::parse(&email).map_err(|p| e.add("email", p)).ok();
        let role = StaffRole::parse(&role).ok_or(FieldProblem::ChooseOne).map_err(|p| e.add("role", p)).ok();
        let until = term_end(&valid_until).map_err(|p| e.add("valid_until", p)).ok();
        let by_password = match how.as_str() {
            "password" => Some(true),
            "mail" => Some(false),
            _ => {
                e.add("how", FieldProblem::ChooseOne);
                None
            }
        };
        e.into_result()?;
        let (Some(name), Some(email), Some(role), Some(until), Some(by_password)) =
            (name, email, role, until, by_password)
        else {
            return Err(AppError::Internal);
        };
        let secret = by_password.then(password::one_time_password);
        let hash = match &secret {
            Some(secret) => {
                let new = crate::domain::password::NewPassword::parse(secret).map_err(|_| AppError::Internal)?;
                password::hash(new).await.map_err(|_| AppError::Internal)?
            }
            None => NO_PASSWORD_YET.to_string(),
        };
        let mut tx = ctx.db.begin().await?;
        let created = staff::insert_account(&mut tx, &name, email.as_str(), &hash, by_password).await?;
        let account = match created {
            Some(account) => account,
            None => {
                let (account, known_as, confirmed) =
                    staff::account_by_email(&mut tx, email.as_str()).await?.ok_or(AppError::Internal)?;
                // Someone may have applied with this address without owning it: no role until
                // its owner has confirmed it.
                if !confirmed {
                    return Err(AppError::invalid("email", FieldProblem::NotAllowed));
                }
                if known_as.is_empty() {
                    staff::set_name(&mut tx, account, &name).await?;
                }
                account
            }
        };
        let grant = staff::grant(&mut tx, account, role, until, ctx.caller.account_id).await?;
        if created.is_some() && !by_password {
            let (token, token_hash) = tokens::new_token();
            let expires = chrono::Utc::now() + chrono::Duration::days(14);
            stored::insert(&mut tx, &token_hash, account, "invitation", expires).await?;
            let url = format!("{}/password/reset?token={token}&welcome=1", crate::server::state::settings().public_url);
            let lang = crate::i18n::Lang::Ja;
            mail::queue(
                &mut tx,
                email.as_str(),
                lang,
                Mail::StaffInvitation { name: &name, role: lang.staff_role(role), url: &url },
            )
            .await?;
        }
        let how = match (created.is_some(), by_password) {
            (false, _) => "existing_login",
            (true, true) => "first_time_password",
            (true, false) => "mail",
        };
        audit::record(
            &mut tx,
            ctx.caller.account_id,
            "staff.invite",
            "account",
            account.0,
            serde_json::json!({ "role": role.code(), "valid_until": until, "how": how, "grant_id": grant }),
        )
        .await?;
        tx.commit().await?;
        if let (Some(secret), Some(_)) = (secret, created) {
            // Shown once by the staff page (with or without JavaScript), never put in an address.
            if let Err(error) = ctx.session.insert(PASSWORD_FLASH, (email.as_str().to_string(), secret)).await {
                tracing::error!(%error, "could not keep the first-time password for the staff page");
                return Err(AppError::Unavailable);
            }
        }
        leptos_axum::redirect(&format!("/admin/staff?done={how}"));
        Ok(())
    })
    .await
}

/// Gives a staff login another role, for a term or without end. Admins only.
#[server(endpoint = "grant_staff_role")]
pub async fn grant_staff_role(
    account: AccountId,
    role: String,
    #[server(default)] valid_until: String,
) -> Result<(), AppError> {
    use crate::error::{FieldErrors, FieldProblem};
    use crate::server::{
        db::{audit, staff},
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Staff), |ctx| async move {
        let mut e = FieldErrors::default();
        let role = StaffRole::parse(&role).ok_or(FieldProblem::ChooseOne).map_err(|p| e.add("role", p)).ok();
        let until = term_end(&valid_until).map_err(|p| e.add("valid_until", p)).ok();
        e.into_result()?;
        let (Some(role), Some(until)) = (role, until) else { return Err(AppError::Internal) };
        let mut tx = ctx.db.begin().await?;
        if !staff::is_staff(&mut tx, account).await? {
            return Err(AppError::NotFound);
        }
        let grant = staff::grant(&mut tx, account, role, until, ctx.caller.account_id).await?;
        audit::record(
            &mut tx,
            ctx.caller.account_id,
            "staff.role_granted",
            "account",
            account.0,
            serde_json::json!({ "role": role.code(), "valid_until": until, "grant_id": grant }),
        )
        .await?;
        tx.commit().await?;
        leptos_axum::redirect("/admin/staff?done=granted");
        Ok(())
    })
    .await
}

/// Ends a grant now. Refused when it would leave no enabled admin in force. Admins only.
#[server(endpoint = "revoke_staff_role")]
pub async fn revoke_staff_role(grant: i64) -> Result<(), AppError> {
    use crate::error::FieldProblem;
    use crate::server::{
        db::{audit, staff},
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Staff), |ctx| async move {
        let mut tx = ctx.db.begin().await?;
        let (account, role) = staff::revoke(&mut tx, grant, ctx.caller.account_id).await?.ok_or(AppError::NotFound)?;
        if role == StaffRole::Admin && staff::admins_in_force(&mut tx).await? == 0 {
            return Err(AppError::invalid("form", FieldProblem::LastAdmin));
        }
        audit::record(
            &mut tx,
            ctx.caller.account_id,
            "staff.role_revoked",
            "account",
            account.0,
            serde_json::json!({ "role": role.code(), "grant_id": grant }),
        )
        .await?;
        tx.commit().await?;
        leptos_axum::redirect("/admin/staff?done=revoked");
        Ok(())
    })
    .await
}

/// Disables a staff login (ending its sessions and links) or enables it again. Not one's own,
/// and never the last enabled admin. Admins only.
#[server(endpoint = "set_staff_disabled")]
pub async fn set_staff_disabled(account: AccountId, disabled: bool) -> Result<(), AppError> {
    use crate::error::FieldProblem;
    use crate::server::{
        db::{accounts, audit, staff},
        guard::{serve, Access, Duty},
    };
    serve(Access::Staff(Duty::Staff), |ctx| async move {
        if account == ctx.caller.account_id {
            return Err(AppError::invalid("form", FieldProblem::NotYourself));
        }
        let mut tx = ctx.db.begin().await?;
        if !staff::is_staff(&mut tx, account).await? {
            return Err(AppError::NotFound);
        }
        staff::lock_admin_grants(&mut tx).await?;
        accounts::set_disabled(&mut tx, account, disabled).await?;
        if disabled && staff::admins_in_force(&mut tx).await? == 0 {
            return Err(AppError::invalid("form", FieldProblem::LastAdmin));
        }
        let action = if disabled { "account.disable" } else { "account.enable" };
        audit::record(&mut tx, ctx.caller.account_id, action, "account", account.0, serde_json::json!({})).await?;
        tx.commit().await?;
        leptos_axum::redirect(&format!("/admin/staff?done={}", if disabled { "disabled" } else { "enabled" }));
        Ok(())
    })
    .await
}
