use super::*;
use crate::server::db::events;
use crate::server::db::test_support::{account, active_member, event, test_pool};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

fn person(kind: PersonKind, name: &str) -> Person {
    Person {
        kind,
        full_name: name.into(),
        name_reading: crate::domain::kana::Reading::parse("なまえ").unwrap(),
        birth_date: None,
        guardian_consent: false,
        answers: BTreeMap::from([("q1".to_string(), format!("{name}の答え"))]),
    }
}

fn people(n: usize) -> Vec<Person> {
    (0..n).map(|i| person(if i == 0 { PersonKind::Holder } else { PersonKind::Guest }, &format!("人{i}"))).collect()
}

/// Signs `account` up for `event` with `n` people, then promotes as the service does.
async fn sign_up(db: &PgPool, event_id: EventId, account_id: AccountId, n: usize) -> SignupId {
    let mut tx = db.begin().await.unwrap();
    let locked = events::lock(&mut tx, event_id).await.unwrap().unwrap();
    let id = insert(&mut tx, event_id, Some(account_id), None, &people(n), None, ConsentMethod::Online).await.unwrap();
    crate::server::places::promote(&mut tx, &locked).await.unwrap();
    tx.commit().await.unwrap();
    id
}

async fn status_of(db: &PgPool, id: SignupId) -> SignupStatus {
    find(db, id).await.unwrap().expect("stored").status()
}

async fn taken(db: &PgPool, event_id: EventId) -> i32 {
    let mut tx = db.begin().await.unwrap();
    events::lock(&mut tx, event_id).await.unwrap().unwrap().taken
}

#[sqlx::test(migrations = "../migrations")]
async fn a_new_sign_up_waits_at_the_end_of_the_list_with_its_people(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let event_id = event(&db, "regional", 10, 5, EventStatus::Draft).await;
    let (a, b) = (account(&db, "a@example.jp").await, account(&db, "b@example.jp").await);
    let mut tx = db.begin().await.unwrap();
    let first = insert(&mut tx, event_id, Some(a), None, &people(3), None, ConsentMethod::Online).await.unwrap();
    let second = insert(&mut tx, event_id, Some(b), None, &people(1), Some(a), ConsentMethod::Paper).await.unwrap();
    let waiting = waiting(&mut tx, event_id).await.unwrap();
    assert_eq!(
        waiting.iter().map(|s| (s.id, s.status, s.places)).collect::<Vec<_>>(),
        [(first, SignupStatus::Waiting, 3), (second, SignupStatus::Waiting, 1)]
    );
    assert_eq!(live_for(&mut tx, event_id, Some(a), None).await.unwrap(), Some(first));
    assert_eq!(live_for(&mut tx, event_id, None, Some(MemberId(12345))).await.unwrap(), None);
    let stored: Vec<(i32, String, String)> =
        sqlx::query_as("SELECT position, kind, full_name FROM signup_people WHERE signup_id = $1 ORDER BY position")
            .bind(first)
            .fetch_all(&mut *tx)
            .await
            .unwrap();
    assert_eq!(
        stored,
        [(0, "holder".into(), "人0".into()), (1, "guest".into(), "人1".into()), (2, "guest".into(), "人2".into())]
    );
    let consent: String = sqlx::query_scalar("SELECT consent_method FROM signups WHERE id = $1")
        .bind(second)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(consent, "paper");
}

#[sqlx::test(migrations = "../migrations")]
async fn promotion_confirms_in_order_and_skips_what_does_not_fit(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let event_id = event(&db, "regional", 10, 4, EventStatus::Published).await;
    let accounts: Vec<AccountId> =
        futures_accounts(&db, &["a@example.jp", "b@example.jp", "c@example.jp", "d@example.jp"]).await;
    let a = sign_up(&db, event_id, accounts[0], 3).await;
    let b = sign_up(&db, event_id, accounts[1], 2).await;
    let c = sign_up(&db, event_id, accounts[2], 1).await;
    let d = sign_up(&db, event_id, accounts[3], 1).await;
    assert_eq!(status_of(&db, a).await, SignupStatus::Confirmed);
    assert_eq!(status_of(&db, b).await, SignupStatus::Waiting, "two do not fit in one place");
    assert_eq!(status_of(&db, c).await, SignupStatus::Confirmed, "one fits, past the one that does not");
    assert_eq!(status_of(&db, d).await, SignupStatus::Waiting);
    assert_eq!(taken(&db, event_id).await, 4);

    // The first gives back three places: the list moves up in order.
    let mut tx = db.begin().await.unwrap();
    let mut locked = events::lock(&mut tx, event_id).await.unwrap().unwrap();
    cancel(&mut tx, a, accounts[0]).await.unwrap();
    locked.taken -= 3;
    events::set_taken(&mut tx, event_id, locked.taken).await.unwrap();
    let promoted = crate::server::places::promote(&mut tx, &locked).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(promoted.iter().map(|s| s.id).collect::<Vec<_>>(), [b, d]);
    assert_eq!(status_of(&db, a).await, SignupStatus::Cancelled);
    assert_eq!(taken(&db, event_id).await, 4);
}

