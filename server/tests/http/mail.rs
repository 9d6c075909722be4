//! The outbox sender against a real SMTP conversation (a small SMTP server on a local port).

use crate::support::with_db;
use lettre::{AsyncSmtpTransport, Tokio1Executor};
use sqlx::PgPool;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// Accepts SMTP sessions and returns every envelope recipient and message it was given. When
/// `refuse` is set, every recipient is refused with 550.
async fn smtp_server(refuse: bool) -> (u16, tokio::task::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = tokio::spawn(async move {
        let mut seen = Vec::new();
        let Ok(Ok((socket, _))) = tokio::time::timeout(std::time::Duration::from_secs(5), listener.accept()).await
        else {
            return seen;
        };
        let (read, mut write) = socket.into_split();
        let mut lines = BufReader::new(read).lines();
        write.write_all(b"220 test ESMTP\r\n").await.unwrap();
        let mut in_data = false;
        while let Ok(Some(line)) = lines.next_line().await {
            if in_data {
                if line == "." {
                    in_data = false;
                    write.write_all(b"250 queued\r\n").await.unwrap();
                } else {
                    seen.push(line);
                }
                continue;
            }
            let verb = line.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
            let reply: &[u8] = match verb.as_str() {
                "EHLO" | "HELO" => b"250 test\r\n",
                "RCPT" if refuse => b"550 no such user\r\n",
                "RCPT" => {
                    seen.push(line.clone());
                    b"250 ok\r\n"
                }
                "DATA" => {
                    in_data = true;
                    b"354 go on\r\n"
                }
                "QUIT" => {
                    write.write_all(b"221 bye\r\n").await.unwrap();
                    break;
                }
                _ => b"250 ok\r\n",
            };
            write.write_all(reply).await.unwrap();
        }
        seen
    });
    (port, handle)
}

async fn queue(pool: &PgPool) {
    let mut tx = pool.begin().await.unwrap();
    let mail = app::server::mail::Mail::PasswordReset { url: "http://localhost:3000/password/reset?token=abc" };
    app::server::mail::queue(&mut tx, "hanako@example.jp", app::i18n::Lang::Ja, mail).await.unwrap();
    tx.commit().await.unwrap();
}

fn transport(port: u16) -> AsyncSmtpTransport<Tokio1Executor> {
    AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1").port(port).build()
}

#[test]
fn waiting_mail_is_sent_once_and_marked_sent() {
    with_db(|db| async move {
        queue(&db.pool).await;
        let (port, server) = smtp_server(false).await;
        let from = "Kizuna <info@example.jp>";
        let sent = server::mail_sender::send_waiting(&db.pool, &transport(port), from).await.unwrap();
        assert_eq!(sent, 1);
        let seen = server.await.unwrap();
        assert!(seen.iter().any(|line| line == "RCPT TO:<hanako@example.jp>"), "{seen:?}");
        // The body is base64 (UTF-8 Japanese): decode the lines after the blank line.
        use base64::Engine;
        let encoded: String = seen.iter().skip_while(|line| !line.is_empty()).map(|l| l.trim()).collect();
        let body = base64::engine::general_purpose::STANDARD.decode(encoded).unwrap();
        let body = String::from_utf8(body).unwrap();
        assert!(body.contains("token=abc") && body.contains("パスワード"), "{body}");
        let (sent_at, attempts): (Option<chrono::DateTime<chrono::Utc>>, i32) =
            sqlx::query_as("SELECT sent_at, attempts FROM outbox").fetch_one(&db.pool).await.unwrap();
        assert!(sent_at.is_some());
        assert_eq!(attempts, 1);
        let kept: String = sqlx::query_scalar("SELECT body FROM outbox").fetch_one(&db.pool).await.unwrap();
        assert!(!kept.contains("token=abc"), "a sent link is not kept: {kept}");
        // Nothing is sent twice.
        let again = server::mail_sender::send_waiting(&db.pool, &transport(port), from).await.unwrap();
        assert_eq!(again, 0);
    })
}

