//! `api/staff.rs` over HTTP: staff logins, their roles and terms, and what each role may do.

use crate::support::accounts::{admin_and_member, log_in, Session, ADMIN};
use crate::support::fixtures::{active_member, hash, outbox};
use crate::support::{app, form, get_with, post_form, with_db};
use axum::http::StatusCode;

fn invite(name: &str, email: &str, role: &str, how: &str) -> String {
    form(&[("name", name), ("email", email), ("role", role), ("valid_until", ""), ("how", how)])
}

/// The first-time password the staff page shows once after an invitation by password.
fn shown_password(page: &str) -> String {
    let start = page.find("<code>").expect("the password on the page") + "<code>".len();
    page[start..].split("</code>").next().unwrap().to_string()
}

#[test]
fn a_treasurer_with_a_first_time_password_records_dues_but_cannot_change_a_member() {
    with_db(|db| async move {
        let pool = db.pool.clone();
        admin_and_member(&pool).await;
        let app = app(pool.clone());
        let admin = Session::log_in(&app, ADMIN).await;
        let (_, member) = active_member(&pool, "kaiin@example.jp", &hash("a member's own phrase").await, 7).await;

        let made = admin
            .post_form("/api/invite_staff", &invite("会計 花子", "kaikei@example.jp", "treasurer", "password"))
            .await;
        assert_eq!(made.status, StatusCode::OK, "{}", made.body);
        let page = admin.get("/admin/staff?done=first_time_password").await.body;
        let password = shown_password(&page);
        assert!(
            page.contains("会計 花子") && page.contains("初回用パスワードのまま"),
            "listed, on a first-time password"
        );
        assert!(!admin.get("/admin/staff").await.body.contains(&password), "shown once only");
        assert!(outbox(&pool, "kaikei@example.jp").await.is_empty(), "a password handed over sends no mail");

        // On the first-time password the treasurer may do nothing of the office's work yet.
        let first = log_in(&app, ("kaikei@example.jp", &password)).await;
        let dues = form(&[
            ("id", &member.0.to_string()),
            ("fiscal_year", "2026"),
            ("paid_on", "2026-05-10"),
            ("amount_yen", ""),
            ("method", "cash"),
            ("note", ""),
        ]);
        let early = post_form(&app, "/api/record_dues", &dues, &[("cookie", &first)]).await;
        assert_eq!(early.status, StatusCode::FORBIDDEN);
        let changed = post_form(
            &app,
            "/api/change_password",
            &form(&[("current_password", &password), ("new_password", "the treasurer's own phrase")]),
            &[("cookie", &first)],
        )
        .await;
        assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);

        let treasurer = Session::log_in(&app, ("kaikei@example.jp", "the treasurer's own phrase")).await;
        assert_eq!(treasurer.get("/api/member_list").await.status, StatusCode::OK, "reads the member list");
        let recorded = treasurer.post_form("/api/record_dues", &dues).await;
        assert_eq!(recorded.status, StatusCode::OK, "{}", recorded.body);
        let refused = treasurer
            .post_form("/api/set_login_disabled", &form(&[("id", &member.0.to_string()), ("disabled", "true")]))
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "no member edits");
        assert_eq!(treasurer.get("/api/staff").await.status, StatusCode::FORBIDDEN);

        // The log names the person who did each thing.
        let log: serde_json::Value =
            serde_json::from_str(&admin.get("/api/audit_log?filter[action]=dues.record").await.body).unwrap();
        assert_eq!(log[0]["actor"], "会計 花子 <kaikei@example.jp>");
        let log: serde_json::Value =
            serde_json::from_str(&admin.get("/api/audit_log?filter[action]=staff.invite").await.body).unwrap();
        assert_eq!(log[0]["actor"], format!("事務局 <{}>", ADMIN.0));
    })
}

#[test]
fn an_invitation_by_mail_sets_a_password_and_a_role_ends_with_its_term() {
    with_db(|db| async move {
        let pool = db.pool.clone();
        admin_and_member(&pool).await;
        let app = app(pool.clone());
        let admin = Session::log_in(&app, ADMIN).await;
        let sent =
            admin.post_form("/api/invite_staff", &invite("名簿 一郎", "meibo@example.jp", "clerk", "mail")).await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
        let mails = outbox(&pool, "meibo@example.jp").await;
        assert_eq!(mails.len(), 1);
        assert!(mails[0].1.contains("名簿係"), "the mail names the role: {}", mails[0].1);
        let token = mails[0].1.split("token=").nth(1).unwrap().split('&').next().unwrap().to_string();
        let chosen = post_form(
            &app,
            "/api/reset_password",
            &form(&[("token", &token), ("new_password", "the clerk's own phrase")]),
            &[],
        )
        .await;
        assert_eq!(chosen.status, StatusCode::OK, "{}", chosen.body);
        let clerk = Session::log_in(&app, ("meibo@example.jp", "the clerk's own phrase")).await;
        assert_eq!(clerk.get("/api/imports").await.status, StatusCode::OK);
        assert_eq!(clerk.get("/admin/exports/dues.csv?year=2026").await.status, StatusCode::FORBIDDEN, "no dues");

        // The term ended yesterday: the role stops by itself, at the clerk's next request.
        sqlx::query(
            "UPDATE staff_roles SET valid_from = japan_today() - 10, valid_until = japan_today() - 1
             WHERE account_id = (SELECT id FROM accounts WHERE email = 'meibo@example.jp')",
        )
        .execute(&pool)
        .await
        .unwrap();
        assert_eq!(clerk.get("/api/imports").await.status, StatusCode::FORBIDDEN);
        assert!(admin.get("/admin/staff").await.body.contains("任期終了"), "the staff page says the term ended");
    })
}

