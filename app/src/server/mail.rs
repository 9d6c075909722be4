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
    queue_composed(tx, account, to, lang, &subject, &body).await
}

/// Queues a mail already written in `lang`, signed with the association's signature in that
/// language (its settings: a new signature is in the very next mail).
pub async fn queue_composed(
    tx: &mut PgConnection,
    account: Option<crate::domain::ids::AccountId>,
    to: &str,
    lang: Lang,
    subject: &str,
    body: &str,
) -> Result<(), sqlx::Error> {
    outbox::enqueue_signed(tx, account, to, lang, subject, body).await?;
    tracing::info!(outbox = %subject, "mail queued");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::db::test_support::test_pool;
    use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

    #[sqlx::test(migrations = "../migrations")]
    async fn every_mail_is_signed_as_the_settings_say(_: PgPoolOptions, options: PgConnectOptions) {
        let db = test_pool(options).await;
        let body_of = |to: &'static str| {
            let db = db.clone();
            async move {
                sqlx::query_scalar::<_, String>("SELECT body FROM outbox WHERE to_address = $1")
                    .bind(to)
                    .fetch_one(&db)
                    .await
                    .unwrap()
            }
        };
        let mut tx = db.begin().await.unwrap();
        queue(&mut tx, "ja@example.jp", Lang::Ja, Mail::AddressInUse).await.unwrap();
        queue(&mut tx, "en@example.jp", Lang::En, Mail::AddressInUse).await.unwrap();
        sqlx::query("UPDATE association_profile SET signature_ja = '稲城国際交流協会 事務局（平日のみ）'")
            .execute(&mut *tx)
            .await
            .unwrap();
        queue(&mut tx, "later@example.jp", Lang::Ja, Mail::AddressInUse).await.unwrap();
        tx.commit().await.unwrap();
        assert!(body_of("ja@example.jp").await.ends_with("\n\n稲城市姉妹友好都市交流協会 事務局"));
        assert!(body_of("en@example.jp")
            .await
            .ends_with("\n\nSecretariat, Inagi City Sister and Friendship Cities Exchange Association"));
        assert!(body_of("later@example.jp").await.ends_with("\n\n稲城国際交流協会 事務局（平日のみ）"));
    }
}
