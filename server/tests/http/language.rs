use crate::support::{app, get_with, post_form, test_pool};
use axum::http::StatusCode;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

#[sqlx::test(migrations = "../migrations")]
async fn switching_language_sets_the_cookie_and_returns_to_the_page(_: PgPoolOptions, db: PgConnectOptions) {
    let pool = test_pool(db).await;
    let app = app(pool);
    let reply = post_form(&app, "/lang", "lang=en&next=%2Fcities%2Fozora", &[]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.header("location"), "/cities/ozora");
    let cookie = reply.header("set-cookie");
    assert!(cookie.starts_with("kizuna_lang=en;"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax") && cookie.contains("Path=/") && cookie.contains("Max-Age="));

    let page = get_with(&app, "/cities/ozora", &[("cookie", "kizuna_lang=en")]).await;
    assert!(page.body.contains("Ozora Town"));
}

#[sqlx::test(migrations = "../migrations")]
async fn the_switch_is_no_open_redirect(_: PgPoolOptions, db: PgConnectOptions) {
    let pool = test_pool(db).await;
    let reply = post_form(&app(pool), "/lang", "lang=ja&next=https%3A%2F%2Fevil.example%2F", &[]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.header("location"), "/");
}

#[sqlx::test(migrations = "../migrations")]
async fn unknown_languages_are_refused(_: PgPoolOptions, db: PgConnectOptions) {
    let pool = test_pool(db).await;
    let reply = post_form(&app(pool), "/lang", "lang=fr&next=%2F", &[]).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.header("set-cookie").is_empty());
}
