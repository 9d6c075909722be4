//! `api/cities_admin.rs` over HTTP: the secretariat's partner-city register.

use crate::support::accounts::{admin_and_member, Session, ADMIN, MEMBER};
use crate::support::{app, cookie_header, form, get_with, post_form, with_db};
use axum::http::StatusCode;

#[test]
fn the_secretariat_keeps_the_partner_city_register() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let admin = Session::log_in(&app, ADMIN).await;
        let member = Session::log_in(&app, MEMBER).await;
        let city = |slug: &str, status: &str, agreed: &str| {
            form(&[
                ("city[slug]", slug),
                ("city[name_ja]", "テスト市"),
                ("city[name_en]", "Test City"),
                ("city[kind]", "friendship"),
                ("city[status]", status),
                ("city[agreed_on]", agreed),
                ("city[official_url]", "https://example.jp/"),
            ])
        };
        for (who, cookie, status) in
            [("anonymous", None, StatusCode::UNAUTHORIZED), ("member", Some(&member), StatusCode::FORBIDDEN)]
        {
            let reply = post_form(
                &app,
                "/api/save_partner_city",
                &city("test", "concluded", "2030-04"),
                &cookie_header(cookie.map(|c| c.cookie())),
            )
            .await;
            assert_eq!(reply.status, status, "{who}");
        }
        let undated = admin.post_form("/api/save_partner_city", &city("test", "concluded", "")).await;
        assert_eq!(undated.status, StatusCode::UNPROCESSABLE_ENTITY, "a concluded tie needs its date");
        let added = admin.post_form("/api/save_partner_city", &city("test", "concluded", "2030-04")).await;
        assert_eq!(added.status, StatusCode::OK, "{}", added.body);
        let taken = admin.post_form("/api/save_partner_city", &city("ozora", "concluded", "2030")).await;
        assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY, "slugs are unique");
        let renamed = format!("original=test&{}", city("test-city", "ended", "2030-04-01"));
        assert_eq!(admin.post_form("/api/save_partner_city", &renamed).await.status, StatusCode::OK);
        let page = get_with(&app, "/api/get_partner_city?slug=test-city", &[]).await;
        assert!(page.body.contains("Ended") && page.body.contains("Test City"), "{}", page.body);
        let audit: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE record_type = 'partner_city'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(audit, 2);
        assert_eq!(member.get("/api/city_form?slug=test-city").await.status, StatusCode::FORBIDDEN);
        assert_eq!(get_with(&app, "/api/city_events?slug=test-city", &[]).await.status, StatusCode::OK);
    })
}

#[test]
fn a_city_s_agreements_move_forward_with_their_history() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let admin = Session::log_in(&app, ADMIN).await;
        let member = Session::log_in(&app, MEMBER).await;
        let agreement = form(&[
            ("slug", "nozawaonsen"),
            ("agreement[kind]", "disaster_aid"),
            ("agreement[status]", "in_preparation"),
            ("agreement[note_ja]", "協議中"),
        ]);
        assert_eq!(member.post_form("/api/add_city_agreement", &agreement).await.status, StatusCode::FORBIDDEN);
        let added = admin.post_form("/api/add_city_agreement", &agreement).await;
        assert_eq!(added.status, StatusCode::OK, "{}", added.body);
        let id: i64 = sqlx::query_scalar("SELECT max(id) FROM city_agreements").fetch_one(&db.pool).await.unwrap();
        let undated = form(&[("slug", "nozawaonsen"), ("id", &id.to_string()), ("status", "concluded"), ("on", "")]);
        let refused = admin.post_form("/api/change_agreement_status", &undated).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("move_on"), "{}", refused.body);
        let elsewhere = form(&[("slug", "soma"), ("id", &id.to_string()), ("status", "concluded"), ("on", "2024-04")]);
        assert_eq!(admin.post_form("/api/change_agreement_status", &elsewhere).await.status, StatusCode::NOT_FOUND);
        let concluded =
            form(&[("slug", "nozawaonsen"), ("id", &id.to_string()), ("status", "concluded"), ("on", "2024-04")]);
        assert_eq!(admin.post_form("/api/change_agreement_status", &concluded).await.status, StatusCode::OK);
        let again = admin.post_form("/api/change_agreement_status", &concluded).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "concluded once");

        // Everyone reads the agreements; only staff read who recorded each step.
        let public = get_with(&app, "/api/city_agreements?slug=nozawaonsen", &[]).await;
        assert!(public.body.contains(r#""kind":"DisasterAid","status":"Concluded""#), "{}", public.body);
        assert!(!public.body.contains("recorded_by"));
        let register = admin.get("/api/city_agreement_register?slug=nozawaonsen").await;
        assert_eq!(register.body.matches(&format!(r#""agreement_id":{id}"#)).count(), 2, "{}", register.body);
        assert_eq!(register.body.matches(r#""recorded_by":""#).count(), 2, "the admin named: {}", register.body);
        let page = get_with(&app, "/cities/nozawaonsen", &[]).await.body;
        assert!(page.contains("災害時相互応援協定") && page.contains("2024年4月締結"), "the city's page lists it");

        // The city form cannot take its tie back into preparation.
        let back = form(&[
            ("original", "nozawaonsen"),
            ("city[slug]", "nozawaonsen"),
            ("city[name_ja]", "野沢温泉村"),
            ("city[name_en]", "Nozawaonsen Village"),
            ("city[kind]", "friendship"),
            ("city[status]", "in_preparation"),
        ]);
        let refused = admin.post_form("/api/save_partner_city", &back).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
        assert!(refused.body.contains(r#""status""#), "{}", refused.body);
        let ended_at_once = form(&[
            ("city[slug]", "new-town"),
            ("city[name_ja]", "新町"),
            ("city[name_en]", "New Town"),
            ("city[kind]", "sister"),
            ("city[status]", "ended"),
            ("city[agreed_on]", "2001-04-01"),
        ]);
        let refused = admin.post_form("/api/save_partner_city", &ended_at_once).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "a new tie starts in preparation or concluded");
        let cities: i64 = sqlx::query_scalar("SELECT count(*) FROM partner_cities").fetch_one(&db.pool).await.unwrap();
        assert_eq!(cities, 4, "nothing kept of the refused city");
    })
}
