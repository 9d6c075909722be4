//! Brakes on password guessing: per address, per email (for browsers that never logged in to it),
//! per device cookie; and on reset links.

use crate::support::accounts::{admin_and_member, login_form as form, member, ADMIN, MEMBER};
use crate::support::{app, post_form_from, post_form_from_with, with_db, Reply};
use axum::http::StatusCode;

#[test]
fn repeated_failures_brake_that_email_from_that_address_only() {
    with_db(|db| async move {
        member(&db.pool).await;
        let app = app(db.pool.clone());
        for _ in 0..5 {
            let reply = post_form_from(&app, "/api/log_in", &form(MEMBER.0, "a wrong guess"), "192.0.2.10").await;
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        }
        let braked = post_form_from(&app, "/api/log_in", &form(MEMBER.0, MEMBER.1), "192.0.2.10").await;
        assert_eq!(braked.status, StatusCode::TOO_MANY_REQUESTS, "even the right password waits, in a new browser");
        assert_eq!(braked.header("retry-after"), "", "no hint when the brake on an email lifts");

        let elsewhere = post_form_from(&app, "/api/log_in", &form(MEMBER.0, MEMBER.1), "198.51.100.7").await;
        assert_eq!(elsewhere.status, StatusCode::OK, "the member is not locked out from their own address");
    })
}

#[test]
fn unknown_emails_are_braked_exactly_like_real_ones() {
    with_db(|db| async move {
        member(&db.pool).await;
        let app = app(db.pool.clone());
        for email in [MEMBER.0, "nobody@example.jp"] {
            let mut statuses = Vec::new();
            for _ in 0..6 {
                statuses.push(
                    post_form_from(&app, "/api/log_in", &form(email, "a wrong guess"), "192.0.2.11").await.status,
                );
            }
            assert_eq!(statuses.last(), Some(&StatusCode::TOO_MANY_REQUESTS), "{email}: {statuses:?}");
        }
    })
}

#[test]
fn one_address_has_a_rate_limit() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        let mut last = StatusCode::OK;
        for n in 0..31 {
            let email = format!("guess{n}@example.jp");
            last = post_form_from(&app, "/api/log_in", &form(&email, "a wrong guess"), "192.0.2.12").await.status;
        }
        assert_eq!(last, StatusCode::TOO_MANY_REQUESTS, "the 31st attempt in ten minutes");
        let other =
            post_form_from(&app, "/api/log_in", &form("guess0@example.jp", "a wrong guess"), "192.0.2.13").await;
        assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY, "other addresses are unaffected");
    })
}

#[test]
fn guessing_spread_over_many_addresses_is_slowed_too() {
    with_db(|db| async move {
        member(&db.pool).await;
        let app = app(db.pool.clone());
        let mut statuses = Vec::new();
        for n in 0..12 {
            let from = format!("203.0.113.{n}");
            statuses.push(post_form_from(&app, "/api/log_in", &form(MEMBER.0, "a wrong guess"), &from).await.status);
        }
        assert_eq!(statuses[..10], [StatusCode::UNPROCESSABLE_ENTITY; 10], "{statuses:?}");
        assert_eq!(statuses[10], StatusCode::TOO_MANY_REQUESTS, "the 11th guess at one email waits: {statuses:?}");
        let braked = post_form_from(&app, "/api/log_in", &form(MEMBER.0, MEMBER.1), "198.51.100.7").await;
        assert_eq!(braked.status, StatusCode::TOO_MANY_REQUESTS, "a browser that never logged in waits too");
        assert_eq!(braked.header("retry-after"), "", "and is not told when to strike again");
    })
}

#[test]
fn one_address_may_send_ten_applications_an_hour() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        for n in 0..10 {
            let email = format!("applicant{n}@example.jp");
            let body = crate::support::fixtures::join_form(&[("account[email]", &email)]);
            let reply = post_form_from(&app, "/api/apply_for_membership", &body, "192.0.2.30").await;
            assert_eq!(reply.status, StatusCode::OK, "application {n}: {}", reply.body);
        }
        let body = crate::support::fixtures::join_form(&[("account[email]", "one-more@example.jp")]);
        let braked = post_form_from(&app, "/api/apply_for_membership", &body, "192.0.2.30").await;
        assert_eq!(braked.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(braked.header("retry-after").parse::<u64>().is_ok_and(|s| (1..=3600).contains(&s)));
        let other = post_form_from(&app, "/api/apply_for_membership", &body, "198.51.100.30").await;
        assert_eq!(other.status, StatusCode::OK, "other addresses are not affected");
    })
}

