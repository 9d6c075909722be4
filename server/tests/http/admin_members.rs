//! `api/admin_members.rs` over HTTP: the member list and dues recorded by the secretariat.

use crate::support::accounts::{admin_and_member, Session, ADMIN, MEMBER};
use crate::support::fixtures::{applied, apply, join_form, my_membership};
use crate::support::{app, form, with_db};
use axum::http::StatusCode;

#[test]
fn dues_recorded_by_the_secretariat_show_as_paid() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let (id, applicant) = applied(&app, &db.pool).await;
        let admin = Session::log_in(&app, ADMIN).await;
        let id = id.to_string();
        admin.post_form("/api/approve_member", &form(&[("id", &id)])).await;
        let year = my_membership(&app, &applicant).await["current_fiscal_year"].as_i64().unwrap().to_string();
        let dues = |amount: &'static str| {
            form(&[
                ("id", &id),
                ("fiscal_year", &year),
                ("paid_on", "2026-05-10"),
                ("amount_yen", amount),
                ("method", "cash"),
                ("note", ""),
            ])
        };
        let recorded = admin.post_form("/api/record_dues", &dues("")).await;
        assert_eq!(recorded.status, StatusCode::OK, "{}", recorded.body);
        let mine = my_membership(&app, &applicant).await;
        assert_eq!(mine["dues_standing"], "Paid");
        assert_eq!(mine["dues"][0]["amount_yen"], 2000, "the amount defaults to the type's fee");
        let twice = admin.post_form("/api/record_dues", &dues("2000")).await;
        assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(twice.body.contains("Duplicate"), "{}", twice.body);
    })
}

#[test]
fn the_member_list_finds_readings_in_any_kana_and_pages_in_reading_order() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        for (i, (name, reading)) in [
            ("田中 花子", "たなか はなこ"),
            ("鈴木 一郎", "スズキ イチロー"),
            ("田中 太郎", "タナカ タロウ"),
            ("青木 蓮", "あおき れん"),
        ]
        .iter()
        .enumerate()
        {
            let email = format!("m{i}@example.jp");
            let body = join_form(&[
                ("account[email]", &email),
                ("profile[full_name]", name),
                ("profile[name_reading]", reading),
            ]);
            assert_eq!(apply(&app, &body).await.status, StatusCode::OK);
        }
        let admin = Session::log_in(&app, ADMIN).await;
        let list = |query: &'static str| {
            let admin = admin.clone();
            async move {
                let reply = admin.get(&format!("/api/member_list?{query}")).await;
                assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
                serde_json::from_str::<serde_json::Value>(&reply.body).unwrap()
            }
        };
        let names = |page: &serde_json::Value| -> Vec<String> {
            page["rows"].as_array().unwrap().iter().map(|r| r["full_name"].as_str().unwrap().to_string()).collect()
        };
        let all = list("").await;
        assert_eq!(
            names(&all),
            ["青木 蓮", "鈴木 一郎", "田中 太郎", "田中 花子"].map(String::from),
            "gojūon order of the readings"
        );
        let tanaka = list("filter[q]=%E3%81%9F%E3%81%AA%E3%81%8B").await; // たなか
        assert_eq!(names(&tanaka), ["田中 太郎", "田中 花子"].map(String::from));
        let by_name = list("filter[q]=%E9%88%B4%E6%9C%A8").await; // 鈴木
        assert_eq!(names(&by_name), ["鈴木 一郎"].map(String::from));
        let pending = list("filter[status]=active").await;
        assert!(names(&pending).is_empty());
        let member = Session::log_in(&app, MEMBER).await;
        let refused = member.get("/api/member_list").await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    })
}

