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
