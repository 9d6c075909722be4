//! Dues: what a member paid for which fiscal year.

use crate::domain::dues::{FieldChange, PaymentMethod, PaymentRevision};
use crate::domain::ids::{AccountId, MemberId};
use crate::domain::membership::{DuesPayment, RecordedPayment};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgPool};

#[derive(sqlx::FromRow)]
struct DuesRow {
    id: i64,
    fiscal_year: i16,
    paid_on: NaiveDate,
    amount_yen: i32,
    method: PaymentMethod,
    note: String,
    due_yen: Option<i32>,
    corrected: bool,
}

impl From<DuesRow> for RecordedPayment {
    fn from(r: DuesRow) -> Self {
        RecordedPayment {
            id: r.id,
            payment: DuesPayment {
                fiscal_year: r.fiscal_year.into(),
                paid_on: r.paid_on,
                amount_yen: r.amount_yen,
                method: r.method,
                note: r.note,
            },
            due_yen: r.due_yen,
            corrected: r.corrected,
        }
    }
}

const RECORDED: &str = "SELECT d.id, d.fiscal_year, d.paid_on, d.amount_yen, d.method, d.note,
        dues_for(m.membership_type_id, m.units, d.fiscal_year) AS due_yen,
        EXISTS (SELECT 1 FROM dues_payment_revisions r WHERE r.payment_id = d.id) AS corrected
    FROM dues_payments d JOIN members m ON m.id = d.member_id";

/// A member's dues, newest year first.
pub async fn of_member(db: &PgPool, member_id: MemberId) -> Result<Vec<RecordedPayment>, sqlx::Error> {
    let rows: Vec<DuesRow> = sqlx::query_as(&format!("{RECORDED} WHERE d.member_id = $1 ORDER BY d.fiscal_year DESC"))
        .bind(member_id)
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// The member a (live) payment belongs to.
pub async fn member_of(db: &PgPool, id: i64) -> Result<Option<MemberId>, sqlx::Error> {
    sqlx::query_scalar("SELECT member_id FROM dues_payments WHERE id = $1").bind(id).fetch_optional(db).await
}

/// One payment of the member.
pub async fn one(db: &PgPool, member_id: MemberId, id: i64) -> Result<Option<RecordedPayment>, sqlx::Error> {
    let row: Option<DuesRow> = sqlx::query_as(&format!("{RECORDED} WHERE d.member_id = $1 AND d.id = $2"))
        .bind(member_id)
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.map(Into::into))
}

/// The payment's values, locked for a correction or a void; `None` if it is not the member's (or
/// is voided).
pub async fn lock(tx: &mut PgConnection, member_id: MemberId, id: i64) -> Result<Option<DuesPayment>, sqlx::Error> {
    let row: Option<(i16, NaiveDate, i32, PaymentMethod, String)> = sqlx::query_as(
        "SELECT fiscal_year, paid_on, amount_yen, method, note FROM dues_payments
         WHERE member_id = $1 AND id = $2 FOR UPDATE",
    )
    .bind(member_id)
    .bind(id)
    .fetch_optional(tx)
    .await?;
    Ok(row.map(|(year, paid_on, amount_yen, method, note)| DuesPayment {
        fiscal_year: year.into(),
        paid_on,
        amount_yen,
        method,
        note,
    }))
}

/// Changes a (locked) payment and keeps what the changed fields said before, with the reason and
/// who changed it. False when the new fiscal year is already recorded for the member (the
/// transaction can then only be rolled back).
pub async fn correct(
    tx: &mut PgConnection,
    member_id: MemberId,
    id: i64,
    changes: &[FieldChange],
    now: &DuesPayment,
    by: AccountId,
    reason: &str,
) -> Result<bool, sqlx::Error> {
    // The unique index on (member, year) decides, also against a payment recorded at this moment;
    // the transaction is then aborted and the caller rolls it back.
    let updated = sqlx::query(
        "UPDATE dues_payments SET fiscal_year = $2, paid_on = $3, amount_yen = $4, method = $5, note = $6
         WHERE id = $1",
    )
    .bind(id)
    .bind(now.fiscal_year as i16)
    .bind(now.paid_on)
    .bind(now.amount_yen)
    .bind(now.method)
    .bind(&now.note)
    .execute(&mut *tx)
    .await;
    match updated {
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Ok(false),
        other => other?,
    };
    sqlx::query(
        "INSERT INTO dues_payment_revisions (payment_id, member_id, before, after, reason, revised_by)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(member_id)
    .bind(side(changes, |c| &c.before))
    .bind(side(changes, |c| &c.after))
    .bind(reason)
    .bind(by)
    .execute(&mut *tx)
    .await?;
    // A receipt that no longer says what the payment says is cancelled; the next one takes a new number.
    super::receipts::cancel_changed(tx, super::receipts::Which::Payment(id)).await?;
    Ok(true)
}

/// One side of the changes as stored: `{"amount_yen": "2000", …}`.
fn side(changes: &[FieldChange], value: impl Fn(&FieldChange) -> &String) -> serde_json::Value {
    changes.iter().map(|c| (c.field.clone(), serde_json::Value::String(value(c).clone()))).collect()
}

/// Moves a (locked) payment to the register of voided payments, with the reason and who voided
/// it; its fiscal year is then unpaid and may be recorded again.
pub async fn void(
    tx: &mut PgConnection,
    member_id: MemberId,
    id: i64,
    by: AccountId,
    reason: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "WITH gone AS (DELETE FROM dues_payments WHERE member_id = $1 AND id = $2 RETURNING *)
         INSERT INTO dues_payments_voided (id, member_id, fiscal_year, paid_on, amount_yen, method, note, recorded_by,
             recorded_at, reason, voided_by)
         SELECT id, member_id, fiscal_year, paid_on, amount_yen, method, note, recorded_by, recorded_at, $3, $4 FROM gone",
    )
    .bind(member_id)
    .bind(id)
    .bind(reason)
    .bind(by)
    .execute(&mut *tx)
    .await?;
    super::receipts::cancel_voided(tx, id).await?;
    Ok(())
}

/// The corrections of a payment, oldest first.
pub async fn revisions(db: &PgPool, id: i64) -> Result<Vec<PaymentRevision>, sqlx::Error> {
    type Row = (serde_json::Value, serde_json::Value, String, Option<String>, DateTime<Utc>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT before, after, reason, recorder_name(revised_by), revised_at FROM dues_payment_revisions
         WHERE payment_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(before, after, reason, revised_by, revised_at)| {
            let text =
                |value: Option<&serde_json::Value>| value.and_then(|v| v.as_str()).unwrap_or_default().to_string();
            let changes = before
                .as_object()
                .map(|fields| {
                    fields
                        .iter()
                        .map(|(field, old)| FieldChange {
                            field: field.clone(),
                            before: text(Some(old)),
                            after: text(after.get(field)),
                        })
                        .collect()
                })
                .unwrap_or_default();
            PaymentRevision { changes, reason, revised_by, revised_at }
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
