//! `api/events.rs` over HTTP against real PostgreSQL: the event list and pages, signing up with
//! companions, the waiting list and cancellations that promote, my sign-ups; and the access matrix of
//! every events function (those of `api/chair/` too) for each kind of caller.

use crate::support::accounts::log_in;
use crate::support::fixtures::{active_member, event_form, hash, people, places, published_event, signup_form};
use crate::support::{app, cookie_header, form, get_with, post_form, with_db};
use axum::http::StatusCode;

#[test]
fn a_chair_publishes_members_sign_up_and_the_waiting_list_moves_up() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        let (_, member, chair, _) = people(&app, &db.pool).await;
        let hash = hash("a long member phrase").await;
        let mut members = Vec::new();
        for n in 0..3 {
            let email = format!("m{n}@example.jp");
            active_member(&db.pool, &email, &hash, 100 + n).await;
            members.push(log_in(&app, (&email, "a long member phrase")).await);
        }
        let event = published_event(&app, &db.pool, &chair, &[("event[capacity]", "3")]).await;
        // A plain account that is not a member cannot sign up for a members-only event.
        let refused = post_form(&app, "/api/sign_up", &signup_form(event, 0), &[("cookie", &member)]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("MembersOnly"));

        // The first comes with a companion (2 places), the second takes the last, the third waits.
        for (cookie, guests, expected) in
            [(&members[0], 1, "confirmed"), (&members[1], 0, "confirmed"), (&members[2], 0, "waiting")]
        {
            let reply = post_form(&app, "/api/sign_up", &signup_form(event, guests), &[("cookie", cookie)]).await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
            assert!(reply.header("location").ends_with(&format!("signed={expected}")), "{}", reply.header("location"));
        }
        assert_eq!(places(&db.pool, event).await, (3, 3, 1));
        let twice = post_form(&app, "/api/sign_up", &signup_form(event, 0), &[("cookie", &members[1])]).await;
        assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY, "one sign-up per person");

        let mine: serde_json::Value =
            serde_json::from_str(&get_with(&app, "/api/my_signups", &[("cookie", &members[2])]).await.body).unwrap();
        assert_eq!(mine[0]["status"], "Waiting");
        assert_eq!(mine[0]["waiting_position"], 1);

        // The first cancels: the waiting member is promoted in the same transaction and told.
        let first: serde_json::Value =
            serde_json::from_str(&get_with(&app, "/api/my_signups", &[("cookie", &members[0])]).await.body).unwrap();
        let signup = first[0]["id"].as_i64().unwrap().to_string();
        let cancelled =
            post_form(&app, "/api/cancel_my_signup", &form(&[("signup_id", &signup)]), &[("cookie", &members[0])])
                .await;
        assert_eq!(cancelled.status, StatusCode::OK, "{}", cancelled.body);
        assert_eq!(places(&db.pool, event).await, (2, 2, 0), "the second and the promoted third");
        let promoted: Vec<String> =
            sqlx::query_scalar("SELECT subject FROM outbox WHERE to_address = 'm2@example.jp' ORDER BY id")
                .fetch_all(&db.pool)
                .await
                .unwrap();
        assert_eq!(promoted.len(), 2, "{promoted:?}");
        assert!(promoted[1].contains("参加が確定しました"), "{promoted:?}");
        let receipt: Vec<String> = sqlx::query_scalar(
            "SELECT subject FROM outbox WHERE to_address = 'm0@example.jp' ORDER BY id DESC LIMIT 1",
        )
        .fetch_all(&db.pool)
        .await
        .unwrap();
        assert!(receipt[0].starts_with("申込を取り消しました"), "the one who cancels is told: {receipt:?}");

        // Someone else's sign-up cannot be cancelled (it is not found for them).
        let theirs =
            post_form(&app, "/api/cancel_my_signup", &form(&[("signup_id", &signup)]), &[("cookie", &members[1])])
                .await;
        assert_eq!(theirs.status, StatusCode::NOT_FOUND);

        // The chair sees the list with only what the job needs.
        let list = get_with(&app, &format!("/api/event_participants?id={event}"), &[("cookie", &chair)]).await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(list.body.contains("会員 101") && list.body.contains("042-378-2111"));
        assert!(!list.body.contains("m1@example.jp"), "no emails on the chair's list");
    })
}

