use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

/// What a login needs to know about an account.
#[derive(sqlx::FromRow)]
pub struct LoginAccount {
    pub id: i64,
    pub password_hash: String,
    pub session_epoch: i32,
    pub disabled_at: Option<DateTime<Utc>>,
}

/// What each request of a logged-in account needs to know about it.
#[derive(sqlx::FromRow)]
pub struct SessionAccount {
    pub email: String,
    pub is_admin: bool,
    pub must_change_password: bool,
    pub session_epoch: i32,
    pub disabled_at: Option<DateTime<Utc>>,
}

pub async fn for_login(db: &PgPool, email: &str) -> Result<Option<LoginAccount>, sqlx::Error> {
    sqlx::query_as("SELECT id, password_hash, session_epoch, disabled_at FROM accounts WHERE email = $1")
        .bind(email)
        .fetch_optional(db)
        .await
}

pub async fn password_hash(db: &PgPool, id: i64) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT password_hash FROM accounts WHERE id = $1").bind(id).fetch_one(db).await
}

/// Stores a new password hash, clears the must-change flag and raises the session epoch, which
/// ends every existing session of the account. Returns the new epoch.
pub async fn set_password(db: &PgPool, id: i64, password_hash: &str) -> Result<i32, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE accounts SET password_hash = $2, must_change_password = false, session_epoch = session_epoch + 1
         WHERE id = $1 RETURNING session_epoch",
    )
    .bind(id)
    .bind(password_hash)
    .fetch_one(db)
    .await
}

/// Replaces the stored hash of the same password (a rehash); sessions stay.
pub async fn replace_hash(db: &PgPool, id: i64, password_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE accounts SET password_hash = $2 WHERE id = $1")
        .bind(id)
        .bind(password_hash)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn for_session(db: &PgPool, id: i64) -> Result<Option<SessionAccount>, sqlx::Error> {
    sqlx::query_as(
        "SELECT email, is_admin, must_change_password, session_epoch, disabled_at FROM accounts WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await
}

pub async fn admin_exists(conn: &mut PgConnection) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM accounts WHERE is_admin)").fetch_one(conn).await
}

pub async fn insert_admin(
    conn: &mut PgConnection,
    email: &str,
    password_hash: &str,
    must_change_password: bool,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO accounts (email, password_hash, is_admin, must_change_password)
         VALUES ($1, $2, true, $3) RETURNING id",
    )
    .bind(email)
    .bind(password_hash)
    .bind(must_change_password)
    .fetch_one(conn)
    .await
}
