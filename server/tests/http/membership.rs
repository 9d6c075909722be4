//! `api/membership.rs` over HTTP: joining, approval and rejection, drafts without JavaScript,
//! households, profile and email changes, withdrawal and erasure, and the access matrix of the
//! membership functions.

use crate::support::accounts::{admin_and_member, log_in, session_cookie, Session, ADMIN, MEMBER};
use crate::support::fixtures::{applied, apply, join_form, member_id, my_membership, outbox, APPLICANT};
use crate::support::{app, cookie_header, form, get_with, post_form, with_db};
use axum::http::StatusCode;

#[test]
fn an_application_is_pending_until_an_admin_approves_it() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let reply = apply(&app, &join_form(&[])).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(reply.header("location"), "/join/received");

        let applicant = log_in(&app, APPLICANT).await;
        let mine = my_membership(&app, &applicant).await;
        assert_eq!(mine["status"], "Pending");
        assert_eq!(mine["member_number"], serde_json::Value::Null);
        assert_eq!(mine["profile"]["full_name"], "髙﨑 花子", "names are kept exactly as typed");
        assert_eq!(mine["profile"]["postal_code"], "2068601");
        assert_eq!(mine["committees"][0]["slug"], "international");
        let mails = outbox(&db.pool, APPLICANT.0).await;
        assert_eq!(mails.len(), 1);
        assert!(mails[0].0.contains("入会申込"), "{mails:?}");

        let id = member_id(&db.pool, APPLICANT.0).await;
        let admin = Session::log_in(&app, ADMIN).await;
        let approved = admin.post_form("/api/approve_member", &form(&[("id", &id.to_string())])).await;
        assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
        let mine = my_membership(&app, &applicant).await;
        assert_eq!(mine["status"], "Active");
        assert_eq!(mine["member_number"], 1001);
        assert!(mine["dues_standing"].is_string());
        assert!(outbox(&db.pool, APPLICANT.0).await[1].1.contains("1001"));

        // Approving twice does nothing more.
        let again = admin.post_form("/api/approve_member", &form(&[("id", &id.to_string())])).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        let audit: i64 =
            sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'member.approve' AND record_id = $1")
                .bind(id)
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert_eq!(audit, 1);
    })
}

#[test]
fn a_rejected_applicant_is_told_the_reason() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let (id, applicant) = applied(&app, &db.pool).await;
        let admin = Session::log_in(&app, ADMIN).await;
        let no_reason = admin.post_form("/api/reject_member", &form(&[("id", &id.to_string()), ("reason", " ")])).await;
        assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
        let reason = "市外在住のため";
        let rejected =
            admin.post_form("/api/reject_member", &form(&[("id", &id.to_string()), ("reason", reason)])).await;
        assert_eq!(rejected.status, StatusCode::OK, "{}", rejected.body);
        let mine = my_membership(&app, &applicant).await;
        assert_eq!(mine["status"], "Rejected");
        assert_eq!(mine["rejection_reason"], reason);
        assert!(outbox(&db.pool, APPLICANT.0).await.last().unwrap().1.contains(reason));
    })
}

#[test]
fn a_taken_email_gets_the_same_answer_and_its_owner_a_mail() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let reply = apply(&app, &join_form(&[("account[email]", MEMBER.0)])).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(reply.header("location"), "/join/received");
        let members: i64 = sqlx::query_scalar("SELECT count(*) FROM members").fetch_one(&db.pool).await.unwrap();
        assert_eq!(members, 0, "no application is stored for someone else's address");
        let mails = outbox(&db.pool, MEMBER.0).await;
        assert_eq!(mails.len(), 1);
        assert!(mails[0].1.contains("/password/forgot"), "{mails:?}");
        // The owner's password still works.
        log_in(&app, MEMBER).await;
    })
}

