//! Delivers the outbox by SMTP when `KIZUNA_SMTP_HOST` is set. Mail is written to the outbox in
//! the transaction of the change it reports; this task sends it afterwards, so a slow or absent
//! mail server never blocks or breaks a user's request. Each batch is claimed with
//! `FOR UPDATE SKIP LOCKED`, so several app processes never send one mail twice.
//!
//! The connection is plain SMTP to a relay the association runs next to the app (e.g. Postfix on
//! localhost or in the same private network), which handles TLS and authentication towards the
//! internet; no credentials travel over it.

use app::server::db::outbox;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::PgPool;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    /// The sender, e.g. `稲城市姉妹都市・友好都市交流協会 <info@example.jp>`.
    pub from: String,
    /// At most this many mails a minute towards the relay (`KIZUNA_SMTP_PER_MINUTE`, 120 unless
    /// set): a newsletter to every member must not look like a flood to the relay's provider.
    pub per_minute: u32,
}

/// How often an empty outbox is looked at.
const INTERVAL: Duration = Duration::from_secs(10);
const BATCH: usize = 20;

/// Runs forever: sends what is waiting at the configured pace, then sleeps when nothing is left.
pub async fn run(pool: PgPool, config: SmtpConfig) {
    let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&config.host).port(config.port).build();
    let pace = Duration::from_secs(60) / config.per_minute.max(1);
    loop {
        match send_paced(&pool, &transport, &config.from, pace).await {
            // A full batch: more may be waiting (a newsletter), so straight on.
            Ok(sent) if sent == BATCH => {
                tracing::info!(sent, "outbox delivered");
                continue;
            }
            Ok(0) => {}
            Ok(sent) => tracing::info!(sent, "outbox delivered"),
            Err(error) => tracing::warn!(%error, "outbox delivery failed; will retry"),
        }
        tokio::time::sleep(INTERVAL).await;
    }
}

/// Sends up to one batch of due mail at once (for tests and tools): [`send_paced`] without a pace.
pub async fn send_waiting(
    pool: &PgPool,
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &str,
) -> Result<usize, sqlx::Error> {
    send_paced(pool, transport, from, Duration::ZERO).await
}

/// Sends up to one batch of due mail, each in its own transaction (so a failure part-way never
/// puts mail that went out back in the queue), waiting `pace` after each; returns how many went
/// out. A refusal of the recipient for good (550, 551, 553: no such user) is a bounce, never tried
/// again; any other failure is tried again later.
pub async fn send_paced(
    pool: &PgPool,
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &str,
    pace: Duration,
) -> Result<usize, sqlx::Error> {
    let mut sent = 0;
    for _ in 0..BATCH {
        let mut tx = pool.begin().await?;
        let Some(mail) = outbox::claim_next(&mut tx).await? else { break };
        let files =
            if mail.attachments.is_empty() { Vec::new() } else { outbox::attachment_files(&mut tx, mail.id).await? };
        match send_one(transport, from, &mail, &files).await {
            Ok(()) => {
                outbox::mark_sent(&mut tx, mail.id).await?;
                sent += 1;
            }
            Err(Failure { message, permanent: true }) => {
                // The address is personal data: log the mail's id only.
                tracing::warn!(outbox_id = mail.id, error = %message, "the relay refused a mail for good (a bounce)");
                outbox::mark_bounced(&mut tx, mail.id, &message).await?;
            }
            Err(Failure { message, permanent: false }) => {
                tracing::warn!(outbox_id = mail.id, error = %message, "could not send a mail");
                outbox::mark_failed(&mut tx, mail.id, &message).await?;
            }
        }
        tx.commit().await?;
        if !pace.is_zero() {
            tokio::time::sleep(pace).await;
        }
    }
    Ok(sent)
}

/// Why a mail did not go.
struct Failure {
    message: String,
    /// The relay refused the recipient for good (see [`is_bounce`]), not "not now".
    permanent: bool,
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure { message, permanent: false }
    }
}

/// `List-Unsubscribe: <https://…/unsubscribe?token=…>` (RFC 2369).
#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.trim_start_matches('<').trim_end_matches('>').to_string()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058): the address unsubscribes on a
/// plain POST, without a page or a login.
#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_string())
    }
}

/// A plain-text mail, or (with files: a receipt's PDF) the text followed by its attachments.
async fn send_one(
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &str,
    mail: &outbox::OutboxRow,
    files: &[(String, String, Vec<u8>)],
) -> Result<(), Failure> {
    let from: Mailbox = from.parse().map_err(|e| format!("sender: {e}"))?;
    let to: Mailbox = mail.to_address.parse().map_err(|e| format!("recipient: {e}"))?;
    let mut builder = Message::builder().from(from).to(to).subject(mail.subject.clone());
    if !mail.list_unsubscribe.is_empty() {
        builder = builder.header(ListUnsubscribe(mail.list_unsubscribe.clone())).header(ListUnsubscribePost);
    }
    let message = if files.is_empty() {
        builder.header(ContentType::TEXT_PLAIN).body(mail.body.clone())
    } else {
        let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(mail.body.clone()));
        for (name, kind, content) in files {
            let kind = ContentType::parse(kind).map_err(|e| Failure::from(format!("attachment type: {e}")))?;
            parts = parts.singlepart(Attachment::new(name.clone()).body(content.clone(), kind));
        }
        builder.multipart(parts)
    }
    .map_err(|e| format!("message: {e}"))?;
    transport
        .send(message)
        .await
        .map(|_| ())
        .map_err(|e| Failure { permanent: e.is_permanent(), message: e.to_string() })
}
