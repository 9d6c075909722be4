//! `api/overview.rs` over HTTP: the dashboard and the audit log (and its download), for the
//! secretariat only.

use crate::exports::{parse, roster};
use crate::support::accounts::{admin_and_member, Session, ADMIN, MEMBER};
use crate::support::{app, get_with, with_db};
use axum::http::StatusCode;

#[test]
fn the_dashboard_and_the_audit_log_are_for_the_secretariat() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        roster(&db.pool).await;
        let app = app(db.pool.clone());
        let admin = Session::log_in(&app, ADMIN).await;
        let member = Session::log_in(&app, MEMBER).await;
        for path in ["/api/dashboard", "/api/audit_log", "/admin/exports/audit.csv"] {
            assert_eq!(get_with(&app, path, &[]).await.status, StatusCode::UNAUTHORIZED, "{path}");
            assert_eq!(member.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
        }
        let dashboard: serde_json::Value = serde_json::from_str(&admin.get("/api/dashboard").await.body).unwrap();
        assert_eq!(dashboard["active_members"], 3);
        assert_eq!(dashboard["dues_expected_yen"], 9000, "three family members at ¥3,000");
        // Something to find in the log: a roster download.
        admin.get("/admin/exports/members.csv").await;
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let log: serde_json::Value =
            serde_json::from_str(&admin.get("/api/audit_log?filter[action]=export.roster").await.body).unwrap();
        assert_eq!(log.as_array().unwrap().len(), 1, "{log}");
        assert_eq!(log[0]["actor"], format!("事務局 <{}>", ADMIN.0), "the person, by name and address");
        let csv = crate::support::get_bytes(
            &app,
            "/admin/exports/audit.csv?action=export.roster",
            &[("cookie", admin.cookie())],
        )
        .await;
        assert_eq!(csv.0, StatusCode::OK);
        let rows = parse(&csv.1[3..]);
        assert_eq!(rows.len(), 2, "header and the one entry: {rows:?}");
        assert_eq!(rows[1][2], "export.roster");
    })
}
