//! `/account/export.*` (`server/src/self_export.rs`) over HTTP: a member's own data.

use crate::support::fixtures::applied;
use crate::support::{app, get_with, with_db};
use axum::http::StatusCode;

#[test]
fn members_download_their_own_data() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        let (_, applicant) = applied(&app, &db.pool).await;
        let json = get_with(&app, "/account/export.json", &[("cookie", &applicant)]).await;
        assert_eq!(json.status, StatusCode::OK);
        assert!(json.header("content-disposition").starts_with("attachment"));
        let data: serde_json::Value = serde_json::from_str(&json.body).unwrap();
        assert_eq!(data["membership"]["profile"]["full_name"], "髙﨑 花子");
        let csv = get_with(&app, "/account/export.csv", &[("cookie", &applicant)]).await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(csv.body.starts_with('\u{feff}'), "UTF-8 with a BOM for Excel");
        assert!(csv.body.contains("\r\n") && csv.body.contains("髙﨑 花子"));
        assert_eq!(get_with(&app, "/account/export.csv", &[]).await.status, StatusCode::UNAUTHORIZED);
    })
}
