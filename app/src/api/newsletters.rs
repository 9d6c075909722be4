//! Announcements and newsletters: the staff's list and one message's page (write, preview, send,
//! pause, resume), for organisers: the secretariat (`Duty::Newsletters`) writes to anyone, a chair
//! to their committee's members and their events' people (`server::newsletters::owner_for`). A
//! message of another committee answers 404. Every step is audited.

use crate::domain::ids::NewsletterId;
use crate::domain::newsletter::{NewsletterForm, NewsletterPage, NewslettersPage};
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
const DRAFT: &str = "draft:newsletter";

/// Back to a message's page (a new address each time, `v`, so the page reads it again).
#[cfg(feature = "ssr")]
fn back_to(id: NewsletterId, what: &str) {
    let v = chrono::Utc::now().timestamp_millis();
    leptos_axum::redirect(&format!("/chair/newsletters/{id}?{what}&v={v}"));
}

/// The committees whose messages the caller handles: none (`None`) for the secretariat, who
/// handles all.
#[cfg(feature = "ssr")]
fn scope(caller: &crate::server::session::Caller) -> Option<Vec<crate::domain::ids::CommitteeId>> {
    use crate::server::guard::{may, Duty};
    (!may(caller, Duty::Newsletters)).then(|| caller.chair_of.clone())
}

/// The caller's messages, newest first, with the form for a new one.
#[server(endpoint = "newsletters", input = GetUrl)]
pub async fn load_newsletters() -> Result<NewslettersPage, AppError> {
    use crate::server::db::newsletters;
    use crate::server::guard::{serve, Access};
    use crate::server::{form_draft, newsletters as sending};
    serve(Access::Organiser, |ctx| async move {
        let scope = scope(&ctx.caller);
        let rows = newsletters::list(&ctx.db, scope.as_deref()).await?;
        let options = sending::options(&ctx.db, scope.as_deref()).await?;
        let form = form_draft::take(&ctx.session, DRAFT)
            .await
            .unwrap_or_else(|| NewsletterForm { archive: "members".into(), ..NewsletterForm::default() });
        Ok(NewslettersPage { rows, options, form })
    })
    .await
}

/// Stores a new draft (`newsletter[…]` fields) and opens its page. 422 with field errors (the
/// typed form is kept); 403 for an audience the caller may not write to.
#[server(endpoint = "create_newsletter")]
pub async fn create_newsletter(#[server(default)] newsletter: NewsletterForm) -> Result<(), AppError> {
    use crate::server::db::{audit, newsletters};
    use crate::server::guard::{serve, Access};
    use crate::server::{form_draft, newsletters as sending};
    serve(Access::Organiser, |ctx| async move {
        let checked = match newsletter.check() {
            Ok(checked) => checked,
            Err(errors) => {
                form_draft::keep_for_plain_post(&ctx.session, DRAFT, &newsletter).await;
                return Err(AppError::Invalid(errors));
            }
        };
        let owner = sending::owner_for(&ctx.db, &ctx.caller, checked.audience).await?;
        let mut tx = ctx.db.begin().await?;
        let id = newsletters::insert(&mut tx, &checked, owner, ctx.caller.account_id).await?;
        let details = serde_json::json!({ "audience": checked.audience.value() });
        audit::record(&mut tx, ctx.caller.account_id, "newsletter.create", "newsletter", id.0, details).await?;
        tx.commit().await?;
        back_to(id, "created=1");
        Ok(())
    })
    .await
}

/// One message: its form while a draft, how each language's reader gets it, who it reaches, and
/// how far its sending has got.
#[server(endpoint = "newsletter", input = GetUrl)]
pub async fn load_newsletter(id: NewsletterId) -> Result<NewsletterPage, AppError> {
    use crate::domain::newsletter::Status;
    use crate::server::db::{association, newsletters};
    use crate::server::guard::{serve, Access};
    use crate::server::{form_draft, newsletters as sending};
    serve(Access::Organiser, |ctx| async move {
        let stored = newsletters::one(&ctx.db, id).await?.ok_or(AppError::NotFound)?;
        sending::may_handle(&ctx.caller, stored.committee_id)?;
        let l = &stored.letter;
        let form = form_draft::take(&ctx.session, &format!("{DRAFT}:{id}")).await.unwrap_or_else(|| NewsletterForm {
            audience: stored.audience.value(),
            subject_ja: l.subject_ja.clone(),
            body_ja: l.body_ja.clone(),
            subject_en: l.subject_en.clone(),
            body_en: l.body_en.clone(),
            archive: stored.archive.code().to_string(),
        });
        let profile = association::profile::load(&ctx.db).await?;
        let public_url = crate::server::state::settings().public_url;
        let is_service = stored.audience.is_service();
        let signatures = [profile.signature.ja.as_str(), profile.signature.en.as_str()];
        let previews = sending::previews(&stored.letter, is_service, &public_url, signatures);
        let reach = match stored.status {
            Status::Sent => Default::default(),
            _ => newsletters::audience::reach(&ctx.db, stored.audience).await?,
        };
        Ok(NewsletterPage {
            id,
            status: stored.status,
            form,
            options: sending::options(&ctx.db, scope(&ctx.caller).as_deref()).await?,
            previews,
            reach,
            progress: newsletters::progress(&ctx.db, id).await?,
            sent_at: stored.sent_at,
            is_service,
        })
    })
    .await
}

