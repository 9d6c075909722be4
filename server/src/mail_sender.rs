//! Delivers the outbox by SMTP when `KIZUNA_SMTP_HOST` is set. Mail is written to the outbox in
//! the transaction of the change it reports; this task sends it afterwards, so a slow or absent
//! mail server never blocks or breaks a user's request. Each batch is claimed with
//! `FOR UPDATE SKIP LOCKED`, so several app processes never send one mail twice.
//!
//! The connection is plain SMTP to a relay the association runs next to the app (e.g. Postfix on
//! localhost or in the same private network), which handles TLS and authentication towards the
//! internet; no credentials travel over it.

use app::server::db::outbox;
use lettre::message::{header::ContentType, Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::PgPool;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    /// The sender, e.g. `稲城市姉妹都市・友好都市交流協会 <info@example.jp>`.
    pub from: String,
}

/// How often the outbox is looked at.
const INTERVAL: Duration = Duration::from_secs(10);
const BATCH: usize = 20;

/// Runs forever: sends what is waiting, then sleeps.
pub async fn run(pool: PgPool, config: SmtpConfig) {
    let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&config.host).port(config.port).build();
    loop {
        match send_waiting(&pool, &transport, &config.from).await {
            Ok(0) => {}
            Ok(sent) => tracing::info!(sent, "outbox delivered"),
            Err(error) => tracing::warn!(%error, "outbox delivery failed; will retry"),
        }
        tokio::time::sleep(INTERVAL).await;
    }
}

/// Sends up to one batch of due mail, each in its own transaction (so a failure part-way never
/// puts mail that went out back in the queue); returns how many went out.
pub async fn send_waiting(
    pool: &PgPool,
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &str,
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
            Err(error) => {
                // The address is personal data: log the mail's id only.
                tracing::warn!(outbox_id = mail.id, %error, "could not send a mail");
                outbox::mark_failed(&mut tx, mail.id, &error).await?;
            }
        }
        tx.commit().await?;
    }
    Ok(sent)
}

/// A plain-text mail, or (with files: a receipt's PDF) the text followed by its attachments.
async fn send_one(
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &str,
    mail: &outbox::OutboxRow,
    files: &[(String, String, Vec<u8>)],
) -> Result<(), String> {
    let from: Mailbox = from.parse().map_err(|e| format!("sender: {e}"))?;
    let to: Mailbox = mail.to_address.parse().map_err(|e| format!("recipient: {e}"))?;
    let builder = Message::builder().from(from).to(to).subject(mail.subject.clone());
    let message = if files.is_empty() {
        builder.header(ContentType::TEXT_PLAIN).body(mail.body.clone())
    } else {
        let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(mail.body.clone()));
        for (name, kind, content) in files {
            let kind = ContentType::parse(kind).map_err(|e| format!("attachment type: {e}"))?;
            parts = parts.singlepart(Attachment::new(name.clone()).body(content.clone(), kind));
        }
        builder.multipart(parts)
    }
    .map_err(|e| format!("message: {e}"))?;
    transport.send(message).await.map(|_| ()).map_err(|e| e.to_string())
}
