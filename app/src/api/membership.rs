//! Joining and the member's own membership: the join form, "my membership", profile editing,
//! changing the login email, withdrawing.

use crate::domain::localized::Localized;
use crate::domain::member::{JoinForm, ProfileForm};
use crate::domain::membership::{CommitteeChoice, MembershipType, MyMembership};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;

/// Everything the join form needs to show: the choices, and what was typed before an error that
/// came back without JavaScript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinChoices {
    pub types: Vec<MembershipType>,
    pub committees: Vec<CommitteeChoice>,
    pub account: JoinForm,
    pub profile: ProfileForm,
    /// The privacy notice in force (its version is in `account`).
    pub privacy_notice: Localized,
}

#[cfg(feature = "ssr")]
const JOIN_DRAFT: &str = "draft:join";
#[cfg(feature = "ssr")]
const PROFILE_DRAFT: &str = "draft:profile";

/// The join form's choices (membership types on offer, committees) and, after an error without
/// JavaScript, what was typed. Public.
#[server(endpoint = "join_page", input = GetUrl)]
pub async fn load_join_page() -> Result<JoinChoices, AppError> {
    use crate::server::{
        db::{committees, membership_types},
        form_draft,
        guard::serve_public,
    };
    serve_public(|ctx| async move {
        let types = membership_types::list(&ctx.db).await?.into_iter().filter(|t| t.offered).collect();
        let committees = committees::choices(&ctx.db).await?;
        let draft: Option<(JoinForm, ProfileForm)> = form_draft::take(&ctx.session, JOIN_DRAFT).await;
        let (mut account, profile) = draft.unwrap_or_default();
        let association = ctx.reference.profile(&ctx.db).await?;
        account.privacy_notice_version = association.privacy_version;
        Ok(JoinChoices { types, committees, account, profile, privacy_notice: association.privacy_notice })
    })
    .await
}

/// Applies for membership. Public, braked per address. Creates the login account (pending) and
/// the application in one transaction and mails the applicant. An email that already has an
/// account gets the very same answer on screen; its owner is told by mail instead.
#[server(endpoint = "apply_for_membership")]
pub async fn apply_for_membership(
    #[server(default)] account: JoinForm,
    #[server(default)] profile: ProfileForm,
) -> Result<(), AppError> {
    use crate::server::{form_draft, guard::serve_public};
    serve_public(|ctx| async move {
        // The database away (503): keep what was typed where no database is needed.
        let draft = (account.without_password(), profile.clone());
        let result = apply(ctx, account, profile).await;
        if result == Err(AppError::Unavailable) {
            form_draft::keep_in_cookie_for_plain_post(JOIN_DRAFT, &draft);
        }
        result
    })
    .await
}

#[cfg(feature = "ssr")]
async fn apply(ctx: crate::server::guard::PublicCtx, account: JoinForm, profile: ProfileForm) -> Result<(), AppError> {
    use crate::domain::{email::Email, password::NewPassword};
    use crate::error::{FieldErrors, FieldProblem};
    use crate::i18n::request_lang;
    use crate::server::{
        db::{accounts, audit, members, membership_types},
        email_confirmation, form_draft,
        mail::{self, Mail},
        membership::{self as shared},
        password,
        state::settings,
        throttle,
    };
    {
        throttle::before_join(&ctx.db, &throttle::client_address().await).await?;
        let mut errors = FieldErrors::default();
        let privacy_version = ctx.reference.profile(&ctx.db).await?.privacy_version;
        let types = membership_types::list(&ctx.db).await?;
        let kind = types.into_iter().find(|t| t.offered && t.code == account.membership_type.trim());
        if kind.is_none() {
            errors.add(
                "membership_type",
                if account.membership_type.is_empty() { FieldProblem::Required } else { FieldProblem::NotAllowed },
            );
        }
        let email = Email::parse(&account.email).map_err(|p| errors.add("email", p)).ok();
        let new_password = NewPassword::parse(&account.password).map_err(|p| errors.add("password", p)).ok();
        let units =
            crate::domain::membership_class::parse_units(&account.units).map_err(|p| errors.add("units", p)).ok();
        if account.privacy_consent.is_none() {
            errors.add("privacy_consent", FieldProblem::ConsentRequired);
        } else if account.privacy_notice_version != privacy_version {
            // The notice changed while the form was open: show the new one and ask again.
            errors.add("privacy_consent", FieldProblem::ConsentRequired);
        }
        let checked = match &kind {
            Some(kind) => shared::validate_profile(&ctx.db, &profile, kind).await.map_err(Some),
            None => Err(None),
        };
        let (valid, kind, email, new_password, units) = match (checked, kind, email, new_password, units) {
            (Ok(valid), Some(kind), Some(email), Some(new_password), Some(units)) if errors.0.is_empty() => {
                (valid, kind, email, new_password, units)
            }
            (checked, ..) => {
                if let Err(Some(AppError::Invalid(more))) = checked {
                    errors.0.extend(more.0);
                } else if let Err(Some(other)) = checked {
                    return Err(other);
                }
                form_draft::keep_for_plain_post(&ctx.session, JOIN_DRAFT, &(account.without_password(), profile)).await;
                return Err(AppError::Invalid(errors));
            }
        };

        // Hashed whether or not the email is taken, so both answers take the same time.
        let hash = password::hash(new_password).await?;
        let lang = request_lang();
        let mut tx = ctx.db.begin().await?;
        match accounts::insert_member_account(&mut tx, email.as_str(), &hash, lang.code()).await? {
            Some(account_id) => {
                let member_id = members::insert_application(
                    &mut tx,
                    account_id,
                    kind.id,
                    email.as_str(),
                    &valid,
                    &privacy_version,
                    units,
                )
                .await?;
                members::replace_household(&mut tx, member_id, &valid.household).await?;
                members::replace_committees(&mut tx, member_id, &valid.committee_slugs).await?;
                audit::record(
                    &mut tx,
                    account_id,
                    "member.apply",
                    "member",
                    member_id,
                    serde_json::json!({ "type": kind.code }),
                )
                .await?;
                let confirm_url = email_confirmation::new_link(
                    &mut tx,
                    &settings().public_url,
                    account_id,
                    email.as_str(),
                    chrono::Duration::days(email_confirmation::JOIN_LINK_DAYS),
                )
                .await?;
                let received = Mail::ApplicationReceived { name: &valid.full_name, confirm_url: &confirm_url };
                mail::queue_for(&mut tx, Some(account_id), email.as_str(), lang, received).await?;
                tracing::info!(member_id = member_id.0, "membership application");
            }
            None => {
                let reset_url = format!("{}/password/forgot", settings().public_url);
                mail::queue(&mut tx, email.as_str(), lang, Mail::AlreadyRegistered { reset_url: &reset_url }).await?;
                tracing::info!("membership application for an email that already has an account");
            }
        }
        tx.commit().await?;
        leptos_axum::redirect("/join/received");
        Ok(())
    }
}

