//! Sign-ups under contention: 200 members sign up at once (with 0–2 companions) for 50 places,
//! through the whole stack (router, session, guard, validation, the event lock), next to the
//! locked sign-up transaction alone, measured in the same run. Then the public events page
//! (server-rendered HTML) with 1,000 events and 100,000 sign-ups, next to a bare axum handler that
//! runs the same query and returns JSON.

use app::domain::ids::{AccountId, MemberId};
use app::domain::signup::{ConsentMethod, Person, PersonKind};
use app::server::db::events as events_db;
use app::server::places::{self, Holder};
use axum::body::Body;
use axum::http::Request;
use bench::{drop_database, figures, fresh_database, log_in, row, Figures};
use std::time::{Duration, Instant};
use tower::ServiceExt;

const DATABASE: &str = "kizuna_bench_signups";
const MEMBERS: usize = 200;
const ROUNDS: usize = 5;
const PASSWORD: &str = "a long benchmark phrase";

#[tokio::main]
async fn main() {
    let pool = fresh_database(DATABASE).await;
    bench::active_members(&pool, MEMBERS, PASSWORD).await;
    let app = bench::router(pool.clone());
    let mut cookies = Vec::new();
    for n in 1..=MEMBERS {
        cookies.push(
            log_in(&app, &format!("m{n}@example.jp"), PASSWORD, &format!("10.8.{}.{}", n / 250, n % 250 + 1)).await,
        );
    }
    let ids: Vec<(AccountId, MemberId)> =
        sqlx::query_as("SELECT account_id, id FROM members ORDER BY id").fetch_all(&pool).await.unwrap();

    let mut full = Vec::new();
    let mut alone = Vec::new();
    let (mut full_wall, mut alone_wall) = (Duration::ZERO, Duration::ZERO);
    for round in 0..ROUNDS {
        // Through the whole stack.
        let event = new_event(&pool, round * 2).await;
        let started = Instant::now();
        let tasks: Vec<_> = cookies
            .iter()
            .enumerate()
            .map(|(i, cookie)| {
                let app = app.clone();
                let body = signup_body(event, i % 3);
                let cookie = cookie.clone();
                tokio::spawn(async move {
                    let begun = Instant::now();
                    let request = Request::post("/api/sign_up")
                        .header("content-type", "application/x-www-form-urlencoded")
                        .header("cookie", cookie)
                        .body(Body::from(body))
                        .unwrap();
                    let response = app.oneshot(request).await.unwrap();
                    assert_eq!(response.status(), 200);
                    begun.elapsed()
                })
            })
            .collect();
        for task in tasks {
            full.push(task.await.unwrap());
        }
        full_wall += started.elapsed();
        check(&pool, event).await;

        // The locked transaction alone.
        let event = new_event(&pool, round * 2 + 1).await;
        let queues = app::server::event_lock::EventQueues::default();
        let started = Instant::now();
        let tasks: Vec<_> = ids
            .iter()
            .enumerate()
            .map(|(i, (account, member))| {
                let (pool, queues) = (pool.clone(), queues.clone());
                let (account, member) = (*account, *member);
                tokio::spawn(async move {
                    let people = people(i % 3);
                    let begun = Instant::now();
                    let holder = Holder { account_id: Some(account), member_id: Some(member) };
                    places::sign_up(
                        &pool,
                        &queues,
                        app::domain::ids::EventId(event),
                        holder,
                        &people,
                        None,
                        ConsentMethod::Online,
                    )
                    .await
                    .unwrap();
                    begun.elapsed()
                })
            })
            .collect();
        for task in tasks {
            alone.push(task.await.unwrap());
        }
        alone_wall += started.elapsed();
        check(&pool, event).await;
    }
    println!("| {MEMBERS} sign-ups at once for 50 places, {ROUNDS} rounds | sign-ups per second | p50 | p99 |");
    println!("|---|---|---|---|");
    println!("{}", row("locked sign-up transaction alone (baseline)", &figures(alone, alone_wall)));
    println!("{}", row("full sign-up: POST /api/sign_up", &figures(full, full_wall)));

    events_page(&app, &pool).await;
    drop_database(pool, DATABASE).await;
}

