//! `api/password_reset.rs` over HTTP: reset links.

use crate::support::accounts::{admin_and_member, log_in, Session, MEMBER};
use crate::support::{app, form, post_form, with_db};
use axum::http::StatusCode;

#[test]
fn a_reset_link_works_once_and_ends_other_sessions() {
    with_db(|db| async move {
        admin_and_member(&db.pool).await;
        let app = app(db.pool.clone());
        let old_session = Session::log_in(&app, MEMBER).await;
        let asked = post_form(&app, "/api/request_password_reset", &form(&[("email", MEMBER.0)]), &[]).await;
        assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
        let unknown =
            post_form(&app, "/api/request_password_reset", &form(&[("email", "nobody@example.jp")]), &[]).await;
        assert_eq!((unknown.status, unknown.header("location")), (asked.status, asked.header("location")));

        // The link is written after the answer (so that known and unknown addresses answer alike).
        let token = crate::privacy::last_link(&db.pool, MEMBER.0, "/password/reset").await;
        assert_eq!(token.len(), 22, "128 bits, base64url");
        let stored: Vec<u8> =
            sqlx::query_scalar("SELECT token_hash FROM account_tokens").fetch_one(&db.pool).await.unwrap();
        assert_ne!(stored, token.as_bytes(), "only a hash is stored");

        let new_password = "a fresh reset phrase";
        let reset = |token: String| form(&[("token", &token), ("new_password", new_password)]).to_string();
        let done = post_form(&app, "/api/reset_password", &reset(token.clone()), &[]).await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        log_in(&app, (MEMBER.0, new_password)).await;
        let ended = old_session.get("/api/my_account").await;
        assert_eq!(ended.status, StatusCode::UNAUTHORIZED, "the old session ended");
        let again = post_form(&app, "/api/reset_password", &reset(token), &[]).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(again.body.contains("LinkExpired"));

        // An expired link does not work either.
        post_form(&app, "/api/request_password_reset", &form(&[("email", MEMBER.0)]), &[]).await;
        crate::privacy::mails_to(&db.pool, MEMBER.0, 2).await;
        let token = crate::privacy::last_link(&db.pool, MEMBER.0, "/password/reset").await;
        sqlx::query("UPDATE account_tokens SET expires_at = now() - interval '1 second'")
            .execute(&db.pool)
            .await
            .unwrap();
        let late = post_form(&app, "/api/reset_password", &reset(token), &[]).await;
        assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    })
}
