//! Mail waiting to be sent (and a record of what was sent).

use crate::domain::ids::AccountId;
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

/// Queues a mail as it is, unsigned: for tests of what the outbox does with any mail (every mail of
/// the application goes through [`enqueue_signed`]). It is filed under the account that has the
/// address now, so that erasing that person finds it even after they change address.
#[cfg(test)]
pub async fn enqueue(tx: &mut PgConnection, to: &str, subject: &str, body: &str) -> Result<i64, sqlx::Error> {
    enqueue_for(tx, None, to, subject, body).await
}

/// Queues a mail filed under `account` (for a mail to an address the account does not have yet).
#[cfg(test)]
pub async fn enqueue_for(
    tx: &mut PgConnection,
    account: Option<AccountId>,
    to: &str,
    subject: &str,
    body: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO outbox (to_address, subject, body, account_id)
         VALUES ($1, $2, $3, COALESCE($4, (SELECT id FROM accounts WHERE email = $1)))
         RETURNING id",
    )
    .bind(to)
    .bind(subject)
    .bind(body)
    .bind(account)
    .fetch_one(tx)
    .await
}

/// Queues a mail filed under `account` (else under the account that has the address now, so that
/// erasing that person finds it even after they change address; `account` is for a mail to an
/// address the account does not have yet), the body followed by the association's signature in
/// `lang`, read in the same statement (no query of its own per mail, and never an older signature
/// than the settings').
pub async fn enqueue_signed(
    tx: &mut PgConnection,
    account: Option<AccountId>,
    to: &str,
    lang: crate::i18n::Lang,
    subject: &str,
    body: &str,
) -> Result<i64, sqlx::Error> {
    insert_signed(tx, account, to, lang, subject, body, None, "").await
}

/// Queues one recipient's newsletter (signed like every mail), filed under message `newsletter`,
/// with its unsubscribe address (empty for a message to an event's people).
#[allow(clippy::too_many_arguments)]
pub async fn enqueue_newsletter(
    tx: &mut PgConnection,
    account: Option<AccountId>,
    to: &str,
    lang: crate::i18n::Lang,
    subject: &str,
    body: &str,
    newsletter: crate::domain::ids::NewsletterId,
    list_unsubscribe: &str,
) -> Result<i64, sqlx::Error> {
    insert_signed(tx, account, to, lang, subject, body, Some(newsletter), list_unsubscribe).await
}

#[allow(clippy::too_many_arguments)]
async fn insert_signed(
    tx: &mut PgConnection,
    account: Option<AccountId>,
    to: &str,
    lang: crate::i18n::Lang,
    subject: &str,
    body: &str,
    newsletter: Option<crate::domain::ids::NewsletterId>,
    list_unsubscribe: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO outbox (to_address, subject, body, account_id, newsletter_id, list_unsubscribe)
         SELECT $1, $2, $3 || E'\n\n' || CASE WHEN $5 = 'en' THEN p.signature_en ELSE p.signature_ja END,
                COALESCE($4, (SELECT id FROM accounts WHERE email = $1)), $6, $7
         FROM association_profile p
         RETURNING id",
    )
    .bind(to)
    .bind(subject)
    .bind(body)
    .bind(account)
    .bind(lang.code())
    .bind(newsletter)
    .bind(list_unsubscribe)
    .fetch_one(tx)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub attempts: i32,
    pub last_error: String,
    /// The names of the files it carries.
    pub attachments: Vec<String>,
    /// A newsletter's unsubscribe address (for its List-Unsubscribe header; empty otherwise).
    pub list_unsubscribe: String,
}

const ATTACHMENT_NAMES: &str =
    "ARRAY(SELECT x.file_name FROM outbox_attachments x WHERE x.outbox_id = outbox.id ORDER BY x.file_name) AS attachments";

/// Adds a file to a mail just queued (in the same transaction).
pub async fn attach(
    tx: &mut PgConnection,
    outbox_id: i64,
    file_name: &str,
    content_type: &str,
    content: &[u8],
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO outbox_attachments (outbox_id, file_name, content_type, content) VALUES ($1, $2, $3, $4)")
        .bind(outbox_id)
        .bind(file_name)
        .bind(content_type)
        .bind(content)
        .execute(tx)
        .await?;
    Ok(())
}

