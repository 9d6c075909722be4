//! `api/association.rs` over HTTP: the association's contact details, read by everyone and shown
//! on the home page and in every page's footer, kept by the secretariat.

use crate::support::accounts::{admin_and_member, Session, ADMIN, MEMBER};
use crate::support::{app, form, get, with_db};
use axum::http::StatusCode;

#[test]
fn the_secretariat_keeps_the_contact_details_every_page_shows() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let admin = Session::log_in(&app, ADMIN).await;
        let member = Session::log_in(&app, MEMBER).await;
        let body = form(&[
            ("contact[office_ja]", "稲城市東長沼2112番地の1 稲城市地域振興プラザ内"),
            ("contact[postal_code]", "206-0802"),
            ("contact[phone]", "042-000-1234"),
            ("contact[email]", "office@example.jp"),
            ("contact[hours_ja]", "平日 9:00〜17:00"),
        ]);
        assert_eq!(get(&app, "/api/association_contact").await.status, StatusCode::OK, "anyone reads them");
        let refused = member.post_form("/api/save_association_contact", &body).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let anonymous = crate::support::post_form(&app, "/api/save_association_contact", &body, &[]).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

        let wrong = admin
            .post_form(
                "/api/save_association_contact",
                &form(&[("contact[postal_code]", "12"), ("contact[email]", "x")]),
            )
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(wrong.body.contains(r#""field":"postal_code""#) && wrong.body.contains(r#""field":"email""#));

        let saved = admin.post_form("/api/save_association_contact", &body).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        let home = get(&app, "/").await;
        for shown in
            ["〒206-0802 稲城市東長沼2112番地の1", "tel:0420001234", "mailto:office@example.jp", "平日 9:00〜17:00"]
        {
            assert!(home.body.contains(shown), "{shown} on the home page");
        }
        let events = get(&app, "/events").await;
        assert!(events.body.contains("042-000-1234"), "and at the foot of every page");
        let changed: serde_json::Value = sqlx::query_scalar(
            "SELECT details FROM audit_log WHERE action = 'association.contact' ORDER BY id DESC LIMIT 1",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap();
        assert_eq!(changed["changed"], serde_json::json!(["office_en", "postal_code", "phone", "email", "hours_ja"]));
    })
}