#[test]
fn a_newsletter_carries_its_one_click_unsubscribe_headers() {
    with_db(|db| async move {
        let mut tx = db.pool.begin().await.unwrap();
        let by: i64 =
            sqlx::query_scalar("INSERT INTO accounts (email, password_hash) VALUES ('a@example.jp', 'x') RETURNING id")
                .fetch_one(&mut *tx)
                .await
                .unwrap();
        let newsletter: i64 = sqlx::query_scalar(
            "INSERT INTO newsletters (audience, subject_ja, body_ja, created_by, status)
             VALUES ('members', '会報', '本文', $1, 'sent') RETURNING id",
        )
        .bind(by)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        let link = "https://kizuna.example.jp/unsubscribe?token=abcDEF_123";
        app::server::db::outbox::enqueue_newsletter(
            &mut tx,
            None,
            "hanako@example.jp",
            app::i18n::Lang::Ja,
            "会報",
            &format!("本文\n{link}"),
            app::domain::ids::NewsletterId(newsletter),
            link,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let (port, server) = smtp_server(false).await;
        let sent = server::mail_sender::send_waiting(&db.pool, &transport(port), "info@example.jp").await.unwrap();
        assert_eq!(sent, 1);
        let seen = server.await.unwrap();
        assert!(seen.iter().any(|l| l == &format!("List-Unsubscribe: <{link}>")), "{seen:?}");
        assert!(seen.iter().any(|l| l == "List-Unsubscribe-Post: List-Unsubscribe=One-Click"), "{seen:?}");
        let kept: (String, String) =
            sqlx::query_as("SELECT body, list_unsubscribe FROM outbox").fetch_one(&db.pool).await.unwrap();
        assert!(!kept.0.contains("abcDEF_123") && !kept.1.contains("abcDEF_123"), "a sent link is not kept: {kept:?}");
    })
}

#[test]
fn a_refused_mail_stays_in_the_outbox_with_the_reason_as_a_bounce() {
    with_db(|db| async move {
        queue(&db.pool).await;
        let (port, server) = smtp_server(true).await;
        let sent = server::mail_sender::send_waiting(&db.pool, &transport(port), "info@example.jp").await.unwrap();
        assert_eq!(sent, 0);
        server.abort();
        let (sent_at, attempts, error, bounced): (Option<chrono::DateTime<chrono::Utc>>, i32, String, bool) =
            sqlx::query_as("SELECT sent_at, attempts, last_error, bounced_at IS NOT NULL FROM outbox")
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert!(sent_at.is_none());
        assert!(error.contains("550") || error.to_lowercase().contains("no such user"), "{error}");
        // A 5xx is for good (a bounce): counted as such and never tried again.
        assert!(bounced);
        assert_eq!(attempts, app::server::db::outbox::MAX_ATTEMPTS);
    })
}

/// The start of a PDF: binary bytes after the header line, as every PDF writer puts there.
const PDF_LIKE: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj";

#[test]
fn a_mail_carries_its_attachment() {
    with_db(|db| async move {
        let mut tx = db.pool.begin().await.unwrap();
        let mail = app::server::mail::Mail::PasswordReset { url: "http://localhost:3000/password/reset?token=abc" };
        app::server::mail::queue(&mut tx, "hanako@example.jp", app::i18n::Lang::Ja, mail).await.unwrap();
        let id: i64 = sqlx::query_scalar("SELECT id FROM outbox").fetch_one(&mut *tx).await.unwrap();
        app::server::db::outbox::attach(&mut tx, id, "receipt-2026-0001.pdf", "application/pdf", PDF_LIKE)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let (port, server) = smtp_server(false).await;
        let sent = server::mail_sender::send_waiting(&db.pool, &transport(port), "info@example.jp").await.unwrap();
        assert_eq!(sent, 1);
        let seen = server.await.unwrap().join("\n");
        assert!(seen.contains("multipart/mixed"), "{seen}");
        assert!(seen.contains("filename=\"receipt-2026-0001.pdf\""), "{seen}");
        assert!(seen.contains("Content-Type: application/pdf"), "{seen}");
        use base64::Engine;
        assert!(
            seen.contains(&base64::engine::general_purpose::STANDARD.encode(PDF_LIKE)),
            "the file, as it was: {seen}"
        );
    })
}
