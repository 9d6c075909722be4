//! Members: the record, applications, profiles and households, status changes, email.

use crate::domain::dates::today_in_japan;
use crate::domain::ids::{AccountId, MemberId};
use crate::domain::kana::Reading;
use crate::domain::member::{Household, MemberStatus, MembershipChange, Profile};
use chrono::{DateTime, NaiveDate, Utc};
use lifecycle::Step;
use sqlx::{PgConnection, PgPool, Row};

pub mod lifecycle;

/// A member's stored record (the list of columns matches `MEMBER_COLUMNS`).
#[derive(sqlx::FromRow)]
pub struct MemberRecord {
    pub id: MemberId,
    pub account_id: Option<AccountId>,
    pub member_number: Option<i32>,
    pub status: MemberStatus,
    pub membership_type_id: i64,
    pub full_name: String,
    pub name_reading: Reading,
    pub name_romaji: String,
    pub organisation_name: String,
    pub email: Option<String>,
    pub phone: String,
    pub postal_code: String,
    pub prefecture_code: Option<i16>,
    pub city: String,
    pub street: String,
    pub birth_date: Option<NaiveDate>,
    pub languages: Vec<String>,
    pub photo_consent: bool,
    pub privacy_notice_version: String,
    pub privacy_consented_at: DateTime<Utc>,
    pub applied_at: DateTime<Utc>,
    pub rejection_reason: String,
    pub erased_at: Option<DateTime<Utc>>,
    pub account_disabled: bool,
    /// The login's address was proved by the link mailed to it.
    pub email_confirmed: bool,
    /// The office's remarks (never shown to the member).
    pub notes: String,
    pub contact_by: crate::domain::member::ContactBy,
    /// Units (口) of the annual fee.
    pub units: i16,
}

const MEMBER_COLUMNS: &str = "m.id, m.account_id, m.member_number, m.status, m.membership_type_id, m.full_name,
    m.name_reading, m.name_romaji, m.organisation_name, m.email, m.phone, m.postal_code, m.prefecture_code, m.city,
    m.street, m.birth_date, m.languages, m.photo_consent, m.privacy_notice_version, m.privacy_consented_at,
    m.applied_at, m.rejection_reason, m.erased_at, COALESCE(a.disabled_at IS NOT NULL, false) AS account_disabled,
    COALESCE(a.email_confirmed_at IS NOT NULL, false) AS email_confirmed, m.notes, m.contact_by, m.units";

impl MemberRecord {
    pub fn status(&self) -> MemberStatus {
        self.status
    }
}

/// The one member whose `column` (an id column, never user input) equals `value`.
async fn one_by(db: &PgPool, column: &'static str, value: i64) -> Result<Option<MemberRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {MEMBER_COLUMNS} FROM members m LEFT JOIN accounts a ON a.id = m.account_id WHERE m.{column} = $1"
    ))
    .bind(value)
    .fetch_optional(db)
    .await
}

pub async fn by_account(db: &PgPool, account_id: AccountId) -> Result<Option<MemberRecord>, sqlx::Error> {
    one_by(db, "account_id", account_id.into()).await
}

pub async fn by_number(db: &PgPool, number: i32) -> Result<Option<MemberRecord>, sqlx::Error> {
    one_by(db, "member_number", number.into()).await
}

pub async fn by_id(db: &PgPool, id: MemberId) -> Result<Option<MemberRecord>, sqlx::Error> {
    one_by(db, "id", id.into()).await
}

/// Locks a member's row for a status change in `tx`.
pub async fn lock_status(
    tx: &mut PgConnection,
    id: MemberId,
) -> Result<Option<(MemberStatus, Option<AccountId>)>, sqlx::Error> {
    sqlx::query_as("SELECT status, account_id FROM members WHERE id = $1 FOR UPDATE").bind(id).fetch_optional(tx).await
}

/// The member's login, if any.
pub async fn account_of(tx: &mut PgConnection, id: MemberId) -> Result<Option<AccountId>, sqlx::Error> {
    Ok(sqlx::query_scalar("SELECT account_id FROM members WHERE id = $1").bind(id).fetch_optional(tx).await?.flatten())
}

/// Locks the member's row until the transaction ends; whether it is erased (`None`: no such member).
pub async fn lock_erased(tx: &mut PgConnection, id: MemberId) -> Result<Option<bool>, sqlx::Error> {
    sqlx::query_scalar("SELECT erased_at IS NOT NULL FROM members WHERE id = $1 FOR UPDATE")
        .bind(id)
        .fetch_optional(tx)
        .await
}

#[derive(sqlx::FromRow)]
struct HouseholdRow {
    full_name: String,
    name_reading: Reading,
    relationship: String,
    birth_date: Option<NaiveDate>,
}

