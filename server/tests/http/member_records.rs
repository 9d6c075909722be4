//! `api/member_records.rs` over HTTP: the office keeps the record of a member without a login
//! (imported from the paper list), changes their type from the next fiscal year and records their
//! withdrawal; the history shows each step and the audit log names the person.

use crate::support::accounts::{admin_and_member, Session, ADMIN};
use crate::support::fixtures::staff_login;
use crate::support::{app, form, with_db};
use app::domain::staff::StaffRole;
use axum::http::StatusCode;
use sqlx::PgPool;

/// A member as the import makes one: active, numbered, no login and no email.
async fn paper_member(pool: &PgPool) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO members (member_number, status, membership_type_id, full_name, name_reading, reading_key,
             phone, prefecture_code, privacy_notice_version, privacy_consented_at, decided_at, contact_by)
         VALUES (501, 'active', (SELECT id FROM membership_types WHERE code = 'student'), '稲城 太郎', 'いなぎ たろう',
             'いなぎたろう', '042-000-0000', 13, 'imported', now(), now(), 'post') RETURNING id",
    )
    .fetch_one(pool)
    .await
    .unwrap()
}

fn record_form(id: &str, phone: &str, notes: &str, contact_by: &str, email: &str) -> String {
    form(&[
        ("id", id),
        ("profile[full_name]", "稲城 太郎"),
        ("profile[name_reading]", "いなぎ たろう"),
        ("profile[phone]", phone),
        ("profile[postal_code]", "206-8601"),
        ("profile[prefecture]", "13"),
        ("profile[city]", "稲城市"),
        ("profile[street]", "東長沼2111"),
        ("office[notes]", notes),
        ("office[contact_by]", contact_by),
        ("office[email]", email),
    ])
}

#[test]
fn a_records_clerk_keeps_a_paper_member_s_record_from_edit_to_withdrawal() {
    with_db(|db| async move {
        let pool = db.pool.clone();
        admin_and_member(&pool).await;
        let app = app(pool.clone());
        let (email, password) = staff_login(&pool, "名簿 一郎", "meibo@example.jp", StaffRole::Clerk).await;
        let clerk = Session::log_in(&app, (&email, &password)).await;
        let member = paper_member(&pool).await;
        let id = member.to_string();

        // Details, remarks and contact preference; the audit keeps only what changed.
        let bad = clerk.post_form("/api/edit_member", &record_form(&id, "042-378-2111", "", "email", "")).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "email chosen with no address");
        assert!(bad.body.contains("office.contact_by"), "{}", bad.body);
        let saved =
            clerk.post_form("/api/edit_member", &record_form(&id, "042-378-2111", "会報は郵送", "post", "")).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        let (phone, notes, street): (String, String, String) =
            sqlx::query_as("SELECT phone, notes, street FROM members WHERE id = $1")
                .bind(member)
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!((phone.as_str(), notes.as_str(), street.as_str()), ("042-378-2111", "会報は郵送", "東長沼2111"));
        let details: serde_json::Value =
            sqlx::query_scalar("SELECT details FROM audit_log WHERE action = 'member.edit' AND record_id = $1")
                .bind(member)
                .fetch_one(&pool)
                .await
                .unwrap();
        let changed = details["changed"].as_object().unwrap();
        assert_eq!(changed["phone"]["before"], "042-000-0000");
        assert_eq!(changed["phone"]["after"], "042-378-2111");
        assert!(
            !changed.contains_key("full_name") && !changed.contains_key("contact_by"),
            "only what changed: {details}"
        );

        // Student → individual from next fiscal year: the type stays until then.
        let year = app::domain::dues::DuesCalendar::default().this_year();
        let next = (year + 1).to_string();
        let typed = clerk
            .post_form(
                "/api/change_member_type",
                &form(&[("id", &id), ("type_code", "individual"), ("from_year", &next)]),
            )
            .await;
        assert_eq!(typed.status, StatusCode::OK, "{}", typed.body);
        let code: String = sqlx::query_scalar(
            "SELECT t.code FROM members m JOIN membership_types t ON t.id = m.membership_type_id WHERE m.id = $1",
        )
        .bind(member)
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(code, "student", "not before its fiscal year");

        // A 退会届 by post.
        let ended = clerk
            .post_form(
                "/api/end_membership",
                &form(&[("id", &id), ("change", "withdrawn"), ("effective_on", ""), ("reason", "退会届（郵送）")]),
            )
            .await;
        assert_eq!(ended.status, StatusCode::OK, "{}", ended.body);
        let again = clerk.post_form("/api/end_membership", &form(&[("id", &id), ("change", "deceased")])).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "an ended membership does not end twice");

        // The member's page shows each step; the audit log names the clerk.
        let admin = Session::log_in(&app, ADMIN).await;
        let detail: serde_json::Value =
            serde_json::from_str(&admin.get(&format!("/api/member_detail?id={id}")).await.body).unwrap();
        let steps: Vec<&str> =
            detail["history"].as_array().unwrap().iter().map(|h| h["change"].as_str().unwrap()).collect();
        assert_eq!(steps, vec!["TypeChanged", "Withdrawn"], "{detail}");
        assert_eq!(detail["history"][1]["reason"], "退会届（郵送）");
        assert_eq!(detail["next_type"], serde_json::Value::Null, "an ended membership changes type no more");
        assert_eq!(detail["history"][1]["recorded_by"], "名簿 一郎");
        assert_eq!(detail["membership"]["status"], "Withdrawn");
        let page = admin.get(&format!("/admin/members/{id}")).await.body;
        assert!(page.contains("退会届（郵送）") && page.contains("会員種別の変更"), "the history on the page");
        let log: serde_json::Value =
            serde_json::from_str(&admin.get("/api/audit_log?filter[action]=member.end").await.body).unwrap();
        assert_eq!(log[0]["actor"], "名簿 一郎 <meibo@example.jp>");

        // A treasurer may read the record but not change it.
        let (t_email, t_password) = staff_login(&pool, "会計 花子", "kaikei@example.jp", StaffRole::Treasurer).await;
        let treasurer = Session::log_in(&app, (&t_email, &t_password)).await;
        let refused = treasurer.post_form("/api/edit_member", &record_form(&id, "042-111-1111", "", "post", "")).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);

        // Erasure after an end the office recorded: the edits keep which fields, not what they said.
        let erased = clerk.post_form("/api/erase_member", &form(&[("id", &id)])).await;
        assert_eq!(erased.status, StatusCode::OK, "{}", erased.body);
        let details: serde_json::Value =
            sqlx::query_scalar("SELECT details FROM audit_log WHERE action = 'member.edit' AND record_id = $1")
                .bind(member)
                .fetch_one(&pool)
                .await
                .unwrap();
        assert!(!details.to_string().contains("042-"), "{details}");
        assert!(details["fields"].as_array().unwrap().iter().any(|f| f == "phone"), "{details}");
    })
}

