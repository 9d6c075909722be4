//! The places of an event (the sign-up service; its queries are `db::signups`). Every change (a sign-up, a cancellation, a bigger or smaller event)
//! happens in one transaction that first locks the event row (through `event_lock`, which queues
//! requests in the process before they take a connection), so the count can never go past the
//! capacity (the CHECK on `events.taken` is the backstop). New sign-ups join the end of the waiting list; `promote` then confirms, in order,
//! every waiting sign-up that fits, skipping those that no longer do.

use crate::domain::event::{Capacity, Entry, EventStatus};
use crate::domain::ids::{AccountId, EventId, MemberId, SignupId};
use crate::domain::signup::{ConsentMethod, Person, SignupStatus};
use crate::error::{AppError, FieldProblem};
use crate::i18n::Lang;
use crate::server::db::events::{self, Locked};
use crate::server::db::signups::{self, SignupRow};
use crate::server::event_lock::{self, EventQueues};
use crate::server::mail::Mail;
use sqlx::{PgConnection, PgPool};

/// Who a sign-up is for.
#[derive(Debug, Clone, Copy)]
pub struct Holder {
    pub account_id: Option<AccountId>,
    pub member_id: Option<MemberId>,
}

/// Confirms waiting sign-ups in order while they fit; returns the ones confirmed.
pub async fn promote(tx: &mut PgConnection, event: &Locked) -> Result<Vec<SignupRow>, sqlx::Error> {
    let mut taken = event.taken;
    let mut promoted = Vec::new();
    if !matches!(event.status(), EventStatus::Published | EventStatus::Closed) {
        return Ok(promoted);
    }
    for waiting in signups::waiting(tx, event.id).await? {
        if taken + waiting.places <= event.capacity {
            signups::confirm(tx, waiting.id).await?;
            taken += waiting.places;
            promoted.push(waiting);
        }
        if taken >= event.capacity {
            break;
        }
    }
    if taken != event.taken {
        events::set_taken(tx, event.id, taken).await?;
    }
    Ok(promoted)
}

async fn tell(
    tx: &mut PgConnection,
    signup: &SignupRow,
    mail: impl Fn(Lang) -> (String, String),
) -> Result<(), sqlx::Error> {
    if let Some((email, lang)) = signups::contact(tx, signup).await? {
        let (subject, body) = mail(lang);
        crate::server::mail::queue_composed(tx, None, &email, lang, &subject, &body).await?;
    }
    Ok(())
}

/// Sets the event's capacity (refusing fewer places than are already confirmed), then confirms
/// waiting sign-ups that now fit and tells them. The snapshot `event` follows the row.
pub async fn resize(tx: &mut PgConnection, event: &mut Locked, capacity: Capacity) -> Result<(), AppError> {
    let capacity = capacity.get();
    if capacity < event.taken {
        return Err(AppError::invalid("capacity", FieldProblem::BelowTaken { taken: event.taken as usize }));
    }
    event.capacity = capacity;
    let promoted = promote(tx, event).await?;
    tell_promoted(tx, event, &promoted).await?;
    Ok(())
}

/// Moves the event to `next` (its row and the snapshot `event`); publishing confirms waiting
/// sign-ups that fit (an event reopened after drafts or closing) and tells them.
pub async fn set_status(
    tx: &mut PgConnection,
    event: &mut Locked,
    next: EventStatus,
    reason: &str,
) -> Result<(), AppError> {
    events::set_status(tx, event.id, next, reason).await?;
    event.status = next;
    if next == EventStatus::Published {
        let promoted = promote(tx, event).await?;
        tell_promoted(tx, event, &promoted).await?;
    }
    Ok(())
}

/// Tells the holders of `promoted` that they now have places.
pub async fn tell_promoted(tx: &mut PgConnection, event: &Locked, promoted: &[SignupRow]) -> Result<(), sqlx::Error> {
    let title = event.title();
    for signup in promoted {
        tell(tx, signup, |lang| Mail::Promoted { title: &title.get(lang), starts_at: event.starts_at }.compose(lang))
            .await?;
    }
    Ok(())
}