pub async fn household(db: &PgPool, member_id: MemberId) -> Result<Vec<Household>, sqlx::Error> {
    let rows: Vec<HouseholdRow> = sqlx::query_as(
        "SELECT full_name, name_reading, relationship, birth_date FROM household_members
         WHERE member_id = $1 ORDER BY position, id",
    )
    .bind(member_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Household {
            full_name: r.full_name,
            name_reading: r.name_reading,
            relationship: r.relationship,
            birth_date: r.birth_date,
        })
        .collect())
}

/// The household with its record ids (a sign-up names household members by id).
pub async fn household_with_ids(db: &PgPool, member_id: MemberId) -> Result<Vec<(i64, Household)>, sqlx::Error> {
    let rows: Vec<(i64, String, Reading, String, Option<NaiveDate>)> = sqlx::query_as(
        "SELECT id, full_name, name_reading, relationship, birth_date FROM household_members
         WHERE member_id = $1 ORDER BY position, id",
    )
    .bind(member_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, full_name, name_reading, relationship, birth_date)| {
            (id, Household { full_name, name_reading, relationship, birth_date })
        })
        .collect())
}

/// The stored details as a `Profile`, with its household and committees.
pub async fn profile(db: &PgPool, record: &MemberRecord) -> Result<Profile, sqlx::Error> {
    let household = household(db, record.id).await?;
    let committee_slugs = super::committees::of_member(db, record.id).await?.into_iter().map(|c| c.slug).collect();
    Ok(Profile {
        full_name: record.full_name.clone(),
        name_reading: record.name_reading.clone(),
        name_romaji: record.name_romaji.clone(),
        organisation_name: record.organisation_name.clone(),
        phone: record.phone.clone(),
        postal_code: record.postal_code.clone(),
        prefecture_code: record.prefecture_code.unwrap_or(0),
        city: record.city.clone(),
        street: record.street.clone(),
        birth_date: record.birth_date,
        languages: record.languages.clone(),
        committee_slugs,
        household,
        photo_consent: record.photo_consent,
    })
}

/// Records the account's member's agreement to the privacy notice `version` now; the member, or
/// none for an account without an active or pending membership.
pub async fn agree_to_privacy_notice(
    tx: &mut PgConnection,
    account_id: AccountId,
    version: &str,
) -> Result<Option<MemberId>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE members SET privacy_notice_version = $2, privacy_consented_at = now(), updated_at = now()
         WHERE account_id = $1 AND status IN ('active', 'pending') RETURNING id",
    )
    .bind(account_id)
    .bind(version)
    .fetch_optional(tx)
    .await
}

/// The member's dues for fiscal year `year`: the class's fee per unit that year × their units;
/// `None` when the class had no price yet that year.
pub async fn dues_for_year(db: impl sqlx::PgExecutor<'_>, id: MemberId, year: i32) -> Result<Option<i32>, sqlx::Error> {
    sqlx::query_scalar("SELECT dues_for(membership_type_id, units, $2) FROM members WHERE id = $1")
        .bind(id)
        .bind(year)
        .fetch_one(db)
        .await
}

/// A new application (status pending). Household and committees are stored separately.
pub async fn insert_application(
    tx: &mut PgConnection,
    account_id: AccountId,
    membership_type_id: i64,
    email: &str,
    profile: &Profile,
    privacy_notice_version: &str,
    units: u8,
) -> Result<MemberId, sqlx::Error> {
    let query = sqlx::query(
        "INSERT INTO members (account_id, membership_type_id, email, full_name, name_reading, reading_key, name_romaji,
             organisation_name, phone, postal_code, prefecture_code, city, street, birth_date, languages, photo_consent,
             privacy_notice_version, privacy_consented_at, units)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, now(), $18)
         RETURNING id",
    )
    .bind(account_id)
    .bind(membership_type_id)
    .bind(email);
    let id: MemberId = bind_profile(query, profile)
        .bind(privacy_notice_version)
        .bind(i16::from(units))
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
    let step = Step {
        change: MembershipChange::Applied,
        effective_on: today_in_japan(),
        reason: "",
        new_type: None,
        by: None,
    };
    lifecycle::record(tx, id, step).await?;
    Ok(id)
}

pub async fn update_profile(tx: &mut PgConnection, member_id: MemberId, profile: &Profile) -> Result<(), sqlx::Error> {
    let query = sqlx::query(
        "UPDATE members SET full_name = $2, name_reading = $3, reading_key = $4, name_romaji = $5,
             organisation_name = $6, phone = $7, postal_code = $8, prefecture_code = $9, city = $10, street = $11,
             birth_date = $12, languages = $13, photo_consent = $14, updated_at = now()
         WHERE id = $1",
    )
    .bind(member_id);
    bind_profile(query, profile).execute(tx).await?;
    Ok(())
}

/// Binds a profile's stored fields, in the order both statements above list them.
fn bind_profile<'q>(
    query: sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>,
    profile: &'q Profile,
) -> sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments> {
    query
        .bind(&profile.full_name)
        .bind(&profile.name_reading)
        .bind(profile.reading_key())
        .bind(&profile.name_romaji)
        .bind(&profile.organisation_name)
        .bind(&profile.phone)
        .bind(&profile.postal_code)
        .bind(profile.prefecture_code)
        .bind(&profile.city)
        .bind(&profile.street)
        .bind(profile.birth_date)
        .bind(&profile.languages)
        .bind(profile.photo_consent)
}

