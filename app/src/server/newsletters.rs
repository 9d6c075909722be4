//! Sending announcements and newsletters. A send only marks the message `sending`; a background
//! job queues it in batches, each batch one transaction that records each recipient
//! (`newsletter_recipients`, whose keys keep anyone from having it twice) and queues their mail in
//! the outbox in their own language. A server stopped half-way keeps its committed batches and
//! goes on from there when it starts again. A pause stops the queuing and holds the mail already
//! queued (the outbox skips it); the outbox's sender paces the delivery to the relay.
//!
//! Who may write to whom is here too: a chair to their committee's members and their events'
//! people; the secretariat (`Duty::Newsletters`) to anyone.

use crate::domain::ids::{AccountId, CommitteeId, NewsletterId};
use crate::domain::newsletter::{Audience, AudienceOption, Letter, Preview, Status};
use crate::error::AppError;
use crate::i18n::mail::Mail;
use crate::i18n::Lang;
use crate::server::db::newsletters::{self, audience};
use crate::server::db::{events, outbox};
use crate::server::guard::{self, Duty};
use crate::server::session::Caller;
use crate::server::tokens;
use sqlx::PgPool;
use std::time::Duration;

/// How often the job looks for messages to queue.
pub const EVERY: Duration = Duration::from_secs(3);
/// Recipients per transaction.
pub const BATCH: i64 = 200;

/// Whose a message to `audience` is (a chair's committee; none for the secretariat's), if the
/// caller may write to it: 403 otherwise, 404 for an event that does not exist.
pub async fn owner_for(db: &PgPool, caller: &Caller, audience: Audience) -> Result<Option<CommitteeId>, AppError> {
    let committee = match audience {
        Audience::Committee(committee) => Some(committee),
        Audience::EventConfirmed(event) | Audience::EventWaiting(event) => {
            Some(events::committee_of(db, event).await?.ok_or(AppError::NotFound)?)
        }
        Audience::Members | Audience::Class(_) | Audience::Unpaid(_) | Audience::Contacts(_) => None,
    };
    match committee {
        Some(committee) => guard::may_organise(caller, committee)?,
        None if guard::may(caller, Duty::Newsletters) => {}
        None => {
            tracing::warn!(account = caller.account_id.0, "refused: a message to all members needs the secretariat");
            return Err(AppError::Forbidden);
        }
    }
    // The secretariat's own messages belong to no committee, whatever their audience.
    Ok(committee.filter(|_| !guard::may(caller, Duty::Newsletters)))
}

/// May the caller see and handle this stored message? (The secretariat: every one; a chair: their
/// committees'.) 404 otherwise, so that another committee's messages are not even confirmed.
pub fn may_handle(caller: &Caller, owner: Option<CommitteeId>) -> Result<(), AppError> {
    let allowed = guard::may(caller, Duty::Newsletters) || owner.is_some_and(|c| guard::organises(caller, c));
    if allowed {
        Ok(())
    } else {
        tracing::warn!(account = caller.account_id.0, "refused: another committee's message");
        Err(AppError::NotFound)
    }
}

/// The audiences the caller may choose from (`scope`: a chair's committees; none for the
/// secretariat), each named in both languages.
pub async fn options(db: &PgPool, scope: Option<&[CommitteeId]>) -> Result<Vec<AudienceOption>, AppError> {
    let choices = audience::choices(db, scope).await?;
    let this_year = crate::server::db::association::profile::load(db).await?.calendar.this_year();
    let both = |name: &dyn Fn(Lang) -> String| (name(Lang::Ja), name(Lang::En));
    let mut options: Vec<(Audience, (String, String))> = Vec::new();
    if scope.is_none() {
        options.push((Audience::Members, both(&|l| l.t().audience_members.to_string())));
        for (id, ja, en) in &choices.classes {
            options
                .push((Audience::Class(*id), both(&|l| (l.t().audience_class)(if l == Lang::Ja { ja } else { en }))));
        }
    }
    for (id, ja, en) in &choices.committees {
        options.push((
            Audience::Committee(*id),
            both(&|l| (l.t().audience_committee)(if l == Lang::Ja { ja } else { en })),
        ));
    }
    for (id, ja, en, starts_at) in &choices.events {
        let title = |l: Lang| if l == Lang::En && !en.is_empty() || ja.is_empty() { en.clone() } else { ja.clone() };
        let when = |l: Lang| crate::domain::dates::format_datetime(l, *starts_at);
        options.push((Audience::EventConfirmed(*id), both(&|l| (l.t().audience_event_confirmed)(&title(l), &when(l)))));
        options.push((Audience::EventWaiting(*id), both(&|l| (l.t().audience_event_waiting)(&title(l), &when(l)))));
    }
    if scope.is_none() {
        for year in [this_year, this_year - 1] {
            options.push((Audience::Unpaid(year), both(&|l| (l.t().audience_unpaid)(year))));
        }
        for (id, name) in &choices.lists {
            options.push((Audience::Contacts(*id), both(&|l| (l.t().audience_contacts)(name))));
        }
    }
    Ok(options
        .into_iter()
        .map(|(audience, (label_ja, label_en))| AudienceOption { value: audience.value(), label_ja, label_en })
        .collect())
}

/// The unsubscribe address a recipient's mail carries.
pub fn unsubscribe_url(public_url: &str, token: &str) -> String {
    format!("{}/unsubscribe?token={token}", public_url.trim_end_matches('/'))
}

