//! Exchange events over HTTP against real PostgreSQL: organising (and who may), signing up with
//! companions, the waiting list, cancellations that promote, notifications, and races that must
//! never overbook.

use crate::support::accounts::{admin_and_member, log_in, ADMIN, MEMBER};
use crate::support::{app, cookie_header, form, get_with, post_form, with_db};
use app::domain::password::NewPassword;
use axum::http::StatusCode;
use axum::Router;
use sqlx::PgPool;

const CHAIR: (&str, &str) = ("chair@example.jp", "the domestic chair's phrase");
const OTHER_CHAIR: (&str, &str) = ("kokusai@example.jp", "the international chair's phrase");

/// An active member with a login; returns (account id, member id).
pub async fn active_member(pool: &PgPool, email: &str, hash: &str, number: i32) -> (i64, i64) {
    let account: i64 = sqlx::query_scalar("INSERT INTO accounts (email, password_hash) VALUES ($1, $2) RETURNING id")
        .bind(email)
        .bind(hash)
        .fetch_one(pool)
        .await
        .unwrap();
    let member: i64 = sqlx::query_scalar(
        "INSERT INTO members (account_id, membership_type_id, status, member_number, full_name, name_reading, reading_key,
             email, phone, privacy_notice_version, privacy_consented_at)
         VALUES ($1, (SELECT id FROM membership_types WHERE code = 'family'), 'active', $2, $3, 'かいいん', 'かいいん', $4,
             '042-378-2111', 'v', now())
         RETURNING id",
    )
    .bind(account)
    .bind(number)
    .bind(format!("会員 {number}"))
    .bind(email)
    .fetch_one(pool)
    .await
    .unwrap();
    (account, member)
}

async fn hash(password: &str) -> String {
    app::server::password::hash(NewPassword::parse(password).unwrap()).await.unwrap()
}

/// The admin, the plain member of `support::accounts`, a chair of the domestic committee and a
/// chair of the international one. Returns their session cookies (admin, member, chair, other chair).
pub(crate) async fn people(app: &Router, pool: &PgPool) -> (String, String, String, String) {
    admin_and_member(pool).await;
    for (n, (email, password), committee) in [(1, CHAIR, "domestic"), (2, OTHER_CHAIR, "international")] {
        let (account, _) = active_member(pool, email, &hash(password).await, n).await;
        sqlx::query(
            "INSERT INTO committee_chairs (committee_id, account_id) SELECT id, $1 FROM committees WHERE slug = $2",
        )
        .bind(account)
        .bind(committee)
        .execute(pool)
        .await
        .unwrap();
    }
    (log_in(app, ADMIN).await, log_in(app, MEMBER).await, log_in(app, CHAIR).await, log_in(app, OTHER_CHAIR).await)
}

/// A domestic-committee event form with `changes`.
pub(crate) fn event_form(changes: &[(&str, &str)]) -> String {
    let mut fields: Vec<(&str, &str)> = vec![
        ("event[committee]", "domestic"),
        ("event[partner_city]", "soma"),
        ("event[title_ja]", "相馬野馬追 見学ツアー"),
        ("event[starts_at]", "2099-07-24T08:00"),
        ("event[ends_at]", "2099-07-25T18:00"),
        ("event[venue]", "稲城市役所前"),
        ("event[capacity]", "50"),
        ("event[members_only]", "yes"),
        ("event[guardian_consent_for_minors]", "yes"),
    ];
    for (name, value) in changes {
        fields.retain(|(n, _)| n != name);
        if !value.is_empty() {
            fields.push((name, value));
        }
    }
    form(&fields)
}

/// Creates and publishes an event as `cookie`; returns its id.
pub(crate) async fn published_event(app: &Router, pool: &PgPool, cookie: &str, changes: &[(&str, &str)]) -> i64 {
    let created = post_form(app, "/api/save_event", &event_form(changes), &[("cookie", cookie)]).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let id: i64 = sqlx::query_scalar("SELECT max(id) FROM events").fetch_one(pool).await.unwrap();
    let published = post_form(
        app,
        "/api/set_event_status",
        &form(&[("id", &id.to_string()), ("status", "published")]),
        &[("cookie", cookie)],
    )
    .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.body);
    id
}