pub async fn replace_household(
    tx: &mut PgConnection,
    member_id: MemberId,
    rows: &[Household],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM household_members WHERE member_id = $1").bind(member_id).execute(&mut *tx).await?;
    for (position, row) in rows.iter().enumerate() {
        sqlx::query(
            "INSERT INTO household_members (member_id, full_name, name_reading, relationship, birth_date, position)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(member_id)
        .bind(&row.full_name)
        .bind(&row.name_reading)
        .bind(&row.relationship)
        .bind(row.birth_date)
        .bind(position as i32)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Sets a member's committees of interest to exactly `slugs` (unknown slugs are ignored; the
/// caller validates them first).
pub async fn replace_committees(
    tx: &mut PgConnection,
    member_id: MemberId,
    slugs: &[String],
) -> Result<(), sqlx::Error> {
    sqlx::query(
        // A retired committee is on no form, so a save never drops it.
        "DELETE FROM member_committees mc USING committees c
         WHERE mc.member_id = $1 AND c.id = mc.committee_id AND c.retired_on IS NULL AND NOT (c.slug = ANY($2))",
    )
    .bind(member_id)
    .bind(slugs)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO member_committees (member_id, committee_id)
         SELECT $1, id FROM committees WHERE slug = ANY($2) ON CONFLICT DO NOTHING",
    )
    .bind(member_id)
    .bind(slugs)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Pending → active with the next member number; `None` if the member was not pending.
pub async fn approve(tx: &mut PgConnection, id: MemberId, admin_id: AccountId) -> Result<Option<i32>, sqlx::Error> {
    let number: Option<i32> = sqlx::query_scalar(
        "UPDATE members SET status = 'active', member_number = nextval('member_number_seq'), decided_at = now(),
             decided_by = $2, rejection_reason = '', updated_at = now()
         WHERE id = $1 AND status = 'pending' RETURNING member_number",
    )
    .bind(id)
    .bind(admin_id)
    .fetch_optional(&mut *tx)
    .await?;
    if number.is_some() {
        let step = Step {
            change: MembershipChange::Approved,
            effective_on: today_in_japan(),
            reason: "",
            new_type: None,
            by: Some(admin_id),
        };
        lifecycle::record(tx, id, step).await?;
    }
    Ok(number)
}

/// Pending → rejected with a reason; false if the member was not pending.
pub async fn reject(
    tx: &mut PgConnection,
    id: MemberId,
    admin_id: AccountId,
    reason: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE members SET status = 'rejected', decided_at = now(), decided_by = $2, rejection_reason = $3,
             updated_at = now()
         WHERE id = $1 AND status = 'pending'",
    )
    .bind(id)
    .bind(admin_id)
    .bind(reason)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    let step = Step {
        change: MembershipChange::Rejected,
        effective_on: today_in_japan(),
        reason,
        new_type: None,
        by: Some(admin_id),
    };
    lifecycle::record(tx, id, step).await?;
    Ok(true)
}

/// The member's own withdrawal: any status but withdrawn → withdrawn; false if already withdrawn.
pub async fn withdraw(tx: &mut PgConnection, id: MemberId) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE members SET status = 'withdrawn', withdrawn_at = now(), updated_at = now()
         WHERE id = $1 AND status <> 'withdrawn'",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    let step = Step {
        change: MembershipChange::Withdrawn,
        effective_on: today_in_japan(),
        reason: "",
        new_type: None,
        by: None,
    };
    lifecycle::record(tx, id, step).await?;
    Ok(true)
}

pub async fn id_of_account(tx: &mut PgConnection, account_id: AccountId) -> Result<Option<MemberId>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM members WHERE account_id = $1").bind(account_id).fetch_optional(tx).await
}

/// The office's own fields of a record: remarks, how mailings reach the member, and (for a member
/// without a login, whose address is theirs to keep) the contact email.
pub async fn set_office_fields(
    tx: &mut PgConnection,
    id: MemberId,
    notes: &str,
    contact_by: crate::domain::member::ContactBy,
    email: Option<Option<&str>>,
    units: u8,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE members SET notes = $2, contact_by = $3,
             email = CASE WHEN $4 THEN $5 ELSE email END, units = $6, updated_at = now()
         WHERE id = $1",
    )
    .bind(id)
    .bind(notes)
    .bind(contact_by)
    .bind(email.is_some())
    .bind(email.flatten())
    .bind(i16::from(units))
    .execute(tx)
    .await?;
    Ok(())
}

pub async fn set_email(tx: &mut PgConnection, id: MemberId, email: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE members SET email = $2, updated_at = now() WHERE id = $1")
        .bind(id)
        .bind(email)
        .execute(tx)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests;