/// The caller's own membership, or none for an account that is not a member (the first admin).
/// Logged-in accounts only.
#[server(endpoint = "my_membership", input = GetUrl)]
pub async fn load_my_membership() -> Result<Option<MyMembership>, AppError> {
    use crate::server::{
        db::members,
        guard::{serve, Access},
        membership,
    };
    serve(Access::SignedIn, |ctx| async move {
        let caller = ctx.caller;
        match members::by_account(&ctx.db, caller.account_id).await? {
            Some(record) => {
                Ok(Some(membership::assemble(&ctx.db, &record, &ctx.reference.profile(&ctx.db).await?).await?))
            }
            None => Ok(None),
        }
    })
    .await
}

/// Records that the caller read and agreed to the privacy notice `version` (the one in force; a
/// notice changed meanwhile is refused, so that nobody agrees to a text they did not see). Members.
#[server(endpoint = "agree_to_privacy_notice")]
pub async fn agree_to_privacy_notice(#[server(default)] version: String) -> Result<(), AppError> {
    use crate::error::FieldProblem;
    use crate::server::{
        db::{audit, members},
        guard::{serve, Access},
    };
    serve(Access::Member, |ctx| async move {
        let in_force = ctx.reference.profile(&ctx.db).await?.privacy_version;
        if version != in_force {
            return Err(AppError::invalid("privacy_consent", FieldProblem::ConsentRequired));
        }
        let mut tx = ctx.db.begin().await?;
        let member = members::agree_to_privacy_notice(&mut tx, ctx.caller.account_id, &version)
            .await?
            .ok_or(AppError::Forbidden)?;
        let details = serde_json::json!({ "version": version });
        audit::record(&mut tx, ctx.caller.account_id, "member.privacy_consent", "member", member.0, details).await?;
        tx.commit().await?;
        leptos_axum::redirect("/account?saved=privacy");
        Ok(())
    })
    .await
}

/// The profile form, filled with the caller's details (or, after an error without JavaScript, with
/// what was typed). Members only.
#[server(endpoint = "profile_form", input = GetUrl)]
pub async fn load_profile_form() -> Result<(MyMembership, ProfileForm, Vec<CommitteeChoice>), AppError> {
    use crate::server::{
        db::{committees, members},
        form_draft,
        guard::{serve, Access},
        membership,
    };
    serve(Access::Member, |ctx| async move {
        let caller = ctx.caller;
        let record = members::by_account(&ctx.db, caller.account_id).await?.ok_or(AppError::Forbidden)?;
        let mine = membership::assemble(&ctx.db, &record, &ctx.reference.profile(&ctx.db).await?).await?;
        let form = match form_draft::take(&ctx.session, PROFILE_DRAFT).await {
            Some(draft) => draft,
            None => ProfileForm::from_profile(&mine.profile),
        };
        Ok((mine, form, committees::choices(&ctx.db).await?))
    })
    .await
}

