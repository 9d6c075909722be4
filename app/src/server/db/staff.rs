//! Staff accounts and their roles (`staff_roles`): who works for the secretariat, in which role,
//! for which term.

use crate::domain::ids::AccountId;
use crate::domain::staff::StaffRole;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgPool};

/// One grant of a role, as the staff page lists it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct GrantRow {
    pub id: i64,
    pub account_id: AccountId,
    pub role: StaffRole,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    /// In force today (started, not ended, not revoked).
    pub in_force: bool,
}

/// A staff account: anyone who holds or held a role that was not revoked.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StaffRow {
    pub id: AccountId,
    pub name: String,
    pub email: String,
    pub disabled_at: Option<DateTime<Utc>>,
    pub must_change_password: bool,
    /// Still waiting for the invitation to be accepted (no password chosen yet).
    pub invited: bool,
}

pub async fn people(db: &PgPool) -> Result<Vec<StaffRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.id, a.name, a.email, a.disabled_at, a.must_change_password, a.password_hash = $1 AS invited
         FROM accounts a
         WHERE EXISTS (SELECT 1 FROM staff_roles r WHERE r.account_id = a.id AND r.revoked_at IS NULL)
         ORDER BY a.disabled_at IS NOT NULL, a.name, a.email",
    )
    .bind(super::imports::NO_PASSWORD_YET)
    .fetch_all(db)
    .await
}

/// Every grant not revoked, current and ended, of every staff account.
pub async fn grants(db: &PgPool) -> Result<Vec<GrantRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, account_id, role, valid_from, valid_until,
             valid_from <= japan_today() AND (valid_until IS NULL OR valid_until >= japan_today()) AS in_force
         FROM staff_roles WHERE revoked_at IS NULL ORDER BY account_id, valid_from, id",
    )
    .fetch_all(db)
    .await
}

/// A new staff login: `password_hash` is a first-time password's hash (to be changed at the first
/// login) or [`super::imports::NO_PASSWORD_YET`] for an invitation by mail. `None` when the email
/// has a login already (the role then goes to that login).
pub async fn insert_account(
    tx: &mut PgConnection,
    name: &str,
    email: &str,
    password_hash: &str,
    first_time_password: bool,
) -> Result<Option<AccountId>, sqlx::Error> {
    // The secretariat vouches for the address it types; an invitation proves it again when taken.
    sqlx::query_scalar(
        "INSERT INTO accounts (name, email, password_hash, must_change_password, lang) VALUES ($1, $2, $3, $4, 'ja')
         ON CONFLICT (email) DO NOTHING RETURNING id",
    )
    .bind(name)
    .bind(email)
    .bind(password_hash)
    .bind(first_time_password)
    .fetch_optional(tx)
    .await
}

/// The login of `email`, its name, and whether its owner has proved the address (a role goes only
/// to a login whose address was confirmed: anyone can apply with someone else's address).
pub async fn account_by_email(
    tx: &mut PgConnection,
    email: &str,
) -> Result<Option<(AccountId, String, bool)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name, email_confirmed_at IS NOT NULL FROM accounts WHERE email = $1")
        .bind(email)
        .fetch_optional(tx)
        .await
}

pub async fn set_name(tx: &mut PgConnection, id: AccountId, name: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE accounts SET name = $2 WHERE id = $1").bind(id).bind(name).execute(tx).await?;
    Ok(())
}

pub async fn grant(
    tx: &mut PgConnection,
    account: AccountId,
    role: StaffRole,
    valid_until: Option<NaiveDate>,
    by: AccountId,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO staff_roles (account_id, role, valid_until, granted_by) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(account)
    .bind(role)
    .bind(valid_until)
    .bind(by)
    .fetch_one(tx)
    .await
}

/// Revokes a grant; returns whose and which role it was (`None`: no such grant in force). Locks
/// every admin grant first, so two revocations at once cannot both pass the last-admin check.
pub async fn revoke(
    tx: &mut PgConnection,
    id: i64,
    by: AccountId,
) -> Result<Option<(AccountId, StaffRole)>, sqlx::Error> {
    lock_admin_grants(&mut *tx).await?;
    sqlx::query_as(
        "UPDATE staff_roles SET revoked_at = now(), revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL
         RETURNING account_id, role",
    )
    .bind(id)
    .bind(by)
    .fetch_optional(tx)
    .await
}

/// Locks every admin grant until the transaction ends: changes that could leave the association
/// without an admin (a revocation, disabling a login) take it first, so that two at once cannot
/// both see another admin left.
pub async fn lock_admin_grants(tx: &mut PgConnection) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT id FROM staff_roles WHERE role = 'admin' AND revoked_at IS NULL FOR UPDATE")
        .execute(tx)
        .await?;
    Ok(())
}

/// How many admins can act today: an enabled login with a password of its own (not an invitation
/// still waiting, not a first-time password) and an admin role in force. The association must keep one.
pub async fn admins_in_force(tx: &mut PgConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT count(DISTINCT r.account_id) FROM staff_roles r JOIN accounts a ON a.id = r.account_id
         WHERE r.role = 'admin' AND r.revoked_at IS NULL AND a.disabled_at IS NULL
             AND a.password_hash <> $1 AND NOT a.must_change_password
             AND r.valid_from <= japan_today() AND (r.valid_until IS NULL OR r.valid_until >= japan_today())",
    )
    .bind(super::imports::NO_PASSWORD_YET)
    .fetch_one(tx)
    .await
}

/// Whether `account` holds (or held) a role not revoked: the staff page only handles such logins,
/// and a member's steps (ending the membership, withdrawing, an erasure) leave such a login open,
/// for an admin to close.
pub async fn is_staff(tx: &mut PgConnection, account: AccountId) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM staff_roles WHERE account_id = $1 AND revoked_at IS NULL)")
        .bind(account)
        .fetch_one(tx)
        .await
}

#[cfg(test)]
mod tests;
