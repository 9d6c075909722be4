//! Fixtures shared by the HTTP tests: people, members, events and forms, made through the app's own
//! functions or its HTTP API wherever one exists.

use super::accounts::{admin_and_member, log_in, ADMIN, MEMBER};
use super::{form, get_with, post_form, Reply};
use app::domain::ids::{AccountId, MemberId};
use app::domain::member::{Household, Profile};
use app::domain::password::NewPassword;
use axum::http::StatusCode;
use axum::Router;
use sqlx::PgPool;

pub const CHAIR: (&str, &str) = ("chair@example.jp", "the domestic chair's phrase");

pub const OTHER_CHAIR: (&str, &str) = ("kokusai@example.jp", "the international chair's phrase");

/// An active member with a login: a family member named `会員 {number}` with that member number.
/// Made as the app makes one: an account (its email confirmed), an application, an approval.
/// Returns (account id, member id).
pub async fn active_member(pool: &PgPool, email: &str, hash: &str, number: i32) -> (AccountId, MemberId) {
    use app::server::db::{accounts, members, membership_types};
    let family = membership_types::list(pool).await.unwrap().into_iter().find(|t| t.code == "family").unwrap();
    let profile = Profile {
        full_name: format!("会員 {number}"),
        name_reading: app::domain::kana::Reading::parse("かいいん").unwrap(),
        name_romaji: String::new(),
        organisation_name: String::new(),
        phone: "042-378-2111".into(),
        postal_code: String::new(),
        prefecture_code: 13,
        city: String::new(),
        street: String::new(),
        birth_date: None,
        languages: Vec::new(),
        committee_slugs: Vec::new(),
        household: Vec::new(),
        photo_consent: false,
    };
    let mut tx = pool.begin().await.unwrap();
    let account = accounts::insert_member_account(&mut tx, email, hash, "ja").await.unwrap().expect("a new email");
    assert!(accounts::set_email(&mut tx, account, email).await.unwrap(), "the email confirmed");
    let member = members::insert_application(&mut tx, account, family.id, email, &profile, "v", 1).await.unwrap();
    members::approve(&mut tx, member, account).await.unwrap().expect("pending until now");
    // The one thing no function of the app does: a chosen member number (the tests name members by it).
    sqlx::query("UPDATE members SET member_number = $2 WHERE id = $1")
        .bind(member)
        .bind(number)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    (account, member)
}

/// Makes `account` a chair of the committee `slug`, appointed by the first admin.
pub async fn appoint_chair(pool: &PgPool, account: AccountId, slug: &str) {
    let admin = app::server::db::accounts::for_login(pool, ADMIN.0).await.unwrap().expect("the admin").id;
    let mut tx = pool.begin().await.unwrap();
    assert!(app::server::db::committees::appoint_chair(&mut tx, account, slug, admin).await.unwrap(), "{slug}");
    tx.commit().await.unwrap();
}

/// Adds a household member (no reading, no relationship) to member `member`; its id.
pub async fn household_member(pool: &PgPool, member: MemberId, full_name: &str, birth_date: &str) -> i64 {
    use app::server::db::members;
    let mut household: Vec<Household> =
        members::household_with_ids(pool, member).await.unwrap().into_iter().map(|(_, h)| h).collect();
    household.push(Household {
        full_name: full_name.into(),
        name_reading: Default::default(),
        relationship: String::new(),
        birth_date: Some(birth_date.parse().unwrap()),
    });
    let mut tx = pool.begin().await.unwrap();
    members::replace_household(&mut tx, member, &household).await.unwrap();
    tx.commit().await.unwrap();
    members::household_with_ids(pool, member).await.unwrap().last().expect("just added").0
}

pub async fn hash(password: &str) -> String {
    app::server::password::hash(NewPassword::parse(password).unwrap()).await.unwrap()
}

/// The admin, the plain member of `support::accounts`, a chair of the domestic committee and a
/// chair of the international one. Returns their session cookies (admin, member, chair, other chair).
pub async fn people(app: &Router, pool: &PgPool) -> (String, String, String, String) {
    admin_and_member(pool).await;
    for (n, (email, password), committee) in [(1, CHAIR, "domestic"), (2, OTHER_CHAIR, "international")] {
        let (account, _) = active_member(pool, email, &hash(password).await, n).await;
        appoint_chair(pool, account, committee).await;
    }
    (log_in(app, ADMIN).await, log_in(app, MEMBER).await, log_in(app, CHAIR).await, log_in(app, OTHER_CHAIR).await)
}

