//! Event reminders: some days before the event, each confirmed sign-up is reminded once, in the
//! holder's language; the waiting list is not, until a place frees up for it; an event that asks
//! for none, or is further away, gets none; the chair's list shows who was reminded.

use crate::support::fixtures::{many_members, people, published_event, signup_form};
use crate::support::{form, get_with, post_form, with_db};
use axum::http::StatusCode;
use chrono::{Duration, FixedOffset, Utc};

/// Tokyo local time `days` from now, as the event form takes it.
fn in_days(days: i64) -> String {
    let tokyo = FixedOffset::east_opt(9 * 3600).unwrap();
    (Utc::now() + Duration::days(days)).with_timezone(&tokyo).format("%Y-%m-%dT%H:%M").to_string()
}

async fn reminders(pool: &sqlx::PgPool) -> Vec<String> {
    sqlx::query_scalar("SELECT to_address FROM outbox WHERE subject LIKE 'まもなく開催%' ORDER BY id")
        .fetch_all(pool)
        .await
        .unwrap()
}

#[test]
fn confirmed_sign_ups_are_reminded_once_and_a_late_place_too() {
    with_db(|db| async move {
        let app = crate::support::app(db.pool.clone());
        let (_, _, chair, _) = people(&app, &db.pool).await;
        let members = many_members(&app, &db.pool, 3).await;
        let (starts, ends) = (in_days(2), in_days(3));
        let soon = published_event(
            &app,
            &db.pool,
            &chair,
            &[("event[starts_at]", &starts), ("event[ends_at]", &ends), ("event[capacity]", "2")],
        )
        .await;
        // Also two days off, but asking for no reminder; and one far ahead.
        let quiet = published_event(
            &app,
            &db.pool,
            &chair,
            &[("event[starts_at]", &starts), ("event[ends_at]", &ends), ("event[reminder_days]", "0")],
        )
        .await;
        let later = published_event(&app, &db.pool, &chair, &[]).await;
        for cookie in &members {
            for event in [soon, quiet, later] {
                let signed = post_form(&app, "/api/sign_up", &signup_form(event, 0), &[("cookie", cookie)]).await;
                assert_eq!(signed.status, StatusCode::OK, "{}", signed.body);
            }
        }

        assert_eq!(app::server::reminders::run_once(&db.pool).await.unwrap(), 2, "the two holding a place");
        assert_eq!(reminders(&db.pool).await, ["racer0@example.jp", "racer1@example.jp"]);
        assert_eq!(app::server::reminders::run_once(&db.pool).await.unwrap(), 0, "once each");

        // A place frees up: the waiting member now holds it, and is reminded at the next round.
        let signup: i64 = sqlx::query_scalar(
            "SELECT s.id FROM signups s JOIN accounts a ON a.id = s.account_id
             WHERE s.event_id = $1 AND a.email = 'racer0@example.jp'",
        )
        .bind(soon)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        let cancelled = post_form(
            &app,
            "/api/cancel_my_signup",
            &form(&[("signup_id", &signup.to_string())]),
            &[("cookie", &members[0])],
        )
        .await;
        assert_eq!(cancelled.status, StatusCode::OK, "{}", cancelled.body);
        assert_eq!(app::server::reminders::run_once(&db.pool).await.unwrap(), 1);
        assert_eq!(reminders(&db.pool).await.last().map(String::as_str), Some("racer2@example.jp"));

        // The mail says when and where; the chair sees who was reminded.
        let body: String = sqlx::query_scalar("SELECT body FROM outbox WHERE subject LIKE 'まもなく開催%' LIMIT 1")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert!(body.contains("会場: 稲城市役所前") && body.contains("日時:"), "{body}");
        let list = get_with(&app, &format!("/api/event_participants?id={soon}"), &[("cookie", &chair)]).await;
        assert_eq!(list.status, StatusCode::OK, "{}", list.body);
        let list: serde_json::Value = serde_json::from_str(&list.body).unwrap();
        let reminded = list["participants"].as_array().unwrap().iter().filter(|p| p["reminded_at"].is_string()).count();
        assert_eq!(reminded, 2, "the two who hold places now were reminded");
    });
}
