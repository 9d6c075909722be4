//! `api/account.rs` over HTTP: logging in and out, sessions kept in the database, password changes.

use crate::support::accounts::{admin_and_member as accounts, login_form as form, ADMIN, MEMBER};
use crate::support::accounts::{log_in, session_cookie, session_set_cookie};
use crate::support::{app, get_with, post_form, with_db};
use app::server::bootstrap;
use axum::http::StatusCode;
use sqlx::PgPool;

async fn sessions_stored(pool: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM tower_sessions.session").fetch_one(pool).await.unwrap()
}

#[test]
fn the_right_password_starts_a_session_kept_in_the_database() {
    with_db(|db| async move {
        accounts(&db.pool).await;
        let app = app(db.pool.clone());
        // As a form posted without JavaScript: a real redirect.
        let reply =
            post_form(&app, "/api/log_in", &form("Jimukyoku@Example.JP", ADMIN.1), &[("accept", "text/html")]).await;
        assert_eq!(reply.status, StatusCode::FOUND);
        assert_eq!(reply.header("location"), "/account");
        let set_cookie = session_set_cookie(&reply).expect("a session cookie");
        for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
            assert!(set_cookie.contains(attribute), "{set_cookie}");
        }
        let cookie = session_cookie(&reply).unwrap();
        assert_eq!(sessions_stored(&db.pool).await, 1);

        let me = get_with(&app, "/api/my_account", &[("cookie", &cookie)]).await;
        assert_eq!(me.status, StatusCode::OK);
        let me: serde_json::Value = serde_json::from_str(&me.body).unwrap();
        assert_eq!(me["email"], ADMIN.0);
        assert_eq!(me["roles"], serde_json::json!(["Admin"]));

        let page = get_with(&app, "/account", &[("cookie", &cookie)]).await;
        assert!(page.body.contains(ADMIN.0) && page.body.contains("事務局"));
        assert!(page.body.contains(r#"href="/account""#), "the menu offers my page");
    })
}

#[test]
fn an_unknown_email_and_a_wrong_password_get_the_same_answer() {
    with_db(|db| async move {
        accounts(&db.pool).await;
        let app = app(db.pool.clone());
        let wrong = post_form(&app, "/api/log_in", &form(MEMBER.0, "not the phrase at all"), &[]).await;
        let unknown = post_form(&app, "/api/log_in", &form("nobody@example.jp", MEMBER.1), &[]).await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!((wrong.status, &wrong.body), (unknown.status, &unknown.body));
        assert!(wrong.body.contains("WrongCredentials"));
        assert!(session_cookie(&wrong).is_none() && session_cookie(&unknown).is_none());
        assert_eq!(sessions_stored(&db.pool).await, 0);
    })
}

#[test]
fn empty_fields_are_named() {
    with_db(|db| async move {
        let reply = post_form(&app(db.pool), "/api/log_in", "email=&password=", &[]).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(reply.body.contains(r#""field":"email""#) && reply.body.contains(r#""field":"password""#));
    })
}

#[test]
fn logging_out_ends_the_session_in_the_store() {
    with_db(|db| async move {
        accounts(&db.pool).await;
        let app = app(db.pool.clone());
        let cookie = log_in(&app, MEMBER).await;
        let out = post_form(&app, "/api/log_out", "", &[("cookie", &cookie)]).await;
        assert_eq!((out.status, out.header("location")), (StatusCode::OK, "/"));
        assert_eq!(sessions_stored(&db.pool).await, 0);
        let me = get_with(&app, "/api/my_account", &[("cookie", &cookie)]).await;
        assert_eq!(me.status, StatusCode::UNAUTHORIZED, "the old cookie is worthless");
    })
}

#[test]
fn each_login_gets_a_new_session_id() {
    with_db(|db| async move {
        accounts(&db.pool).await;
        let app = app(db.pool.clone());
        let first = log_in(&app, MEMBER).await;
        let reply = post_form(&app, "/api/log_in", &form(MEMBER.0, MEMBER.1), &[("cookie", &first)]).await;
        let second = session_cookie(&reply).expect("a new cookie");
        assert_ne!(first, second);
        assert_eq!(get_with(&app, "/api/my_account", &[("cookie", &first)]).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(get_with(&app, "/api/my_account", &[("cookie", &second)]).await.status, StatusCode::OK);
    })
}

#[test]
fn disabling_an_account_ends_its_sessions_and_refuses_logins() {
    with_db(|db| async move {
        accounts(&db.pool).await;
        let app = app(db.pool.clone());
        let cookie = log_in(&app, MEMBER).await;
        sqlx::query("UPDATE accounts SET disabled_at = now() WHERE email = $1")
            .bind(MEMBER.0)
            .execute(&db.pool)
            .await
            .unwrap();
        assert_eq!(get_with(&app, "/api/my_account", &[("cookie", &cookie)]).await.status, StatusCode::UNAUTHORIZED);
        let again = post_form(&app, "/api/log_in", &form(MEMBER.0, MEMBER.1), &[]).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    })
}

#[test]
fn my_page_asks_anonymous_readers_to_log_in() {
    with_db(|db| async move {
        let page = get_with(&app(db.pool), "/account", &[]).await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
        assert!(page.body.contains("ログインが必要です") && page.body.contains(r#"href="/login""#));
    })
}

#[test]
fn https_deployments_get_a_secure_host_only_cookie() {
    with_db(|db| async move {
        accounts(&db.pool).await;
        let state = app::server::state::AppState {
            leptos_options: server::leptos_options_for("target/site"),
            pool: db.pool.clone(),
            secure_cookies: true,
            trusted_proxies: vec![],
            settings: Default::default(),
            event_queues: Default::default(),
            reference: Default::default(),
        };
        let reply = post_form(&server::router(state), "/api/log_in", &form(MEMBER.0, MEMBER.1), &[]).await;
        let set_cookie = session_set_cookie(&reply).expect("a session cookie");
        assert!(set_cookie.starts_with("__Host-kizuna_session=") && set_cookie.contains("Secure"), "{set_cookie}");
        let device =
            reply.headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).find(|c| c.contains("device"));
        let device = device.expect("a device cookie");
        assert!(device.starts_with("__Host-kizuna_device=") && device.contains("; Secure"), "{device}");
    })
}

/// Every server function × every role that exists so far.
#[test]
fn access_matrix() {
    with_db(|db| async move {
        accounts(&db.pool).await;
        let app = app(db.pool.clone());
        let member = log_in(&app, MEMBER).await;
        let admin = log_in(&app, ADMIN).await;
        let roles: [(&str, Option<&str>); 3] =
            [("anonymous", None), ("member", Some(&member)), ("admin", Some(&admin))];
        // (endpoint, expected status for anonymous, member, admin)
        let reads: [(&str, [StatusCode; 3]); 6] = [
            ("/api/list_partner_cities", [StatusCode::OK; 3]),
            ("/api/get_partner_city?slug=ozora", [StatusCode::OK; 3]),
            ("/api/list_committees", [StatusCode::OK; 3]),
            ("/api/get_committee?slug=domestic", [StatusCode::OK; 3]),
            ("/api/current_account", [StatusCode::OK; 3]),
            ("/api/my_account", [StatusCode::UNAUTHORIZED, StatusCode::OK, StatusCode::OK]),
        ];
        for (path, expected) in reads {
            for ((role, cookie), status) in roles.iter().zip(expected) {
                let headers = crate::support::cookie_header(*cookie);
                let reply = get_with(&app, path, &headers).await;
                assert_eq!(reply.status, status, "{path} as {role}");
            }
        }
        // Changing a password needs a login (a wrong current password is a 422, not a 401).
        for ((role, cookie), status) in roles.iter().zip([
            StatusCode::UNAUTHORIZED,
            StatusCode::UNPROCESSABLE_ENTITY,
            StatusCode::UNPROCESSABLE_ENTITY,
        ]) {
            let headers = crate::support::cookie_header(*cookie);
            let reply = post_form(
                &app,
                "/api/change_password",
                &password_form("wrong current", "a brand new phrase"),
                &headers,
            )
            .await;
            assert_eq!(reply.status, status, "change_password as {role}");
        }
        // Logging in and out are open to every role (log_out last: it ends the session).
        for (role, cookie) in roles {
            let headers = crate::support::cookie_header(cookie);
            let refused = post_form(&app, "/api/log_in", &form(MEMBER.0, "wrong phrase here"), &headers).await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "log_in as {role}");
            let out = post_form(&app, "/api/log_out", "", &headers).await;
            assert_eq!(out.status, StatusCode::OK, "log_out as {role}");
        }
    })
}

#[test]
fn a_refused_login_form_without_javascript_goes_back_to_the_form_with_the_error() {
    with_db(|db| async move {
        accounts(&db.pool).await;
        let browser = [("accept", "text/html"), ("referer", "http://127.0.0.1:3000/login")];
        let reply = post_form(&app(db.pool), "/api/log_in", &form(MEMBER.0, "wrong phrase here"), &browser).await;
        assert_eq!(reply.status, StatusCode::FOUND);
        let location = reply.header("location");
        assert!(location.starts_with("http://127.0.0.1:3000/login?") && location.contains("__err="), "{location}");
    })
}

fn password_form(current: &str, new: &str) -> String {
    crate::support::form(&[("current_password", current), ("new_password", new)])
}

#[test]
fn changing_the_password_needs_the_current_one_and_ends_other_sessions() {
    with_db(|db| async move {
        accounts(&db.pool).await;
        let app = app(db.pool.clone());
        let here = log_in(&app, MEMBER).await;
        let elsewhere = log_in(&app, MEMBER).await;

        let wrong = post_form(
            &app,
            "/api/change_password",
            &password_form("not it at all", "a brand new phrase"),
            &[("cookie", &here)],
        )
        .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(wrong.body.contains(r#""field":"current_password""#));
        let weak =
            post_form(&app, "/api/change_password", &password_form(MEMBER.1, "password1"), &[("cookie", &here)]).await;
        assert!(weak.body.contains(r#""field":"new_password""#) && weak.body.contains("TooCommon"), "{}", weak.body);

        let done = post_form(
            &app,
            "/api/change_password",
            &password_form(MEMBER.1, "a brand new phrase"),
            &[("cookie", &here)],
        )
        .await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        assert_eq!(done.header("location"), "/account?password=changed");
        let renewed = session_cookie(&done).expect("this session continues under a new id");
        assert_eq!(get_with(&app, "/api/my_account", &[("cookie", &renewed)]).await.status, StatusCode::OK);
        assert_eq!(get_with(&app, "/api/my_account", &[("cookie", &elsewhere)]).await.status, StatusCode::UNAUTHORIZED);

        let old = post_form(&app, "/api/log_in", &form(MEMBER.0, MEMBER.1), &[]).await;
        assert_eq!(old.status, StatusCode::UNPROCESSABLE_ENTITY, "the old password no longer works");
        log_in(&app, (MEMBER.0, "a brand new phrase")).await;
    })
}

#[test]
fn changing_the_generated_password_clears_the_must_change_flag() {
    with_db(|db| async move {
        let created = bootstrap::ensure_first_admin(&db.pool, None, None).await.unwrap();
        let bootstrap::FirstAdmin::Created { email, generated_password: Some(secret) } = created else { panic!() };
        let app = app(db.pool.clone());
        let cookie = log_in(&app, (&email, &secret)).await;
        let page = get_with(&app, "/account", &[("cookie", &cookie)]).await;
        assert!(page.body.contains("初回用"), "my page asks for a new password");
        let done = post_form(
            &app,
            "/api/change_password",
            &password_form(&secret, "the secretariat's phrase"),
            &[("cookie", &cookie)],
        )
        .await;
        let cookie = session_cookie(&done).unwrap();
        let me = get_with(&app, "/api/my_account", &[("cookie", &cookie)]).await;
        assert!(me.body.contains(r#""must_change_password":false"#), "{}", me.body);
    })
}

#[test]
fn anonymous_callers_cannot_change_a_password() {
    with_db(|db| async move {
        let reply =
            post_form(&app(db.pool), "/api/change_password", &password_form("x", "a brand new phrase"), &[]).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    })
}

#[test]
fn a_login_renews_a_hash_made_with_old_settings() {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    with_db(|db| async move {
        let old_params = argon2::Params::new(4096, 1, 1, None).unwrap();
        let old = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, old_params)
            .hash_password(MEMBER.1.as_bytes(), &SaltString::generate(&mut OsRng))
            .unwrap()
            .to_string();
        sqlx::query("INSERT INTO accounts (email, password_hash) VALUES ($1, $2)")
            .bind(MEMBER.0)
            .bind(&old)
            .execute(&db.pool)
            .await
            .unwrap();
        let app = app(db.pool.clone());
        log_in(&app, MEMBER).await;
        let stored: String = sqlx::query_scalar("SELECT password_hash FROM accounts WHERE email = $1")
            .bind(MEMBER.0)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_ne!(stored, old);
        assert!(!app::server::password::needs_rehash(&stored), "{stored}");
        log_in(&app, MEMBER).await;
    })
}