/// Attendance is taken from the event's day in Japan, before the start time (people arrive early),
/// never the day before; the marks are saved and can be taken back.
#[test]
fn attendance_is_taken_from_the_events_day() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        let (_, _, chair, _) = people(&app, &db.pool).await;
        let hash = hash("a long member phrase").await;
        active_member(&db.pool, "m0@example.jp", &hash, 100).await;
        let member = log_in(&app, ("m0@example.jp", "a long member phrase")).await;
        let event = published_event(&app, &db.pool, &chair, &[]).await;
        let signed = post_form(&app, "/api/sign_up", &signup_form(event, 0), &[("cookie", &member)]).await;
        assert_eq!(signed.status, StatusCode::OK, "{}", signed.body);
        let person: i64 = sqlx::query_scalar(
            "SELECT p.id FROM signup_people p JOIN signups s ON s.id = p.signup_id WHERE s.event_id = $1",
        )
        .bind(event)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        let starts = |sql: &'static str| {
            let pool = db.pool.clone();
            async move { sqlx::query(sql).bind(event).execute(&pool).await.unwrap() }
        };
        let mark = |attended: &'static str| {
            let (app, chair) = (app.clone(), chair.clone());
            let body =
                form(&[("event_id", &event.to_string()), ("person_id", &person.to_string()), ("attended", attended)]);
            async move { post_form(&app, "/api/mark_attendance", &body, &[("cookie", &chair)]).await }
        };
        // Tomorrow in Japan: not yet.
        starts(
            "UPDATE events SET starts_at = (date_trunc('day', now() AT TIME ZONE 'Asia/Tokyo') + interval '1 day 10 hours')
             AT TIME ZONE 'Asia/Tokyo', ends_at = starts_at + interval '2 days' WHERE id = $1",
        )
        .await;
        assert_eq!(mark("yes").await.status, StatusCode::UNPROCESSABLE_ENTITY, "the day before");
        let list = get_with(&app, &format!("/api/event_participants?id={event}"), &[("cookie", &chair)]).await;
        assert!(list.body.contains(r#""attendance_open":false"#), "{}", list.body);
        // The last second of today in Japan: the event has not started, but it is its day.
        starts(
            "UPDATE events SET starts_at = (date_trunc('day', now() AT TIME ZONE 'Asia/Tokyo')
             + interval '23 hours 59 minutes 59 seconds') AT TIME ZONE 'Asia/Tokyo' WHERE id = $1",
        )
        .await;
        let marked = mark("yes").await;
        assert_eq!(marked.status, StatusCode::OK, "{}", marked.body);
        let list = get_with(&app, &format!("/api/event_participants?id={event}"), &[("cookie", &chair)]).await;
        assert!(list.body.contains(r#""attendance_open":true"#) && list.body.contains(r#""attended":true"#));
        assert_eq!(mark("").await.status, StatusCode::OK, "a mark can be taken back");
        let list = get_with(&app, &format!("/api/event_participants?id={event}"), &[("cookie", &chair)]).await;
        assert!(list.body.contains(r#""attended":null"#), "{}", list.body);
    })
}

/// The public list comes 20 to a page, soonest first, with the count of every page; the page's
/// links keep the filters; a page past the last shows the last.
#[test]
fn the_events_list_is_paged_and_keeps_its_filters() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        let (_, _, chair, _) = people(&app, &db.pool).await;
        let first = published_event(&app, &db.pool, &chair, &[("event[title_ja]", "交流会 00")]).await;
        sqlx::query(
            "INSERT INTO events (committee_id, partner_city_id, title_ja, starts_at, ends_at, capacity, status)
             SELECT committee_id, partner_city_id, '交流会 ' || lpad(g::text, 2, '0'), starts_at + g * interval '1 day',
                    ends_at + g * interval '1 day', capacity, 'published'
             FROM events, generate_series(1, 44) g WHERE id = $1",
        )
        .bind(first)
        .execute(&db.pool)
        .await
        .unwrap();
        let page = |query: &'static str| {
            let app = app.clone();
            async move {
                let reply = get_with(&app, &format!("/api/list_events?{query}"), &[]).await;
                assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
                let list: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
                let titles: Vec<String> = list["events"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e["title"]["ja"].as_str().unwrap().into())
                    .collect();
                (list["total"].as_i64().unwrap(), list["page"].as_i64().unwrap(), titles)
            }
        };
        let (total, number, titles) = page("").await;
        assert_eq!((total, number, titles.len()), (45, 1, 20));
        assert_eq!((titles[0].as_str(), titles[19].as_str()), ("交流会 00", "交流会 19"));
        let (_, number, titles) = page("filter[page]=3").await;
        assert_eq!((number, titles.len(), titles[0].as_str()), (3, 5, "交流会 40"));
        let (_, number, _) = page("filter[page]=99").await;
        assert_eq!(number, 3, "past the last page is the last page");
        let (total, _, titles) = page("filter[committee]=international").await;
        assert_eq!((total, titles.len()), (0, 0));

        let html = get_with(&app, "/events?committee=domestic&page=2", &[]).await;
        assert_eq!(html.status, StatusCode::OK);
        assert!(html.body.contains("45件の交流イベント"), "the count of every page");
        assert!(html.body.contains("3ページ中 2ページ目"));
        assert!(html.body.contains(r#"href="/events?committee=domestic" rel="prev""#), "the first page has no number");
        assert!(html.body.contains(r#"href="/events?committee=domestic&amp;page=3" rel="next""#));
        assert!(html.body.contains("交流会 20") && !html.body.contains("交流会 19<"));
    })
}

/// Every events server function × anonymous, a member, the other committee's chair, the event's
/// chair and an admin. Refused calls change nothing.
#[test]
fn access_matrix_for_events() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        let (admin, member, chair, other) = people(&app, &db.pool).await;
        let event = published_event(&app, &db.pool, &chair, &[]).await;
        let id = event.to_string();
        use StatusCode as S;
        let (ok, no, forbid, bad, nf) = (S::OK, S::UNAUTHORIZED, S::FORBIDDEN, S::UNPROCESSABLE_ENTITY, S::NOT_FOUND);
        let roles: [Option<&str>; 5] = [None, Some(&member), Some(&other), Some(&chair), Some(&admin)];
        let names = ["anonymous", "member", "other committee's chair", "chair", "admin"];
        let reads: Vec<(String, [S; 5])> = vec![
            ("/api/list_events".into(), [ok, ok, ok, ok, ok]),
            (format!("/api/event_page?id={id}"), [ok, ok, ok, ok, ok]),
            ("/api/my_signups".into(), [no, ok, ok, ok, ok]),
            ("/api/organiser_events".into(), [no, forbid, ok, ok, ok]),
            (format!("/api/event_editor?id={id}"), [no, forbid, forbid, ok, ok]),
            (format!("/api/event_participants?id={id}"), [no, forbid, forbid, ok, ok]),
        ];
        for (path, expected) in &reads {
            for ((cookie, role), status) in roles.iter().zip(names).zip(expected) {
                let reply = get_with(&app, path, &cookie_header(*cookie)).await;
                assert_eq!(reply.status, *status, "{path} as {role}: {}", reply.body);
            }
        }
        let writes: Vec<(&str, String, [S; 5])> = vec![
            (
                "/api/save_event",
                format!("id={id}&{}", event_form(&[("event[venue]", "")])),
                [no, forbid, forbid, bad, bad],
            ),
            ("/api/save_event", event_form(&[("event[venue]", "")]), [no, forbid, bad, bad, bad]),
            ("/api/set_event_status", form(&[("id", &id), ("status", "draft")]), [no, forbid, forbid, bad, bad]),
            ("/api/cancel_event", form(&[("id", &id), ("reason", "")]), [no, forbid, forbid, bad, bad]),
            (
                "/api/mark_attendance",
                form(&[("id", &id), ("event_id", &id), ("person_id", "1"), ("attended", "maybe")]),
                [no, forbid, forbid, bad, bad],
            ),
            ("/api/chair_cancel_signup", form(&[("signup_id", "999999")]), [no, forbid, nf, nf, nf]),
            (
                "/api/sign_up_for_member",
                form(&[("event_id", &id), ("member_number", "x"), ("consent_method", "")]),
                [no, forbid, forbid, bad, bad],
            ),
            (
                "/api/sign_up",
                format!("event_id={id}&people[0][answers][x]=y&people[1][kind]=guest&people[1][full_name]="),
                [no, bad, ok, ok, bad],
            ),
            ("/api/cancel_my_signup", form(&[("signup_id", "999999")]), [no, nf, nf, nf, nf]),
        ];
        for (path, body, expected) in &writes {
            for ((cookie, role), status) in roles.iter().zip(names).zip(expected) {
                let reply = post_form(&app, path, body, &cookie_header(*cookie)).await;
                assert_eq!(reply.status, *status, "{path} as {role}: {}", reply.body);
            }
        }
        let (status, venue): (String, String) = sqlx::query_as("SELECT status, venue FROM events WHERE id = $1")
            .bind(event)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(
            (status.as_str(), venue.as_str()),
            ("published", "稲城市役所前"),
            "no refused call changed the event"
        );
    })
}
