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
            settings: app::server::state::Settings { public_url: "https://kizuna.example.jp".into() },
            event_queues: Default::default(),
            reference: Default::default(),
        };
        let secure = get(&server::router(state), "/").await;
        assert!(secure.header("strict-transport-security").starts_with("max-age="), "{:?}", secure.headers);
    })
}

/// Issue 9.8 and 9.9: a NUL or another control character, or an overlong value, in any parameter
/// of any endpoint is a clear 404/414/422, never a 500 and never a download broken after its 200.
#[test]
fn malformed_parameters_never_reach_the_database() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        admin_and_member(&db.pool).await;
        let admin = log_in(&app, ADMIN).await;
        let as_admin = [("cookie", admin.as_str())];
        let gets = [
            "/api/get_partner_city?slug=oz%00ra",
            "/api/get_committee?slug=%00",
            "/api/committee_activity?slug=a%00",
            "/api/city_events?slug=a%00",
            "/api/list_events?filter[committee]=%00",
            "/api/list_events?filter[city]=x%01y",
            "/api/event_page?id=1%00",
            "/api/member_list?filter[q]=%00",
            "/api/member_list?filter[status]=%00&filter[kind]=%00&filter[committee]=%00",
            "/api/audit_log?filter[actor]=%00&filter[action]=%00&filter[record_type]=%00",
            "/api/city_form?slug=%00",
            "/events?committee=%00",
            "/events?city=%00",
            "/admin/members?q=%00",
            "/admin/audit?action=%00",
            "/admin/exports/members.csv?status=%00",
            "/admin/exports/audit.csv?action=%00",
            "/admin/exports/committees/%00.csv",
            "/cities/oz%00ra",
            "/committees/%00",
        ];
        for path in gets {
            let reply = get_with(&app, path, &as_admin).await;
            assert!(
                matches!(reply.status.as_u16(), 404 | 422),
                "GET {path}: {} {}",
                reply.status,
                reply.body.chars().take(200).collect::<String>()
            );
        }
        let posts = [
            ("/api/log_in", "email=a%00%40example.jp&password=x".to_string()),
            ("/api/log_in", format!("email={}%40example.jp&password=x", "a".repeat(3000))),
            ("/api/request_password_reset", "email=%00".to_string()),
            ("/api/request_password_reset", format!("email={}%40example.jp", "b".repeat(3000))),
            ("/api/set_committee_membership", "slug=%00&join=true".to_string()),
            ("/api/set_event_status", "id=1&status=%00".to_string()),
            ("/api/save_partner_city", "original=%00".to_string()),
            ("/api/reject_member", "id=1&reason=%00".to_string()),
        ];
        for (path, body) in posts {
            let reply = post_form(&app, path, &body, &as_admin).await;
            assert!(
                matches!(reply.status.as_u16(), 404 | 422),
                "POST {path}: {} {}",
                reply.status,
                reply.body.chars().take(200).collect::<String>()
            );
        }
        let long_query = format!("/api/list_events?filter[committee]={}", "a".repeat(5000));
        assert_eq!(get(&app, &long_query).await.status, StatusCode::URI_TOO_LONG);
        let audited: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'export.roster'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(audited, 0, "no refused download is recorded as made");
    })
}
