//! `api/membership_types.rs` over HTTP: fees and which types are offered.

use crate::support::accounts::{admin_and_member, Session, ADMIN};
use crate::support::fixtures::{apply, join_form};
use crate::support::{app, form, get_with, with_db};
use axum::http::StatusCode;

#[test]
fn the_secretariat_changes_a_fee_and_stops_offering_a_type() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let admin = Session::log_in(&app, ADMIN).await;
        let student: i64 = sqlx::query_scalar("SELECT id FROM membership_types WHERE code = 'student'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        let body = form(&[
            ("id", &student.to_string()),
            ("name_ja", "学生会員"),
            ("name_en", "Student member"),
            ("annual_fee_yen", "1,000円"),
        ]);
        let saved = admin.post_form("/api/update_membership_type", &body).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        let (fee, offered): (i32, bool) =
            sqlx::query_as("SELECT annual_fee_yen, offered FROM membership_types WHERE id = $1")
                .bind(student)
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert_eq!((fee, offered), (1000, false));
        let page = get_with(&app, "/api/join_page", &[]).await;
        assert!(!page.body.contains("\"student\""), "a type no longer offered is not on the join form");
        let refused = apply(&app, &join_form(&[("account[membership_type]", "student")])).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    })
}
