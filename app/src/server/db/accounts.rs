use crate::domain::ids::{AccountId, CommitteeId, MemberId};
use crate::i18n::Lang;
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

/// What a login needs to know about an account.
#[derive(sqlx::FromRow)]
pub struct LoginAccount {
    pub id: AccountId,
    pub password_hash: String,
    pub session_epoch: i32,
    pub disabled_at: Option<DateTime<Utc>>,
}

/// What each request of a logged-in account needs to know about it.
#[derive(sqlx::FromRow)]
pub struct SessionAccount {
    pub email: String,
    pub roles: Vec<crate::domain::staff::StaffRole>,
    pub must_change_password: bool,
    pub session_epoch: i32,
    pub disabled_at: Option<DateTime<Utc>>,
    pub member_id: Option<MemberId>,
    pub chair_of: Vec<CommitteeId>,
}

pub async fn for_login(db: &PgPool, email: &str) -> Result<Option<LoginAccount>, sqlx::Error> {
    sqlx::query_as("SELECT id, password_hash, session_epoch, disabled_at FROM accounts WHERE email = $1")
        .bind(email)
        .fetch_optional(db)
        .await
}

pub async fn password_hash(db: &PgPool, id: AccountId) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT password_hash FROM accounts WHERE id = $1").bind(id).fetch_one(db).await
}

/// Stores a new password hash, clears the must-change flag and raises the session epoch, which
/// ends every existing session of the account. Returns the new epoch.
pub async fn set_password(db: &PgPool, id: AccountId, password_hash: &str) -> Result<i32, sqlx::Error> {
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
pub async fn replace_hash(db: &PgPool, id: AccountId, password_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE accounts SET password_hash = $2 WHERE id = $1")
        .bind(id)
        .bind(password_hash)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn for_session(db: &PgPool, id: AccountId) -> Result<Option<SessionAccount>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.email, a.must_change_password, a.session_epoch, a.disabled_at, m.id AS member_id,
             ARRAY(SELECT DISTINCT role FROM staff_roles r WHERE r.account_id = a.id AND r.revoked_at IS NULL
                 AND r.valid_from <= japan_today() AND (r.valid_until IS NULL OR r.valid_until >= japan_today())
                 ORDER BY 1) AS roles,
             ARRAY(SELECT DISTINCT committee_id FROM committee_chairs c WHERE c.account_id = a.id
                 AND (c.valid_until IS NULL OR c.valid_until >= japan_today()) ORDER BY 1) AS chair_of
         FROM accounts a LEFT JOIN members m ON m.account_id = a.id WHERE a.id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await
}

pub async fn admin_exists(conn: &mut PgConnection) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM staff_roles WHERE role = 'admin' AND revoked_at IS NULL)")
        .fetch_one(conn)
        .await
}

pub async fn insert_admin(
    conn: &mut PgConnection,
    email: &str,
    password_hash: &str,
    must_change_password: bool,
) -> Result<AccountId, sqlx::Error> {
    let id: AccountId = sqlx::query_scalar(
        "INSERT INTO accounts (email, password_hash, must_change_password, name) VALUES ($1, $2, $3, '事務局')
         RETURNING id",
    )
    .bind(email)
    .bind(password_hash)
    .bind(must_change_password)
    .fetch_one(&mut *conn)
    .await?;
    // The first admin's role has no term: someone must always be able to run the association.
    sqlx::query("INSERT INTO staff_roles (account_id, role) VALUES ($1, 'admin')").bind(id).execute(&mut *conn).await?;
    Ok(id)
}

/// A new member account, its email not yet confirmed; `None` when the email is taken (the caller
/// must not tell the public).
pub async fn insert_member_account(
    tx: &mut PgConnection,
    email: &str,
    password_hash: &str,
    lang: &str,
) -> Result<Option<AccountId>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO accounts (email, password_hash, lang, email_confirmed_at) VALUES ($1, $2, $3, NULL)
         ON CONFLICT (email) DO NOTHING RETURNING id",
    )
    .bind(email)
    .bind(password_hash)
    .bind(lang)
    .fetch_optional(tx)
    .await
}