#[test]
fn reset_links_are_not_a_way_to_flood_a_mailbox() {
    with_db(|db| async move {
        member(&db.pool).await;
        let app = app(db.pool.clone());
        let ask = crate::support::form(&[("email", MEMBER.0)]);
        for _ in 0..3 {
            let reply = post_form_from(&app, "/api/request_password_reset", &ask, "192.0.2.31").await;
            assert_eq!(reply.status, StatusCode::OK);
        }
        let braked = post_form_from(&app, "/api/request_password_reset", &ask, "192.0.2.32").await;
        assert_eq!(braked.status, StatusCode::TOO_MANY_REQUESTS, "three links an hour per email, from anywhere");
        assert_eq!(crate::privacy::mails_to(&db.pool, MEMBER.0, 3).await.len(), 3);
    })
}

/// The `name=value` part of the device cookie a reply sets, and the whole `Set-Cookie` line.
fn device_cookie(reply: &Reply) -> Option<(String, String)> {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("kizuna_device=") || c.starts_with("__Host-kizuna_device="))
        .map(|c| (c.split(';').next().unwrap().to_string(), c.to_string()))
}

const LOG_IN: &str = "/api/log_in";

/// Guesses at `email` from ever new addresses until the per-email brake holds, then keeps the
/// brake on for ten minutes (as an attacker who goes on guessing would).
async fn guess_until_braked(app: &axum::Router, db: &sqlx::PgPool, email: &str) -> Reply {
    for n in 0..40 {
        let guess = form(email, &format!("wrong guess {n}"));
        let reply = post_form_from(app, LOG_IN, &guess, &format!("203.0.113.{n}")).await;
        if reply.status == StatusCode::TOO_MANY_REQUESTS {
            sqlx::query(
                "UPDATE login_throttle SET blocked_until = now() + interval '10 minutes' WHERE blocked_until > now()",
            )
            .execute(db)
            .await
            .unwrap();
            return reply;
        }
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    }
    panic!("40 guesses from 40 addresses were never braked");
}

#[test]
fn an_attacker_cannot_lock_the_owner_out_of_a_browser_that_logged_in_before() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        // The admin logged in from this browser before: it keeps a device cookie.
        let earlier = post_form_from(&app, LOG_IN, &form(ADMIN.0, ADMIN.1), "198.51.100.20").await;
        assert_eq!(earlier.status, StatusCode::OK, "{}", earlier.body);
        let (device, line) = device_cookie(&earlier).expect("a device cookie after a login");
        for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=31536000"] {
            assert!(line.contains(attribute), "{line}");
        }
        let (member_device, _) =
            device_cookie(&post_form_from(&app, LOG_IN, &form(MEMBER.0, MEMBER.1), "198.51.100.30").await).unwrap();

        let braked = guess_until_braked(&app, &db.pool, ADMIN.0).await;
        assert_eq!(braked.header("retry-after"), "", "the attacker is not told when the brake lifts");

        let right = form(ADMIN.0, ADMIN.1);
        let owner = post_form_from_with(&app, LOG_IN, &right, "198.51.100.20", &[("cookie", &device)]).await;
        assert_eq!(owner.status, StatusCode::OK, "the owner's browser gets in: {}", owner.body);
        assert_eq!(owner.header("location"), "/account");

        for (who, cookie) in [("no device cookie", None), ("another account's", Some(&member_device))] {
            let headers: Vec<(&str, &str)> = cookie.map(|c| vec![("cookie", c.as_str())]).unwrap_or_default();
            let other = post_form_from_with(&app, LOG_IN, &form(ADMIN.0, ADMIN.1), "198.51.100.21", &headers).await;
            assert_eq!(other.status, StatusCode::TOO_MANY_REQUESTS, "{who}: held by the per-email brake");
        }
        let forged = "kizuna_device=AAAAAAAAAAAAAAAAAAAAAA";
        let guess = form(ADMIN.0, "one more guess");
        let attacker = post_form_from_with(&app, LOG_IN, &guess, "203.0.113.99", &[("cookie", forged)]).await;
        assert_eq!(attacker.status, StatusCode::TOO_MANY_REQUESTS, "the attacker stays braked");
    })
}

