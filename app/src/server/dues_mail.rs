//! The dues notice by email, and its reminder once the due day has passed: a run the treasurer
//! starts, in batches, each batch one transaction that records each member (`dues_mail`) and
//! queues their mail together. A run stopped half-way keeps its committed batches; started again,
//! it mails only the rest; nobody gets the same mail twice.

use crate::domain::dates::today_in_japan;
use crate::domain::ids::AccountId;
use crate::error::{AppError, FieldProblem};
use crate::i18n::mail::{DuesNotice, Mail};
use crate::i18n::Lang;
use crate::server::db::dues_mail::{self, DuesMailKind, Recipient};
use crate::server::db::{association, audit, outbox};
use sqlx::PgPool;

/// How a run goes: members per transaction, and (for tests) a stop after so many batches.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub batch: i64,
    pub stop_after: Option<usize>,
}

impl Default for Run {
    fn default() -> Self {
        Run { batch: 200, stop_after: None }
    }
}

/// The mail one recipient gets: (subject, body), unsigned.
pub fn compose(
    profile: &crate::domain::association_profile::AssociationProfile,
    year: i32,
    kind: DuesMailKind,
    r: &Recipient,
) -> (Lang, String, String) {
    let lang = Lang::parse(&r.lang).unwrap_or(Lang::Ja);
    let account = profile.payment_account.get(lang);
    let notice = DuesNotice {
        name: &r.full_name,
        member_number: r.member_number,
        year,
        dues_yen: r.dues_yen,
        due_by: profile.calendar.grace_in(year),
        account: &account,
        reminder: kind == DuesMailKind::Reminder,
    };
    let (subject, body) = Mail::DuesNotice(notice).compose(lang);
    (lang, subject, body)
}

/// Mails the year's notice (or reminder) to everyone who should have it and has not; returns how
/// many were queued. A reminder only once the due day (the grace date) has passed: 422 `kind`.
pub async fn send(db: &PgPool, year: i32, kind: DuesMailKind, by: AccountId, run: Run) -> Result<usize, AppError> {
    let profile = association::profile::load(db).await?;
    if kind == DuesMailKind::Reminder && profile.calendar.grace_in(year) >= today_in_japan() {
        return Err(AppError::invalid("kind", FieldProblem::NotAllowed));
    }
    let mut sent = 0;
    let mut batches = 0;
    loop {
        if run.stop_after.is_some_and(|stop| batches >= stop) {
            break;
        }
        let mut tx = db.begin().await?;
        let batch = dues_mail::next_batch(&mut tx, year, kind, run.batch).await?;
        if batch.is_empty() {
            break;
        }
        let mut queued_now = 0;
        for recipient in &batch {
            if !dues_mail::record(&mut tx, year, kind, recipient.member_id, by).await? {
                continue;
            }
            let (lang, subject, body) = compose(&profile, year, kind, recipient);
            let queued =
                outbox::enqueue_signed(&mut tx, recipient.account_id, &recipient.email, lang, &subject, &body).await?;
            dues_mail::set_outbox(&mut tx, year, kind, recipient.member_id, queued).await?;
            queued_now += 1;
        }
        // Each batch says what it queued, in its own transaction: a run stopped later is on record.
        let details = serde_json::json!({ "year": year, "kind": kind, "queued": queued_now });
        audit::record(&mut tx, by, "dues.mail", "dues", i64::from(year), details).await?;
        tx.commit().await?;
        sent += queued_now;
        batches += 1;
    }
    Ok(sent)
}

#[cfg(test)]
mod tests;