/// A mail's files: (name, content type, content).
pub async fn attachment_files(
    tx: &mut PgConnection,
    outbox_id: i64,
) -> Result<Vec<(String, String, Vec<u8>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT file_name, content_type, content FROM outbox_attachments WHERE outbox_id = $1 ORDER BY file_name",
    )
    .bind(outbox_id)
    .fetch_all(tx)
    .await
}

/// The newest mail first.
/// The newest `limit` mails, or those older than the mail `before` (the next page).
pub async fn latest(db: &PgPool, limit: i64, before: Option<i64>) -> Result<Vec<OutboxRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT id, to_address, subject, body, created_at, sent_at, attempts, last_error, {ATTACHMENT_NAMES},
             list_unsubscribe
         FROM outbox WHERE ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $1"
    ))
    .bind(limit)
    .bind(before)
    .fetch_all(db)
    .await
}

/// Attempts before a mail is given up (the waits add up to about 17 hours).
pub const MAX_ATTEMPTS: i32 = 10;

/// The oldest unsent mail that is due (after a failure it waits 1, 2, 4 … minutes), locked for
/// this sender so two processes never send one mail twice. The association's own mail goes
/// before newsletters (a sign-up's confirmation never waits behind a thousand of them), and a
/// newsletter whose sending is paused is held.
pub async fn claim_next(tx: &mut PgConnection) -> Result<Option<OutboxRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT id, to_address, subject, body, created_at, sent_at, attempts, last_error, {ATTACHMENT_NAMES},
             list_unsubscribe
         FROM outbox
         WHERE sent_at IS NULL AND attempts < $1
           AND (last_attempt_at IS NULL OR last_attempt_at < now() - interval '1 minute' * power(2, attempts - 1))
           AND NOT EXISTS (SELECT 1 FROM newsletters n WHERE n.id = outbox.newsletter_id AND n.status = 'paused')
         ORDER BY newsletter_id IS NOT NULL, id LIMIT 1 FOR UPDATE SKIP LOCKED"
    ))
    .bind(MAX_ATTEMPTS)
    .fetch_optional(tx)
    .await
}

/// Marks a mail sent, and blanks any one-time token in its stored copy: once delivered, the link
/// lives only in the recipient's mailbox.
pub async fn mark_sent(tx: &mut PgConnection, id: i64) -> Result<(), sqlx::Error> {
    let newsletter: Option<Option<crate::domain::ids::NewsletterId>> = sqlx::query_scalar(
        "UPDATE outbox SET sent_at = now(), attempts = attempts + 1, last_error = '', last_attempt_at = now(),
             body = regexp_replace(body, 'token=[A-Za-z0-9_-]+', 'token=(sent)', 'g'),
             list_unsubscribe = regexp_replace(list_unsubscribe, 'token=[A-Za-z0-9_-]+', 'token=(sent)', 'g')
         WHERE id = $1 RETURNING newsletter_id",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    if newsletter.flatten().is_some() {
        // Kept with the recipient: the outbox forgets its mail after a month, the message's record does not.
        sqlx::query("UPDATE newsletter_recipients SET delivered_at = now() WHERE outbox_id = $1")
            .bind(id)
            .execute(tx)
            .await?;
    }
    Ok(())
}

/// The relay refused the mail for good (an unknown address, a full mailbox): it is not tried
/// again, and counts as a bounce.
pub async fn mark_bounced(tx: &mut PgConnection, id: i64, error: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox SET attempts = GREATEST(attempts + 1, $3), last_error = $2, last_attempt_at = now(),
             bounced_at = now()
         WHERE id = $1",
    )
    .bind(id)
    .bind(error)
    .bind(MAX_ATTEMPTS)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE newsletter_recipients SET bounced_at = now() WHERE outbox_id = $1")
        .bind(id)
        .execute(tx)
        .await?;
    Ok(())
}

pub async fn mark_failed(tx: &mut PgConnection, id: i64, error: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE outbox SET attempts = attempts + 1, last_error = $2, last_attempt_at = now() WHERE id = $1")
        .bind(id)
        .bind(error)
        .execute(tx)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests;
