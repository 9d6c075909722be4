//! Accounts for tests that log in.

use app::domain::password::NewPassword;
use app::server::{bootstrap, password};
use sqlx::PgPool;

pub const ADMIN: (&str, &str) = ("jimukyoku@example.jp", "a long admin phrase");
pub const MEMBER: (&str, &str) = ("hanako@example.jp", "hanako's own phrase");

/// A plain (non-admin) account with this email and password.
pub async fn member(pool: &PgPool) {
    let hash = password::hash(NewPassword::parse(MEMBER.1).unwrap()).await.unwrap();
    sqlx::query("INSERT INTO accounts (email, password_hash) VALUES ($1, $2)")
        .bind(MEMBER.0)
        .bind(hash)
        .execute(pool)
        .await
        .unwrap();
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
