//! Email addresses are proved by a link sent to them: on joining and on every change. No answer
//! tells whether an address is registered, and a claim nobody confirmed opens nothing.

use crate::privacy::{last_link, mails_to};
use crate::support::accounts::{admin_and_member, log_in, ADMIN, MEMBER};
use crate::support::fixtures::{applied, join_form, APPLICANT};
use crate::support::{app, form, get_with, post_form, with_db, Reply};
use axum::http::StatusCode;
use axum::Router;
use sqlx::PgPool;

/// Uses the confirmation link of the last mail to `email` that has one.
pub async fn confirm_joined_address(app: &Router, pool: &PgPool, email: &str) {
    let token = last_link(pool, email, "/email/confirm").await;
    let done = confirm(app, &token).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
}

async fn confirm(app: &Router, token: &str) -> Reply {
    post_form(app, "/api/confirm_email", &form(&[("token", token)]), &[]).await
}

async fn change_email(app: &Router, cookie: &str, new_email: &str) -> Reply {
    post_form(
        app,
        "/api/change_email",
        &form(&[("password", APPLICANT.1), ("new_email", new_email)]),
        &[("cookie", cookie)],
    )
    .await
}

async fn login_email(pool: &PgPool, member: app::domain::ids::MemberId) -> String {
    sqlx::query_scalar("SELECT a.email FROM accounts a JOIN members m ON m.account_id = a.id WHERE m.id = $1")
        .bind(member)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn count_mails(pool: &PgPool, to: &str) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM outbox WHERE to_address = $1").bind(to).fetch_one(pool).await.unwrap()
}

#[test]
fn a_new_address_counts_only_once_the_link_sent_to_it_is_used() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        let (id, cookie) = applied(&app, &db.pool).await;
        let asked = change_email(&app, &cookie, "New@Example.jp").await;
        assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
        assert_eq!(login_email(&db.pool, id).await, APPLICANT.0, "nothing changes before the link is used");
        let told = mails_to(&db.pool, APPLICANT.0, 2).await;
        assert!(told[1].contains("new@example.jp"), "the old address is told: {told:?}");
        assert!(!told[1].contains("token="), "the old address gets no link");

        // The link opens a page with a button (a mail scanner following it changes nothing).
        let token = last_link(&db.pool, "new@example.jp", "/email/confirm").await;
        assert_eq!(token.len(), 22, "128 bits, base64url");
        let page = get_with(&app, &format!("/email/confirm?token={token}"), &[]).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("action=\"/api/confirm_email\"") && page.body.contains(&token), "{}", page.body);
        assert_eq!(login_email(&db.pool, id).await, APPLICANT.0, "opening the page changes nothing");
        let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM account_tokens WHERE token_hash = $1")
            .bind(token.as_bytes())
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(stored, 0, "only a hash of the token is stored");

        let done = confirm(&app, &token).await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        assert_eq!(login_email(&db.pool, id).await, "new@example.jp");
        let member_email: String =
            sqlx::query_scalar("SELECT email FROM members WHERE id = $1").bind(id).fetch_one(&db.pool).await.unwrap();
        assert_eq!(member_email, "new@example.jp");
        log_in(&app, ("new@example.jp", APPLICANT.1)).await;
        let again = confirm(&app, &token).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "a link works once");
    })
}

#[test]
fn changing_to_a_taken_address_answers_the_same_and_tells_its_owner() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let (id, cookie) = applied(&app, &db.pool).await;
        let free = change_email(&app, &cookie, "free@example.jp").await;
        let taken = change_email(&app, &cookie, MEMBER.0).await;
        assert_eq!(
            (taken.status, taken.header("location"), &taken.body),
            (free.status, free.header("location"), &free.body)
        );
        let owner = mails_to(&db.pool, MEMBER.0, 1).await;
        assert_eq!(owner.len(), 1);
        assert!(!owner[0].contains("token="), "the owner is told, and given no link: {owner:?}");
        assert_eq!(login_email(&db.pool, id).await, APPLICANT.0);
        log_in(&app, MEMBER).await;
    })
}

#[test]
fn an_address_taken_before_the_link_is_used_is_not_given_away() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        let (id, cookie) = applied(&app, &db.pool).await;
        change_email(&app, &cookie, "contested@example.jp").await;
        let token = last_link(&db.pool, "contested@example.jp", "/email/confirm").await;
        sqlx::query("INSERT INTO accounts (email, password_hash) VALUES ('contested@example.jp', 'x')")
            .execute(&db.pool)
            .await
            .unwrap();
        let late = confirm(&app, &token).await;
        assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", late.body);
        assert_eq!(login_email(&db.pool, id).await, APPLICANT.0);
    })
}

/// A member of the imported list (no login yet) with `email`.
async fn imported_member(pool: &PgPool, email: &str) {
    sqlx::query(
        "INSERT INTO members (membership_type_id, status, member_number, full_name, name_reading, reading_key, email,
             privacy_notice_version, privacy_consented_at)
         VALUES ((SELECT id FROM membership_types WHERE code = 'individual'), 'active', 101, '鈴木 三郎',
             'すずき さぶろう', 'すずきさぶろう', $1, 'paper', now())",
    )
    .bind(email)
    .execute(pool)
    .await
    .unwrap();
}

