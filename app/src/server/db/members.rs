//! Members: applications, profiles, status changes, and the secretariat's list.

use crate::domain::dues::PaymentMethod;
use crate::domain::kana::Reading;
use crate::domain::localized::Localized;
use crate::domain::member::{Household, MemberStatus, Profile};
use crate::domain::membership::{CommitteeChoice, DuesPayment, MemberRow, MembershipType};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder, Row};

#[derive(sqlx::FromRow)]
struct TypeRow {
    id: i64,
    code: String,
    name_ja: String,
    name_en: String,
    annual_fee_yen: i32,
    has_household: bool,
    is_organisation: bool,
    offered: bool,
}

impl From<TypeRow> for MembershipType {
    fn from(r: TypeRow) -> Self {
        MembershipType {
            id: r.id,
            code: r.code,
            name: Localized::new(r.name_ja, r.name_en),
            annual_fee_yen: r.annual_fee_yen,
            has_household: r.has_household,
            is_organisation: r.is_organisation,
            offered: r.offered,
        }
    }
}

const TYPE_COLUMNS: &str = "id, code, name_ja, name_en, annual_fee_yen, has_household, is_organisation, offered";

pub async fn membership_types(db: &PgPool) -> Result<Vec<MembershipType>, sqlx::Error> {
    let rows: Vec<TypeRow> =
        sqlx::query_as(&format!("SELECT {TYPE_COLUMNS} FROM membership_types ORDER BY sort_order, id"))
            .fetch_all(db)
            .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

pub async fn membership_type(db: &PgPool, id: i64) -> Result<MembershipType, sqlx::Error> {
    let row: TypeRow = sqlx::query_as(&format!("SELECT {TYPE_COLUMNS} FROM membership_types WHERE id = $1"))
        .bind(id)
        .fetch_one(db)
        .await?;
    Ok(row.into())
}

#[derive(sqlx::FromRow)]
struct ChoiceRow {
    slug: String,
    name_ja: String,
    name_en: String,
}

fn choices(rows: Vec<ChoiceRow>) -> Vec<CommitteeChoice> {
    rows.into_iter().map(|r| CommitteeChoice { slug: r.slug, name: Localized::new(r.name_ja, r.name_en) }).collect()
}

pub async fn committee_choices(db: &PgPool) -> Result<Vec<CommitteeChoice>, sqlx::Error> {
    let rows =
        sqlx::query_as("SELECT slug, name_ja, name_en FROM committees ORDER BY sort_order, id").fetch_all(db).await?;
    Ok(choices(rows))
}

pub async fn committees_of(db: &PgPool, member_id: i64) -> Result<Vec<CommitteeChoice>, sqlx::Error> {
    let rows = sqlx::query_as(
        "SELECT c.slug, c.name_ja, c.name_en FROM member_committees mc JOIN committees c ON c.id = mc.committee_id
         WHERE mc.member_id = $1 ORDER BY c.sort_order, c.id",
    )
    .bind(member_id)
    .fetch_all(db)
    .await?;
    Ok(choices(rows))
}

pub async fn chaired_by(db: &PgPool, account_id: i64) -> Result<Vec<CommitteeChoice>, sqlx::Error> {
    let rows = sqlx::query_as(
        "SELECT c.slug, c.name_ja, c.name_en FROM committee_chairs cc JOIN committees c ON c.id = cc.committee_id
         WHERE cc.account_id = $1 ORDER BY c.sort_order, c.id",
    )
    .bind(account_id)
    .fetch_all(db)
    .await?;
    Ok(choices(rows))
}

/// A member's stored record (the list of columns matches `MEMBER_COLUMNS`).
#[derive(sqlx::FromRow)]
pub struct MemberRecord {
    pub id: i64,
    pub account_id: Option<i64>,
    pub member_number: Option<i32>,
    pub status: String,
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
}

const MEMBER_COLUMNS: &str = "m.id, m.account_id, m.member_number, m.status, m.membership_type_id, m.full_name,
    m.name_reading, m.name_romaji, m.organisation_name, m.email, m.phone, m.postal_code, m.prefecture_code, m.city,
    m.street, m.birth_date, m.languages, m.photo_consent, m.privacy_notice_version, m.privacy_consented_at,
    m.applied_at, m.rejection_reason, m.erased_at, COALESCE(a.disabled_at IS NOT NULL, false) AS account_disabled,
    COALESCE(a.email_confirmed_at IS NOT NULL, false) AS email_confirmed";

impl MemberRecord {
    pub fn status(&self) -> MemberStatus {
        MemberStatus::parse(&self.status).unwrap_or(MemberStatus::Pending)
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

pub async fn by_account(db: &PgPool, account_id: i64) -> Result<Option<MemberRecord>, sqlx::Error> {
    one_by(db, "account_id", account_id).await
}

pub async fn by_number(db: &PgPool, number: i32) -> Result<Option<MemberRecord>, sqlx::Error> {
    one_by(db, "member_number", number.into()).await
}

pub async fn by_id(db: &PgPool, id: i64) -> Result<Option<MemberRecord>, sqlx::Error> {
    one_by(db, "id", id).await
}

/// Locks a member's row for a status change in `tx`.
pub async fn lock_status(tx: &mut PgConnection, id: i64) -> Result<Option<(String, Option<i64>)>, sqlx::Error> {
    sqlx::query_as("SELECT status, account_id FROM members WHERE id = $1 FOR UPDATE").bind(id).fetch_optional(tx).await
}

#[derive(sqlx::FromRow)]
struct HouseholdRow {
    full_name: String,
    name_reading: Reading,
    relationship: String,
    birth_date: Option<NaiveDate>,
}

pub async fn household(db: &PgPool, member_id: i64) -> Result<Vec<Household>, sqlx::Error> {
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
pub async fn household_with_ids(db: &PgPool, member_id: i64) -> Result<Vec<(i64, Household)>, sqlx::Error> {
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
    let committee_slugs = committees_of(db, record.id).await?.into_iter().map(|c| c.slug).collect();
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

/// A new application (status pending). Household and committees are stored separately.
pub async fn insert_application(
    tx: &mut PgConnection,
    account_id: i64,
    membership_type_id: i64,
    email: &str,
    profile: &Profile,
    privacy_notice_version: &str,
) -> Result<i64, sqlx::Error> {
    let query = sqlx::query(
        "INSERT INTO members (account_id, membership_type_id, email, full_name, name_reading, reading_key, name_romaji,
             organisation_name, phone, postal_code, prefecture_code, city, street, birth_date, languages, photo_consent,
             privacy_notice_version, privacy_consented_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, now())
         RETURNING id",
    )
    .bind(account_id)
    .bind(membership_type_id)
    .bind(email);
    bind_profile(query, profile).bind(privacy_notice_version).fetch_one(tx).await?.try_get("id")
}

pub async fn update_profile(tx: &mut PgConnection, member_id: i64, profile: &Profile) -> Result<(), sqlx::Error> {
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

pub async fn replace_household(tx: &mut PgConnection, member_id: i64, rows: &[Household]) -> Result<(), sqlx::Error> {
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
pub async fn replace_committees(tx: &mut PgConnection, member_id: i64, slugs: &[String]) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM member_committees mc USING committees c
         WHERE mc.member_id = $1 AND c.id = mc.committee_id AND NOT (c.slug = ANY($2))",
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
pub async fn approve(tx: &mut PgConnection, id: i64, admin_id: i64) -> Result<Option<i32>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE members SET status = 'active', member_number = nextval('member_number_seq'), decided_at = now(),
             decided_by = $2, rejection_reason = '', updated_at = now()
         WHERE id = $1 AND status = 'pending' RETURNING member_number",
    )
    .bind(id)
    .bind(admin_id)
    .fetch_optional(tx)
    .await
}

/// Pending → rejected with a reason; false if the member was not pending.
pub async fn reject(tx: &mut PgConnection, id: i64, admin_id: i64, reason: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE members SET status = 'rejected', decided_at = now(), decided_by = $2, rejection_reason = $3,
             updated_at = now()
         WHERE id = $1 AND status = 'pending'",
    )
    .bind(id)
    .bind(admin_id)
    .bind(reason)
    .execute(tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Any status but withdrawn → withdrawn; false if already withdrawn.
pub async fn withdraw(tx: &mut PgConnection, id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE members SET status = 'withdrawn', withdrawn_at = now(), updated_at = now()
         WHERE id = $1 AND status <> 'withdrawn'",
    )
    .bind(id)
    .execute(tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn id_of_account(tx: &mut PgConnection, account_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM members WHERE account_id = $1").bind(account_id).fetch_optional(tx).await
}

pub async fn set_email(tx: &mut PgConnection, id: i64, email: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE members SET email = $2, updated_at = now() WHERE id = $1")
        .bind(id)
        .bind(email)
        .execute(tx)
        .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct DuesRow {
    fiscal_year: i16,
    paid_on: NaiveDate,
    amount_yen: i32,
    method: String,
    note: String,
}

/// A member's dues, newest year first.
pub async fn dues(db: &PgPool, member_id: i64) -> Result<Vec<DuesPayment>, sqlx::Error> {
    let rows: Vec<DuesRow> = sqlx::query_as(
        "SELECT fiscal_year, paid_on, amount_yen, method, note FROM dues_payments
         WHERE member_id = $1 ORDER BY fiscal_year DESC",
    )
    .bind(member_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| DuesPayment {
            fiscal_year: r.fiscal_year.into(),
            paid_on: r.paid_on,
            amount_yen: r.amount_yen,
            method: PaymentMethod::parse(&r.method).unwrap_or(PaymentMethod::Other),
            note: r.note,
        })
        .collect())
}

/// Records a payment; `None` when that fiscal year is already recorded.
pub async fn record_dues(
    tx: &mut PgConnection,
    member_id: i64,
    payment: &DuesPayment,
    admin_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO dues_payments (member_id, fiscal_year, paid_on, amount_yen, method, note, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (member_id, fiscal_year) DO NOTHING RETURNING id",
    )
    .bind(member_id)
    .bind(payment.fiscal_year as i16)
    .bind(payment.paid_on)
    .bind(payment.amount_yen)
    .bind(payment.method.code())
    .bind(&payment.note)
    .bind(admin_id)
    .fetch_optional(tx)
    .await
}

/// The member list's filters, validated.
#[derive(Debug, Default)]
pub struct ListQuery {
    /// Searched as a reading-key prefix, and as part of the name or email.
    pub search: Option<(String, String)>,
    pub status: Option<MemberStatus>,
    pub type_code: Option<String>,
    pub committee_slug: Option<String>,
    /// Some(true): paid for `fiscal_year`; Some(false): unpaid.
    pub paid: Option<bool>,
    pub fiscal_year: i32,
    pub after: Option<(String, i64)>,
    pub limit: i64,
}

impl ListQuery {
    /// The query for the member list's filters as they come from its URL (an unknown or empty
    /// value means "any"; a missing year means the current fiscal year).
    pub fn from_filter(filter: &crate::domain::membership::MemberFilter, today: NaiveDate, limit: i64) -> ListQuery {
        let fiscal_year = filter
            .year
            .trim()
            .parse()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .unwrap_or_else(|| crate::domain::dues::fiscal_year_of(today));
        let q = filter.q.trim();
        let some = |value: &str| Some(value.trim().to_string()).filter(|v| !v.is_empty());
        ListQuery {
            search: (!q.is_empty()).then(|| (crate::domain::kana::reading_key(q), q.to_string())),
            status: MemberStatus::parse(&filter.status),
            type_code: some(&filter.kind),
            committee_slug: some(&filter.committee),
            paid: match filter.dues.as_str() {
                "paid" => Some(true),
                "unpaid" => Some(false),
                _ => None,
            },
            fiscal_year,
            after: filter.after.split_once(':').and_then(|(id, key)| Some((key.to_string(), id.parse().ok()?))),
            limit,
        }
    }
}

#[derive(sqlx::FromRow)]
struct ListRow {
    id: i64,
    member_number: Option<i32>,
    full_name: String,
    name_reading: String,
    email: Option<String>,
    status: String,
    name_ja: String,
    name_en: String,
    applied_at: DateTime<Utc>,
    paid: bool,
    reading_key: String,
}

/// The list query (after `prefix`, e.g. "EXPLAIN "): keyset paging on (reading_key, id), which
/// the `members_reading_idx` / `members_status_reading_idx` indexes serve in order.
fn list_sql<'a>(prefix: &str, query: &'a ListQuery) -> QueryBuilder<'a, Postgres> {
    let mut sql: QueryBuilder<Postgres> = QueryBuilder::new(format!(
        "{prefix}SELECT m.id, m.member_number, m.full_name, m.name_reading, m.email, m.status, t.name_ja, t.name_en,
             m.applied_at, m.reading_key,
             EXISTS (SELECT 1 FROM dues_payments d WHERE d.member_id = m.id AND d.fiscal_year = "
    ));
    sql.push_bind(query.fiscal_year as i16);
    sql.push(") AS paid FROM members m JOIN membership_types t ON t.id = m.membership_type_id WHERE true");
    if let Some((key, text)) = &query.search {
        sql.push(" AND (m.reading_key LIKE ");
        sql.push_bind(format!("{}%", like_escape(key)));
        sql.push(" OR strpos(m.full_name, ");
        sql.push_bind(text.clone());
        sql.push(") > 0 OR strpos(m.email, ");
        sql.push_bind(text.to_lowercase());
        sql.push(") > 0)");
    }
    if let Some(status) = query.status {
        sql.push(" AND m.status = ");
        sql.push_bind(status.code());
    }
    if let Some(code) = &query.type_code {
        sql.push(" AND t.code = ");
        sql.push_bind(code.clone());
    }
    if let Some(slug) = &query.committee_slug {
        sql.push(
            " AND EXISTS (SELECT 1 FROM member_committees mc JOIN committees c ON c.id = mc.committee_id
              WHERE mc.member_id = m.id AND c.slug = ",
        );
        sql.push_bind(slug.clone());
        sql.push(")");
    }
    if let Some(paid) = query.paid {
        sql.push(if paid { " AND EXISTS" } else { " AND NOT EXISTS" });
        sql.push(" (SELECT 1 FROM dues_payments d WHERE d.member_id = m.id AND d.fiscal_year = ");
        sql.push_bind(query.fiscal_year as i16);
        sql.push(")");
    }
    if let Some((key, id)) = &query.after {
        sql.push(" AND (m.reading_key, m.id) > (");
        sql.push_bind(key.clone());
        sql.push(", ");
        sql.push_bind(*id);
        sql.push(")");
    }
    sql.push(" ORDER BY m.reading_key, m.id LIMIT ");
    sql.push_bind(query.limit + 1);
    sql
}

fn like_escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// One page of the member list in reading order, and the cursor of the row after it.
pub async fn list(db: &PgPool, query: &ListQuery) -> Result<(Vec<MemberRow>, Option<(String, i64)>), sqlx::Error> {
    let mut rows: Vec<ListRow> = list_sql("", query).build_query_as().fetch_all(db).await?;
    let next = if rows.len() as i64 > query.limit {
        rows.truncate(query.limit as usize);
        rows.last().map(|r| (r.reading_key.clone(), r.id))
    } else {
        None
    };
    let rows = rows
        .into_iter()
        .map(|r| MemberRow {
            id: r.id,
            member_number: r.member_number,
            full_name: r.full_name,
            name_reading: r.name_reading,
            email: r.email,
            status: MemberStatus::parse(&r.status).unwrap_or(MemberStatus::Pending),
            type_name: Localized::new(r.name_ja, r.name_en),
            paid_this_year: r.paid,
            applied_at: r.applied_at,
        })
        .collect();
    Ok((rows, next))
}

/// Changes a membership type's names, fee and whether it is offered; false for an unknown id.
pub async fn update_type(
    tx: &mut PgConnection,
    id: i64,
    name_ja: &str,
    name_en: &str,
    annual_fee_yen: i32,
    offered: bool,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE membership_types SET name_ja = $2, name_en = $3, annual_fee_yen = $4, offered = $5, updated_at = now()
         WHERE id = $1",
    )
    .bind(id)
    .bind(name_ja)
    .bind(name_en)
    .bind(annual_fee_yen)
    .bind(offered)
    .execute(tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Names of the chairs of a committee (members who chair it), in reading order.
pub async fn chair_names(db: &PgPool, committee_id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT m.full_name FROM committee_chairs cc JOIN members m ON m.account_id = cc.account_id
         WHERE cc.committee_id = $1 AND m.status = 'active' ORDER BY m.reading_key, m.id",
    )
    .bind(committee_id)
    .fetch_all(db)
    .await
}

/// Names (only) of a committee's active members, in reading order.
pub async fn names_in_committee(db: &PgPool, committee_id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT m.full_name FROM member_committees mc JOIN members m ON m.id = mc.member_id
         WHERE mc.committee_id = $1 AND m.status = 'active' ORDER BY m.reading_key, m.id",
    )
    .bind(committee_id)
    .fetch_all(db)
    .await
}

/// Adds or removes one committee of a member.
pub async fn set_committee(tx: &mut PgConnection, member_id: i64, slug: &str, join: bool) -> Result<(), sqlx::Error> {
    let sql = if join {
        "INSERT INTO member_committees (member_id, committee_id) SELECT $1, id FROM committees WHERE slug = $2
         ON CONFLICT DO NOTHING"
    } else {
        "DELETE FROM member_committees mc USING committees c WHERE mc.member_id = $1 AND c.id = mc.committee_id AND c.slug = $2"
    };
    sqlx::query(sql).bind(member_id).bind(slug).execute(tx).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::db::test_support::test_pool;
    use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

    /// 100,000 members, as many as the list must stay fast with.
    async fn many_members(db: &PgPool) {
        sqlx::query(
            "INSERT INTO members (membership_type_id, full_name, name_reading, reading_key, email, status, member_number,
                 privacy_notice_version, privacy_consented_at)
             SELECT (SELECT id FROM membership_types WHERE code = 'individual'), '会員 ' || g, 'かいいん',
                 'かいいん' || lpad(g::text, 6, '0'), 'm' || g || '@example.jp',
                 CASE WHEN g % 10 = 0 THEN 'pending' ELSE 'active' END, CASE WHEN g % 10 = 0 THEN NULL ELSE g END,
                 'v', now()
             FROM generate_series(1, 100000) g",
        )
        .execute(db)
        .await
        .unwrap();
        sqlx::query("ANALYZE members").execute(db).await.unwrap();
    }

    async fn plan(db: &PgPool, query: &ListQuery) -> String {
        let rows: Vec<(String,)> = list_sql("EXPLAIN ", query).build_query_as().fetch_all(db).await.unwrap();
        rows.into_iter().map(|(line,)| line).collect::<Vec<_>>().join("\n")
    }

    #[sqlx::test(migrations = "../migrations")]
    async fn pages_deep_in_a_large_list_are_read_from_the_index(_: PgPoolOptions, options: PgConnectOptions) {
        let db = test_pool(options).await;
        many_members(&db).await;
        let deep = ListQuery {
            after: Some(("かいいん090000".into(), 90000)),
            fiscal_year: 2026,
            limit: 50,
            ..Default::default()
        };
        let explained = plan(&db, &deep).await;
        assert!(explained.contains("Index Scan using members_reading_idx"), "{explained}");
        assert!(!explained.contains("Seq Scan on members") && !explained.contains("Sort"), "{explained}");
        let (rows, next) = list(&db, &deep).await.unwrap();
        assert_eq!(rows.len(), 50);
        assert_eq!(rows[0].full_name, "会員 90001");
        assert_eq!(next, Some(("かいいん090050".to_string(), 90050)));

        let pending = ListQuery { status: Some(MemberStatus::Pending), ..deep };
        let explained = plan(&db, &pending).await;
        assert!(explained.contains("members_status_reading_idx"), "{explained}");
        assert!(!explained.contains("Sort"), "{explained}");
        let (rows, _) = list(&db, &pending).await.unwrap();
        assert!(rows.iter().all(|r| r.status == MemberStatus::Pending) && rows.len() == 50);
    }
}
