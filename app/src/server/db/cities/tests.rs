use super::*;
use crate::domain::dates::DatePrecision;
use crate::server::db::test_support::test_pool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

#[sqlx::test(migrations = "../migrations")]
async fn seeds_the_four_partner_cities_in_order(_: PgPoolOptions, db: PgConnectOptions) {
    let pool = test_pool(db).await;
    let cities = list(&pool).await.unwrap();
    let slugs: Vec<_> = cities.iter().map(|c| c.slug.as_str()).collect();
    assert_eq!(slugs, ["ozora", "soma", "nozawaonsen", "foster-city"]);
}

#[sqlx::test(migrations = "../migrations")]
async fn ozora_is_a_sister_city_since_november_1991(_: PgPoolOptions, db: PgConnectOptions) {
    let pool = test_pool(db).await;
    let ozora = by_slug(&pool, &Slug::parse("ozora").unwrap()).await.unwrap().unwrap();
    assert_eq!(ozora.name.ja, "大空町");
    assert_eq!(ozora.kind, CityKind::Sister);
    assert_eq!(ozora.status, CityStatus::Concluded);
    let agreed = ozora.agreed_on.unwrap();
    assert_eq!(agreed.precision, DatePrecision::Month);
    assert_eq!(agreed.format(crate::i18n::Lang::Ja), "1991年11月");
    assert_eq!(ozora.region.en, "Hokkaido");
}

#[sqlx::test(migrations = "../migrations")]
async fn foster_city_is_a_sister_city_since_27_july_2021(_: PgPoolOptions, db: PgConnectOptions) {
    let pool = test_pool(db).await;
    let foster = by_slug(&pool, &Slug::parse("foster-city").unwrap()).await.unwrap().unwrap();
    assert_eq!((foster.kind, foster.status), (CityKind::Sister, CityStatus::Concluded));
    assert_eq!(foster.agreed_on.unwrap().format(crate::i18n::Lang::Ja), "2021年7月27日");
    assert_eq!(foster.country.en, "United States");
}

#[sqlx::test(migrations = "../migrations")]
async fn unknown_slug_is_not_found(_: PgPoolOptions, db: PgConnectOptions) {
    let pool = test_pool(db).await;
    let missing = by_slug(&pool, &Slug::parse("atlantis").unwrap()).await;
    assert_eq!(missing.unwrap(), None);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_concluded_agreement_needs_a_date(_: PgPoolOptions, db: PgConnectOptions) {
    let pool = test_pool(db).await;
    let result =
        sqlx::query("UPDATE city_agreements SET concluded_on = NULL WHERE status = 'concluded'").execute(&pool).await;
    assert!(result.is_err(), "the check constraint should refuse a concluded agreement without a date");
}
