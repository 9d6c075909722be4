//! Server functions called over HTTP, as a browser (or anyone else) would.

use crate::support::{app, get, with_db};
use axum::http::StatusCode;

#[test]
fn lists_partner_cities_as_json() {
    with_db(|db| async move {
        let pool = db.pool.clone();
        let reply = get(&app(pool), "/api/list_partner_cities").await;
        assert_eq!(reply.status, StatusCode::OK);
        let cities: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
        assert_eq!(cities.as_array().unwrap().len(), 4);
        assert_eq!(cities[0]["slug"], "ozora");
        assert_eq!(cities[0]["name"]["ja"], "大空町");
    })
}

#[test]
fn a_missing_record_is_a_404_with_a_typed_error() {
    with_db(|db| async move {
        let pool = db.pool.clone();
        let reply = get(&app(pool), "/api/get_committee?slug=sports").await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        assert_eq!(reply.body, r#""NotFound""#);
    })
}

#[test]
fn malformed_slugs_never_reach_the_database() {
    with_db(|db| async move {
        let pool = db.pool.clone();
        let reply = get(&app(pool), "/api/get_partner_city?slug=x%27%20OR%20%271%27%3D%271").await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
    })
}

#[test]
fn missing_arguments_are_a_bad_request() {
    with_db(|db| async move {
        let pool = db.pool.clone();
        let reply = get(&app(pool), "/api/get_partner_city").await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    })
}

#[test]
fn database_errors_are_500_without_sql_text() {
    with_db(|db| async move {
        let pool = db.pool.clone();
        sqlx::query("ALTER TABLE partner_cities RENAME COLUMN name_ja TO name_jp").execute(&pool).await.unwrap();
        let app = app(pool);
        let reply = get(&app, "/api/list_partner_cities").await;
        assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(reply.body, r#""Internal""#);
        let page = get(&app, "/cities").await;
        assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(page.body.contains("エラーが発生しました"));
        for leak in ["name_ja", "column", "SELECT", "partner_cities"] {
            assert!(!page.body.contains(leak), "the error page shows {leak}");
        }
    })
}
