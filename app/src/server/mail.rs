//! Mail from the association. Every mail is written to the outbox table inside the transaction of
//! the change it reports (so nothing is announced that did not happen); the server's sender
//! delivers the outbox by SMTP when that is configured. Admins can read the outbox, and tests
//! assert on it.

use crate::i18n::Lang;
use crate::server::db::outbox;
use sqlx::PgConnection;

pub use crate::i18n::mail::Mail;

/// Queues `mail` to `to` in `lang`, inside the caller's transaction.
pub async fn queue(tx: &mut PgConnection, to: &str, lang: Lang, mail: Mail<'_>) -> Result<(), sqlx::Error> {
    queue_for(tx, None, to, lang, mail).await
}

/// Queues `mail` filed under `account` (a mail to an address the account does not have yet, so
/// that erasing the account finds it too).
pub async fn queue_for(
    tx: &mut PgConnection,
    account: Option<crate::domain::ids::AccountId>,
    to: &str,
    lang: Lang,
    mail: Mail<'_>,
) -> Result<(), sqlx::Error> {
    let (subject, body) = mail.compose(lang);
    outbox::enqueue_for(tx, account, to, &subject, &body).await?;
    tracing::info!(outbox = %subject, "mail queued");
    Ok(())
}