async fn futures_accounts(db: &PgPool, emails: &[&str]) -> Vec<AccountId> {
    let mut ids = Vec::new();
    for email in emails {
        ids.push(account(db, email).await);
    }
    ids
}

#[sqlx::test(migrations = "../migrations")]
async fn a_draft_promotes_no_one(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let event_id = event(&db, "regional", 10, 4, EventStatus::Draft).await;
    let a = account(&db, "a@example.jp").await;
    let id = sign_up(&db, event_id, a, 1).await;
    assert_eq!(status_of(&db, id).await, SignupStatus::Waiting);
    assert_eq!(taken(&db, event_id).await, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn mine_gives_each_waiting_sign_up_its_position(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let event_id = event(&db, "regional", 10, 1, EventStatus::Published).await;
    let emails = ["a@example.jp", "b@example.jp", "c@example.jp", "d@example.jp"];
    let accounts = futures_accounts(&db, &emails).await;
    let mut ids = Vec::new();
    for account_id in &accounts {
        ids.push(sign_up(&db, event_id, *account_id, 1).await);
    }
    // The second gives up its place in the queue: the ones behind it move up.
    let mut tx = db.begin().await.unwrap();
    cancel(&mut tx, ids[1], accounts[1]).await.unwrap();
    tx.commit().await.unwrap();

    let positions = |rows: Vec<MySignup>| rows.into_iter().map(|s| (s.status, s.waiting_position)).collect::<Vec<_>>();
    assert_eq!(positions(mine(&db, accounts[0], None).await.unwrap()), [(SignupStatus::Confirmed, None)]);
    assert_eq!(positions(mine(&db, accounts[1], None).await.unwrap()), [(SignupStatus::Cancelled, None)]);
    assert_eq!(positions(mine(&db, accounts[2], None).await.unwrap()), [(SignupStatus::Waiting, Some(1))]);
    assert_eq!(positions(mine(&db, accounts[3], None).await.unwrap()), [(SignupStatus::Waiting, Some(2))]);

    let first = mine(&db, accounts[0], None).await.unwrap().remove(0);
    assert_eq!((first.event_id, first.places, first.people.clone()), (event_id, 1, vec!["人0".to_string()]));
    assert_eq!(first.event_status, EventStatus::Published);
    assert!(first.upcoming && first.cancellable);
    let cancelled = mine(&db, accounts[1], None).await.unwrap().remove(0);
    assert!(!cancelled.cancellable, "a cancelled sign-up cannot be cancelled again");
}

#[sqlx::test(migrations = "../migrations")]
async fn mine_includes_what_a_chair_entered_for_the_membership(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let event_id = event(&db, "regional", 10, 5, EventStatus::Closed).await;
    let (account_id, member_id, _) = active_member(&db, "m@example.jp", "稲城 花子", "いなぎ はなこ").await;
    let chair = account(&db, "chair@example.jp").await;
    let mut tx = db.begin().await.unwrap();
    let id =
        insert(&mut tx, event_id, None, Some(member_id), &people(1), Some(chair), ConsentMethod::Phone).await.unwrap();
    tx.commit().await.unwrap();
    let rows = mine(&db, account_id, Some(member_id)).await.unwrap();
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [id]);
    assert!(mine(&db, account_id, None).await.unwrap().is_empty(), "not by the account alone");
    assert_eq!(upcoming_of_member(&db, member_id).await.unwrap(), [id]);
    let mut tx = db.begin().await.unwrap();
    let row = find(&db, id).await.unwrap().unwrap();
    assert_eq!(contact(&mut tx, &row).await.unwrap(), Some(("m@example.jp".to_string(), crate::i18n::Lang::Ja)));
}

#[sqlx::test(migrations = "../migrations")]
async fn participants_are_the_confirmed_then_the_waiting_list(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let event_id = event(&db, "regional", 10, 2, EventStatus::Published).await;
    let accounts = futures_accounts(&db, &["a@example.jp", "b@example.jp", "c@example.jp"]).await;
    let a = sign_up(&db, event_id, accounts[0], 2).await;
    let b = sign_up(&db, event_id, accounts[1], 1).await;
    let c = sign_up(&db, event_id, accounts[2], 1).await;
    let mut tx = db.begin().await.unwrap();
    cancel(&mut tx, c, accounts[2]).await.unwrap();
    tx.commit().await.unwrap();
    let day = chrono::Utc::now().date_naive();
    let list = participants(&db, event_id, day).await.unwrap();
    assert_eq!(
        list.iter().map(|p| (p.signup_id, p.status, p.waiting_position, p.people.len())).collect::<Vec<_>>(),
        [(a, SignupStatus::Confirmed, None, 2), (b, SignupStatus::Waiting, Some(1), 1)]
    );
    assert_eq!(list[0].consent_method, ConsentMethod::Online);
    assert_eq!(list[0].people.iter().map(|p| p.kind).collect::<Vec<_>>(), [PersonKind::Holder, PersonKind::Guest]);
    assert_eq!(list[0].people[1].answers["q1"], "人1の答え");
    assert_eq!(list[0].people[0].attended, None);

    let (confirmed_person, waiting_person) = (list[0].people[0].id, list[1].people[0].id);
    let mut tx = db.begin().await.unwrap();
    assert!(mark_attendance(&mut tx, event_id, confirmed_person, Some(true)).await.unwrap());
    assert!(!mark_attendance(&mut tx, event_id, waiting_person, Some(true)).await.unwrap(), "not on the waiting list");
    assert!(
        !mark_attendance(&mut tx, EventId(event_id.0 + 1), confirmed_person, Some(true)).await.unwrap(),
        "not another event's"
    );
    tx.commit().await.unwrap();
    assert_eq!(participants(&db, event_id, day).await.unwrap()[0].people[0].attended, Some(true));
    let mut tx = db.begin().await.unwrap();
    assert_eq!(live_of_event(&mut tx, event_id).await.unwrap().iter().map(|s| s.id).collect::<Vec<_>>(), [a, b]);
}

#[sqlx::test(migrations = "../migrations")]
async fn one_live_sign_up_per_account_and_event(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let event_id = event(&db, "regional", 10, 5, EventStatus::Published).await;
    let a = account(&db, "a@example.jp").await;
    let first = sign_up(&db, event_id, a, 1).await;
    let mut tx = db.begin().await.unwrap();
    assert!(insert(&mut tx, event_id, Some(a), None, &people(1), None, ConsentMethod::Online).await.is_err());
    tx.rollback().await.unwrap();
    let mut tx = db.begin().await.unwrap();
    cancel(&mut tx, first, a).await.unwrap();
    assert_eq!(live_for(&mut tx, event_id, Some(a), None).await.unwrap(), None);
    assert!(
        insert(&mut tx, event_id, Some(a), None, &people(1), None, ConsentMethod::Online).await.is_ok(),
        "again after cancelling"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn an_unknown_stored_status_is_an_error_not_a_default(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let event_id = event(&db, "regional", 10, 5, EventStatus::Published).await;
    let a = account(&db, "a@example.jp").await;
    let id = sign_up(&db, event_id, a, 1).await;
    sqlx::query("ALTER TABLE signups DROP CONSTRAINT signups_status_check").execute(&db).await.unwrap();
    sqlx::query("UPDATE signups SET status = 'maybe' WHERE id = $1").bind(id).execute(&db).await.unwrap();
    assert!(matches!(find(&db, id).await, Err(sqlx::Error::ColumnDecode { .. })));
    assert!(matches!(mine(&db, a, None).await, Err(sqlx::Error::ColumnDecode { .. })));
}