/// A sign-up form for the holder and `guests` named guests.
pub(crate) fn signup_form(event: i64, guests: usize) -> String {
    let mut body = format!("event_id={event}&people[0][kind]=holder");
    for g in 1..=guests {
        body.push_str(&format!("&people[{g}][kind]=guest&people[{g}][full_name]=Guest+{g}"));
    }
    body
}

pub(crate) async fn places(pool: &PgPool, event: i64) -> (i32, i64, i64) {
    sqlx::query_as(
        "SELECT e.taken,
             COALESCE((SELECT sum(places) FROM signups WHERE event_id = e.id AND status = 'confirmed'), 0)::bigint,
             (SELECT count(*) FROM signups WHERE event_id = e.id AND status = 'waiting')
         FROM events e WHERE e.id = $1",
    )
    .bind(event)
    .fetch_one(pool)
    .await
    .unwrap()
}

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

#[test]
fn drafts_are_seen_only_by_their_organisers() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        let (admin, member, chair, other) = people(&app, &db.pool).await;
        let created = post_form(&app, "/api/save_event", &event_form(&[]), &[("cookie", &chair)]).await;
        assert_eq!(created.status, StatusCode::OK, "{}", created.body);
        let id: i64 = sqlx::query_scalar("SELECT id FROM events").fetch_one(&db.pool).await.unwrap();
        let path = format!("/api/event_page?id={id}");
        for (who, cookie, status) in [
            ("anonymous", None, StatusCode::NOT_FOUND),
            ("member", Some(&member), StatusCode::NOT_FOUND),
            ("other chair", Some(&other), StatusCode::NOT_FOUND),
            ("chair", Some(&chair), StatusCode::OK),
            ("admin", Some(&admin), StatusCode::OK),
        ] {
            assert_eq!(get_with(&app, &path, &cookie_header(cookie.map(|c| c.as_str()))).await.status, status, "{who}");
        }
        let list = get_with(&app, "/api/list_events", &[]).await;
        assert!(!list.body.contains("相馬野馬追"), "drafts are not listed");
    })
}