fn people(guests: usize) -> Vec<Person> {
    (0..=guests)
        .map(|g| Person {
            kind: if g == 0 { PersonKind::Holder } else { PersonKind::Guest },
            full_name: format!("参加者 {g}"),
            name_reading: Default::default(),
            birth_date: None,
            guardian_consent: false,
            answers: Default::default(),
        })
        .collect()
}

fn signup_body(event: i64, guests: usize) -> String {
    let mut body = format!("event_id={event}&people[0][kind]=holder");
    for g in 1..=guests {
        body.push_str(&format!("&people[{g}][kind]=guest&people[{g}][full_name]=Guest+{g}"));
    }
    body
}

async fn new_event(pool: &sqlx::PgPool, n: usize) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO events (committee_id, title_ja, starts_at, ends_at, venue, capacity, status)
         VALUES ((SELECT id FROM committees WHERE slug = 'regional'), $1, now() + interval '30 days',
             now() + interval '30 days 2 hours', '稲城市役所', 50, 'published') RETURNING id",
    )
    .bind(format!("ベンチマーク {n}"))
    .fetch_one(pool)
    .await
    .unwrap()
}

async fn check(pool: &sqlx::PgPool, event: i64) {
    let (taken, confirmed): (i32, i64) = sqlx::query_as(
        "SELECT taken, (SELECT COALESCE(sum(places), 0) FROM signups WHERE event_id = $1 AND status = 'confirmed')::bigint
         FROM events WHERE id = $1",
    )
    .bind(event)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!((taken, confirmed), (50, 50), "never overbooked");
}

/// 1,000 events and 100,000 sign-ups; the events page next to the same query as JSON.
async fn events_page(app: &axum::Router, pool: &sqlx::PgPool) {
    sqlx::query(
        "INSERT INTO events (committee_id, partner_city_id, title_ja, title_en, starts_at, ends_at, venue, capacity, status)
         SELECT (SELECT id FROM committees ORDER BY id LIMIT 1 OFFSET g % 3), (SELECT id FROM partner_cities ORDER BY id LIMIT 1 OFFSET g % 4),
             '交流会 ' || g, 'Meeting ' || g, now() + (g - 500) * interval '1 day', now() + (g - 500) * interval '1 day' + interval '2 hours',
             '稲城市', 200, 'published'
         FROM generate_series(1, 1000) g",
    )
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO signups (event_id, account_id, member_id, status, places)
         SELECT e.id, m.account_id, m.id, 'confirmed', 1
         FROM events e CROSS JOIN (SELECT id, account_id FROM members ORDER BY id LIMIT 100) m
         WHERE e.title_ja LIKE '交流会 %'",
    )
    .execute(pool)
    .await
    .unwrap();
    sqlx::query("UPDATE events SET taken = 100 WHERE title_ja LIKE '交流会 %'").execute(pool).await.unwrap();
    sqlx::query("ANALYZE").execute(pool).await.unwrap();
    let json = axum::Router::new()
        .route(
            "/events.json",
            axum::routing::get(|axum::extract::State(pool): axum::extract::State<sqlx::PgPool>| async move {
                let listing = events_db::Listing { limit: 200, ..Default::default() };
                axum::Json(events_db::list(&pool, &listing).await.unwrap())
            }),
        )
        .with_state(pool.clone());
    let bare = time(|| get(json.clone(), "/events.json")).await;
    let page = time(|| get(app.clone(), "/events")).await;
    println!(
        "\n| public events page, 1,000 events, 100,000 sign-ups; 200 requests one at a time | per second | p50 | p99 |"
    );
    println!("|---|---|---|---|");
    println!("{}", row("bare axum handler, same query, JSON (baseline)", &bare));
    println!("{}", row("GET /events (server-rendered page)", &page));
}

async fn get(app: axum::Router, path: &'static str) {
    let response = app.oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let _ = http_body_util::BodyExt::collect(response.into_body()).await;
}

async fn time<F, Fut>(operation: F) -> Figures
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    operation().await;
    let started = Instant::now();
    let mut latencies = Vec::new();
    for _ in 0..200 {
        let begun = Instant::now();
        operation().await;
        latencies.push(begun.elapsed());
    }
    figures(latencies, started.elapsed())
}
