//! The close of a fiscal year: who is unpaid by the articles' rule, and the treasurer's figures.

use crate::domain::dues::PaymentMethod;
use crate::domain::ids::MemberId;
use crate::domain::localized::Localized;
use crate::domain::year_end::{years_looked_at, ClassLine, MethodLine, TreasurerReport, UnpaidMember};
use sqlx::{PgConnection, PgPool};

/// Active members who were members through all of the years the rule looks at (their membership
/// began by the first day of the first of them), paid none of them though each had dues to pay,
/// and have paid no later year either (closing an old year never lapses someone who pays now).
const UNPAID: &str = "SELECT m.id, m.member_number, m.full_name, t.name_ja, t.name_en,
        (SELECT sum(dues_for(m.membership_type_id, m.units, y)) FROM generate_series($1::int, $2::int) y)::bigint AS owed
     FROM members m JOIN membership_types t ON t.id = m.membership_type_id
     WHERE m.status = 'active' AND m.erased_at IS NULL
       AND COALESCE((SELECT max(h.effective_on) FROM membership_history h
                     WHERE h.member_id = m.id AND h.change IN ('approved', 'reinstated')),
                    m.decided_at::date, m.applied_at::date) <= fiscal_year_start($1)
       AND NOT EXISTS (SELECT 1 FROM dues_payments d WHERE d.member_id = m.id AND d.fiscal_year >= $1)
       AND NOT EXISTS (SELECT 1 FROM generate_series($1::int, $2::int) y
                       WHERE COALESCE(dues_for(m.membership_type_id, m.units, y), 0) = 0)";

#[derive(sqlx::FromRow)]
struct UnpaidRow {
    id: MemberId,
    member_number: Option<i32>,
    full_name: String,
    name_ja: String,
    name_en: String,
    owed: Option<i64>,
}

impl From<UnpaidRow> for UnpaidMember {
    fn from(r: UnpaidRow) -> Self {
        UnpaidMember {
            id: r.id,
            member_number: r.member_number,
            full_name: r.full_name,
            class_name: Localized::new(r.name_ja, r.name_en),
            owed_yen: r.owed.unwrap_or(0),
        }
    }
}

/// The members unpaid by the rule when closing `year` (`years` whole fiscal years), by number.
pub async fn unpaid(db: &PgPool, year: i32, years: u8) -> Result<Vec<UnpaidMember>, sqlx::Error> {
    let range = years_looked_at(year, years);
    let rows: Vec<UnpaidRow> = sqlx::query_as(&format!("{UNPAID} ORDER BY m.member_number, m.id"))
        .bind(range.start())
        .bind(range.end())
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// The same list, locked (in id order) for the lapse. The rule is read again once they are locked
/// (a new statement sees what committed meanwhile): someone whose payment was being recorded
/// (`record_dues` locks the member too) is not in it.
pub async fn unpaid_for_lapse(tx: &mut PgConnection, year: i32, years: u8) -> Result<Vec<MemberId>, sqlx::Error> {
    let range = years_looked_at(year, years);
    let locked: Vec<UnpaidRow> = sqlx::query_as(&format!("{UNPAID} ORDER BY m.id FOR UPDATE OF m"))
        .bind(range.start())
        .bind(range.end())
        .fetch_all(&mut *tx)
        .await?;
    let ids: Vec<i64> = locked.into_iter().map(|r| r.id.0).collect();
    let rows: Vec<UnpaidRow> = sqlx::query_as(&format!("{UNPAID} AND m.id = ANY($3) ORDER BY m.id"))
        .bind(range.start())
        .bind(range.end())
        .bind(&ids)
        .fetch_all(tx)
        .await?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

#[derive(sqlx::FromRow)]
struct ClassRow {
    name_ja: String,
    name_en: String,
    members: i64,
    payments: i64,
    collected: i64,
    expected: i64,
}

/// The treasurer's figures for a fiscal year's dues.
pub async fn report(db: &PgPool, year: i32) -> Result<TreasurerReport, sqlx::Error> {
    let year16 = year as i16;
    // Members by their class today; a payment counts under its member's class today.
    let classes: Vec<ClassRow> = sqlx::query_as(
        "SELECT t.name_ja, t.name_en,
             count(m.id) FILTER (WHERE m.status = 'active' AND m.erased_at IS NULL) AS members,
             count(d.id) AS payments, COALESCE(sum(d.amount_yen), 0)::bigint AS collected,
             COALESCE(sum(dues_for(t.id, m.units, $1)) FILTER (WHERE m.status = 'active' AND m.erased_at IS NULL), 0)::bigint
                 AS expected
         FROM membership_types t
         LEFT JOIN members m ON m.membership_type_id = t.id
         LEFT JOIN dues_payments d ON d.member_id = m.id AND d.fiscal_year = $1
         GROUP BY t.id
         HAVING t.offered OR count(m.id) FILTER (WHERE m.status = 'active') > 0 OR count(d.id) > 0
         ORDER BY t.sort_order, t.id",
    )
    .bind(year16)
    .fetch_all(db)
    .await?;
    let methods: Vec<(PaymentMethod, i64, i64)> = sqlx::query_as(
        "SELECT method, count(*), sum(amount_yen)::bigint FROM dues_payments WHERE fiscal_year = $1
         GROUP BY method ORDER BY method",
    )
    .bind(year16)
    .fetch_all(db)
    .await?;
    let (receipts,): (i64,) =
        sqlx::query_as("SELECT count(*) FROM receipts WHERE dues_year = $1 AND cancelled_at IS NULL")
            .bind(year16)
            .fetch_one(db)
            .await?;
    let (voided, voided_yen): (i64, i64) = sqlx::query_as(
        "SELECT count(*), COALESCE(sum(amount_yen), 0)::bigint FROM dues_payments_voided WHERE fiscal_year = $1",
    )
    .bind(year16)
    .fetch_one(db)
    .await?;
    let (donations, donations_yen) = super::donations::totals(db, year).await?;
    Ok(TreasurerReport {
        year,
        by_class: classes
            .into_iter()
            .map(|c| ClassLine {
                name: Localized::new(c.name_ja, c.name_en),
                members: c.members,
                payments: c.payments,
                collected_yen: c.collected,
                expected_yen: c.expected,
            })
            .collect(),
        by_method: methods
            .into_iter()
            .map(|(method, payments, collected_yen)| MethodLine { method, payments, collected_yen })
            .collect(),
        receipts,
        voided,
        voided_yen,
        donations,
        donations_yen,
    })
}

#[cfg(test)]
mod tests;
