//! Brakes on password guessing: per address, and per email from one address.

use crate::support::accounts::{login_form as form, member, MEMBER};
use crate::support::{app, post_form_from, with_db};
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
        assert_eq!(braked.status, StatusCode::TOO_MANY_REQUESTS, "even the right password waits");
        let retry_after: u64 = braked.header("retry-after").parse().expect("a Retry-After header");
        assert!((1..=900).contains(&retry_after));

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
        let wait: u64 = post_form_from(&app, "/api/log_in", &form(MEMBER.0, MEMBER.1), "198.51.100.7")
            .await
            .header("retry-after")
            .parse()
            .unwrap();
        assert!(wait <= 30, "the delay for an email from anywhere stays short, never a lockout: {wait} s");
    })
}

#[test]
fn one_address_may_send_ten_applications_an_hour() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        for n in 0..10 {
            let email = format!("applicant{n}@example.jp");
            let body = crate::membership::join_form(&[("account[email]", &email)]);
            let reply = post_form_from(&app, "/api/apply_for_membership", &body, "192.0.2.30").await;
            assert_eq!(reply.status, StatusCode::OK, "application {n}: {}", reply.body);
        }
        let body = crate::membership::join_form(&[("account[email]", "one-more@example.jp")]);
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
