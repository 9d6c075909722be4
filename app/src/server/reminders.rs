//! Event reminders: some days before an event (its `reminder_days`; 0: none), each confirmed
//! sign-up whose holder has a login gets one mail, in their language. The row in
//! `event_reminders` is written in the transaction that queues the mail, and its key is the
//! sign-up: nobody is reminded twice, however often or wherever the job runs; a sign-up confirmed
//! late (promoted from the waiting list) is reminded at the next round.

use crate::domain::ids::AccountId;
use crate::i18n::Lang;
use crate::server::mail::{queue_for, Mail};
use chrono::{DateTime, Utc};
use sqlx::PgPool;
use std::time::Duration;

/// How often the job looks for reminders to send.
pub const EVERY: Duration = Duration::from_secs(10 * 60);
/// Sign-ups per transaction.
const BATCH: i64 = 200;

#[derive(sqlx::FromRow)]
struct Due {
    signup_id: i64,
    event_id: i64,
    title_ja: String,
    title_en: String,
    starts_at: DateTime<Utc>,
    venue: String,
    account_id: AccountId,
    email: String,
    lang: String,
}

/// Sends the reminders due now; returns how many went into the outbox.
pub async fn run_once(db: &PgPool) -> Result<usize, sqlx::Error> {
    let mut sent = 0;
    loop {
        let mut tx = db.begin().await?;
        let due: Vec<Due> = sqlx::query_as(
            "SELECT s.id AS signup_id, e.id AS event_id, e.title_ja, e.title_en, e.starts_at, e.venue,
                    a.id AS account_id, a.email, a.lang
             FROM signups s JOIN events e ON e.id = s.event_id
                 JOIN accounts a ON a.id = COALESCE(s.account_id, (SELECT m.account_id FROM members m WHERE m.id = s.member_id))
             WHERE s.status = 'confirmed' AND e.status IN ('published', 'closed') AND e.reminder_days > 0
               AND e.starts_at > now() AND e.starts_at <= now() + make_interval(days => e.reminder_days)
               AND a.disabled_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM event_reminders r WHERE r.signup_id = s.id)
             ORDER BY s.id LIMIT $1
             FOR SHARE OF s SKIP LOCKED",
        )
        .bind(BATCH)
        .fetch_all(&mut *tx)
        .await?;
        if due.is_empty() {
            break;
        }
        let mut queued = 0;
        for d in &due {
            // The key decides: a second run (another process) at this moment queues nothing.
            let mine: Option<i64> = sqlx::query_scalar(
                "INSERT INTO event_reminders (signup_id, event_id) VALUES ($1, $2)
                 ON CONFLICT (signup_id) DO NOTHING RETURNING signup_id",
            )
            .bind(d.signup_id)
            .bind(d.event_id)
            .fetch_optional(&mut *tx)
            .await?;
            if mine.is_none() {
                continue;
            }
            let lang = Lang::parse(&d.lang).unwrap_or(Lang::Ja);
            let title = match lang {
                Lang::En if !d.title_en.is_empty() => &d.title_en,
                _ if d.title_ja.is_empty() => &d.title_en,
                _ => &d.title_ja,
            };
            let mail = Mail::EventReminder { title, starts_at: d.starts_at, venue: &d.venue };
            queue_for(&mut tx, Some(d.account_id), &d.email, lang, mail).await?;
            queued += 1;
        }
        tx.commit().await?;
        sent += queued;
        if queued == 0 {
            // Another run took them all: nothing left for this one.
            break;
        }
    }
    if sent > 0 {
        tracing::info!(sent, "event reminders queued");
    }
    Ok(sent)
}

/// Runs for ever: the reminders due, then a pause.
pub async fn every_while(db: PgPool) {
    let mut every = tokio::time::interval(EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if let Err(error) = run_once(&db).await {
            tracing::warn!(%error, "event reminders failed; will try again");
        }
    }
}