#[test]
fn cancelling_or_changing_an_event_tells_everyone_signed_up() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        let (_, _, chair, _) = people(&app, &db.pool).await;
        let hash = hash("a long member phrase").await;
        active_member(&db.pool, "told@example.jp", &hash, 300).await;
        let member = log_in(&app, ("told@example.jp", "a long member phrase")).await;
        let event = published_event(&app, &db.pool, &chair, &[]).await;
        post_form(&app, "/api/sign_up", &signup_form(event, 0), &[("cookie", &member)]).await;
        let moved = event_form(&[("event[starts_at]", "2099-07-31T08:00"), ("event[ends_at]", "2099-07-31T18:00")]);
        let body = format!("id={event}&{moved}");
        let saved = post_form(&app, "/api/save_event", &body, &[("cookie", &chair)]).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        let too_small = format!("id={event}&{}", event_form(&[("event[capacity]", "0")]));
        assert_eq!(
            post_form(&app, "/api/save_event", &too_small, &[("cookie", &chair)]).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        let no_reason = post_form(
            &app,
            "/api/cancel_event",
            &form(&[("id", &event.to_string()), ("reason", "")]),
            &[("cookie", &chair)],
        )
        .await;
        assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
        let cancelled = post_form(
            &app,
            "/api/cancel_event",
            &form(&[("id", &event.to_string()), ("reason", "台風のため")]),
            &[("cookie", &chair)],
        )
        .await;
        assert_eq!(cancelled.status, StatusCode::OK, "{}", cancelled.body);
        let mails: Vec<String> =
            sqlx::query_scalar("SELECT body FROM outbox WHERE to_address = 'told@example.jp' ORDER BY id")
                .fetch_all(&db.pool)
                .await
                .unwrap();
        assert_eq!(mails.len(), 3, "signed up, changed, cancelled: {mails:?}");
        assert!(mails[1].contains("2099年7月31日"), "{}", mails[1]);
        assert!(mails[2].contains("台風のため"));
        let late = post_form(&app, "/api/sign_up", &signup_form(event, 0), &[("cookie", &member)]).await;
        assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
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

/// 200 members (each with 0–2 companions) sign up at once for 50 places, several times: exactly
/// the places are taken, everyone else waits in a consistent order, and nobody gets a 5xx.
#[test]
fn two_hundred_concurrent_sign_ups_never_overbook() {
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

/// `count` active members, logged in from distinct addresses; their session cookies.
pub(crate) async fn many_members(app: &Router, pool: &PgPool, count: usize) -> Vec<String> {
    let hash = hash("a long racing phrase").await;
    let mut cookies = Vec::new();
    for n in 0..count {
        let email = format!("racer{n}@example.jp");
        active_member(pool, &email, &hash, 1000 + n as i32).await;
        let body = crate::support::accounts::login_form(&email, "a long racing phrase");
        let reply =
            crate::support::post_form_from(app, "/api/log_in", &body, &format!("10.9.{}.{}", n / 250, n % 250 + 1))
                .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        cookies.push(crate::support::accounts::session_cookie(&reply).unwrap());
    }
    cookies
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

/// Nothing that would fit is left waiting, and the waiting list has one order.
pub(crate) async fn assert_queue_consistent(pool: &PgPool, event: i64) {
    let (taken, capacity): (i32, i32) =
        sqlx::query_as("SELECT taken, capacity FROM events WHERE id = $1").bind(event).fetch_one(pool).await.unwrap();
    let waiting: Vec<(i32,)> =
        sqlx::query_as("SELECT places FROM signups WHERE event_id = $1 AND status = 'waiting' ORDER BY queued_at, id")
            .bind(event)
            .fetch_all(pool)
            .await
            .unwrap();
    for (places,) in waiting {
        assert!(taken + places > capacity, "a waiting sign-up of {places} would fit ({taken}/{capacity})");
    }
}

#[test]
fn the_participants_csv_opens_in_excel_and_only_for_the_events_organisers() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        let (admin, member, chair, other) = people(&app, &db.pool).await;
        let hash = hash("a long member phrase").await;
        active_member(&db.pool, "csv@example.jp", &hash, 400).await;
        sqlx::query("UPDATE members SET full_name = '=HYPERLINK(\"x\")' WHERE email = 'csv@example.jp'")
            .execute(&db.pool)
            .await
            .unwrap();
        let signer = log_in(&app, ("csv@example.jp", "a long member phrase")).await;
        let event = published_event(&app, &db.pool, &chair, &[("event[questions]", "*食事: なし, ベジタリアン")]).await;
        let body = format!(
            "{}&people[0][answers][q1]=%E3%81%AA%E3%81%97&people[1][answers][q1]=%E3%81%AA%E3%81%97",
            signup_form(event, 1)
        );
        assert_eq!(post_form(&app, "/api/sign_up", &body, &[("cookie", &signer)]).await.status, StatusCode::OK);
        let path = format!("/chair/events/{event}/participants.csv");
        for (who, cookie, status) in [
            ("anonymous", None, StatusCode::UNAUTHORIZED),
            ("member", Some(&member), StatusCode::FORBIDDEN),
            ("other chair", Some(&other), StatusCode::FORBIDDEN),
            ("admin", Some(&admin), StatusCode::OK),
        ] {
            assert_eq!(get_with(&app, &path, &cookie_header(cookie.map(|c| c.as_str()))).await.status, status, "{who}");
        }
        let csv = get_with(&app, &path, &[("cookie", &chair)]).await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(csv.header("content-disposition").starts_with("attachment; filename=\"participants-"));
        assert!(csv.body.starts_with('\u{feff}'), "a BOM for Excel");
        let text = csv.body.trim_start_matches('\u{feff}');
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert!(header.contains(&"氏名".to_string()) && header.contains(&"食事".to_string()), "{header:?}");
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2, "the holder and the guest");
        assert_eq!(&rows[0][1], "'=HYPERLINK(\"x\")", "formulas are neutralised");
        assert!(text.contains("\r\n"));
        let exports: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'export.participants'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(exports, 2, "every download is in the audit log");
    })
}

