//! `api/committees_admin.rs` over HTTP: the committee register kept by the secretariat.

use crate::support::accounts::{admin_and_member, Session, ADMIN};
use crate::support::fixtures::staff_login;
use crate::support::{app, form, with_db};
use app::domain::staff::StaffRole;
use axum::http::StatusCode;

#[test]
fn the_secretariat_renames_adds_and_retires_committees() {
    with_db(|db| async move {
        let pool = db.pool.clone();
        admin_and_member(&pool).await;
        let app = app(pool.clone());
        let admin = Session::log_in(&app, ADMIN).await;
        let committee = |original: &str, slug: &str, ja: &str, retired: bool| {
            let mut fields = vec![
                ("original", original.to_string()),
                ("committee[slug]", slug.to_string()),
                ("committee[name_ja]", ja.to_string()),
                ("committee[name_en]", "Overseas Exchange Committee".to_string()),
                ("committee[description_ja]", "フォスターシティとの交流".to_string()),
            ];
            if retired {
                fields.push(("committee[retired]", "yes".to_string()));
            }
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            form(&fields)
        };
        // The association calls its Foster City committee 海外交流委員会: a rename keeps its events.
        let renamed = admin
            .post_form("/api/save_committee", &committee("international", "overseas", "海外交流委員会", false))
            .await;
        assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.body);
        let choices = admin.get("/api/join_page").await.body;
        assert!(choices.contains("海外交流委員会") && !choices.contains("国際交流委員会"), "{choices}");
        let taken = admin.post_form("/api/save_committee", &committee("", "domestic", "別の委員会", false)).await;
        assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(taken.body.contains("Duplicate"), "{}", taken.body);

        // Retired: offered to nobody, still in the register.
        let retired =
            admin.post_form("/api/save_committee", &committee("overseas", "overseas", "海外交流委員会", true)).await;
        assert_eq!(retired.status, StatusCode::OK, "{}", retired.body);
        assert!(!admin.get("/api/join_page").await.body.contains("海外交流委員会"), "no longer offered");
        let register: serde_json::Value =
            serde_json::from_str(&admin.get("/api/committee_register").await.body).unwrap();
        let overseas = register.as_array().unwrap().iter().find(|e| e["committee"]["slug"] == "overseas").unwrap();
        assert!(overseas["retired_on"].is_string(), "{register}");

        let (email, password) = staff_login(&pool, "会計 花子", "kaikei@example.jp", StaffRole::Treasurer).await;
        let treasurer = Session::log_in(&app, (&email, &password)).await;
        assert_eq!(treasurer.get("/api/committee_register").await.status, StatusCode::OK, "reads the register");
        let refused = treasurer.post_form("/api/save_committee", &committee("overseas", "overseas", "x", false)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let log: serde_json::Value =
            serde_json::from_str(&admin.get("/api/audit_log?filter[action]=committee.update").await.body).unwrap();
        assert_eq!(log.as_array().unwrap().len(), 2);
    })
}