#[test]
fn every_problem_in_the_join_form_is_named_and_nothing_is_stored() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        let body = join_form(&[
            ("profile[name_reading]", "高崎"),
            ("profile[postal_code]", "206"),
            ("account[password]", "password"),
            ("account[privacy_consent]", ""),
            ("profile[languages][]", "xx"),
        ]);
        let reply = apply(&app, &body).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
        let error: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
        let fields: Vec<&str> =
            error["Invalid"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
        for field in ["name_reading", "postal_code", "password", "privacy_consent", "languages"] {
            assert!(fields.contains(&field), "{field} missing from {fields:?}");
        }
        let accounts: i64 = sqlx::query_scalar("SELECT count(*) FROM accounts").fetch_one(&db.pool).await.unwrap();
        assert_eq!(accounts, 0);
    })
}

#[test]
fn without_javascript_a_refused_join_form_comes_back_filled_in() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        let body = join_form(&[("profile[postal_code]", "206")]);
        let reply = post_form(
            &app,
            "/api/apply_for_membership",
            &body,
            &[("accept", "text/html"), ("referer", "http://localhost/join")],
        )
        .await;
        assert_eq!(reply.status, StatusCode::FOUND, "{}", reply.body);
        let back = reply.header("location").to_string();
        assert!(back.contains("/join") && back.contains("__err"), "{back}");
        let cookie = session_cookie(&reply).expect("the draft is kept in a session");
        let path = back.trim_start_matches("http://localhost");
        let page = get_with(&app, path, &[("cookie", &cookie)]).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("value=\"髙﨑 花子\""), "the name is still there");
        assert!(page.body.contains("value=\"206\""), "the refused value is still there");
        assert!(!page.body.contains(APPLICANT.1), "the password is never shown again");
        assert!(page.body.contains("郵便番号は7けた"), "the problem is explained beside the field");
    })
}

#[test]
fn families_list_their_household() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        let family = [("account[membership_type]", "family")];
        let refused = apply(&app, &join_form(&family)).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("household.0.full_name"), "{}", refused.body);
        let with_household = join_form(&[
            ("account[membership_type]", "family"),
            ("profile[household][0][full_name]", "髙﨑 太郎"),
            ("profile[household][0][name_reading]", "たかさき たろう"),
            ("profile[household][0][relationship]", "夫"),
            ("profile[household][0][birth_date]", "1955-01-02"),
        ]);
        let reply = apply(&app, &with_household).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let mine = my_membership(&app, &log_in(&app, APPLICANT).await).await;
        assert_eq!(mine["profile"]["household"][0]["full_name"], "髙﨑 太郎");
        assert_eq!(mine["membership_type"]["code"], "family");
    })
}

#[test]
fn members_edit_their_profile_and_change_their_email() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        let (_, applicant) = applied(&app, &db.pool).await;
        let edited = join_form(&[
            ("profile[city]", "多摩市"),
            ("profile[languages][]", "ko"),
            ("profile[committees][]", "regional"),
        ]);
        let profile: String = edited.split('&').filter(|p| p.starts_with("profile")).collect::<Vec<_>>().join("&");
        let saved = post_form(&app, "/api/update_profile", &profile, &[("cookie", &applicant)]).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        let mine = my_membership(&app, &applicant).await;
        assert_eq!(mine["profile"]["city"], "多摩市");
        assert_eq!(mine["profile"]["languages"], serde_json::json!(["ko"]));
        assert_eq!(mine["committees"][0]["slug"], "regional");

        let wrong = post_form(
            &app,
            "/api/change_email",
            &form(&[("password", "not it at all"), ("new_email", "new@example.jp")]),
            &[("cookie", &applicant)],
        )
        .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        let changed = post_form(
            &app,
            "/api/change_email",
            &form(&[("password", APPLICANT.1), ("new_email", "New@Example.jp")]),
            &[("cookie", &applicant)],
        )
        .await;
        assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
        assert_eq!(outbox(&db.pool, APPLICANT.0).await.len(), 2, "the old address is told");
        crate::email_confirmation::confirm_joined_address(&app, &db.pool, "new@example.jp").await;
        assert_eq!(my_membership(&app, &applicant).await["email"], "new@example.jp");
        log_in(&app, ("new@example.jp", APPLICANT.1)).await;
    })
}