/// Issue 9.1: a chair who enters sign-ups for members must not learn anything the chair may not
/// see (birth dates, households, which member numbers are active) from the answers. Every way a
/// member can fail to qualify gets the same answer, refused attempts are audited, and a chair
/// who keeps probing is braked.
#[test]
fn entering_a_sign_up_for_a_member_reveals_nothing_about_them() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        let (_, _, chair, _) = people(&app, &db.pool).await;
        // A child member (birth date the chair may not see) with a household member, a pending
        // applicant, and an adult member with no birth date on file.
        let (_, child) = active_member(&db.pool, "child@example.jp", "x", 501).await;
        sqlx::query("UPDATE members SET birth_date = '2090-05-01' WHERE id = $1")
            .bind(child)
            .execute(&db.pool)
            .await
            .unwrap();
        let household: i64 = sqlx::query_scalar(
            "INSERT INTO household_members (member_id, full_name, birth_date) VALUES ($1, '稲城 次郎', '2095-01-01') RETURNING id",
        )
        .bind(child)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        let (_, pending) = active_member(&db.pool, "pending@example.jp", "x", 502).await;
        sqlx::query("UPDATE members SET status = 'pending' WHERE id = $1")
            .bind(pending)
            .execute(&db.pool)
            .await
            .unwrap();
        active_member(&db.pool, "adult@example.jp", "x", 503).await;

        let enter = |event: i64, number: &str, extra: &str| {
            let app = app.clone();
            let chair = chair.clone();
            let body =
                format!("event_id={event}&member_number={number}&consent_method=paper&people[0][kind]=holder{extra}");
            async move { post_form(&app, "/api/sign_up_for_member", &body, &[("cookie", &chair)]).await }
        };

        // A draft: the event's state is checked before anything about the member.
        let created =
            post_form(&app, "/api/save_event", &event_form(&[("event[min_age]", "18")]), &[("cookie", &chair)]).await;
        assert_eq!(created.status, StatusCode::OK, "{}", created.body);
        let draft: i64 = sqlx::query_scalar("SELECT max(id) FROM events").fetch_one(&db.pool).await.unwrap();
        let on_draft: Vec<_> =
            [enter(draft, "501", "").await, enter(draft, "503", "").await, enter(draft, "9999", "").await]
                .into_iter()
                .map(|r| (r.status, r.body))
                .collect();
        assert!(on_draft.windows(2).all(|w| w[0] == w[1]), "a draft answers the same for everyone: {on_draft:?}");

        // A published event for adults: too young, a pending member, an unknown number, a
        // household id that is not the member's, and one that is: one and the same answer.
        let event = published_event(&app, &db.pool, &chair, &[("event[min_age]", "18")]).await;
        let own_household =
            format!("&people[1][kind]=household&people[1][include]=yes&people[1][household]={household}");
        let refusals = [
            enter(event, "501", "").await,
            enter(event, "502", "").await,
            enter(event, "9999", "").await,
            enter(event, "503", "&people[1][kind]=household&people[1][include]=yes&people[1][household]=123456").await,
            enter(event, "503", &own_household).await,
        ];
        for reply in &refusals {
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
            assert_eq!(reply.body, refusals[0].body, "every refusal reads the same");
            for telling in ["birth_date", "household", "guardian_consent", "TooYoung", "people."] {
                assert!(!reply.body.contains(telling), "the answer names {telling}: {}", reply.body);
            }
        }
        let audited: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM audit_log WHERE action = 'signup.enter_for_member.refused' AND record_id = $1",
        )
        .bind(event)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        assert_eq!(audited, 5, "every refused attempt is in the audit log");
        let signed_up: i64 = sqlx::query_scalar("SELECT count(*) FROM signups").fetch_one(&db.pool).await.unwrap();
        assert_eq!(signed_up, 0);

        // Probing on is braked: the answer turns into 429 for this chair.
        let mut braked = false;
        for _ in 0..20 {
            if enter(event, "501", "").await.status == StatusCode::TOO_MANY_REQUESTS {
                braked = true;
                break;
            }
        }
        assert!(braked, "a chair who keeps probing is braked");
    })
}
