use super::*;
use crate::server::db::test_support::test_pool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

#[sqlx::test(migrations = "../migrations")]
async fn seeds_the_three_committees(_: PgPoolOptions, db: PgConnectOptions) {
    let pool = test_pool(db).await;
    let committees = list(&pool).await.unwrap();
    let names: Vec<_> = committees.iter().map(|c| c.name.ja.as_str()).collect();
    assert_eq!(names, ["国内交流委員会", "国際交流委員会", "地域交流委員会"]);
    assert!(committees.iter().all(|c| !c.name.en.is_empty() && !c.description.ja.is_empty()));
}

#[sqlx::test(migrations = "../migrations")]
async fn finds_one_by_slug_or_not_at_all(_: PgPoolOptions, db: PgConnectOptions) {
    let pool = test_pool(db).await;
    let intl = by_slug(&pool, &Slug::parse("international").unwrap()).await.unwrap().unwrap();
    assert_eq!(intl.name.en, "International Exchange Committee");
    assert_eq!(by_slug(&pool, &Slug::parse("sports").unwrap()).await.unwrap(), None);
}
