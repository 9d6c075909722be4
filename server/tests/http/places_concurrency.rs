//! The places of an event under contention: concurrent sign-ups and cancellations racing sign-ups
//! must never overbook and must leave one consistent waiting list.

use crate::support::fixtures::{assert_queue_consistent, many_members, people, places, published_event, signup_form};
use crate::support::{app, post_form, with_db};
use axum::http::StatusCode;
use axum::Router;

/// 200 members (each with 0–2 companions) sign up at once for 50 places, several times: exactly
/// the places are taken, everyone else waits in a consistent order, and nobody gets a 5xx.
#[test]
fn two_hundred_concurrent_sign_ups_never_overbook() {
    let _apart = crate::support::apart_from_heavy_tests();
    with_db(|db| async move {
        let app = app(db.pool.clone());
        let (_, _, chair, _) = people(&app, &db.pool).await;
        let sessions = many_members(&app, &db.pool, 200).await;
        for round in 0..3 {
            let event = published_event(&app, &db.pool, &chair, &[("event[title_ja]", &format!("第{round}回"))]).await;
            let replies = race(
                &app,
                sessions
                    .iter()
                    .enumerate()
                    .map(|(i, cookie)| ("/api/sign_up".to_string(), signup_form(event, i % 3), cookie.clone()))
                    .collect(),
            )
            .await;
            assert!(replies.iter().all(|s| *s == StatusCode::OK), "round {round}: {replies:?}");
            let (taken, confirmed, waiting) = places(&db.pool, event).await;
            assert_eq!((taken, confirmed), (50, 50), "round {round}: exactly the places are taken");
            assert_eq!(
                waiting
                    + sqlx::query_scalar::<_, i64>(
                        "SELECT count(*) FROM signups WHERE event_id = $1 AND status = 'confirmed'"
                    )
                    .bind(event)
                    .fetch_one(&db.pool)
                    .await
                    .unwrap(),
                200
            );
            assert_queue_consistent(&db.pool, event).await;
        }
    })
}

/// Cancellations race new sign-ups: the count stays exact and nothing that fits waits.
#[test]
fn cancellations_racing_sign_ups_keep_the_count_exact() {
    let _apart = crate::support::apart_from_heavy_tests();
    with_db(|db| async move {
        let app = app(db.pool.clone());
        let (_, _, chair, _) = people(&app, &db.pool).await;
        let sessions = many_members(&app, &db.pool, 150).await;
        let event = published_event(&app, &db.pool, &chair, &[]).await;
        let first = race(
            &app,
            sessions[..50].iter().map(|c| ("/api/sign_up".to_string(), signup_form(event, 0), c.clone())).collect(),
        )
        .await;
        assert!(first.iter().all(|s| *s == StatusCode::OK));
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT s.id FROM signups s JOIN accounts a ON a.id = s.account_id
             WHERE s.event_id = $1 ORDER BY substring(a.email from '[0-9]+')::int",
        )
        .bind(event)
        .fetch_all(&db.pool)
        .await
        .unwrap();
        let mut calls: Vec<(String, String, String)> = Vec::new();
        for (n, cookie) in sessions.iter().enumerate() {
            if n < 30 {
                calls.push(("/api/cancel_my_signup".into(), format!("signup_id={}", ids[n]), cookie.clone()));
            } else if n >= 50 {
                calls.push(("/api/sign_up".into(), signup_form(event, n % 2), cookie.clone()));
            }
        }
        let replies = race(&app, calls).await;
        assert!(replies.iter().all(|s| *s == StatusCode::OK), "{replies:?}");
        let (taken, confirmed, _) = places(&db.pool, event).await;
        assert_eq!((taken, confirmed), (50, 50));
        assert_queue_consistent(&db.pool, event).await;
    })
}

/// Sends every (path, body, cookie) at once; the statuses.
async fn race(app: &Router, calls: Vec<(String, String, String)>) -> Vec<StatusCode> {
    let tasks: Vec<_> = calls
        .into_iter()
        .map(|(path, body, cookie)| {
            let app = app.clone();
            tokio::spawn(async move { post_form(&app, &path, &body, &[("cookie", &cookie)]).await.status })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    statuses
}