/// Id and mail language of the enabled account that has confirmed this email, if any. An address
/// that is only someone's unconfirmed claim finds nothing, so a reset link never opens it.
pub async fn by_email(db: &PgPool, email: &str) -> Result<Option<(AccountId, Lang)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, lang FROM accounts WHERE email = $1 AND disabled_at IS NULL AND email_confirmed_at IS NOT NULL",
    )
    .bind(email)
    .fetch_optional(db)
    .await
}

pub async fn email_and_lang(db: &PgPool, id: AccountId) -> Result<(String, Lang), sqlx::Error> {
    sqlx::query_as("SELECT email, lang FROM accounts WHERE id = $1").bind(id).fetch_one(db).await
}

/// Disables (or re-enables) an account; disabling ends all its sessions and retires every link
/// it has (a reset link mailed earlier must not open it again). Returns the new epoch.
pub async fn set_disabled(tx: &mut PgConnection, id: AccountId, disabled: bool) -> Result<i32, sqlx::Error> {
    if disabled {
        super::tokens::retire_every(&mut *tx, id).await?;
        // The calendar feed's address too: enabled again, the account makes a new one.
        sqlx::query("DELETE FROM calendar_feeds WHERE account_id = $1").bind(id).execute(&mut *tx).await?;
    }
    sqlx::query_scalar(
        "UPDATE accounts SET disabled_at = CASE WHEN $2 THEN COALESCE(disabled_at, now()) END,
             session_epoch = session_epoch + CASE WHEN $2 THEN 1 ELSE 0 END
         WHERE id = $1 RETURNING session_epoch",
    )
    .bind(id)
    .bind(disabled)
    .fetch_one(tx)
    .await
}

/// Whether `email` belongs to someone other than `account_id`: another login, or a member (say,
/// from the imported list, without a login yet).
pub async fn email_taken(conn: &mut PgConnection, account_id: AccountId, email: &str) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM accounts WHERE email = $2 AND id <> $1)
             OR EXISTS (SELECT 1 FROM members WHERE email = $2 AND account_id IS DISTINCT FROM $1)",
    )
    .bind(account_id)
    .bind(email)
    .fetch_one(conn)
    .await
}

/// A confirmed login email (its link was used); false when someone else has it by now.
pub async fn set_email(tx: &mut PgConnection, id: AccountId, email: &str) -> Result<bool, sqlx::Error> {
    if email_taken(&mut *tx, id, email).await? {
        return Ok(false);
    }
    // Someone confirming the same address at this moment wins the unique index; the savepoint
    // lets this transaction go on (to use up the link) and answer "taken" instead of failing.
    let mut attempt = sqlx::Connection::begin(&mut *tx).await?;
    let done = sqlx::query(
        "UPDATE accounts SET email = $2, email_confirmed_at = now()
         WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM accounts WHERE email = $2 AND id <> $1)",
    )
    .bind(id)
    .bind(email)
    .execute(&mut *attempt)
    .await;
    match done {
        Ok(done) => {
            attempt.commit().await?;
            Ok(done.rows_affected() == 1)
        }
        Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
            attempt.rollback().await?;
            Ok(false)
        }
        Err(error) => Err(error),
    }
}

/// Sets a new password inside a transaction (reset link); ends every session of the account.
pub async fn reset_password(tx: &mut PgConnection, id: AccountId, password_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE accounts SET password_hash = $2, must_change_password = false, session_epoch = session_epoch + 1
         WHERE id = $1",
    )
    .bind(id)
    .bind(password_hash)
    .execute(tx)
    .await?;
    Ok(())
}

/// Replaces the login of an erased member: no email, no password, no sessions.
pub async fn erase(tx: &mut PgConnection, id: AccountId) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE accounts SET email = 'erased-' || id || '@invalid', password_hash = '', name = '',
             email_confirmed_at = NULL,
             disabled_at = COALESCE(disabled_at, now()), session_epoch = session_epoch + 1
         WHERE id = $1",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM committee_chairs WHERE account_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM calendar_feeds WHERE account_id = $1").bind(id).execute(&mut *tx).await?;
    Ok(())
}

#[cfg(test)]
mod tests;