#[test]
fn a_device_cookie_has_its_own_brake() {
    with_db(|db| async move {
        member(&db.pool).await;
        let app = app(db.pool.clone());
        let (device, _) =
            device_cookie(&post_form_from(&app, LOG_IN, &form(MEMBER.0, MEMBER.1), "198.51.100.40").await).unwrap();
        let mut statuses = Vec::new();
        for n in 0..6 {
            let from = format!("198.51.100.{}", 41 + n);
            let guess = form(MEMBER.0, "a wrong guess");
            statuses.push(post_form_from_with(&app, LOG_IN, &guess, &from, &[("cookie", &device)]).await.status);
        }
        assert_eq!(statuses[..5], [StatusCode::UNPROCESSABLE_ENTITY; 5], "{statuses:?}");
        assert_eq!(statuses[5], StatusCode::TOO_MANY_REQUESTS, "the sixth guess with one device cookie waits");
    })
}

#[test]
fn a_bogus_reset_link_is_refused_before_any_hashing_and_braked_per_address() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        let bogus = crate::support::form(&[("token", "AAAAAAAAAAAAAAAAAAAAAA"), ("new_password", "a fine new phrase")]);
        for n in 0..20 {
            let post = post_form_from(&app, "/api/reset_password", &bogus, "192.0.2.50");
            let (reply, argon2_runs) = app::server::password::count_argon2_runs(post).await;
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "attempt {n}: {}", reply.body);
            assert!(reply.body.contains("LinkExpired"), "{}", reply.body);
            assert_eq!(argon2_runs, 0, "attempt {n}: an unknown link is refused before the password is hashed");
        }
        let braked = post_form_from(&app, "/api/reset_password", &bogus, "192.0.2.50").await;
        assert_eq!(braked.status, StatusCode::TOO_MANY_REQUESTS, "the 21st attempt from one address in an hour");
        assert!(braked.header("retry-after").parse::<u64>().is_ok_and(|s| (1..=3600).contains(&s)));
        let other = post_form_from(&app, "/api/reset_password", &bogus, "198.51.100.50").await;
        assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY, "other addresses are not affected");
    })
}

/// Uses up the per-address login rate limit of `from` (31 attempts), optionally through a proxy.
async fn exhaust_address(app: &axum::Router, from: &str, headers: &[(&str, &str)]) {
    let mut last = StatusCode::OK;
    for n in 0..31 {
        let guess = form(&format!("guess{n}@example.jp"), "a wrong guess");
        last = post_form_from_with(app, LOG_IN, &guess, from, headers).await.status;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
}

#[test]
fn ipv4_clients_of_an_ipv6_listener_each_have_their_own_bucket() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        // A server listening on [::] sees IPv4 clients as ::ffff:a.b.c.d.
        exhaust_address(&app, "::ffff:192.0.2.60", &[]).await;
        let guess = form("someone@example.jp", "a wrong guess");
        let neighbour = post_form_from(&app, LOG_IN, &guess, "::ffff:192.0.2.61").await;
        assert_eq!(neighbour.status, StatusCode::UNPROCESSABLE_ENTITY, "another IPv4 client has its own bucket");
        let same = post_form_from(&app, LOG_IN, &guess, "192.0.2.60").await;
        assert_eq!(same.status, StatusCode::TOO_MANY_REQUESTS, "the same client, however it arrives");
    })
}

#[test]
fn a_proxy_listed_as_ipv4_is_recognised_on_an_ipv6_listener() {
    with_db(|db| async move {
        let state = app::server::state::AppState {
            leptos_options: server::leptos_options_for("target/site"),
            pool: db.pool.clone(),
            secure_cookies: false,
            trusted_proxies: vec!["10.0.0.2".parse().unwrap()],
            settings: Default::default(),
            event_queues: Default::default(),
            reference: Default::default(),
        };
        let app = server::router(state);
        exhaust_address(&app, "::ffff:10.0.0.2", &[("x-forwarded-for", "192.0.2.70")]).await;
        let guess = form("someone@example.jp", "a wrong guess");
        let other_client =
            post_form_from_with(&app, LOG_IN, &guess, "::ffff:10.0.0.2", &[("x-forwarded-for", "192.0.2.71")]).await;
        assert_eq!(other_client.status, StatusCode::UNPROCESSABLE_ENTITY, "each client behind the proxy counts apart");
    })
}
