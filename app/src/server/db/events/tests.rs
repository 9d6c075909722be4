use super::*;
use crate::domain::signup::{ConsentMethod, Person, PersonKind};
use crate::server::db::signups;
use crate::server::db::test_support::{account, draft, event, test_pool};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use std::collections::BTreeMap;

fn guest(name: &str) -> Person {
    Person {
        kind: PersonKind::Guest,
        full_name: name.into(),
        name_reading: crate::domain::kana::Reading::parse("げすと").unwrap(),
        birth_date: None,
        guardian_consent: false,
        answers: BTreeMap::new(),
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn a_new_event_is_a_draft_with_every_place_free(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let id = event(&db, "international", 10, 30, EventStatus::Draft).await;
    let view = view(&db, id).await.unwrap().expect("stored");
    assert_eq!(view.status, EventStatus::Draft);
    assert_eq!(view.committee.slug, "international");
    assert_eq!(view.title, Localized::new("交流会", "交流会 (en)"));
    assert_eq!((view.capacity, view.places_left, view.waiting), (30, 30, 0));
    assert_eq!(view.partner_city, None);
    assert_eq!(
        committee_of(&db, id).await.unwrap(),
        crate::server::db::committees::id_by_slug(&db, "international").await.unwrap()
    );
    assert!(super::view(&db, EventId(id.0 + 1000)).await.unwrap().is_none());
}

#[sqlx::test(migrations = "../migrations")]
async fn listings_hide_drafts_and_split_upcoming_from_past(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let later = event(&db, "international", 10, 10, EventStatus::Published).await;
    let sooner = event(&db, "international", 5, 10, EventStatus::Published).await;
    let draft_id = event(&db, "international", 7, 10, EventStatus::Draft).await;
    let held = event(&db, "international", -5, 10, EventStatus::Held).await;
    let older = event(&db, "international", -30, 10, EventStatus::Held).await;
    let other = event(&db, "domestic", 3, 10, EventStatus::Published).await;
    let ids = |events: Vec<EventView>| events.into_iter().map(|e| e.id).collect::<Vec<_>>();

    let upcoming = Listing { limit: 50, ..Default::default() };
    assert_eq!(ids(list(&db, &upcoming).await.unwrap()), [other, sooner, later]);
    let past = Listing { past: true, limit: 50, ..Default::default() };
    assert_eq!(ids(list(&db, &past).await.unwrap()), [held, older], "newest first");
    let international = Listing { committee_slug: Some("international".into()), limit: 50, ..Default::default() };
    assert_eq!(ids(list(&db, &international).await.unwrap()), [sooner, later]);
    let committee = crate::server::db::committees::id_by_slug(&db, "international").await.unwrap().unwrap();
    let chair = Listing { with_drafts_of: Some(vec![committee]), limit: 50, ..Default::default() };
    assert_eq!(
        ids(list(&db, &chair).await.unwrap()),
        [sooner, draft_id, later],
        "a chair sees the drafts, of the own committee only"
    );
    let one = Listing { limit: 1, ..Default::default() };
    assert_eq!(ids(list(&db, &one).await.unwrap()), [other]);
    let second_page = Listing { limit: 2, offset: 2, ..Default::default() };
    assert_eq!(ids(list(&db, &second_page).await.unwrap()), [later], "the page after the first two");
    assert_eq!(count(&db, &second_page).await.unwrap(), 3, "the count is of every page");
    assert_eq!(count(&db, &international).await.unwrap(), 2);
    assert_eq!(count(&db, &chair).await.unwrap(), 3);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_counts_are_places_left_and_the_waiting_list(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let id = event(&db, "regional", 10, 3, EventStatus::Published).await;
    let a = account(&db, "a@example.jp").await;
    let b = account(&db, "b@example.jp").await;
    let mut tx = db.begin().await.unwrap();
    set_taken(&mut tx, id, 2).await.unwrap();
    signups::insert(&mut tx, id, Some(a), None, &[guest("一"), guest("二")], None, ConsentMethod::Online)
        .await
        .unwrap();
    let cancelled =
        signups::insert(&mut tx, id, Some(b), None, &[guest("三")], None, ConsentMethod::Online).await.unwrap();
    signups::cancel(&mut tx, cancelled, b).await.unwrap();
    tx.commit().await.unwrap();
    let view = view(&db, id).await.unwrap().unwrap();
    assert_eq!((view.places_left, view.waiting), (1, 1), "a cancelled sign-up is not waiting");
}

#[sqlx::test(migrations = "../migrations")]
async fn the_lock_holds_the_row_until_the_transaction_ends(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let id = event(&db, "regional", 10, 3, EventStatus::Published).await;
    let mut first = db.begin().await.unwrap();
    let locked = lock(&mut first, id).await.unwrap().expect("the event");
    assert_eq!((locked.status(), locked.capacity, locked.taken), (EventStatus::Published, 3, 0));
    assert_eq!(locked.title(), Localized::new("交流会", "交流会 (en)"));

    let mut second = db.begin().await.unwrap();
    sqlx::query("SET LOCAL lock_timeout = '200ms'").execute(&mut *second).await.unwrap();
    let refused = lock(&mut second, id).await.expect_err("the row is locked");
    assert_eq!(refused.as_database_error().and_then(|e| e.code()).as_deref(), Some("55P03"), "{refused}");
    drop(second);

    set_taken(&mut first, id, 2).await.unwrap();
    first.commit().await.unwrap();
    let mut third = db.begin().await.unwrap();
    sqlx::query("SET LOCAL lock_timeout = '200ms'").execute(&mut *third).await.unwrap();
    assert_eq!(lock(&mut third, id).await.unwrap().unwrap().taken, 2, "free again, with the committed count");
    assert!(lock(&mut third, EventId(id.0 + 1000)).await.unwrap().is_none());
}

#[sqlx::test(migrations = "../migrations")]
async fn taken_can_never_pass_the_capacity(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let id = event(&db, "regional", 10, 3, EventStatus::Published).await;
    let mut tx = db.begin().await.unwrap();
    assert!(set_taken(&mut tx, id, 4).await.is_err(), "the CHECK on events.taken is the backstop");
}

#[sqlx::test(migrations = "../migrations")]
async fn status_and_reason_are_stored(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let id = event(&db, "regional", 10, 3, EventStatus::Published).await;
    let mut tx = db.begin().await.unwrap();
    set_status(&mut tx, id, EventStatus::Cancelled, "台風のため").await.unwrap();
    tx.commit().await.unwrap();
    let view = view(&db, id).await.unwrap().unwrap();
    assert_eq!((view.status, view.cancel_reason.as_str()), (EventStatus::Cancelled, "台風のため"));
    let stored: String =
        sqlx::query_scalar("SELECT status FROM events WHERE id = $1").bind(id).fetch_one(&db).await.unwrap();
    assert_eq!(stored, "cancelled", "stored as its code");
}

#[sqlx::test(migrations = "../migrations")]
async fn an_edit_keeps_the_committee(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let id = event(&db, "regional", 10, 3, EventStatus::Published).await;
    let ozora = crate::server::db::cities::id_by_slug(&db, "ozora").await.unwrap();
    assert!(ozora.is_some());
    let mut edited = draft("international", "大空町との交流会", 12, 40);
    edited.partner_city_slug = Some("ozora".into());
    let mut tx = db.begin().await.unwrap();
    update(&mut tx, id, &edited, ozora).await.unwrap();
    tx.commit().await.unwrap();
    let view = view(&db, id).await.unwrap().unwrap();
    assert_eq!(view.committee.slug, "regional");
    assert_eq!(view.title.ja, "大空町との交流会");
    assert_eq!(view.capacity, 40);
    assert_eq!(view.partner_city.map(|c| c.slug).as_deref(), Some("ozora"));
}

#[sqlx::test(migrations = "../migrations")]
async fn an_unknown_stored_status_is_an_error_not_a_default(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let id = event(&db, "regional", 10, 3, EventStatus::Published).await;
    sqlx::query("ALTER TABLE events DROP CONSTRAINT events_status_check").execute(&db).await.unwrap();
    sqlx::query("UPDATE events SET status = 'postponed' WHERE id = $1").bind(id).execute(&db).await.unwrap();
    let error = view(&db, id).await.expect_err("no silent default");
    assert!(matches!(error, sqlx::Error::ColumnDecode { .. }), "{error:?}");
    let mut tx = db.begin().await.unwrap();
    assert!(matches!(lock(&mut tx, id).await, Err(sqlx::Error::ColumnDecode { .. })));
}