#[test]
fn the_last_admin_cannot_be_removed_or_disabled_and_nobody_disables_themself() {
    with_db(|db| async move {
        let pool = db.pool.clone();
        admin_and_member(&pool).await;
        let app = app(pool.clone());
        let admin = Session::log_in(&app, ADMIN).await;
        let grant: i64 =
            sqlx::query_scalar("SELECT id FROM staff_roles WHERE role = 'admin'").fetch_one(&pool).await.unwrap();
        let me: i64 = sqlx::query_scalar("SELECT account_id FROM staff_roles WHERE role = 'admin'")
            .fetch_one(&pool)
            .await
            .unwrap();
        let revoked = admin.post_form("/api/revoke_staff_role", &form(&[("grant", &grant.to_string())])).await;
        assert_eq!(revoked.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(revoked.body.contains("LastAdmin"), "{}", revoked.body);
        let myself = admin
            .post_form("/api/set_staff_disabled", &form(&[("account", &me.to_string()), ("disabled", "true")]))
            .await;
        assert!(myself.body.contains("NotYourself"), "{}", myself.body);

        // A second admin: now the first may be disabled by the second, but not both.
        admin.post_form("/api/invite_staff", &invite("副 管理者", "fuku@example.jp", "admin", "password")).await;
        let password = shown_password(&admin.get("/admin/staff").await.body);
        let first = log_in(&app, ("fuku@example.jp", &password)).await;
        post_form(
            &app,
            "/api/change_password",
            &form(&[("current_password", &password), ("new_password", "the second admin's phrase")]),
            &[("cookie", &first)],
        )
        .await;
        let second = Session::log_in(&app, ("fuku@example.jp", "the second admin's phrase")).await;
        let off = second
            .post_form("/api/set_staff_disabled", &form(&[("account", &me.to_string()), ("disabled", "true")]))
            .await;
        assert_eq!(off.status, StatusCode::OK, "{}", off.body);
        assert_eq!(
            admin.get("/api/staff").await.status,
            StatusCode::UNAUTHORIZED,
            "the disabled admin's session ended"
        );
        let other: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE email = 'fuku@example.jp'")
            .fetch_one(&pool)
            .await
            .unwrap();
        let grant: i64 = sqlx::query_scalar("SELECT id FROM staff_roles WHERE account_id = $1")
            .bind(other)
            .fetch_one(&pool)
            .await
            .unwrap();
        let last = second.post_form("/api/revoke_staff_role", &form(&[("grant", &grant.to_string())])).await;
        assert!(last.body.contains("LastAdmin"), "the only enabled admin left: {}", last.body);
        // Without JavaScript the staff page is a plain form post that comes back to the page.
        let page = get_with(&app, "/admin/staff", &[("cookie", second.cookie())]).await;
        assert_eq!(page.status, StatusCode::OK);
    })
}

#[test]
fn a_role_goes_only_to_a_login_whose_address_its_owner_confirmed() {
    with_db(|db| async move {
        let pool = db.pool.clone();
        admin_and_member(&pool).await;
        let app = app(pool.clone());
        let admin = Session::log_in(&app, ADMIN).await;
        // Someone applied with the future treasurer's address and never confirmed it.
        let mut tx = pool.begin().await.unwrap();
        app::server::db::accounts::insert_member_account(
            &mut tx,
            "kaikei@example.jp",
            &hash("a squatter's phrase").await,
            "ja",
        )
        .await
        .unwrap()
        .unwrap();
        tx.commit().await.unwrap();
        let refused =
            admin.post_form("/api/invite_staff", &invite("会計 花子", "kaikei@example.jp", "admin", "mail")).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
        assert!(refused.body.contains("email") && refused.body.contains("NotAllowed"), "{}", refused.body);
        let roles: i64 = sqlx::query_scalar("SELECT count(*) FROM staff_roles").fetch_one(&pool).await.unwrap();
        assert_eq!(roles, 1, "only the first admin's");
    })
}

#[test]
fn an_admin_who_cannot_log_in_yet_does_not_count_as_the_one_left() {
    with_db(|db| async move {
        let pool = db.pool.clone();
        admin_and_member(&pool).await;
        let app = app(pool.clone());
        let admin = Session::log_in(&app, ADMIN).await;
        admin.post_form("/api/invite_staff", &invite("招待 中", "shotai@example.jp", "admin", "mail")).await;
        admin.post_form("/api/invite_staff", &invite("初回 用", "shokai@example.jp", "admin", "password")).await;
        let grant: i64 = sqlx::query_scalar(
            "SELECT r.id FROM staff_roles r JOIN accounts a ON a.id = r.account_id WHERE a.email = $1",
        )
        .bind(ADMIN.0)
        .fetch_one(&pool)
        .await
        .unwrap();
        let revoked = admin.post_form("/api/revoke_staff_role", &form(&[("grant", &grant.to_string())])).await;
        assert!(
            revoked.body.contains("LastAdmin"),
            "an invitation and a first-time password cannot act: {}",
            revoked.body
        );
    })
}
