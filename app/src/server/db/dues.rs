//! Dues: what a member paid for which fiscal year.

use crate::domain::dues::PaymentMethod;
use crate::domain::ids::{AccountId, MemberId};
use crate::domain::membership::DuesPayment;
use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};

#[derive(sqlx::FromRow)]
struct DuesRow {
    fiscal_year: i16,
    paid_on: NaiveDate,
    amount_yen: i32,
    method: PaymentMethod,
    note: String,
}

/// A member's dues, newest year first.
pub async fn of_member(db: &PgPool, member_id: MemberId) -> Result<Vec<DuesPayment>, sqlx::Error> {
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
            method: r.method,
            note: r.note,
        })
        .collect())
}

/// Records a payment; `None` when that fiscal year is already recorded.
pub async fn record(
    tx: &mut PgConnection,
    member_id: MemberId,
    payment: &DuesPayment,
    admin_id: AccountId,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO dues_payments (member_id, fiscal_year, paid_on, amount_yen, method, note, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (member_id, fiscal_year) DO NOTHING RETURNING id",
    )
    .bind(member_id)
    .bind(payment.fiscal_year as i16)
    .bind(payment.paid_on)
    .bind(payment.amount_yen)
    .bind(payment.method)
    .bind(&payment.note)
    .bind(admin_id)
    .fetch_optional(tx)
    .await
}

#[cfg(test)]
mod tests;
