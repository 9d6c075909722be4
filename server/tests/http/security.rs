use crate::support::{app, get, post_form, test_pool};
use axum::http::StatusCode;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

#[sqlx::test(migrations = "../migrations")]
async fn every_page_carries_the_security_headers(_: PgPoolOptions, db: PgConnectOptions) {
    let pool = test_pool(db).await;
    let app = app(pool);
    for path in ["/", "/cities/ozora", "/no/such/page", "/api/list_committees", "/healthz"] {
        let reply = get(&app, path).await;
        let csp = reply.header("content-security-policy");
        for directive in ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"] {
            assert!(csp.contains(directive), "{path}: CSP lacks {directive}: {csp}");
        }
        assert_eq!(reply.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(reply.header("referrer-policy"), "same-origin", "{path}");
        assert!(reply.header("vary").contains("Accept-Language"), "{path}: pages vary by language");
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn cross_site_posts_are_refused(_: PgPoolOptions, db: PgConnectOptions) {
    let pool = test_pool(db).await;
    let app = app(pool);
    let cross = post_form(&app, "/lang", "lang=en&next=%2F", &[("sec-fetch-site", "cross-site")]).await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN);
    assert!(cross.header("set-cookie").is_empty());
    let foreign_origin =
        post_form(&app, "/lang", "lang=en&next=%2F", &[("origin", "https://evil.example"), ("host", "127.0.0.1:3000")])
            .await;
    assert_eq!(foreign_origin.status, StatusCode::FORBIDDEN);
    let server_fn = post_form(&app, "/api/list_committees", "", &[("sec-fetch-site", "cross-site")]).await;
    assert_eq!(server_fn.status, StatusCode::FORBIDDEN);
}

#[sqlx::test(migrations = "../migrations")]
async fn same_origin_posts_still_work(_: PgPoolOptions, db: PgConnectOptions) {
    let pool = test_pool(db).await;
    let app = app(pool);
    let same = post_form(
        &app,
        "/lang",
        "lang=en&next=%2F",
        &[("sec-fetch-site", "same-origin"), ("origin", "http://127.0.0.1:3000"), ("host", "127.0.0.1:3000")],
    )
    .await;
    assert_eq!(same.status, StatusCode::SEE_OTHER);
    let old_browser = post_form(
        &app,
        "/lang",
        "lang=en&next=%2F",
        &[("origin", "http://127.0.0.1:3000"), ("host", "127.0.0.1:3000")],
    )
    .await;
    assert_eq!(old_browser.status, StatusCode::SEE_OTHER);
}

#[sqlx::test(migrations = "../migrations")]
async fn oversized_bodies_are_refused(_: PgPoolOptions, db: PgConnectOptions) {
    let pool = test_pool(db).await;
    let big = format!("lang=en&next=%2F{}", "a".repeat(2 * 1024 * 1024));
    let reply = post_form(&app(pool), "/lang", &big, &[]).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
}
