//! The real server binary as an operator runs it: start-up messages, the first admin, serving,
//! and a graceful stop on SIGTERM / SIGINT.

mod newsletters;
mod support;
mod time_limits;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, PgConnection};
use std::time::Duration;
use support::{database_url_for, ServerProcess};

#[sqlx::test(migrations = false)]
async fn serves_and_stops_gracefully_on_sigterm(_: PgPoolOptions, db: PgConnectOptions) {
    let url = database_url_for(&db);
    let mut server = ServerProcess::start(&url, &[("KIZUNA_ADMIN_PASSWORD", "a long admin phrase")]).await;
    let (status, body) = server.get("/readyz").await;
    assert_eq!((status, body.as_str()), (200, "ready"));
    let (status, body) = server.get("/cities/soma").await;
    assert_eq!(status, 200);
    assert!(body.contains("相馬市"), "the migrations and seeds ran at start-up");

    let exit = server.stop("TERM", Duration::from_secs(10)).await;
    assert!(exit.success(), "exit status {exit:?}\n{}", server.output());
    assert!(server.output().contains("shutting down"));
}

#[sqlx::test(migrations = false)]
async fn finishes_requests_in_flight_before_stopping(_: PgPoolOptions, db: PgConnectOptions) {
    let mut server = ServerProcess::start(&database_url_for(&db), &[]).await;
    // A transaction holding a lock on the cities makes the next page request wait inside the server.
    let mut blocker = PgConnection::connect_with(&db).await.unwrap();
    let mut lock = blocker.begin().await.unwrap();
    sqlx::query("LOCK TABLE partner_cities IN ACCESS EXCLUSIVE MODE").execute(&mut *lock).await.unwrap();
    let in_flight = tokio::spawn(support::http_get(server.port(), "/cities"));
    tokio::time::sleep(Duration::from_millis(500)).await;

    server.signal("TERM");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(server.is_running(), "the server waits for the request in flight");

    lock.rollback().await.unwrap();
    let (status, body) = in_flight.await.unwrap().expect("the request in flight gets an answer");
    assert_eq!(status, 200);
    assert!(body.contains("大空町"));
    let exit = server.wait(Duration::from_secs(10)).await;
    assert!(exit.success(), "exit status {exit:?}\n{}", server.output());
}

#[sqlx::test(migrations = false)]
async fn stops_on_sigint_too(_: PgPoolOptions, db: PgConnectOptions) {
    let mut server = ServerProcess::start(&database_url_for(&db), &[]).await;
    let exit = server.stop("INT", Duration::from_secs(10)).await;
    assert!(exit.success(), "exit status {exit:?}\n{}", server.output());
}

#[sqlx::test(migrations = false)]
async fn prints_a_one_time_admin_password_once(_: PgPoolOptions, db: PgConnectOptions) {
    let url = database_url_for(&db);
    let mut first = ServerProcess::start(&url, &[]).await;
    first.stop("TERM", Duration::from_secs(10)).await;
    let output = first.output();
    let password_line = output.lines().find(|l| l.trim_start().starts_with("password:")).unwrap_or_else(|| {
        panic!("no one-time password printed:\n{output}");
    });
    let password = password_line.split_whitespace().last().unwrap();
    assert_eq!(password.len(), 20);
    assert!(output.contains("admin@kizuna.invalid"));

    let mut second = ServerProcess::start(&url, &[]).await;
    second.stop("TERM", Duration::from_secs(10)).await;
    assert!(!second.output().contains("password:"), "the password is shown only on the first start");
}

#[sqlx::test(migrations = false)]
async fn two_server_processes_share_one_login(_: PgPoolOptions, db: PgConnectOptions) {
    let url = database_url_for(&db);
    let admin = [("KIZUNA_ADMIN_EMAIL", "jimukyoku@example.jp"), ("KIZUNA_ADMIN_PASSWORD", "a long admin phrase")];
    let mut first = ServerProcess::start(&url, &admin).await;
    let mut second = ServerProcess::start(&url, &[]).await;
    let form = [("content-type", "application/x-www-form-urlencoded")];
    let login = "email=jimukyoku%40example.jp&password=a+long+admin+phrase";

    let reply = support::http_request(first.port(), "POST", "/api/log_in", &form, login).await.unwrap();
    assert_eq!(reply.status, 200, "{}", reply.body);
    let cookie = reply.cookie().expect("a session cookie");
    let with_cookie = [("cookie", cookie.as_str())];

    let me = support::http_request(second.port(), "GET", "/api/my_account", &with_cookie, "").await.unwrap();
    assert_eq!(me.status, 200, "logged in on the other process too");
    assert!(me.body.contains("jimukyoku@example.jp"));

    let out = support::http_request(second.port(), "POST", "/api/log_out", &with_cookie, "").await.unwrap();
    assert_eq!(out.status, 200);
    let me = support::http_request(first.port(), "GET", "/api/my_account", &with_cookie, "").await.unwrap();
    assert_eq!(me.status, 401, "logging out on one process ends the session on both");

    first.stop("TERM", Duration::from_secs(10)).await;
    second.stop("TERM", Duration::from_secs(10)).await;
}

#[tokio::test]
async fn without_a_database_url_it_explains_what_to_do() {
    let output = support::run_to_exit(&[("DATABASE_URL", "")]).await;
    assert!(!output.status.success());
    assert!(output.text.contains("DATABASE_URL is not set"), "{}", output.text);
    assert!(!output.text.contains("panicked"));
}

#[tokio::test]
async fn an_unreachable_database_is_reported_plainly() {
    let output = support::run_to_exit(&[
        ("DATABASE_URL", "postgres://nobody@127.0.0.1:9/nothing"),
        ("KIZUNA_DB_STARTUP_WAIT_SECS", "1"),
    ])
    .await;
    assert!(!output.status.success());
    assert!(output.text.contains("the database did not answer"), "{}", output.text);
}