#[test]
fn withdrawal_ends_sessions_and_erasure_keeps_only_counts() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let (id, applicant) = applied(&app, &db.pool).await;
        let admin = Session::log_in(&app, ADMIN).await;
        let sid = id.to_string();
        admin.post_form("/api/approve_member", &form(&[("id", &sid)])).await;
        admin
            .post_form(
                "/api/record_dues",
                &form(&[
                    ("id", &sid),
                    ("fiscal_year", "2025"),
                    ("paid_on", "2025-05-01"),
                    ("amount_yen", ""),
                    ("method", "cash"),
                    ("note", ""),
                ]),
            )
            .await;
        // Erasing an active member is refused.
        let early = admin.post_form("/api/erase_member", &form(&[("id", &sid)])).await;
        assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
        // A sign-up ends with the membership, without a mail inviting a login that has ended to
        // sign up again.
        let event = crate::support::fixtures::published_event(&app, &db.pool, admin.cookie(), &[]).await;
        let signed = post_form(
            &app,
            "/api/sign_up",
            &crate::support::fixtures::signup_form(event, 0),
            &[("cookie", &applicant)],
        )
        .await;
        assert_eq!(signed.status, StatusCode::OK, "{}", signed.body);

        let out =
            post_form(&app, "/api/withdraw", &form(&[("password", APPLICANT.1)]), &[("cookie", &applicant)]).await;
        assert_eq!(out.status, StatusCode::OK, "{}", out.body);
        assert_eq!(get_with(&app, "/api/my_account", &[("cookie", &applicant)]).await.status, StatusCode::UNAUTHORIZED);
        let refused =
            post_form(&app, "/api/log_in", &crate::support::accounts::login_form(APPLICANT.0, APPLICANT.1), &[]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "a withdrawn member cannot log in");
        assert_eq!(crate::support::fixtures::places(&db.pool, event).await.0, 0, "the place is free again");
        let told = crate::support::fixtures::outbox(&db.pool, APPLICANT.0).await;
        assert!(!told.iter().any(|(subject, _)| subject.starts_with("申込を取り消しました")), "{told:?}");

        let erased = admin.post_form("/api/erase_member", &form(&[("id", &sid)])).await;
        assert_eq!(erased.status, StatusCode::OK, "{}", erased.body);
        let (name, phone, email): (String, String, Option<String>) =
            sqlx::query_as("SELECT full_name, phone, email FROM members WHERE id = $1")
                .bind(id)
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert!(!name.contains("髙﨑") && phone.is_empty() && email.is_none());
        let dues: i64 = sqlx::query_scalar("SELECT count(*) FROM dues_payments WHERE member_id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(dues, 1, "counts stay for statistics");
        let log: String = sqlx::query_scalar("SELECT string_agg(details::text, ' ') FROM audit_log")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert!(!log.contains("髙﨑") && !log.contains(APPLICANT.0), "the audit log holds no erased data: {log}");
        let logins: i64 = sqlx::query_scalar("SELECT count(*) FROM accounts WHERE email = $1")
            .bind(APPLICANT.0)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(logins, 0);
    })
}