/// Signs `holder` up with `people`; the answer is confirmed or waiting. `entered_by` is the chair
/// entering it on a member's behalf (who may do so while sign-ups are closed).
pub async fn sign_up(
    db: &PgPool,
    queues: &EventQueues,
    event_id: EventId,
    holder: Holder,
    people: &[Person],
    entered_by: Option<AccountId>,
    consent: ConsentMethod,
) -> Result<(SignupId, SignupStatus), AppError> {
    let mut locked = event_lock::lock(db, queues, event_id).await?;
    let (tx, event): (&mut PgConnection, &Locked) = (&mut locked.tx, &locked.event);
    let entry = if entered_by.is_some() { Entry::ByChair } else { Entry::Own };
    if !event.window().open_for(entry, chrono::Utc::now()) {
        return Err(AppError::invalid("form", FieldProblem::SignupClosed));
    }
    if signups::live_for(tx, event_id, holder.account_id, holder.member_id).await?.is_some() {
        return Err(AppError::invalid("form", FieldProblem::Duplicate));
    }
    let id = signups::insert(tx, event_id, holder.account_id, holder.member_id, people, entered_by, consent).await?;
    let promoted = promote(tx, event).await?;
    let status = if promoted.iter().any(|s| s.id == id) { SignupStatus::Confirmed } else { SignupStatus::Waiting };
    // Promoting after a new sign-up only ever confirms the new one: earlier waiting sign-ups did
    // not fit before and the free places have not grown.
    let mine = SignupRow {
        id,
        event_id,
        account_id: holder.account_id,
        member_id: holder.member_id,
        status,
        places: people.len() as i32,
    };
    let title = event.title();
    tell(tx, &mine, |lang| {
        let title = title.get(lang);
        match status {
            SignupStatus::Confirmed => {
                Mail::SignupConfirmed { title: &title, starts_at: event.starts_at }.compose(lang)
            }
            _ => Mail::SignupWaiting { title: &title }.compose(lang),
        }
    })
    .await?;
    if let Some(chair) = entered_by {
        let details = serde_json::json!({ "event_id": event_id, "consent": consent.code(), "status": status.code() });
        crate::server::db::audit::record(tx, chair, "signup.enter_for_member", "signup", id, details).await?;
    }
    locked.commit().await?;
    Ok((id, status))
}

/// Who cancels a sign-up, which decides who is told and what is audited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Canceller {
    /// The holder, on their own sign-up: they get a confirmation mail.
    Holder,
    /// An organiser (a phone call, say): the holder is told, the audit log records it.
    Chair,
    /// A member who withdraws: their sign-ups end with the membership, and no mail invites them
    /// to sign up again with a login that has just ended.
    Withdrawal,
}

/// Cancels a sign-up (the account `by`, as `who`), frees its places and promotes from the waiting
/// list in the same transaction. `check` may refuse after the rows are locked.
pub async fn cancel(
    db: &PgPool,
    queues: &EventQueues,
    signup_id: SignupId,
    by: AccountId,
    who: Canceller,
    check: impl FnOnce(&Locked, &SignupRow) -> Result<(), AppError>,
) -> Result<(), AppError> {
    let event_id = signups::find(db, signup_id).await?.ok_or(AppError::NotFound)?.event_id;
    // The event first, then the sign-up: every writer takes the locks in this order.
    let mut locked = event_lock::lock(db, queues, event_id).await?;
    let (tx, event): (&mut PgConnection, &mut Locked) = (&mut locked.tx, &mut locked.event);
    let signup = signups::lock(tx, signup_id).await?.ok_or(AppError::NotFound)?;
    check(event, &signup)?;
    if signup.status() == SignupStatus::Cancelled {
        return Err(AppError::invalid("form", FieldProblem::NotAllowed));
    }
    signups::cancel(tx, signup_id, by).await?;
    if who != Canceller::Withdrawal {
        let (title, starts_at, by_chair) = (event.title(), event.starts_at, who == Canceller::Chair);
        tell(tx, &signup, |lang| Mail::SignupCancelled { title: &title.get(lang), starts_at, by_chair }.compose(lang))
            .await?;
    }
    if signup.status() == SignupStatus::Confirmed {
        event.taken -= signup.places;
        events::set_taken(tx, event.id, event.taken).await?;
    }
    let promoted = promote(tx, event).await?;
    tell_promoted(tx, event, &promoted).await?;
    if who == Canceller::Chair {
        let details = serde_json::json!({ "event_id": event.id, "promoted": promoted.len() });
        crate::server::db::audit::record(tx, by, "signup.cancel", "signup", signup_id, details).await?;
    }
    locked.commit().await?;
    Ok(())
}

/// Tells every live sign-up of an event (a cancellation, or a change of date, venue or fee).
pub async fn tell_everyone(
    tx: &mut PgConnection,
    event_id: EventId,
    mail: impl Fn(Lang) -> (String, String),
) -> Result<usize, sqlx::Error> {
    let live = signups::live_of_event(tx, event_id).await?;
    for signup in &live {
        tell(tx, signup, &mail).await?;
    }
    Ok(live.len())
}