#[test]
fn a_pending_account_cannot_squat_an_imported_members_address() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        imported_member(&db.pool, "saburo@example.jp").await;
        let (id, cookie) = applied(&app, &db.pool).await;
        let asked = change_email(&app, &cookie, "saburo@example.jp").await;
        assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
        assert_eq!(login_email(&db.pool, id).await, APPLICANT.0);
        let mails = mails_to(&db.pool, "saburo@example.jp", 1).await;
        assert!(mails.iter().all(|m| !m.contains("token=")), "no link that would hand the address over: {mails:?}");
        // The member's "forgot password" opens nobody's account.
        post_form(&app, "/api/request_password_reset", &form(&[("email", "saburo@example.jp")]), &[]).await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let mails: Vec<String> = sqlx::query_scalar("SELECT body FROM outbox WHERE to_address = 'saburo@example.jp'")
            .fetch_all(&db.pool)
            .await
            .unwrap();
        assert!(mails.iter().all(|m| !m.contains("/password/reset")), "{mails:?}");
    })
}

#[test]
fn a_joined_address_is_unconfirmed_until_the_link_in_the_application_mail_is_used() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let (id, _) = applied(&app, &db.pool).await;
        let admin = log_in(&app, ADMIN).await;
        let detail = |app: Router, admin: String| async move {
            let reply = get_with(&app, &format!("/api/member_detail?id={id}"), &[("cookie", &admin)]).await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
            serde_json::from_str::<serde_json::Value>(&reply.body).unwrap()
        };
        assert_eq!(detail(app.clone(), admin.clone()).await["email_confirmed"], false);
        let page = get_with(&app, &format!("/admin/members/{id}"), &[("cookie", &admin)]).await;
        assert!(page.body.contains("未確認"), "the secretariat sees it on the member's page");
        confirm_joined_address(&app, &db.pool, APPLICANT.0).await;
        assert_eq!(detail(app.clone(), admin.clone()).await["email_confirmed"], true);
    })
}

#[test]
fn a_reset_for_an_unconfirmed_claim_never_opens_that_account() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        // Someone joins with an address that is not theirs; its owner then asks for a reset link.
        applied(&app, &db.pool).await;
        let asked = post_form(&app, "/api/request_password_reset", &form(&[("email", APPLICANT.0)]), &[]).await;
        assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let mails: Vec<String> = sqlx::query_scalar("SELECT body FROM outbox WHERE to_address = $1")
            .bind(APPLICANT.0)
            .fetch_all(&db.pool)
            .await
            .unwrap();
        assert!(mails.iter().all(|m| !m.contains("/password/reset")), "{mails:?}");
        // Once the address is confirmed, reset links work as usual.
        confirm_joined_address(&app, &db.pool, APPLICANT.0).await;
        post_form(&app, "/api/request_password_reset", &form(&[("email", APPLICANT.0)]), &[]).await;
        last_link(&db.pool, APPLICANT.0, "/password/reset").await;
    })
}

/// The answer to a reset request is given before any work that depends on the address: with the
/// accounts table locked, a known and an unknown address are answered alike and at once.
#[test]
fn reset_requests_are_answered_alike_and_before_the_lookup() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let mut lock = db.pool.begin().await.unwrap();
        sqlx::query("LOCK TABLE accounts, account_tokens, outbox IN ACCESS EXCLUSIVE MODE")
            .execute(&mut *lock)
            .await
            .unwrap();
        let ask = |email: &'static str| {
            let app = app.clone();
            async move {
                let body = form(&[("email", email)]);
                let request = post_form(&app, "/api/request_password_reset", &body, &[]);
                tokio::time::timeout(std::time::Duration::from_secs(3), request)
                    .await
                    .unwrap_or_else(|_| panic!("the reset request for {email} waited for the lookup"))
            }
        };
        let known = ask(MEMBER.0).await;
        let unknown = ask("nobody@example.jp").await;
        assert_eq!(known.status, StatusCode::OK, "{}", known.body);
        assert_eq!(
            (known.status, known.header("location"), &known.body),
            (unknown.status, unknown.header("location"), &unknown.body)
        );
        lock.rollback().await.unwrap();
        last_link(&db.pool, MEMBER.0, "/password/reset").await;
        assert_eq!(count_mails(&db.pool, "nobody@example.jp").await, 0);
    })
}

#[test]
fn join_and_change_refuse_addresses_with_quotes_brackets_or_spaces() {
    with_db(|db| async move {
        let app = app(db.pool.clone());
        for bad in ["\"a b\"@example.jp", "a(b)@example.jp", "<a>@example.jp", "o'brien@example.jp"] {
            let reply = post_form(&app, "/api/apply_for_membership", &join_form(&[("account[email]", bad)]), &[]).await;
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {}", reply.body);
        }
        let (_, cookie) = applied(&app, &db.pool).await;
        let refused = change_email(&app, &cookie, "x<y@example.jp").await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    })
}
