//! The database goes away and comes back: pages answer 503 quickly, then recover by themselves.

use crate::support::accounts::{log_in, member, MEMBER};
use crate::support::proxy::Proxy;
use crate::support::{app, get, get_with, post_form, with_db};
use axum::http::StatusCode;
use server::config::Config;
use sqlx::postgres::PgConnectOptions;
use sqlx::PgPool;
use std::time::{Duration, Instant};

/// DATABASE_URL with its host, port and database replaced: the app reaches the test database
/// through the proxy (credentials kept; a socket `?host=` dropped).
fn url_through(proxy: &Proxy, database: &str) -> String {
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let (scheme, rest) = url.split_once("://").unwrap();
    let authority = rest.split(['/', '?']).next().unwrap();
    let credentials = authority.rsplit_once('@').map(|(c, _)| format!("{c}@")).unwrap_or_default();
    format!("{scheme}://{credentials}127.0.0.1:{}/{database}", proxy.port)
}

/// The server's own pool settings (the documented 3 s acquire limit), through the proxy.
async fn pool_through(proxy: &Proxy, test_db: &PgConnectOptions) -> PgPool {
    let database = test_db.get_database().unwrap().to_string();
    let config = Config::from_lookup(|name| match name {
        "DATABASE_URL" => Some(url_through(proxy, &database)),
        "KIZUNA_DB_STARTUP_WAIT_SECS" => Some("5".into()),
        _ => None,
    })
    .unwrap();
    server::database::connect(&config).await.unwrap()
}

#[test]
fn a_database_outage_gives_503_quickly_and_the_app_recovers() {
    let _apart = crate::support::apart_from_heavy_tests();
    with_db(|db| async move {
        let proxy = Proxy::start(&db.options).await;
        let pool = pool_through(&proxy, &db.options).await;
        let app = app(pool.clone());

        assert_eq!(get(&app, "/cities").await.status, StatusCode::OK);
        assert_eq!(get(&app, "/readyz").await.status, StatusCode::OK);

        member(&db.pool).await;
        let cookie = log_in(&app, MEMBER).await;
        let logged_in = [("cookie", cookie.as_str())];

        // Every connection busy (a stalled database looks the same to a request): one request
        // waits once. However many times a page asks for a connection (the session, the menu,
        // the page itself), the 503 comes within the one acquire limit of 3 s.
        let mut held = Vec::new();
        for _ in 0..10 {
            held.push(pool.acquire().await.unwrap());
        }
        for (who, headers) in [("anonymous", &[][..]), ("logged in", &logged_in[..])] {
            let started = Instant::now();
            let page = get_with(&app, "/cities", headers).await;
            let waited = started.elapsed();
            assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE, "{who}: {}", page.body);
            assert!(page.body.contains("一時的に利用できません"), "{who}: the 503 page explains itself");
            // One acquire limit (3 s), never two (6 s): the margin is for a 2-core machine running
            // the rest of the suite at the same time (3.9 s seen there).
            assert!(waited < Duration::from_millis(5000), "{who}: the 503 took {waited:?}, the limit is 3 s");
        }
        drop(held);
        assert_eq!(get_with(&app, "/cities", &logged_in).await.status, StatusCode::OK);

        proxy.cut();
        let page = get_with(&app, "/cities", &logged_in).await;
        assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE, "{}", page.body);
        assert!(page.body.contains("一時的に利用できません"), "the 503 page explains itself");

        let started = Instant::now();
        let ready = get(&app, "/readyz").await;
        assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(started.elapsed() < Duration::from_millis(1500), "readyz must answer within about a second");
        assert_eq!(get(&app, "/healthz").await.status, StatusCode::OK, "the process itself is still healthy");

        proxy.restore();
        let page = get(&app, "/cities").await;
        assert_eq!(page.status, StatusCode::OK, "the app recovers without a restart");
        assert!(page.body.contains("大空町"));
        assert_eq!(get(&app, "/readyz").await.status, StatusCode::OK);
    })
}

/// Issue 9.16: a join form posted without JavaScript while the database is away loses nothing:
/// what was typed (never the password) comes back in the form once the site is back.
#[test]
fn a_join_form_posted_during_an_outage_keeps_what_was_typed() {
    with_db(|db| async move {
        let proxy = Proxy::start(&db.options).await;
        let app = app(pool_through(&proxy, &db.options).await);
        proxy.cut();
        let body = "account[email]=taro%40example.jp&account[password]=a+secret+phrase+here\
                    &account[membership_type]=individual&profile[full_name]=%E7%A8%B2%E5%9F%8E+%E5%A4%AA%E9%83%8E";
        let posted = post_form(&app, "/api/apply_for_membership", body, &[("accept", "text/html")]).await;
        let draft = posted
            .headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("kizuna_draft_join="))
            .map(|c| c.split(';').next().unwrap().to_string())
            .unwrap_or_else(|| panic!("no draft kept: {} {:?}", posted.status, posted.headers));
        assert!(!draft.contains("secret"), "never the password");

        proxy.restore();
        let page = get_with(&app, "/api/join_page", &[("cookie", &draft)]).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains("稲城 太郎") && page.body.contains("taro@example.jp"), "{}", page.body);
        assert!(!page.body.contains("a secret phrase"));
    })
}
