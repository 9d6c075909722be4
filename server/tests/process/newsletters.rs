//! A newsletter's sending survives the server being killed half-way: after a restart, everybody
//! gets it once, and nobody twice.

use super::support::{database_url_for, http_request, ServerProcess};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::Connection;
use std::time::{Duration, Instant};

const MEMBERS: i64 = 4_000;
const ADMIN: [(&str, &str); 2] =
    [("KIZUNA_ADMIN_EMAIL", "jimukyoku@example.jp"), ("KIZUNA_ADMIN_PASSWORD", "a long admin phrase")];

async fn count(db: &mut sqlx::PgConnection, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(db).await.unwrap()
}

#[sqlx::test(migrations = false)]
async fn a_sending_killed_half_way_reaches_everybody_once_after_a_restart(_: PgPoolOptions, db: PgConnectOptions) {
    let url = database_url_for(&db);
    let mut server = ServerProcess::start(&url, &ADMIN).await;
    let mut conn = sqlx::PgConnection::connect_with(&db).await.unwrap();
    // Subscribed members, as the office would have them (the migrations ran at start-up).
    sqlx::query(
        "WITH made AS (
             INSERT INTO members (membership_type_id, status, member_number, full_name, name_reading, reading_key, email,
                                  privacy_notice_version, privacy_consented_at)
             SELECT (SELECT id FROM membership_types WHERE code = 'individual'), 'active', 100000 + n, '会員 ' || n,
                    'かいいん', 'かいいん', 'kaiin' || n || '@example.jp', '2026-11-22', now()
             FROM generate_series(1, $1) n RETURNING id)
         INSERT INTO newsletter_consents (member_id, given_at, given_source) SELECT id, now(), 'office' FROM made",
    )
    .bind(MEMBERS)
    .execute(&mut conn)
    .await
    .unwrap();

    let form = [("content-type", "application/x-www-form-urlencoded")];
    let login = "email=jimukyoku%40example.jp&password=a+long+admin+phrase";
    let reply = http_request(server.port(), "POST", "/api/log_in", &form, login).await.unwrap();
    let cookie = reply.cookie().expect("a session cookie");
    let headers = [form[0], ("cookie", cookie.as_str())];
    let message = "newsletter[audience]=members&newsletter[subject_ja]=%E4%BC%9A%E5%A0%B1&newsletter[body_ja]=%E6%9C%AC%E6%96%87&newsletter[archive]=none";
    let created = http_request(server.port(), "POST", "/api/create_newsletter", &headers, message).await.unwrap();
    assert_eq!(created.status, 200, "{}", created.body);
    let id: i64 = count(&mut conn, "SELECT max(id) FROM newsletters").await;
    let sent =
        http_request(server.port(), "POST", "/api/send_newsletter", &headers, &format!("id={id}")).await.unwrap();
    assert_eq!(sent.status, 200, "{}", sent.body);

    // Killed (no graceful stop) once some, not all, are queued.
    let started = Instant::now();
    loop {
        let queued = count(&mut conn, "SELECT count(*) FROM newsletter_recipients").await;
        if queued > 0 {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "the job queued nothing:\n{}", server.output());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.signal("KILL");
    server.wait(Duration::from_secs(10)).await;
    let at_the_kill = count(&mut conn, "SELECT count(*) FROM newsletter_recipients").await;
    assert!(at_the_kill < MEMBERS, "the kill came too late to test anything ({at_the_kill} queued)");
    assert_eq!(count(&mut conn, "SELECT count(*) FROM outbox WHERE newsletter_id IS NOT NULL").await, at_the_kill);

    // A new process goes on from where the batches stopped.
    let mut restarted = ServerProcess::start(&url, &[]).await;
    let started = Instant::now();
    while count(&mut conn, &format!("SELECT count(*) FROM newsletters WHERE id = {id} AND status = 'sent'")).await == 0
    {
        assert!(started.elapsed() < Duration::from_secs(120), "not finished:\n{}", restarted.output());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(count(&mut conn, "SELECT count(*) FROM outbox WHERE newsletter_id IS NOT NULL").await, MEMBERS);
    assert_eq!(
        count(&mut conn, "SELECT count(DISTINCT to_address) FROM outbox WHERE newsletter_id IS NOT NULL").await,
        MEMBERS,
        "everybody once, nobody twice"
    );
    restarted.stop("TERM", Duration::from_secs(10)).await;
}