/// A domestic-committee event form with `changes`.
pub fn event_form(changes: &[(&str, &str)]) -> String {
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
pub async fn published_event(app: &Router, pool: &PgPool, cookie: &str, changes: &[(&str, &str)]) -> i64 {
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
pub fn signup_form(event: i64, guests: usize) -> String {
    let mut body = format!("event_id={event}&people[0][kind]=holder");
    for g in 1..=guests {
        body.push_str(&format!("&people[{g}][kind]=guest&people[{g}][full_name]=Guest+{g}"));
    }
    body
}

pub async fn places(pool: &PgPool, event: i64) -> (i32, i64, i64) {
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

/// `count` active members, logged in from distinct addresses; their session cookies.
pub async fn many_members(app: &Router, pool: &PgPool, count: usize) -> Vec<String> {
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

/// Nothing that would fit is left waiting, and the waiting list has one order.
pub async fn assert_queue_consistent(pool: &PgPool, event: i64) {
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

pub const APPLICANT: (&str, &str) = ("takasaki@example.jp", "takasaki's long phrase");

/// A complete join form for 髙﨑 花子 (individual member), with `changes` applied.
pub fn join_form(changes: &[(&str, &str)]) -> String {
    let mut fields: Vec<(&str, &str)> = vec![
        ("account[membership_type]", "individual"),
        ("account[email]", APPLICANT.0),
        ("account[password]", APPLICANT.1),
        // the version the migrations seed (the association's settings keep it)
        ("account[privacy_notice_version]", "2026-11-22"),
        ("account[privacy_consent]", "yes"),
        ("profile[full_name]", "髙﨑 花子"),
        ("profile[name_reading]", "タカサキ ハナコ"),
        ("profile[phone]", "042-378-2111"),
        ("profile[postal_code]", "206-8601"),
        ("profile[prefecture]", "13"),
        ("profile[city]", "稲城市"),
        ("profile[street]", "東長沼2111"),
        ("profile[languages][]", "ja"),
        ("profile[languages][]", "en"),
        ("profile[committees][]", "international"),
    ];
    for (name, value) in changes {
        fields.retain(|(n, _)| n != name);
        if !value.is_empty() {
            fields.push((name, value));
        }
    }
    form(&fields)
}

pub async fn apply(app: &Router, body: &str) -> Reply {
    post_form(app, "/api/apply_for_membership", body, &[]).await
}

pub async fn outbox(pool: &PgPool, to: &str) -> Vec<(String, String)> {
    sqlx::query_as("SELECT subject, body FROM outbox WHERE to_address = $1 ORDER BY id")
        .bind(to)
        .fetch_all(pool)
        .await
        .unwrap()
}

pub async fn member_id(pool: &PgPool, email: &str) -> MemberId {
    sqlx::query_scalar("SELECT id FROM members WHERE email = $1").bind(email).fetch_one(pool).await.unwrap()
}

pub async fn my_membership(app: &Router, cookie: &str) -> serde_json::Value {
    let reply = get_with(app, "/api/my_membership", &[("cookie", cookie)]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    serde_json::from_str(&reply.body).unwrap()
}

/// An applicant who has applied and logged in; returns (member id, session cookie).
pub async fn applied(app: &Router, pool: &PgPool) -> (MemberId, String) {
    let reply = apply(app, &join_form(&[])).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    (member_id(pool, APPLICANT.0).await, log_in(app, APPLICANT).await)
}

/// A staff login named `name` with one role and a password of its own (no first-time password).
/// Returns (email, password).
pub async fn staff_login(
    pool: &PgPool,
    name: &str,
    email: &str,
    role: app::domain::staff::StaffRole,
) -> (String, String) {
    let password = format!("{email} own phrase");
    let boss = app::server::db::accounts::for_login(pool, ADMIN.0).await.unwrap().unwrap().id;
    let mut tx = pool.begin().await.unwrap();
    let id = app::server::db::staff::insert_account(&mut tx, name, email, &hash(&password).await, false)
        .await
        .unwrap()
        .unwrap();
    app::server::db::staff::grant(&mut tx, id, role, None, boss).await.unwrap();
    tx.commit().await.unwrap();
    (email.to_string(), password)
}