#[test]
fn the_office_s_steps_keep_to_what_each_membership_allows() {
    with_db(|db| async move {
        let pool = db.pool.clone();
        admin_and_member(&pool).await;
        let app = app(pool.clone());
        let admin = Session::log_in(&app, ADMIN).await;
        let (email, password) = staff_login(&pool, "名簿 一郎", "meibo@example.jp", StaffRole::Clerk).await;
        let clerk = Session::log_in(&app, (&email, &password)).await;

        // A treasurer who is also a member: ending the membership leaves the staff login open.
        let (t_account, t_member) = crate::support::fixtures::active_member(
            &pool,
            "kaikei@example.jp",
            &crate::support::fixtures::hash("the treasurer's phrase").await,
            7,
        )
        .await;
        let boss = app::server::db::accounts::for_login(&pool, ADMIN.0).await.unwrap().unwrap().id;
        let mut tx = pool.begin().await.unwrap();
        app::server::db::staff::grant(&mut tx, t_account, StaffRole::Treasurer, None, boss).await.unwrap();
        tx.commit().await.unwrap();
        let id = t_member.0.to_string();
        let ended = clerk.post_form("/api/end_membership", &form(&[("id", &id), ("change", "deceased")])).await;
        assert_eq!(ended.status, StatusCode::OK, "{}", ended.body);
        let treasurer = Session::log_in(&app, ("kaikei@example.jp", "the treasurer's phrase")).await;
        assert_eq!(
            treasurer.get("/api/member_list").await.status,
            StatusCode::OK,
            "a staff login is an admin's to close"
        );
        // A deceased member is not reinstated, has no login enabled, and changes type no more.
        let back = clerk.post_form("/api/reinstate_member", &form(&[("id", &id)])).await;
        assert_eq!(back.status, StatusCode::UNPROCESSABLE_ENTITY);
        let typed = clerk
            .post_form(
                "/api/change_member_type",
                &form(&[("id", &id), ("type_code", "individual"), ("from_year", &year())]),
            )
            .await;
        assert_eq!(typed.status, StatusCode::UNPROCESSABLE_ENTITY);
        // Erased: the staff login stays, no longer this membership's.
        let erased = clerk.post_form("/api/erase_member", &form(&[("id", &id)])).await;
        assert_eq!(erased.status, StatusCode::OK, "{}", erased.body);
        assert_eq!(treasurer.get("/api/member_list").await.status, StatusCode::OK);

        // An application the office ended (never approved) cannot be reinstated into a membership.
        let pending = paper_member(&pool).await;
        sqlx::query("UPDATE members SET status = 'pending', member_number = NULL, decided_at = NULL WHERE id = $1")
            .bind(pending)
            .execute(&pool)
            .await
            .unwrap();
        let pending = pending.to_string();
        assert_eq!(
            clerk.post_form("/api/end_membership", &form(&[("id", &pending), ("change", "withdrawn")])).await.status,
            StatusCode::OK
        );
        let back = clerk.post_form("/api/reinstate_member", &form(&[("id", &pending)])).await;
        assert_eq!(back.status, StatusCode::UNPROCESSABLE_ENTITY, "it applies again instead");
        // A lapsed member's login is not enabled before the membership is reinstated.
        let (_, lapsed) = crate::support::fixtures::active_member(&pool, "lapsed@example.jp", "x", 8).await;
        let lapsed = lapsed.0.to_string();
        clerk.post_form("/api/end_membership", &form(&[("id", &lapsed), ("change", "lapsed")])).await;
        let enabled =
            admin.post_form("/api/set_login_disabled", &form(&[("id", &lapsed), ("disabled", "false")])).await;
        assert_eq!(enabled.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", enabled.body);
    })
}

fn year() -> String {
    app::domain::dues::DuesCalendar::default().this_year().to_string()
}

#[test]
fn the_office_records_a_paper_member_s_post_on_a_committee_and_their_units() {
    with_db(|db| async move {
        let pool = db.pool.clone();
        admin_and_member(&pool).await;
        let app = app(pool.clone());
        let (email, password) = staff_login(&pool, "名簿 一郎", "meibo@example.jp", StaffRole::Clerk).await;
        let clerk = Session::log_in(&app, (&email, &password)).await;
        let member = paper_member(&pool).await;
        let id = member.to_string();
        let with = |extra: &[(&str, &str)]| {
            let mut body = record_form(&id, "042-000-0000", "", "post", "");
            body.push('&');
            body.push_str(&form(extra));
            body
        };

        let refused = clerk
            .post_form("/api/edit_member", &with(&[("office[units]", "0"), ("office[posts][regional]", "boss")]))
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            refused.body.contains("office.units") && refused.body.contains("office.posts.regional"),
            "{}",
            refused.body
        );

        // Vice-chair of a committee the form did not tick: they belong to it from now on.
        let saved = clerk
            .post_form("/api/edit_member", &with(&[("office[units]", "３"), ("office[posts][regional]", "vice_chair")]))
            .await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        let (units, post): (i16, String) = sqlx::query_as(
            "SELECT m.units, mc.post FROM members m JOIN member_committees mc ON mc.member_id = m.id
             JOIN committees c ON c.id = mc.committee_id WHERE m.id = $1 AND c.slug = 'regional'",
        )
        .bind(member)
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!((units, post.as_str()), (3, "vice_chair"));
        let details: serde_json::Value =
            sqlx::query_scalar("SELECT details FROM audit_log WHERE action = 'member.edit' AND record_id = $1")
                .bind(member)
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!(details["changed"]["posts"]["after"]["regional"], "vice_chair", "{details}");
        assert_eq!(details["changed"]["units"]["before"], 1);

        // The committee's page names them among its chairs; the roster gives the post.
        let activity: serde_json::Value =
            serde_json::from_str(&clerk.get("/api/committee_activity?slug=regional").await.body).unwrap();
        assert_eq!(activity["vice_chairs"], serde_json::json!(["稲城 太郎"]), "{activity}");
        assert_eq!(activity["chairs"], serde_json::json!([]));
        let admin = Session::log_in(&app, ADMIN).await;
        let roster = admin.get("/admin/exports/committees/regional.csv").await.body;
        assert!(roster.contains("役職") && roster.contains("副委員長"), "{roster}");
        let form_page = admin.get(&format!("/admin/members/{id}/edit")).await.body;
        assert!(form_page.contains(r#"<option value="vice_chair" selected"#), "the form shows the post");

        // No post again: still a member of the committee.
        let cleared = clerk
            .post_form("/api/edit_member", &with(&[("office[units]", "3"), ("profile[committees][]", "regional")]))
            .await;
        assert_eq!(cleared.status, StatusCode::OK, "{}", cleared.body);
        let activity: serde_json::Value =
            serde_json::from_str(&clerk.get("/api/committee_activity?slug=regional").await.body).unwrap();
        assert_eq!(activity["vice_chairs"], serde_json::json!([]));
    })
}