/// Saves the caller's contact details, household, languages and committee interests. Members
/// only (pending or active).
#[server(endpoint = "update_profile")]
pub async fn update_profile(#[server(default)] profile: ProfileForm) -> Result<(), AppError> {
    use crate::domain::member::MemberStatus;
    use crate::server::{
        db::{members, membership_types},
        form_draft,
        guard::{serve, Access},
        membership,
    };
    serve(Access::Member, |ctx| async move {
        let caller = ctx.caller;
        let record = members::by_account(&ctx.db, caller.account_id).await?.ok_or(AppError::Forbidden)?;
        if !matches!(record.status(), MemberStatus::Pending | MemberStatus::Active) {
            return Err(AppError::Forbidden);
        }
        let kind = membership_types::by_id(&ctx.db, record.membership_type_id).await?;
        let valid = match membership::validate_profile(&ctx.db, &profile, &kind).await {
            Ok(valid) => valid,
            Err(error) => {
                form_draft::keep_for_plain_post(&ctx.session, PROFILE_DRAFT, &profile).await;
                return Err(error);
            }
        };
        let mut tx = ctx.db.begin().await?;
        members::update_profile(&mut tx, record.id, &valid).await?;
        members::replace_household(&mut tx, record.id, &valid.household).await?;
        members::replace_committees(&mut tx, record.id, &valid.committee_slugs).await?;
        tx.commit().await?;
        tracing::info!(member_id = record.id.0, "profile updated");
        leptos_axum::redirect("/account?saved=profile");
        Ok(())
    })
    .await
}

/// Asks to change the login (and contact) email. Logged-in accounts only; needs the current
/// password (braked like a login). Nothing changes until the link mailed to the new address is
/// used (`confirm_email`); the old address is told. The answer is the same whether or not the new
/// address is registered: when it is, its owner is told instead and no link is sent.
#[server(endpoint = "change_email")]
pub async fn change_email(password: String, new_email: String) -> Result<(), AppError> {
    use crate::domain::email::Email;
    use crate::error::{FieldErrors, FieldProblem};
    use crate::server::{
        db::accounts,
        email_confirmation,
        guard::{serve, Access},
        password as passwords,
        state::settings,
    };
    serve(Access::SignedIn, |ctx| async move {
        let caller = ctx.caller;
        let mut errors = FieldErrors::default();
        if password.is_empty() {
            errors.add("password", FieldProblem::Required);
        }
        let email = Email::parse(&new_email).map_err(|p| errors.add("new_email", p)).ok();
        errors.into_result()?;
        let email = email.ok_or(AppError::Internal)?;

        passwords::confirm_current(&ctx.db, &caller, password, "password").await?;
        let (old_email, lang) = accounts::email_and_lang(&ctx.db, caller.account_id).await?;
        if email.as_str() != old_email {
            let mut tx = ctx.db.begin().await?;
            let public_url = settings().public_url;
            email_confirmation::request_change(
                &mut tx,
                &public_url,
                caller.account_id,
                &old_email,
                email.as_str(),
                lang,
            )
            .await?;
            tx.commit().await?;
        }
        leptos_axum::redirect("/account?saved=email_sent");
        Ok(())
    })
    .await
}

/// Withdraws from the association (退会). Members only; needs the password. The membership
/// becomes "withdrawn" (its history stays for statistics), the login is disabled and every
/// session ends.
#[server(endpoint = "withdraw")]
pub async fn withdraw(password: String) -> Result<(), AppError> {
    use crate::error::FieldProblem;
    use crate::server::{
        db::{accounts, audit, members},
        guard::{serve, Access},
        password as passwords, session,
    };
    serve(Access::Member, |ctx| async move {
        let caller = ctx.caller;
        if password.is_empty() {
            return Err(AppError::invalid("password", FieldProblem::Required));
        }
        passwords::confirm_current(&ctx.db, &caller, password, "password").await?;
        let record = members::by_account(&ctx.db, caller.account_id).await?.ok_or(AppError::Forbidden)?;
        let mut tx = ctx.db.begin().await?;
        members::withdraw(&mut tx, record.id).await?;
        // A staff login stays open (an admin closes it, keeping an admin who can act); only the
        // membership ends.
        if !crate::server::db::staff::is_staff(&mut tx, caller.account_id).await? {
            accounts::set_disabled(&mut tx, caller.account_id, true).await?;
        }
        audit::record(&mut tx, caller.account_id, "member.withdraw", "member", record.id, serde_json::json!({}))
            .await?;
        tx.commit().await?;
        // Their places at coming events go to the waiting lists.
        for signup in crate::server::db::signups::upcoming_of_member(&ctx.db, record.id).await? {
            crate::server::places::cancel(
                &ctx.db,
                &ctx.event_queues,
                signup,
                caller.account_id,
                crate::server::places::Canceller::Withdrawal,
                |_, _| Ok(()),
            )
            .await?;
        }
        session::sign_out(&ctx.session).await?;
        tracing::info!(member_id = record.id.0, "member withdrew");
        leptos_axum::redirect("/?withdrawn=1");
        Ok(())
    })
    .await
}
