//! Every wait has a limit: a stop signal ends the process at the grace deadline even with a query
//! stuck in the database, statements are cancelled after `statement_timeout`, and slow or silent
//! clients are disconnected.

use crate::support::{self, database_url_for, ServerProcess};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, PgConnection};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Short limits, so that the tests are quick; the defaults are in docs/configuration.md.
const SHORT_LIMITS: [(&str, &str); 2] =
    [("KIZUNA_HTTP_HEADER_TIMEOUT_SECS", "2"), ("KIZUNA_HTTP_BODY_TIMEOUT_SECS", "2")];
/// Time for the server to notice and close, on a busy test machine.
const MARGIN: Duration = Duration::from_secs(2);

#[sqlx::test(migrations = false)]
async fn a_stop_signal_ends_the_process_at_the_grace_deadline(_: PgPoolOptions, db: PgConnectOptions) {
    let mut server = ServerProcess::start(&database_url_for(&db), &[("KIZUNA_SHUTDOWN_GRACE_SECS", "2")]).await;
    // A lock held far longer than the grace: the page request waits inside the database.
    let mut blocker = PgConnection::connect_with(&db).await.unwrap();
    let mut lock = blocker.begin().await.unwrap();
    sqlx::query("LOCK TABLE partner_cities IN ACCESS EXCLUSIVE MODE").execute(&mut *lock).await.unwrap();
    let _in_flight = tokio::spawn(support::http_get(server.port(), "/cities"));
    tokio::time::sleep(Duration::from_millis(500)).await;

    let stopped = Instant::now();
    server.signal("TERM");
    server.wait(Duration::from_secs(2) + MARGIN).await;
    assert!(stopped.elapsed() >= Duration::from_secs(2), "the request in flight was given its grace");
    assert!(server.output().contains("stopping anyway"), "{}", server.output());
    lock.rollback().await.unwrap();
}

#[sqlx::test(migrations = false)]
async fn a_statement_stuck_on_a_lock_is_cancelled_and_answered_503(_: PgPoolOptions, db: PgConnectOptions) {
    let mut server = ServerProcess::start(&database_url_for(&db), &[("KIZUNA_DB_STATEMENT_TIMEOUT_SECS", "1")]).await;
    let mut blocker = PgConnection::connect_with(&db).await.unwrap();
    let mut lock = blocker.begin().await.unwrap();
    sqlx::query("LOCK TABLE partner_cities IN ACCESS EXCLUSIVE MODE").execute(&mut *lock).await.unwrap();

    let started = Instant::now();
    let answer = tokio::time::timeout(Duration::from_secs(1) + MARGIN, support::http_get(server.port(), "/cities"))
        .await
        .expect("an answer once the statement limit has passed, not when the lock goes");
    let (status, body) = answer.expect("the server answers");
    assert_eq!(status, 503, "{body}");
    assert!(started.elapsed() >= Duration::from_secs(1));
    lock.rollback().await.unwrap();
    assert_eq!(server.get("/cities").await.0, 200, "the pool is healthy afterwards");
    server.stop("TERM", Duration::from_secs(10)).await;
}

/// Reads until the server closes the connection; how long that took, or `None` if it was still
/// open after `within`.
async fn closed_within(stream: &mut TcpStream, within: Duration) -> Option<Duration> {
    let started = Instant::now();
    let mut buffer = [0u8; 4096];
    loop {
        match tokio::time::timeout_at((started + within).into(), stream.read(&mut buffer)).await {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some(started.elapsed()),
            Ok(Ok(_)) => {} // an answer (e.g. 408 or 400) before the close
        }
    }
}

/// Writes `piece` every half second until the server closes the connection (or `within` passes).
async fn trickle_until_closed(stream: TcpStream, first: &str, piece: &str, within: Duration) -> Option<Duration> {
    let (mut reader, mut writer) = stream.into_split();
    writer.write_all(first.as_bytes()).await.unwrap();
    let piece = piece.to_string();
    let trickle = tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_millis(500)).await;
            if writer.write_all(piece.as_bytes()).await.is_err() {
                return;
            }
        }
    });
    let started = Instant::now();
    let mut buffer = [0u8; 4096];
    let closed = loop {
        match tokio::time::timeout_at((started + within).into(), reader.read(&mut buffer)).await {
            Err(_) => break None,
            Ok(Ok(0)) | Ok(Err(_)) => break Some(started.elapsed()),
            Ok(Ok(_)) => {}
        }
    };
    trickle.abort();
    closed
}

#[sqlx::test(migrations = false)]
async fn slow_and_silent_clients_are_disconnected(_: PgPoolOptions, db: PgConnectOptions) {
    let mut server = ServerProcess::start(&database_url_for(&db), &SHORT_LIMITS).await;
    let port = server.port();
    let limit = Duration::from_secs(2) + MARGIN;
    let connect = || TcpStream::connect(("127.0.0.1", port));

    let mut silent = connect().await.unwrap();
    assert!(closed_within(&mut silent, limit).await.is_some(), "a connection that sends nothing is closed");

    let mut half = connect().await.unwrap();
    half.write_all(b"GET /cit").await.unwrap();
    assert!(closed_within(&mut half, limit).await.is_some(), "half a request line is not waited for");

    let headers = trickle_until_closed(
        connect().await.unwrap(),
        "GET /cities HTTP/1.1\r\nHost: 127.0.0.1\r\n",
        "X-Slow: 1\r\n",
        limit + Duration::from_secs(4),
    )
    .await;
    assert!(headers.is_some_and(|took| took <= limit), "trickled headers are cut off: {headers:?}");

    let body = trickle_until_closed(
        connect().await.unwrap(),
        "POST /api/log_in HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: 1000\r\n\r\nemail=",
        "a",
        limit + Duration::from_secs(4),
    )
    .await;
    assert!(body.is_some_and(|took| took <= limit), "a trickled body is cut off: {body:?}");

    let mut idle = connect().await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").await.unwrap();
    let mut answer = [0u8; 1024];
    let read = idle.read(&mut answer).await.unwrap();
    assert!(String::from_utf8_lossy(&answer[..read]).starts_with("HTTP/1.1 200"), "kept alive after an answer");
    assert!(closed_within(&mut idle, limit).await.is_some(), "an idle kept-alive connection is closed");

    assert_eq!(server.get("/healthz").await.0, 200, "other clients are served all along");
    server.stop("TERM", Duration::from_secs(10)).await;
}
