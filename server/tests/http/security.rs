use crate::support::{app, get, post_form, with_db};
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
