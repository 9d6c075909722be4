//! One hot event cannot stall the site. While another connection holds an event's row lock,
//! sign-ups for that event wait their turn in the process without holding a database connection,
//! and answer "busy" (503 with Retry-After) or go through once the lock is gone; meanwhile
//! unrelated pages answer at once, and the places are never overbooked.

use crate::support::fixtures::{assert_queue_consistent, many_members, people, places, published_event, signup_form};
use crate::support::{app, get, post_form, production_pool, with_db, Reply};
use axum::http::StatusCode;
use sqlx::{Connection, PgConnection};
use std::time::{Duration, Instant};

/// How long the other connection holds the event row: longer than the lock wait of one sign-up.
const HOLD: Duration = Duration::from_secs(5);

#[test]
fn a_locked_event_does_not_starve_unrelated_requests() {
    with_db(|db| async move {
        let app = app(production_pool(&db.options).await);
        let (_, _, chair, _) = people(&app, &db.pool).await;
        let sessions = many_members(&app, &db.pool, 40).await;
        let event = published_event(&app, &db.pool, &chair, &[("event[capacity]", "20")]).await;

        let mut holder = PgConnection::connect_with(&db.options).await.unwrap();
        let mut lock = holder.begin().await.unwrap();
        sqlx::query("SELECT id FROM events WHERE id = $1 FOR UPDATE").bind(event).execute(&mut *lock).await.unwrap();
        let held_since = Instant::now();
        let sign_ups: Vec<tokio::task::JoinHandle<Reply>> = sessions
            .iter()
            .map(|cookie| {
                let (app, cookie) = (app.clone(), cookie.clone());
                tokio::spawn(async move {
                    post_form(&app, "/api/sign_up", &signup_form(event, 0), &[("cookie", &cookie)]).await
                })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(500)).await;

        let mut slowest = Duration::ZERO;
        while held_since.elapsed() < HOLD {
            for path in ["/api/list_events", "/events"] {
                let started = Instant::now();
                let reply = get(&app, path).await;
                assert_eq!(reply.status, StatusCode::OK, "{path} while the event is locked: {}", reply.body);
                slowest = slowest.max(started.elapsed());
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        assert!(slowest < Duration::from_secs(1), "unrelated requests waited {slowest:?} behind the hot event");
        lock.rollback().await.unwrap();

        let (mut busy, mut signed_up) = (0, 0);
        for task in sign_ups {
            let reply = task.await.unwrap();
            match reply.status {
                StatusCode::OK => signed_up += 1,
                StatusCode::SERVICE_UNAVAILABLE => {
                    assert_eq!(reply.header("retry-after"), "2", "busy says when to try again: {}", reply.body);
                    assert!(reply.body.contains("Busy"), "{}", reply.body);
                    busy += 1;
                }
                other => panic!("a sign-up answered {other}: {}", reply.body),
            }
        }
        assert!(busy >= 1, "the first in line gives up waiting for the lock");
        assert!(signed_up >= 1, "the queue moves on once the lock is gone");
        let (taken, confirmed, _) = places(&db.pool, event).await;
        assert!(taken <= 20 && i64::from(taken) == confirmed, "taken {taken}, confirmed {confirmed}");
        assert_queue_consistent(&db.pool, event).await;
    })
}
