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

/// The association's profile form with `changes` over what the migrations seed.
fn profile_form(changes: &[(&str, &str)]) -> String {
    let mut fields: Vec<(&str, &str)> = vec![
        ("association[name_ja]", "稲城市姉妹友好都市交流協会"),
        ("association[name_en]", "Inagi City Sister and Friendship Cities Exchange Association"),
        ("association[signature_ja]", "稲城市姉妹友好都市交流協会 事務局"),
        ("association[signature_en]", "Secretariat"),
        ("association[privacy_notice_ja]", "個人情報は会員の管理にだけ使います。"),
        ("association[privacy_notice_en]", "We use your data only for the membership."),
        ("association[privacy_version]", "2026-11-22"),
        ("association[fiscal_year_start_month]", "4"),
        ("association[dues_grace_month]", "5"),
        ("association[dues_grace_day]", "31"),
        ("association[lapse_after_unpaid_years]", "1"),
    ];
    for (name, value) in changes {
        fields.retain(|(n, _)| n != name);
        fields.push((name, value));
    }
    form(&fields)
}

/// Issue 12's "nothing hard-coded": the admin changes the association's name, the month its fiscal
/// year starts, the grace date, the privacy notice and a fee, and pages, mails and rosters follow.
#[test]
fn nothing_of_the_association_is_hard_coded() {
    use chrono::Datelike;
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let hash =
            app::server::password::hash(app::domain::password::NewPassword::parse("a long family phrase").unwrap())
                .await
                .unwrap();
        crate::support::fixtures::active_member(&db.pool, "family@example.jp", &hash, 1201).await;
        let admin = Session::log_in(&app, ADMIN).await;
        let member = Session::log_in(&app, ("family@example.jp", "a long family phrase")).await;
        let today = app::domain::dates::today_in_japan();
        let before = member.get("/api/my_membership").await.body;
        if !(4..=5).contains(&today.month()) {
            assert!(before.contains(r#""dues_standing":"Lapsed""#), "April calendar, after May 31: {before}");
        }

        // A year that starts this month, dues due by the 28th of this month (or the next).
        let month = today.month();
        let grace_month = if today.day() <= 28 { month } else { month % 12 + 1 };
        let (month, grace_month) = (month.to_string(), grace_month.to_string());
        let changes = [
            ("association[name_ja]", "稲城国際交流協会"),
            ("association[name_en]", "Inagi International Friendship Association"),
            ("association[signature_ja]", "稲城国際交流協会 事務局（火・木）"),
            ("association[privacy_version]", "2027-01-01"),
            ("association[fiscal_year_start_month]", month.as_str()),
            ("association[dues_grace_month]", grace_month.as_str()),
            ("association[dues_grace_day]", "28"),
        ];
        let refused = member.post_form("/api/save_association_profile", &profile_form(&changes)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let wrong = admin
            .post_form(
                "/api/save_association_profile",
                &profile_form(&[("association[name_ja]", " "), ("association[dues_grace_day]", "32")]),
            )
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(wrong.body.contains("name_ja") && wrong.body.contains("dues_grace_day"), "{}", wrong.body);
        let saved = admin.post_form("/api/save_association_profile", &profile_form(&changes)).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        let this_year = today.year();
        let family: i64 = sqlx::query_scalar("SELECT id FROM membership_types WHERE code = 'family'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        let fee =
            form(&[("id", &family.to_string()), ("fee_per_unit_yen", "3,600"), ("from_year", &this_year.to_string())]);
        assert_eq!(admin.post_form("/api/set_membership_fee", &fee).await.status, StatusCode::OK);

        // Pages: header, footer, title and the home page's heading.
        let home = get(&app, "/").await.body;
        assert!(home.contains("<title>") && home.contains("| 稲城国際交流協会</title>"), "the title");
        assert!(home.matches("稲城国際交流協会").count() >= 4, "header, heading, footer, title");
        assert!(!home.contains("稲城市姉妹友好都市交流協会"), "the old name is gone");
        let english = crate::support::get_with(&app, "/", &[("accept-language", "en")]).await.body;
        assert!(english.contains("Inagi International Friendship Association"));

        // The member: this fiscal year is the new calendar's, not yet late; asked to agree again.
        let after = member.get("/api/my_membership").await.body;
        assert!(after.contains(&format!(r#""current_fiscal_year":{this_year}"#)), "{after}");
        assert!(after.contains(r#""dues_standing":"Due""#), "within the new grace date: {after}");
        assert!(after.contains(r#""privacy_to_agree":{"version":"2027-01-01""#), "{after}");
        let stale = member.post_form("/api/agree_to_privacy_notice", &form(&[("version", "2026-11-22")])).await;
        assert_eq!(stale.status, StatusCode::UNPROCESSABLE_ENTITY, "only the notice in force");
        let agreed = member.post_form("/api/agree_to_privacy_notice", &form(&[("version", "2027-01-01")])).await;
        assert_eq!(agreed.status, StatusCode::OK, "{}", agreed.body);
        assert!(member.get("/api/my_membership").await.body.contains(r#""privacy_to_agree":null"#));

        // Mails: signed as the settings say; an applicant agrees to the notice in force.
        let old = crate::support::fixtures::apply(&app, &crate::support::fixtures::join_form(&[])).await;
        assert_eq!(old.status, StatusCode::UNPROCESSABLE_ENTITY, "the notice changed: ask again");
        let join = crate::support::fixtures::join_form(&[("account[privacy_notice_version]", "2027-01-01")]);
        assert_eq!(crate::support::fixtures::apply(&app, &join).await.status, StatusCode::OK);
        let body: String = sqlx::query_scalar("SELECT body FROM outbox WHERE to_address = $1")
            .bind(crate::support::fixtures::APPLICANT.0)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert!(body.ends_with("\n\n稲城国際交流協会 事務局（火・木）"), "{body}");

        // Rosters: the year's dues at the new fee.
        let csv = admin.get(&format!("/admin/exports/dues.csv?year={this_year}&encoding=utf-8")).await.body;
        let line = csv.lines().find(|l| l.contains("1201")).expect("the member's line");
        assert!(line.contains(",1,3600,"), "one unit at the new fee: {line}");
    })
}
