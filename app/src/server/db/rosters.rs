//! Roster rows for the CSV downloads, read as a stream (never the whole roster in memory), in
//! Japanese reading order.

use crate::domain::dues::PaymentMethod;
use crate::domain::ids::CommitteeId;
use crate::domain::member::MemberStatus;
use crate::server::db::member_list::ListQuery;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{Postgres, QueryBuilder};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MemberLine {
    pub member_number: Option<i32>,
    pub full_name: String,
    pub name_reading: String,
    pub name_romaji: String,
    pub organisation_name: String,
    pub status: MemberStatus,
    pub type_ja: String,
    pub type_en: String,
    pub email: Option<String>,
    pub phone: String,
    pub postal_code: String,
    pub prefecture_code: Option<i16>,
    pub city: String,
    pub street: String,
    pub birth_date: Option<NaiveDate>,
    pub languages: Vec<String>,
    pub photo_consent: bool,
    pub applied_at: DateTime<Utc>,
    pub paid_on: Option<NaiveDate>,
}

/// The member roster with the list's filters (no paging), joined to the dues of `fiscal_year`.
pub fn members_sql(query: &ListQuery) -> QueryBuilder<'static, Postgres> {
    let mut sql: QueryBuilder<Postgres> = QueryBuilder::new(
        "SELECT m.member_number, m.full_name, m.name_reading, m.name_romaji, m.organisation_name, m.status,
             t.name_ja AS type_ja, t.name_en AS type_en, m.email, m.phone, m.postal_code, m.prefecture_code, m.city,
             m.street, m.birth_date, m.languages, m.photo_consent, m.applied_at, d.paid_on
         FROM members m JOIN membership_types t ON t.id = m.membership_type_id
         LEFT JOIN dues_payments d ON d.member_id = m.id AND d.fiscal_year = ",
    );
    sql.push_bind(query.fiscal_year as i16);
    sql.push(" WHERE m.erased_at IS NULL");
    if let Some(status) = query.status {
        sql.push(" AND m.status = ").push_bind(status.code());
    }
    if let Some(code) = &query.type_code {
        sql.push(" AND t.code = ").push_bind(code.clone());
    }
    if let Some(slug) = &query.committee_slug {
        sql.push(
            " AND EXISTS (SELECT 1 FROM member_committees mc JOIN committees c ON c.id = mc.committee_id
              WHERE mc.member_id = m.id AND c.slug = ",
        )
        .push_bind(slug.clone())
        .push(")");
    }
    match query.paid {
        Some(true) => {
            sql.push(" AND d.id IS NOT NULL");
        }
        Some(false) => {
            sql.push(" AND d.id IS NULL");
        }
        None => {}
    }
    sql.push(" ORDER BY m.reading_key, m.id");
    sql
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DuesLine {
    pub member_number: Option<i32>,
    pub full_name: String,
    pub name_reading: String,
    pub type_ja: String,
    pub type_en: String,
    pub units: i16,
    /// The class's fee per unit in that year × the member's units.
    pub dues_yen: Option<i32>,
    pub paid_on: Option<NaiveDate>,
    pub amount_yen: Option<i32>,
    pub method: Option<PaymentMethod>,
    pub note: Option<String>,
}

/// Every active member with their dues for `fiscal_year` (blank when unpaid).
pub fn dues_sql(fiscal_year: i32) -> QueryBuilder<'static, Postgres> {
    let mut sql: QueryBuilder<Postgres> = QueryBuilder::new(
        "SELECT m.member_number, m.full_name, m.name_reading, t.name_ja AS type_ja, t.name_en AS type_en,
             m.units, dues_for(t.id, m.units, ",
    );
    sql.push_bind(fiscal_year);
    sql.push(
        ") AS dues_yen, d.paid_on, d.amount_yen, d.method, d.note
         FROM members m JOIN membership_types t ON t.id = m.membership_type_id
         LEFT JOIN dues_payments d ON d.member_id = m.id AND d.fiscal_year = ",
    );
    sql.push_bind(fiscal_year as i16);
    sql.push(" WHERE m.status = 'active' OR d.id IS NOT NULL ORDER BY m.reading_key, m.id");
    sql
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CommitteeLine {
    pub member_number: Option<i32>,
    pub full_name: String,
    pub name_reading: String,
    pub phone: String,
    pub email: Option<String>,
    pub joined_at: DateTime<Utc>,
    /// `chair`, `vice_chair` or `member`.
    pub post: String,
}

/// The active members of one committee.
pub fn committee_sql(committee_id: CommitteeId) -> QueryBuilder<'static, Postgres> {
    let mut sql: QueryBuilder<Postgres> = QueryBuilder::new(
        "SELECT m.member_number, m.full_name, m.name_reading, m.phone, m.email, mc.joined_at, mc.post
         FROM member_committees mc JOIN members m ON m.id = mc.member_id
         WHERE m.status = 'active' AND mc.committee_id = ",
    );
    sql.push_bind(committee_id);
    // The chair, then the vice-chairs, then the members.
    sql.push(" ORDER BY mc.post <> 'chair', mc.post <> 'vice_chair', m.reading_key, m.id");
    sql
}

#[cfg(test)]
mod tests;