#[test]
fn a_treasurer_corrects_a_payment_keeping_the_original_then_voids_another() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let (id, applicant) = applied(&app, &db.pool).await;
        let admin = Session::log_in(&app, ADMIN).await;
        let id = id.to_string();
        admin.post_form("/api/approve_member", &form(&[("id", &id)])).await;
        let (email, password) = crate::support::fixtures::staff_login(
            &db.pool,
            "会計 花子",
            "kaikei@example.jp",
            app::domain::staff::StaffRole::Treasurer,
        )
        .await;
        let treasurer = Session::log_in(&app, (&email, &password)).await;
        let year = my_membership(&app, &applicant).await["current_fiscal_year"].as_i64().unwrap();
        let record = |year: i64, amount: &str| {
            form(&[
                ("id", &id),
                ("fiscal_year", &year.to_string()),
                ("paid_on", "2026-05-10"),
                ("amount_yen", amount),
                ("method", "cash"),
                ("note", ""),
            ])
        };
        assert_eq!(treasurer.post_form("/api/record_dues", &record(year, "500")).await.status, StatusCode::OK);
        assert_eq!(treasurer.post_form("/api/record_dues", &record(year - 1, "2000")).await.status, StatusCode::OK);
        let mine = my_membership(&app, &applicant).await;
        assert_eq!(mine["dues"][0]["due_yen"], 2000, "{mine}");
        let payment = mine["dues"][0]["id"].as_i64().unwrap().to_string();
        let earlier = mine["dues"][1]["id"].as_i64().unwrap().to_string();

        // A correction needs a reason; the clerk may not make one.
        let correct = |amount: &str, reason: &str| {
            form(&[
                ("payment", &payment),
                ("fiscal_year", &year.to_string()),
                ("paid_on", "2026-05-10"),
                ("amount_yen", amount),
                ("method", "postal_transfer"),
                ("note", ""),
                ("reason", reason),
            ])
        };
        let refused = treasurer.post_form("/api/correct_dues_payment", &correct("2000", "")).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("reason"), "{}", refused.body);
        let (c_email, c_password) = crate::support::fixtures::staff_login(
            &db.pool,
            "名簿 一郎",
            "meibo@example.jp",
            app::domain::staff::StaffRole::Clerk,
        )
        .await;
        let clerk = Session::log_in(&app, (&c_email, &c_password)).await;
        let forbidden = clerk.post_form("/api/correct_dues_payment", &correct("2000", "x")).await;
        assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
        let done = treasurer.post_form("/api/correct_dues_payment", &correct("2000", "金額の入力まちがい")).await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        let page: serde_json::Value =
            serde_json::from_str(&treasurer.get(&format!("/api/dues_payment?id={id}&payment={payment}")).await.body)
                .unwrap();
        assert_eq!(page["payment"]["amount_yen"], 2000);
        assert_eq!(page["payment"]["method"], "PostalTransfer");
        assert_eq!(page["payment"]["corrected"], true);
        assert_eq!(page["revisions"][0]["revised_by"], "会計 花子");
        assert_eq!(page["revisions"][0]["reason"], "金額の入力まちがい");
        let amount = page["revisions"][0]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["field"] == "amount_yen")
            .cloned()
            .unwrap();
        assert_eq!((amount["before"].as_str(), amount["after"].as_str()), (Some("500"), Some("2000")));
        let audit: serde_json::Value =
            sqlx::query_scalar("SELECT details FROM audit_log WHERE action = 'dues.correct'")
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert_eq!(audit["fields"], serde_json::json!(["amount_yen", "method"]), "names, never the values");

        // The earlier year was recorded by mistake: voided, it is unpaid again.
        let void = form(&[("id", &id), ("payment", &earlier), ("reason", "二重に記録")]);
        assert_eq!(treasurer.post_form("/api/void_dues_payment", &void).await.status, StatusCode::OK);
        let mine = my_membership(&app, &applicant).await;
        assert_eq!(mine["dues"].as_array().unwrap().len(), 1, "{mine}");
        let again = treasurer.post_form("/api/void_dues_payment", &void).await;
        assert_eq!(again.status, StatusCode::NOT_FOUND, "a voided payment is gone");
        let page = treasurer.get(&format!("/admin/members/{id}")).await.body;
        assert!(page.contains(&format!("/admin/members/{id}/dues/{payment}")), "each payment links to its page");
    })
}

#[test]
fn several_fiscal_years_are_paid_at_once_or_not_at_all() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let (id, applicant) = applied(&app, &db.pool).await;
        let admin = Session::log_in(&app, ADMIN).await;
        let id = id.to_string();
        admin.post_form("/api/approve_member", &form(&[("id", &id)])).await;
        let year = my_membership(&app, &applicant).await["current_fiscal_year"].as_i64().unwrap();
        let dues = |first: i64, years: &str, amount: &str| {
            form(&[
                ("id", &id),
                ("fiscal_year", &first.to_string()),
                ("paid_on", "2026-05-10"),
                ("amount_yen", amount),
                ("method", "bank_transfer"),
                ("note", ""),
                ("years", years),
            ])
        };
        let wrong_total = admin.post_form("/api/record_dues", &dues(year - 1, "2", "3000")).await;
        assert_eq!(wrong_total.status, StatusCode::UNPROCESSABLE_ENTITY, "a total that is not the two years' dues");
        assert!(wrong_total.body.contains("amount_yen"), "{}", wrong_total.body);
        let too_many = admin.post_form("/api/record_dues", &dues(year - 1, "9", "")).await;
        assert!(too_many.body.contains("years"), "{}", too_many.body);
        let two = admin.post_form("/api/record_dues", &dues(year - 1, "2", "")).await;
        assert_eq!(two.status, StatusCode::OK, "{}", two.body);
        let mine = my_membership(&app, &applicant).await;
        let paid: Vec<(i64, i64)> = mine["dues"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["fiscal_year"].as_i64().unwrap(), d["amount_yen"].as_i64().unwrap()))
            .collect();
        assert_eq!(paid, vec![(year, 2000), (year - 1, 2000)]);
        // Two years of which the later is recorded already: nothing is recorded.
        let clash = admin.post_form("/api/record_dues", &dues(year - 2, "2", "")).await;
        assert_eq!(clash.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(clash.body.contains("Duplicate"), "{}", clash.body);
        assert_eq!(my_membership(&app, &applicant).await["dues"].as_array().unwrap().len(), 2, "all or none");
    })
}
