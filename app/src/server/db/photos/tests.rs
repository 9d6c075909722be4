use super::*;
use crate::domain::localized::Localized;
use crate::domain::slug::Slug;
use crate::server::db::cities;
use crate::server::db::test_support::{admin, test_pool};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

#[sqlx::test(migrations = "../migrations")]
async fn a_citys_photo_is_served_and_a_replaced_one_is_not(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let by = admin(&db).await;
    let soma = Slug::parse("soma").unwrap();
    let mut tx = db.begin().await.unwrap();
    let first = insert(&mut tx, b"first", 1200, 800, by).await.unwrap();
    let city = cities::set_photo(&mut tx, &soma, first, &Localized::new("相馬野馬追", "Soma Nomaoi")).await.unwrap();
    assert_eq!(city, cities::id_by_slug(&db, "soma").await.unwrap(), "the city's own id");
    tx.commit().await.unwrap();
    assert_eq!(jpeg(&db, first).await.unwrap().as_deref(), Some(&b"first"[..]));
    let city = cities::by_slug(&db, &soma).await.unwrap().unwrap();
    let photo = city.photo.expect("the city has its photo");
    assert_eq!((photo.width, photo.height, photo.alt.ja.as_str()), (1200, 800, "相馬野馬追"));

    let mut tx = db.begin().await.unwrap();
    let second = insert(&mut tx, b"second", 800, 800, by).await.unwrap();
    cities::set_photo(&mut tx, &soma, second, &Localized::new("相馬の海", "")).await.unwrap();
    let unknown = Slug::parse("atlantis").unwrap();
    assert_eq!(cities::set_photo(&mut tx, &unknown, second, &Localized::default()).await.unwrap(), None);
    tx.commit().await.unwrap();
    assert_eq!(jpeg(&db, first).await.unwrap(), None, "the replaced photo is gone from the site");
    assert_eq!(jpeg(&db, second).await.unwrap().as_deref(), Some(&b"second"[..]));
}

#[sqlx::test(migrations = "../migrations")]
async fn an_events_photo_is_served_once_the_event_is_public(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let by = admin(&db).await;
    let event: crate::domain::ids::EventId = sqlx::query_scalar(
        "INSERT INTO events (committee_id, title_ja, starts_at, ends_at, venue, capacity, status)
         SELECT id, '交流会', now() + interval '9 days', now() + interval '9 days 2 hours', '市役所', 10, 'draft'
         FROM committees ORDER BY id LIMIT 1 RETURNING id",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    let mut tx = db.begin().await.unwrap();
    let photo = insert(&mut tx, b"group", 1200, 800, by).await.unwrap();
    assert!(crate::server::db::events::set_photo(&mut tx, event, photo, &Localized::new("集合写真", ""))
        .await
        .unwrap());
    tx.commit().await.unwrap();
    assert_eq!(jpeg(&db, photo).await.unwrap(), None, "a draft's photo stays with its organisers");
    sqlx::query("UPDATE events SET status = 'published' WHERE id = $1").bind(event).execute(&db).await.unwrap();
    assert_eq!(jpeg(&db, photo).await.unwrap().as_deref(), Some(&b"group"[..]));
}
