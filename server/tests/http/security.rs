use crate::support::accounts::{admin_and_member, log_in, login_form, ADMIN};
use crate::support::{app, get, get_with, post_form, with_db};
use axum::http::StatusCode;

#[test]
fn every_page_carries_the_security_headers() {
    with_db(|db| async move {
        let pool = db.pool.clone();
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
    })
}

#[test]
fn cross_site_posts_are_refused() {
    with_db(|db| async move {
        let pool = db.pool.clone();
        let app = app(pool);
        let cross = post_form(&app, "/lang", "lang=en&next=%2F", &[("sec-fetch-site", "cross-site")]).await;
        assert_eq!(cross.status, StatusCode::FORBIDDEN);
        assert!(cross.header("set-cookie").is_empty());
        let foreign_origin = post_form(
            &app,
            "/lang",
            "lang=en&next=%2F",
            &[("origin", "https://evil.example"), ("host", "127.0.0.1:3000")],
        )
        .await;
        assert_eq!(foreign_origin.status, StatusCode::FORBIDDEN);
        let server_fn = post_form(&app, "/api/list_committees", "", &[("sec-fetch-site", "cross-site")]).await;
        assert_eq!(server_fn.status, StatusCode::FORBIDDEN);
    })
}

#[test]
fn same_origin_posts_still_work() {
    with_db(|db| async move {
        let pool = db.pool.clone();
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
    })
}

#[test]
fn oversized_bodies_are_refused() {
    with_db(|db| async move {
        let pool = db.pool.clone();
        let big = format!("lang=en&next=%2F{}", "a".repeat(2 * 1024 * 1024));
        let reply = post_form(&app(pool), "/lang", &big, &[]).await;
        assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    })
}

#[test]
fn pages_allow_only_their_own_inline_scripts() {
    with_db(|db| async move {
        let reply = get(&app(db.pool.clone()), "/cities").await;
        let csp = reply.header("content-security-policy").to_string();
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .unwrap_or_else(|| panic!("no nonce in the page's policy: {csp}"));
        assert!(nonce.len() >= 16, "the nonce is long enough to guess: {nonce}");
        let script_src = csp.split(';').find(|d| d.trim().starts_with("script-src")).unwrap();
        assert!(!script_src.contains("unsafe-inline"), "{csp}");
        let script_tags = reply.body.matches("<script").count();
        let with_nonce = reply.body.matches(&format!("nonce=\"{nonce}\"")).count();
        assert!(script_tags > 0 && with_nonce == script_tags, "{with_nonce} of {script_tags} scripts carry the nonce");

        let again = get(&app(db.pool), "/cities").await;
        assert!(!again.header("content-security-policy").contains(nonce), "a new nonce for every page");
    })
}

/// Issue 9.7: nothing personal is kept by a browser cache or a proxy.
#[test]
fn personal_data_is_never_cached() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        admin_and_member(&db.pool).await;
        let admin = log_in(&app, ADMIN).await;
        for path in ["/account", "/admin/members", "/events", "/admin/exports/members.csv", "/account/export.json"] {
            let reply = get_with(&app, path, &[("cookie", &admin)]).await;
            assert_eq!(reply.header("cache-control"), "no-store", "{path} as a logged-in user ({})", reply.status);
        }
        let api = get(&app, "/api/list_committees").await;
        assert_eq!(api.header("cache-control"), "no-store", "server-function answers");
        let login = post_form(&app, "/api/log_in", &login_form(ADMIN.0, ADMIN.1), &[]).await;
        assert_eq!(login.header("cache-control"), "no-store", "the login answer");
    })
}

/// Issue 9.7: a link on another site cannot make a logged-in browser download a roster (which
/// would also write an audit entry in the user's name).
#[test]
fn downloads_refuse_links_from_other_sites() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        admin_and_member(&db.pool).await;
        let admin = log_in(&app, ADMIN).await;
        let audited = || async {
            let n: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'export.roster'")
                .fetch_one(&db.pool)
                .await
                .unwrap();
            n
        };
        for path in ["/admin/exports/members.csv", "/admin/exports/audit.csv", "/account/export.csv"] {
            let cross = get_with(&app, path, &[("cookie", &admin), ("sec-fetch-site", "cross-site")]).await;
            assert_eq!(cross.status, StatusCode::FORBIDDEN, "{path}");
            let sibling = get_with(&app, path, &[("cookie", &admin), ("sec-fetch-site", "same-site")]).await;
            assert_eq!(sibling.status, StatusCode::FORBIDDEN, "{path}");
        }
        assert_eq!(audited().await, 0, "a refused download leaves no audit entry in the admin's name");
        let own =
            get_with(&app, "/admin/exports/members.csv", &[("cookie", &admin), ("sec-fetch-site", "same-origin")])
                .await;
        assert_eq!(own.status, StatusCode::OK);
        let typed =
            get_with(&app, "/admin/exports/members.csv", &[("cookie", &admin), ("sec-fetch-site", "none")]).await;
        assert_eq!(typed.status, StatusCode::OK, "an address typed or bookmarked");
        assert_eq!(audited().await, 2);
    })
}

/// Issue 9.7: a site reached over HTTPS tells browsers to keep to it; a local one does not.
#[test]
fn https_sites_send_hsts() {
    with_db(|db| async move {
        let plain = get(&app(db.pool.clone()), "/").await;
        assert_eq!(plain.header("strict-transport-security"), "");
        let state = app::server::state::AppState {
            leptos_options: server::leptos_options_for("target/site"),
            pool: db.pool.clone(),
            secure_cookies: true,
            trusted_proxies: vec![],
            settings: app::server::state::Settings {
                public_url: "https://kizuna.example.jp".into(),
                ..Default::default()
            },
        };
        let secure = get(&server::router(state), "/").await;
        assert!(secure.header("strict-transport-security").starts_with("max-age="), "{:?}", secure.headers);
    })
}
