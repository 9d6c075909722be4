//! What a chair does to an event (the service behind `api::chair`): create it, save changes,
//! move it on (publish, close, reopen, mark held) and cancel it. Each change is one transaction;
//! a change to an existing event holds the event lock (`event_lock`), audits, mails whoever it
//! concerns and lets the waiting list move up (`places`). Who may do it is the caller's business
//! (`guard::organise_event`); what the event allows is decided here.

use crate::domain::event::{keep_keys, EventDraft, EventStatus};
use crate::domain::ids::{AccountId, CommitteeId, EventId};
use crate::error::{AppError, FieldProblem};
use crate::server::db::{audit, events};
use crate::server::event_lock::{self, EventQueues};
use crate::server::mail::Mail;
use crate::server::places;
use sqlx::{PgConnection, PgPool};

/// Creates a draft event of `committee_id`; its id.
pub async fn create(
    db: &PgPool,
    actor: AccountId,
    draft: &EventDraft,
    committee_id: CommitteeId,
    city_id: Option<i64>,
) -> Result<EventId, AppError> {
    let mut tx = db.begin().await?;
    let id = events::insert(&mut tx, draft, committee_id, city_id, actor).await?;
    audit::record(&mut tx, actor, "event.create", "event", id, serde_json::json!({})).await?;
    tx.commit().await?;
    Ok(id)
}

/// Saves an event that is not over (cancelled or held). A change of date, venue or fee of a
/// published event is mailed to everyone signed up; more places confirm waiting sign-ups in
/// order; fewer places than already confirmed are refused.
pub async fn save(
    db: &PgPool,
    queues: &EventQueues,
    actor: AccountId,
    id: EventId,
    draft: &EventDraft,
    city_id: Option<i64>,
) -> Result<(), AppError> {
    let mut held = event_lock::lock(db, queues, id).await?;
    let (tx, locked): (&mut PgConnection, _) = (&mut held.tx, &mut held.event);
    if matches!(locked.status(), EventStatus::Cancelled | EventStatus::Held) {
        return Err(AppError::invalid("form", FieldProblem::NotAllowed));
    }
    let mut draft = draft.clone();
    let (stored, highest_used) = events::question_keys(tx, id).await?;
    keep_keys(&stored, highest_used, &mut draft.questions);
    let draft = &draft;
    let changed = locked.starts_at != draft.starts_at || locked.venue != draft.venue || locked.fee_yen != draft.fee_yen;
    events::update(tx, id, draft, city_id).await?;
    audit::record(tx, actor, "event.update", "event", id, serde_json::json!({ "notified": changed })).await?;
    if changed && locked.status() != EventStatus::Draft {
        places::tell_everyone(tx, id, |lang| {
            Mail::EventChanged {
                title: &draft.title.get(lang),
                starts_at: draft.starts_at,
                venue: &draft.venue,
                fee_yen: draft.fee_yen,
            }
            .compose(lang)
        })
        .await?;
    }
    // Refuses fewer places than confirmed (the whole change rolls back).
    places::resize(tx, locked, draft.capacity).await?;
    held.commit().await
}

/// Moves an event on (publish, close sign-ups, reopen them, mark held), as far as its status
/// allows; held only once it has started.
pub async fn move_on(
    db: &PgPool,
    queues: &EventQueues,
    actor: AccountId,
    id: EventId,
    next: EventStatus,
) -> Result<(), AppError> {
    let mut held = event_lock::lock(db, queues, id).await?;
    let (tx, locked): (&mut PgConnection, _) = (&mut held.tx, &mut held.event);
    if !locked.status().may_become(next) || (next == EventStatus::Held && chrono::Utc::now() < locked.starts_at) {
        return Err(AppError::invalid("form", FieldProblem::NotAllowed));
    }
    places::set_status(tx, locked, next, "").await?;
    audit::record(tx, actor, "event.status", "event", id, serde_json::json!({ "status": next.code() })).await?;
    held.commit().await
}

/// Cancels an event that is not over, with a reason that everyone signed up is mailed.
pub async fn cancel(
    db: &PgPool,
    queues: &EventQueues,
    actor: AccountId,
    id: EventId,
    reason: &str,
) -> Result<(), AppError> {
    let mut held = event_lock::lock(db, queues, id).await?;
    let (tx, locked): (&mut PgConnection, _) = (&mut held.tx, &mut held.event);
    if matches!(locked.status(), EventStatus::Cancelled | EventStatus::Held) {
        return Err(AppError::invalid("form", FieldProblem::NotAllowed));
    }
    places::set_status(tx, locked, EventStatus::Cancelled, reason).await?;
    let title = locked.title();
    let told =
        places::tell_everyone(tx, id, |lang| Mail::EventCancelled { title: &title.get(lang), reason }.compose(lang))
            .await?;
    audit::record(tx, actor, "event.cancel", "event", id, serde_json::json!({ "told": told })).await?;
    held.commit().await
}