/// Changes a draft. 422 `status` once its sending has started; field errors as for a new one.
#[server(endpoint = "save_newsletter")]
pub async fn save_newsletter(id: NewsletterId, #[server(default)] newsletter: NewsletterForm) -> Result<(), AppError> {
    use crate::domain::newsletter::Status;
    use crate::error::FieldProblem;
    use crate::server::db::{audit, newsletters};
    use crate::server::guard::{serve, Access};
    use crate::server::{form_draft, newsletters as sending};
    serve(Access::Organiser, |ctx| async move {
        let stored = newsletters::one(&ctx.db, id).await?.ok_or(AppError::NotFound)?;
        sending::may_handle(&ctx.caller, stored.committee_id)?;
        let checked = match newsletter.check() {
            Ok(checked) => checked,
            Err(errors) => {
                form_draft::keep_for_plain_post(&ctx.session, &format!("{DRAFT}:{id}"), &newsletter).await;
                return Err(AppError::Invalid(errors));
            }
        };
        let owner = sending::owner_for(&ctx.db, &ctx.caller, checked.audience).await?;
        let mut tx = ctx.db.begin().await?;
        let locked = newsletters::lock(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        if locked.status != Status::Draft {
            return Err(AppError::invalid("status", FieldProblem::NotAllowed));
        }
        newsletters::update(&mut tx, id, &checked, owner).await?;
        let details = serde_json::json!({ "audience": checked.audience.value() });
        audit::record(&mut tx, ctx.caller.account_id, "newsletter.save", "newsletter", id.0, details).await?;
        tx.commit().await?;
        back_to(id, "saved=1");
        Ok(())
    })
    .await
}

/// Starts the sending (or resumes a paused one): the background job queues it within seconds.
/// The audience is checked again, as of now. 422 `status` when sent already or being sent.
#[server(endpoint = "send_newsletter")]
pub async fn send_newsletter(id: NewsletterId) -> Result<(), AppError> {
    use crate::server::db::newsletters;
    use crate::server::guard::{serve, Access};
    use crate::server::newsletters as sending;
    serve(Access::Organiser, |ctx| async move {
        let stored = newsletters::one(&ctx.db, id).await?.ok_or(AppError::NotFound)?;
        sending::may_handle(&ctx.caller, stored.committee_id)?;
        sending::owner_for(&ctx.db, &ctx.caller, stored.audience).await?;
        sending::start(&ctx.db, id, ctx.caller.account_id).await?;
        back_to(id, "sending=1");
        Ok(())
    })
    .await
}

/// Pauses a sending: nothing more is queued, and what is queued is held. 422 `status` unless it
/// is being sent.
#[server(endpoint = "pause_newsletter")]
pub async fn pause_newsletter(id: NewsletterId) -> Result<(), AppError> {
    use crate::server::db::newsletters;
    use crate::server::guard::{serve, Access};
    use crate::server::newsletters as sending;
    serve(Access::Organiser, |ctx| async move {
        let stored = newsletters::one(&ctx.db, id).await?.ok_or(AppError::NotFound)?;
        sending::may_handle(&ctx.caller, stored.committee_id)?;
        sending::pause(&ctx.db, id, ctx.caller.account_id).await?;
        back_to(id, "paused=1");
        Ok(())
    })
    .await
}

/// Deletes a draft. 422 `status` once its sending has started.
#[server(endpoint = "delete_newsletter")]
pub async fn delete_newsletter(id: NewsletterId) -> Result<(), AppError> {
    use crate::error::FieldProblem;
    use crate::server::db::{audit, newsletters};
    use crate::server::guard::{serve, Access};
    use crate::server::newsletters as sending;
    serve(Access::Organiser, |ctx| async move {
        let stored = newsletters::one(&ctx.db, id).await?.ok_or(AppError::NotFound)?;
        sending::may_handle(&ctx.caller, stored.committee_id)?;
        let mut tx = ctx.db.begin().await?;
        if !newsletters::delete_draft(&mut tx, id).await? {
            return Err(AppError::invalid("status", FieldProblem::NotAllowed));
        }
        let details = serde_json::json!({ "audience": stored.audience.value() });
        audit::record(&mut tx, ctx.caller.account_id, "newsletter.delete", "newsletter", id.0, details).await?;
        tx.commit().await?;
        leptos_axum::redirect("/chair/newsletters?deleted=1");
        Ok(())
    })
    .await
}