/// Every membership server function × anonymous, an account without membership, an applicant and
/// an admin: refused with 401/403 before any work, or let through (then 200/404/422 by the input).
#[test]
fn access_matrix_for_membership() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let (id, applicant) = applied(&app, &db.pool).await;
        let account = log_in(&app, MEMBER).await;
        let admin = Session::log_in(&app, ADMIN).await;
        let id = id.to_string();
        use StatusCode as S;
        const OK: S = S::OK;
        const NO: S = S::UNAUTHORIZED;
        const FORBID: S = S::FORBIDDEN;
        const BAD: S = S::UNPROCESSABLE_ENTITY;
        let reads: Vec<(String, [S; 4])> = vec![
            ("/api/join_page".into(), [OK, OK, OK, OK]),
            ("/api/my_membership".into(), [NO, OK, OK, OK]),
            ("/api/profile_form".into(), [NO, FORBID, OK, FORBID]),
            ("/api/member_list".into(), [NO, FORBID, FORBID, OK]),
            (format!("/api/member_detail?id={id}"), [NO, FORBID, FORBID, OK]),
            ("/api/outbox".into(), [NO, FORBID, FORBID, OK]),
            ("/api/membership_types".into(), [NO, FORBID, FORBID, OK]),
        ];
        let roles: [Option<&str>; 4] = [None, Some(&account), Some(&applicant), Some(admin.cookie())];
        let names = ["anonymous", "account without membership", "applicant", "admin"];
        for (path, expected) in &reads {
            for ((cookie, role), status) in roles.iter().zip(names).zip(expected) {
                let reply = get_with(&app, path, &cookie_header(*cookie)).await;
                assert_eq!(reply.status, *status, "{path} as {role}: {}", reply.body);
            }
        }
        // Writes, with input that is refused (422) once the caller is let through, so nothing changes.
        let writes: Vec<(&str, String, [S; 4])> = vec![
            ("/api/update_profile", form(&[("profile[full_name]", "")]), [NO, FORBID, BAD, FORBID]),
            ("/api/change_email", form(&[("password", ""), ("new_email", "x")]), [NO, BAD, BAD, BAD]),
            ("/api/withdraw", form(&[("password", "")]), [NO, FORBID, BAD, FORBID]),
            ("/api/reject_member", form(&[("id", &id), ("reason", "")]), [NO, FORBID, FORBID, BAD]),
            (
                "/api/record_dues",
                form(&[
                    ("id", &id),
                    ("fiscal_year", "x"),
                    ("paid_on", ""),
                    ("amount_yen", ""),
                    ("method", ""),
                    ("note", ""),
                ]),
                [NO, FORBID, FORBID, BAD],
            ),
            (
                "/api/set_chair",
                form(&[("id", &id), ("committee", "nope"), ("appoint", "true")]),
                [NO, FORBID, FORBID, BAD],
            ),
            ("/api/erase_member", form(&[("id", &id)]), [NO, FORBID, FORBID, BAD]),
            ("/api/approve_member", form(&[("id", "999999")]), [NO, FORBID, FORBID, S::NOT_FOUND]),
            (
                "/api/set_login_disabled",
                form(&[("id", "999999"), ("disabled", "true")]),
                [NO, FORBID, FORBID, S::NOT_FOUND],
            ),
            ("/api/send_reset_link", form(&[("id", "999999")]), [NO, FORBID, FORBID, S::NOT_FOUND]),
            (
                "/api/update_membership_type",
                form(&[("id", "1"), ("class[name_ja]", ""), ("class[name_en]", "x")]),
                [NO, FORBID, FORBID, BAD],
            ),
            ("/api/apply_for_membership", form(&[("account[email]", "x")]), [BAD, BAD, BAD, BAD]),
            ("/api/request_password_reset", form(&[("email", "x")]), [BAD, BAD, BAD, BAD]),
            ("/api/reset_password", form(&[("token", "x"), ("new_password", "")]), [BAD, BAD, BAD, BAD]),
            ("/api/confirm_email", form(&[("token", "x")]), [BAD, BAD, BAD, BAD]),
        ];
        for (path, body, expected) in &writes {
            for ((cookie, role), status) in roles.iter().zip(names).zip(expected) {
                let reply = post_form(&app, path, body, &cookie_header(*cookie)).await;
                assert_eq!(reply.status, *status, "{path} as {role}: {}", reply.body);
            }
        }
        let status: String = sqlx::query_scalar("SELECT status FROM members").fetch_one(&db.pool).await.unwrap();
        assert_eq!(status, "pending", "no refused call changed anything");
    })
}
