//! First start: make sure the secretariat can log in. There is never a built-in default password:
//! either the operator supplies one, or a random one is generated and shown once.

use crate::domain::email::Email;
use crate::domain::password::NewPassword;
use crate::i18n::Lang;
use crate::server::{db, password};
use sqlx::PgPool;

/// Used when `KIZUNA_ADMIN_EMAIL` is not set. `.invalid` can never be a real mail domain.
pub const DEFAULT_ADMIN_EMAIL: &str = "admin@kizuna.invalid";

#[derive(Debug, PartialEq, Eq)]
pub enum FirstAdmin {
    /// An admin account exists already; nothing was changed.
    AlreadyPresent,
    /// An admin was created. `generated_password` is set when none was configured: show it once.
    Created { email: String, generated_password: Option<String> },
}

#[derive(Debug, thiserror::Error)]
pub enum BootstrapError {
    #[error("KIZUNA_ADMIN_EMAIL is not a usable email address ({0})")]
    BadEmail(String),
    #[error("KIZUNA_ADMIN_PASSWORD is refused: {0}")]
    BadPassword(String),
    #[error("database error while creating the first admin: {0}")]
    Database(#[from] sqlx::Error),
    #[error("could not hash the admin password")]
    Hashing,
}

pub async fn ensure_first_admin(
    db: &PgPool,
    email: Option<&str>,
    configured_password: Option<&str>,
) -> Result<FirstAdmin, BootstrapError> {
    if db::accounts::admin_exists(&mut *db.acquire().await?).await? {
        return Ok(FirstAdmin::AlreadyPresent);
    }
    let email = Email::parse(email.unwrap_or(DEFAULT_ADMIN_EMAIL))
        .map_err(|problem| BootstrapError::BadEmail(Lang::En.field_problem(&problem)))?;
    let (secret, generated) = match configured_password {
        Some(given) => (given.to_string(), false),
        None => (password::one_time_password(), true),
    };
    let new_password =
        NewPassword::parse(&secret).map_err(|problem| BootstrapError::BadPassword(Lang::En.field_problem(&problem)))?;
    let hash = password::hash(new_password).await.map_err(|_| BootstrapError::Hashing)?;

    let mut tx = db.begin().await?;
    // Two processes starting at once must not create two admins: serialise on a fixed lock key.
    sqlx::query("SELECT pg_advisory_xact_lock(7311001)").execute(&mut *tx).await?;
    if db::accounts::admin_exists(&mut tx).await? {
        return Ok(FirstAdmin::AlreadyPresent);
    }
    db::accounts::insert_admin(&mut tx, email.as_str(), &hash, generated).await?;
    tx.commit().await?;
    Ok(FirstAdmin::Created { email: email.as_str().to_string(), generated_password: generated.then_some(secret) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::db::test_support::test_pool;
    use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

    async fn stored_hash(db: &PgPool, email: &str) -> String {
        sqlx::query_scalar(
            "SELECT password_hash FROM accounts a WHERE email = $1
             AND EXISTS (SELECT 1 FROM staff_roles r WHERE r.account_id = a.id AND r.role = 'admin')",
        )
        .bind(email)
        .fetch_one(db)
        .await
        .unwrap()
    }

    #[sqlx::test(migrations = "../migrations")]
    async fn creates_the_configured_admin_once(_: PgPoolOptions, db: PgConnectOptions) {
        let pool = test_pool(db).await;
        let first = ensure_first_admin(&pool, Some("Jimukyoku@Example.JP"), Some("a long secret phrase")).await;
        assert_eq!(
            first.unwrap(),
            FirstAdmin::Created { email: "jimukyoku@example.jp".into(), generated_password: None }
        );
        let hash = stored_hash(&pool, "jimukyoku@example.jp").await;
        assert!(password::verify("a long secret phrase".into(), hash).await.unwrap());

        let again = ensure_first_admin(&pool, Some("other@example.jp"), Some("another long phrase")).await;
        assert_eq!(again.unwrap(), FirstAdmin::AlreadyPresent);
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM accounts").fetch_one(&pool).await.unwrap();
        assert_eq!(count, 1);
    }

    #[sqlx::test(migrations = "../migrations")]
    async fn without_a_password_generates_one_that_works(_: PgPoolOptions, db: PgConnectOptions) {
        let pool = test_pool(db).await;
        let FirstAdmin::Created { email, generated_password: Some(secret) } =
            ensure_first_admin(&pool, None, None).await.unwrap()
        else {
            panic!("expected a generated password");
        };
        assert_eq!(email, DEFAULT_ADMIN_EMAIL);
        let must_change: bool =
            sqlx::query_scalar("SELECT must_change_password FROM accounts").fetch_one(&pool).await.unwrap();
        assert!(must_change, "a generated password must be replaced at the first login");
        assert!(password::verify(secret, stored_hash(&pool, DEFAULT_ADMIN_EMAIL).await).await.unwrap());
    }

    #[sqlx::test(migrations = "../migrations")]
    async fn refuses_weak_passwords_and_bad_emails(_: PgPoolOptions, db: PgConnectOptions) {
        let pool = test_pool(db).await;
        let weak = ensure_first_admin(&pool, None, Some("password")).await;
        assert!(matches!(weak, Err(BootstrapError::BadPassword(_))));
        let bad_email = ensure_first_admin(&pool, Some("secretariat"), Some("a long secret phrase")).await;
        assert!(matches!(bad_email, Err(BootstrapError::BadEmail(_))));
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM accounts").fetch_one(&pool).await.unwrap();
        assert_eq!(count, 0);
    }
}
