//! Accounts for tests that log in.

use app::domain::password::NewPassword;
use app::server::{bootstrap, db::accounts, password};
use axum::http::StatusCode;
use axum::Router;
use sqlx::PgPool;

pub const ADMIN: (&str, &str) = ("jimukyoku@example.jp", "a long admin phrase");
pub const MEMBER: (&str, &str) = ("hanako@example.jp", "hanako's own phrase");

/// A plain (non-admin) account with this email and password.
pub async fn member(pool: &PgPool) {
    let hash = password::hash(NewPassword::parse(MEMBER.1).unwrap()).await.unwrap();
    let mut tx = pool.begin().await.unwrap();
    let id = accounts::insert_member_account(&mut tx, MEMBER.0, &hash, "ja").await.unwrap().expect("a new email");
    assert!(accounts::set_email(&mut tx, id, MEMBER.0).await.unwrap(), "its email confirmed");
    tx.commit().await.unwrap();
}

/// The first admin and a member.
pub async fn admin_and_member(pool: &PgPool) {
    bootstrap::ensure_first_admin(pool, Some(ADMIN.0), Some(ADMIN.1)).await.unwrap();
    member(pool).await;
}

/// The log-in form, URL-encoded.
pub fn login_form(email: &str, password: &str) -> String {
    super::form(&[("email", email), ("password", password)])
}

/// The whole `Set-Cookie` line of the session cookie a reply sets, if any (a login also sets a
/// device cookie).
pub fn session_set_cookie(reply: &super::Reply) -> Option<String> {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("kizuna_session=") || c.starts_with("__Host-kizuna_session="))
        .map(str::to_string)
}

/// The `name=value` part of the session cookie a reply sets, if any.
pub fn session_cookie(reply: &super::Reply) -> Option<String> {
    session_set_cookie(reply).map(|c| c.split(';').next().unwrap().to_string())
}

/// Logs in as the browser's server-function client does (200, and where to go next); returns the
/// session cookie.
pub async fn log_in(app: &Router, (email, password): (&str, &str)) -> String {
    let reply = super::post_form(app, "/api/log_in", &login_form(email, password), &[]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.header("location"), "/account");
    session_cookie(&reply).expect("a session cookie")
}

/// A logged-in caller (crates.io's `MockCookieUser`, in small): requests carry its session cookie.
#[derive(Clone)]
pub struct Session {
    app: Router,
    cookie: String,
}

impl Session {
    /// Logs in through the API, as `log_in` does.
    pub async fn log_in(app: &Router, who: (&str, &str)) -> Session {
        Session { app: app.clone(), cookie: log_in(app, who).await }
    }

    /// The `name=value` of the session cookie, for requests built by hand.
    pub fn cookie(&self) -> &str {
        &self.cookie
    }

    pub async fn get(&self, path: &str) -> super::Reply {
        super::get_with(&self.app, path, &[("cookie", &self.cookie)]).await
    }

    /// POST an URL-encoded form body.
    pub async fn post_form(&self, path: &str, body: &str) -> super::Reply {
        super::post_form(&self.app, path, body, &[("cookie", &self.cookie)]).await
    }
}
