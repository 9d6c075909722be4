//! Figures for the secretariat's dashboard.

use sqlx::PgPool;

pub async fn members_by_status(db: &PgPool) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT status, count(*) FROM members WHERE erased_at IS NULL GROUP BY status ORDER BY status")
        .fetch_all(db)
        .await
}

/// (type name ja, en, active members)
pub async fn active_by_type(db: &PgPool) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.name_ja, t.name_en, count(m.id) FROM membership_types t
         LEFT JOIN members m ON m.membership_type_id = t.id AND m.status = 'active'
         GROUP BY t.id ORDER BY t.sort_order, t.id",
    )
    .fetch_all(db)
    .await
}

/// (fiscal year, approved, withdrawn) for the last `years` fiscal years up to `current` (years as
/// the association's calendar has them: `fiscal_year_start` reads its start month).
pub async fn joins_and_withdrawals(db: &PgPool, current: i32, years: i32) -> Result<Vec<(i32, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "WITH fy AS (SELECT generate_series($1 - $2 + 1, $1) AS year)
         SELECT fy.year,
             (SELECT count(*) FROM members m WHERE m.member_number IS NOT NULL AND m.decided_at IS NOT NULL
                  AND (m.decided_at AT TIME ZONE 'Asia/Tokyo')::date BETWEEN fiscal_year_start(fy.year) AND fiscal_year_start(fy.year + 1) - 1),
             (SELECT count(*) FROM members m WHERE m.withdrawn_at IS NOT NULL
                  AND (m.withdrawn_at AT TIME ZONE 'Asia/Tokyo')::date BETWEEN fiscal_year_start(fy.year) AND fiscal_year_start(fy.year + 1) - 1)
         FROM fy ORDER BY fy.year",
    )
    .bind(current)
    .bind(years)
    .fetch_all(db)
    .await
}

/// (committee name ja, en, active members)
pub async fn committee_sizes(db: &PgPool) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.name_ja, c.name_en, count(m.id) FROM committees c
         LEFT JOIN member_committees mc ON mc.committee_id = c.id
         LEFT JOIN members m ON m.id = mc.member_id AND m.status = 'active'
         GROUP BY c.id ORDER BY c.sort_order, c.id",
    )
    .fetch_all(db)
    .await
}

/// (active members who paid, yen they paid, active members, yen expected at that year's fees and
/// each member's units) for a fiscal year.
pub async fn dues_summary(db: &PgPool, year: i32) -> Result<(i64, i64, i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT
             (SELECT count(*) FROM dues_payments d JOIN members m ON m.id = d.member_id
                  WHERE d.fiscal_year = $1 AND m.status = 'active'),
             (SELECT COALESCE(sum(d.amount_yen), 0) FROM dues_payments d JOIN members m ON m.id = d.member_id
                  WHERE d.fiscal_year = $1 AND m.status = 'active')::bigint,
             (SELECT count(*) FROM members WHERE status = 'active'),
             (SELECT COALESCE(sum(dues_for(m.membership_type_id, m.units, $1)), 0) FROM members m
                  WHERE m.status = 'active')::bigint",
    )
    .bind(year)
    .fetch_one(db)
    .await
}

/// (city ja, en, calendar year in Japan, events held or planned, confirmed participants)
pub async fn events_per_city_year(db: &PgPool) -> Result<Vec<(String, String, i32, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.name_ja, p.name_en, extract(year FROM e.starts_at AT TIME ZONE 'Asia/Tokyo')::int AS year,
             count(DISTINCT e.id), COALESCE(sum(e.taken), 0)::bigint
         FROM events e JOIN partner_cities p ON p.id = e.partner_city_id
         WHERE e.status IN ('published', 'closed', 'held')
         GROUP BY p.id, year ORDER BY p.sort_order, p.id, year",
    )
    .fetch_all(db)
    .await
}

#[cfg(test)]
mod tests;