/// The mail as a reader in `lang` gets it (unsigned): (subject, body).
pub fn compose(letter: &Letter, lang: Lang, unsubscribe_url: Option<&str>) -> (String, String) {
    let (written_in, subject, body) = letter.in_lang(lang);
    Mail::Newsletter { subject, body, written_in, unsubscribe_url }.compose(lang)
}

/// Both languages' readers' mail, signed as the settings say, with a sample unsubscribe link.
pub fn previews(letter: &Letter, is_service: bool, public_url: &str, signatures: [&str; 2]) -> Vec<Preview> {
    let sample = unsubscribe_url(public_url, "…");
    [Lang::Ja, Lang::En]
        .into_iter()
        .zip(signatures)
        .map(|(lang, signature)| {
            let (subject, body) = compose(letter, lang, (!is_service).then_some(sample.as_str()));
            Preview { lang, subject, body: format!("{body}\n\n{signature}") }
        })
        .collect()
}

/// What one batch did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Batch {
    /// Queued this many; there may be more.
    Queued(usize),
    /// Nobody was left: the message is now sent (with so many on its print run).
    Finished { by_post: u64 },
    /// Not being sent (paused, or not started).
    Idle,
}

/// Queues the next batch of message `id`, in one transaction with the message locked (so two
/// processes take turns, never the same recipients).
pub async fn queue_batch(db: &PgPool, public_url: &str, id: NewsletterId, size: i64) -> Result<Batch, AppError> {
    let mut tx = db.begin().await?;
    let Some(message) = newsletters::lock(&mut tx, id).await? else { return Ok(Batch::Idle) };
    if message.status != Status::Sending {
        return Ok(Batch::Idle);
    }
    let batch = audience::next_batch(&mut tx, id, message.audience, size).await?;
    if batch.is_empty() {
        let by_post = audience::record_post(&mut tx, id, message.audience).await?;
        newsletters::set_status(&mut tx, id, Status::Sent, None).await?;
        tx.commit().await?;
        tracing::info!(newsletter = id.0, by_post, "newsletter queued for everyone");
        return Ok(Batch::Finished { by_post });
    }
    let mut queued = 0;
    for person in &batch {
        let token = (!message.audience.is_service()).then(tokens::new_token);
        let Some(recipient) = audience::record(&mut tx, id, person, token.as_ref().map(|(_, h)| h.as_slice())).await?
        else {
            continue;
        };
        let lang = Lang::parse(&person.lang).unwrap_or(Lang::Ja);
        let url = token.map(|(token, _)| unsubscribe_url(public_url, &token));
        let (subject, body) = compose(&message.letter, lang, url.as_deref());
        let mail = outbox::enqueue_newsletter(
            &mut tx,
            person.account_id,
            &person.email,
            lang,
            &subject,
            &body,
            id,
            url.as_deref().unwrap_or(""),
        )
        .await?;
        audience::set_outbox(&mut tx, recipient, mail).await?;
        queued += 1;
    }
    tx.commit().await?;
    Ok(Batch::Queued(queued))
}

/// Queues every message being sent, to the end (or its pause); returns how many mails. A message
/// that fails is logged and left for the next round; the others go on.
pub async fn run_once(db: &PgPool, public_url: &str) -> Result<usize, AppError> {
    let mut total = 0;
    for id in newsletters::sending(db).await? {
        loop {
            match queue_batch(db, public_url, id, BATCH).await {
                Ok(Batch::Queued(queued)) => total += queued,
                Ok(_) => break,
                Err(error) => {
                    tracing::warn!(newsletter = id.0, %error, "could not queue a newsletter's batch; will try again");
                    break;
                }
            }
        }
    }
    Ok(total)
}

/// Runs for ever: the messages being sent, then a short pause.
pub async fn every_while(db: PgPool, public_url: String) {
    let mut every = tokio::time::interval(EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        match run_once(&db, &public_url).await {
            Ok(0) => {}
            Ok(queued) => tracing::info!(queued, "newsletter mail queued"),
            Err(error) => tracing::warn!(%error, "newsletter queuing failed; will try again"),
        }
    }
}

/// Starts (or resumes) a message's sending: 422 `status` when it is sent already or being sent.
pub async fn start(db: &PgPool, id: NewsletterId, by: AccountId) -> Result<(), AppError> {
    change_status(db, id, by, &[Status::Draft, Status::Paused], Status::Sending, "newsletter.send").await
}

/// Pauses a sending: while it is being queued, or once queued while some of its mail still waits
/// in the outbox (the outbox then holds it). 422 `status` otherwise.
pub async fn pause(db: &PgPool, id: NewsletterId, by: AccountId) -> Result<(), AppError> {
    let waiting = newsletters::waiting_mail(db, id).await? > 0;
    let from: &[Status] = if waiting { &[Status::Sending, Status::Sent] } else { &[Status::Sending] };
    change_status(db, id, by, from, Status::Paused, "newsletter.pause").await
}

async fn change_status(
    db: &PgPool,
    id: NewsletterId,
    by: AccountId,
    from: &[Status],
    to: Status,
    action: &str,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let message = newsletters::lock(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if !from.contains(&message.status) {
        return Err(AppError::invalid("status", crate::error::FieldProblem::NotAllowed));
    }
    newsletters::set_status(&mut tx, id, to, Some(by)).await?;
    let details = serde_json::json!({ "audience": message.audience.value(), "from": message.status.code() });
    crate::server::db::audit::record(&mut tx, by, action, "newsletter", id.0, details).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests;
