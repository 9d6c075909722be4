//! The secretariat's member list: filters, search and keyset paging.

use crate::domain::ids::MemberId;
use crate::domain::localized::Localized;
use crate::domain::member::MemberStatus;
use crate::domain::membership::MemberRow;
use chrono::{DateTime, Utc};
use sqlx::{PgPool, Postgres, QueryBuilder};

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
    pub after: Option<(String, MemberId)>,
    pub limit: i64,
}

impl ListQuery {
    /// The query for the member list's filters as they come from its URL (an unknown or empty
    /// value means "any"; a missing year means the current fiscal year).
    pub fn from_filter(filter: &crate::domain::membership::MemberFilter, current_year: i32, limit: i64) -> ListQuery {
        let fiscal_year = filter.year.trim().parse().ok().filter(|y| (2000..=2100).contains(y)).unwrap_or(current_year);
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
    id: MemberId,
    member_number: Option<i32>,
    full_name: String,
    name_reading: String,
    email: Option<String>,
    status: MemberStatus,
    name_ja: String,
    name_en: String,
    applied_at: DateTime<Utc>,
    paid: bool,
    reading_key: String,
}

/// The list query (after `prefix`, e.g. "EXPLAIN "): keyset paging on (reading_key, id), which
/// the `members_reading_idx` / `members_status_reading_idx` indexes serve in order. Whether dues
/// are paid is looked up for the page's rows only, after the `LIMIT`: in the select list of the
/// inner query it read the year's payments for every member scanned (7.7 ms at 100,000 members).
fn list_sql<'a>(prefix: &str, query: &'a ListQuery) -> QueryBuilder<'a, Postgres> {
    let mut sql: QueryBuilder<Postgres> = QueryBuilder::new(format!(
        "{prefix}SELECT page.*,
             EXISTS (SELECT 1 FROM dues_payments d WHERE d.member_id = page.id AND d.fiscal_year = "
    ));
    sql.push_bind(query.fiscal_year as i16);
    sql.push(
        ") AS paid FROM (SELECT m.id, m.member_number, m.full_name, m.name_reading, m.email, m.status, t.name_ja,
             t.name_en, m.applied_at, m.reading_key",
    );
    push_filters(&mut sql, query);
    if let Some((key, id)) = &query.after {
        sql.push(" AND (m.reading_key, m.id) > (");
        sql.push_bind(key.clone());
        sql.push(", ");
        sql.push_bind(*id);
        sql.push(")");
    }
    sql.push(" ORDER BY m.reading_key, m.id LIMIT ");
    sql.push_bind(query.limit + 1);
    sql.push(") page ORDER BY page.reading_key, page.id");
    sql
}

/// `FROM … WHERE …` of the list: every filter, not the page's cursor (the count is of all pages).
fn push_filters<'a>(sql: &mut QueryBuilder<'a, Postgres>, query: &'a ListQuery) {
    sql.push(" FROM members m JOIN membership_types t ON t.id = m.membership_type_id WHERE true");
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
        sql.push_bind(status);
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
}

/// Counting stops here: a list of more members than this says "more than 1,000", so that a count
/// at 100,000 members does not cost more than the page it heads (with a cap of 10,000, the pending
/// members' count took 8.9 ms there, bench/README.md).
pub const COUNT_CAP: i64 = 1_000;

/// How many members the list's filters find on all its pages, counted up to [`COUNT_CAP`] + 1.
pub async fn count(db: &PgPool, query: &ListQuery) -> Result<i64, sqlx::Error> {
    let mut sql: QueryBuilder<Postgres> = QueryBuilder::new("SELECT count(*) FROM (SELECT 1");
    push_filters(&mut sql, query);
    sql.push(" LIMIT ");
    sql.push_bind(COUNT_CAP + 1);
    sql.push(") found");
    sql.build_query_scalar().fetch_one(db).await
}

fn like_escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// One page of the member list in reading order, and the cursor of the row after it.
pub async fn list(db: &PgPool, query: &ListQuery) -> Result<(Vec<MemberRow>, Option<(String, MemberId)>), sqlx::Error> {
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
            status: r.status,
            type_name: Localized::new(r.name_ja, r.name_en),
            paid_this_year: r.paid,
            applied_at: r.applied_at,
        })
        .collect();
    Ok((rows, next))
}

#[cfg(test)]
mod tests;
