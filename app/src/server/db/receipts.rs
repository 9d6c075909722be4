//! Receipts (領収書) for dues payments: numbered per fiscal year of the day received, never
//! reused (see `migrations/20261204000001_receipts.sql` and `docs/receipts.md`).
//!
//! Every issue takes one transaction-wide lock first (`pg_advisory_xact_lock`), so two issues at
//! once, a single one and a year's run, never both see a payment without a receipt; the numbers
//! themselves come from the row of `receipt_counters`, which queues them in the same way.

use crate::domain::ids::{AccountId, MemberId};
use crate::domain::receipt::{Cancelled, Receipt, ReceiptFor};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgPool};
use std::collections::HashMap;

/// Which payments an issue covers.
#[derive(Debug, Clone, Copy)]
pub enum Which {
    Payment(i64),
    /// Every payment of that fiscal year's dues.
    DuesYear(i32),
}

impl Which {
    fn binds(self) -> (Option<i64>, Option<i16>) {
        match self {
            Which::Payment(id) => (Some(id), None),
            Which::DuesYear(year) => (None, i16::try_from(year).ok()),
        }
    }
}

/// The payments a `Which` covers: `$1` a payment id, `$2` a dues year (one of them NULL).
const COVERED: &str = "(p.id = $1 OR p.fiscal_year = $2)";

#[derive(sqlx::FromRow)]
struct ReceiptRow {
    id: i64,
    fiscal_year: i16,
    number: i32,
    addressee: String,
    member_number: Option<i32>,
    amount_yen: i32,
    received_on: NaiveDate,
    dues_year: Option<i16>,
    purpose: Option<String>,
    issues: i32,
    issued_at: DateTime<Utc>,
    cancel_reason: Option<Cancelled>,
    printed: bool,
}

impl From<ReceiptRow> for Receipt {
    fn from(r: ReceiptRow) -> Self {
        Receipt {
            id: r.id,
            fiscal_year: r.fiscal_year.into(),
            number: r.number,
            addressee: r.addressee,
            member_number: r.member_number,
            amount_yen: r.amount_yen,
            received_on: r.received_on,
            for_what: match r.dues_year {
                Some(year) => ReceiptFor::Dues(year.into()),
                None => ReceiptFor::Donation(r.purpose.unwrap_or_default()),
            },
            issues: r.issues,
            issued_on: crate::domain::dates::japan_day(r.issued_at),
            cancelled: r.cancel_reason,
            printed: r.printed,
        }
    }
}

// A donation's receipt may have no member (someone outside gave it): hence the outer joins.
const SELECT: &str = "SELECT r.id, r.fiscal_year, r.number, r.addressee, m.member_number, r.amount_yen, r.received_on,
        r.dues_year, d.purpose, r.issues, r.issued_at, r.cancel_reason, r.printed_at IS NOT NULL AS printed
     FROM receipts r LEFT JOIN members m ON m.id = r.member_id LEFT JOIN donations d ON d.id = r.donation_id";

/// Serialises every issue of receipts (they are rare, and a year's run is one statement).
async fn lock_issuing(tx: &mut PgConnection) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext('kizuna:receipts'))").execute(tx).await?;
    Ok(())
}

/// Cancels the receipts in force whose payment no longer says what they say (its amount, day or
/// year was corrected, or the member's name changed).
pub async fn cancel_changed(tx: &mut PgConnection, which: Which) -> Result<u64, sqlx::Error> {
    let (payment, year) = which.binds();
    let done = sqlx::query(&format!(
        "UPDATE receipts r SET cancelled_at = now(), cancel_reason = 'changed'
         FROM dues_payments p
         WHERE r.payment_id = p.id AND r.cancelled_at IS NULL AND {COVERED}
           AND (r.amount_yen, r.received_on, r.dues_year, r.addressee)
               IS DISTINCT FROM (p.amount_yen, p.paid_on, p.fiscal_year, addressee_of(p.member_id))"
    ))
    .bind(payment)
    .bind(year)
    .execute(tx)
    .await?;
    Ok(done.rows_affected())
}

/// Cancels the receipt in force of a payment being voided.
pub async fn cancel_voided(tx: &mut PgConnection, payment: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE receipts SET cancelled_at = now(), cancel_reason = 'voided' WHERE payment_id = $1 AND cancelled_at IS NULL",
    )
    .bind(payment)
    .execute(tx)
    .await?;
    Ok(())
}

/// Gives a receipt to each covered payment that has none in force (a changed one is cancelled
/// first), numbered in member-number order within each fiscal year. Erased members get none.
/// Returns how many were issued.
pub async fn issue_missing(tx: &mut PgConnection, which: Which, by: AccountId) -> Result<u64, sqlx::Error> {
    // A year's run: its members first (a single issue, a correction and a void lock the member
    // before anything else), and only theirs: a payment recorded after this lock is left for the
    // next run, so the run never waits on a member while holding the issuing lock.
    let locked: Option<Vec<i64>> = match which {
        Which::Payment(_) => None,
        Which::DuesYear(year) => Some(
            sqlx::query_scalar(
                "SELECT id FROM members WHERE id IN (SELECT member_id FROM dues_payments WHERE fiscal_year = $1)
                 ORDER BY id FOR KEY SHARE",
            )
            .bind(year as i16)
            .fetch_all(&mut *tx)
            .await?,
        ),
    };
    lock_issuing(tx).await?;
    cancel_changed(tx, which).await?;
    let (payment, year) = which.binds();
    let done = sqlx::query(&format!(
        "WITH todo AS (
             SELECT p.id, p.member_id, p.amount_yen, p.paid_on, p.fiscal_year AS dues_year,
                 fiscal_year_of(p.paid_on) AS year, addressee_of(p.member_id) AS addressee,
                 row_number() OVER (PARTITION BY fiscal_year_of(p.paid_on) ORDER BY m.member_number NULLS LAST, p.id) AS nth,
                 count(*) OVER (PARTITION BY fiscal_year_of(p.paid_on)) AS total
             FROM dues_payments p JOIN members m ON m.id = p.member_id
             WHERE {COVERED} AND m.erased_at IS NULL
               AND ($4::bigint[] IS NULL OR (p.member_id = ANY($4) AND p.note <> $5))
               AND NOT EXISTS (SELECT 1 FROM receipts r WHERE r.payment_id = p.id AND r.cancelled_at IS NULL)),
         taken AS (
             INSERT INTO receipt_counters AS c (fiscal_year, last_number)
             SELECT year, max(total) FROM todo GROUP BY year
             ON CONFLICT (fiscal_year) DO UPDATE SET last_number = c.last_number + excluded.last_number
             RETURNING fiscal_year, last_number)
         INSERT INTO receipts (fiscal_year, number, member_id, payment_id, addressee, amount_yen, received_on,
             dues_year, issued_by)
         SELECT t.year, k.last_number - t.total + t.nth, t.member_id, t.id, t.addressee, t.amount_yen, t.paid_on,
             t.dues_year, $3
         FROM todo t JOIN taken k ON k.fiscal_year = t.year"
    ))
    .bind(payment)
    .bind(year)
    .bind(by)
    .bind(locked)
    // A payment brought by the member-list import has no real day received: no receipt in the
    // year's run (one can still be issued from its page, where the day can be corrected first).
    .bind(super::imports::IMPORTED_DUES_NOTE)
    .execute(tx)
    .await?;
    Ok(done.rows_affected())
}

/// The receipt of one (locked) payment: issued if it has none in force (or its one changed), else
/// issued again (a reissue, counted). `None` for an erased member's payment.
pub async fn issue(tx: &mut PgConnection, payment: i64, by: AccountId) -> Result<Option<Receipt>, sqlx::Error> {
    if issue_missing(tx, Which::Payment(payment), by).await? == 0 {
        sqlx::query(
            "UPDATE receipts SET issues = issues + 1, last_issued_at = now(), issued_by = $2, printed_at = NULL
             WHERE payment_id = $1 AND cancelled_at IS NULL",
        )
        .bind(payment)
        .bind(by)
        .execute(&mut *tx)
        .await?;
    }
    let row: Option<ReceiptRow> =
        sqlx::query_as(&format!("{SELECT} WHERE r.payment_id = $1 AND r.cancelled_at IS NULL AND m.erased_at IS NULL"))
            .bind(payment)
            .fetch_optional(tx)
            .await?;
    Ok(row.map(Into::into))
}

/// The receipt of a donation: issued if it has none in force (one whose name changed is cancelled
/// first), else issued again (a reissue, counted). Numbered in the same series as dues receipts.
/// `None` for a voided donation or an erased member's.
pub async fn issue_donation(
    tx: &mut PgConnection,
    donation: i64,
    by: AccountId,
) -> Result<Option<Receipt>, sqlx::Error> {
    lock_issuing(tx).await?;
    const DONOR: &str = "COALESCE(addressee_of(d.member_id), d.donor_name)";
    sqlx::query(&format!(
        "UPDATE receipts r SET cancelled_at = now(), cancel_reason = 'changed' FROM donations d
         WHERE r.donation_id = d.id AND d.id = $1 AND r.cancelled_at IS NULL AND r.addressee IS DISTINCT FROM {DONOR}"
    ))
    .bind(donation)
    .execute(&mut *tx)
    .await?;
    let reissued = sqlx::query(
        "UPDATE receipts SET issues = issues + 1, last_issued_at = now(), issued_by = $2, printed_at = NULL
         WHERE donation_id = $1 AND cancelled_at IS NULL",
    )
    .bind(donation)
    .bind(by)
    .execute(&mut *tx)
    .await?;
    if reissued.rows_affected() == 0 {
        sqlx::query(&format!(
            "WITH d AS (
                 SELECT d.id, d.member_id, d.amount_yen, d.received_on, fiscal_year_of(d.received_on) AS year,
                     {DONOR} AS addressee
                 FROM donations d LEFT JOIN members m ON m.id = d.member_id
                 WHERE d.id = $1 AND d.voided_at IS NULL AND m.erased_at IS NULL),
             k AS (
                 INSERT INTO receipt_counters AS c (fiscal_year, last_number) SELECT year, 1 FROM d
                 ON CONFLICT (fiscal_year) DO UPDATE SET last_number = c.last_number + 1
                 RETURNING fiscal_year, last_number)
             INSERT INTO receipts (fiscal_year, number, member_id, donation_id, addressee, amount_yen, received_on, issued_by)
             SELECT d.year, k.last_number, d.member_id, d.id, d.addressee, d.amount_yen, d.received_on, $2
             FROM d JOIN k ON k.fiscal_year = d.year"
        ))
        .bind(donation)
        .bind(by)
        .execute(&mut *tx)
        .await?;
    }
    let row: Option<ReceiptRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE r.donation_id = $1 AND r.cancelled_at IS NULL AND m.erased_at IS NULL"
    ))
    .bind(donation)
    .fetch_optional(tx)
    .await?;
    Ok(row.map(Into::into))
}

/// Cancels the receipt in force of a donation being voided.
pub async fn cancel_voided_donation(tx: &mut PgConnection, donation: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE receipts SET cancelled_at = now(), cancel_reason = 'voided' WHERE donation_id = $1 AND cancelled_at IS NULL",
    )
    .bind(donation)
    .execute(tx)
    .await?;
    Ok(())
}

/// Every receipt of a payment, the one in force first, then the cancelled ones, newest first.
pub async fn of_payment(db: &PgPool, payment: i64) -> Result<Vec<Receipt>, sqlx::Error> {
    let rows: Vec<ReceiptRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE r.payment_id = $1 ORDER BY r.cancelled_at IS NOT NULL, r.issued_at DESC, r.id DESC"
    ))
    .bind(payment)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// The receipts in force of these donations, by donation (one query for a year's list).
pub async fn of_donations(db: &PgPool, donations: &[i64]) -> Result<HashMap<i64, Receipt>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct WithDonation {
        donation_id: i64,
        #[sqlx(flatten)]
        receipt: ReceiptRow,
    }
    let rows: Vec<WithDonation> = sqlx::query_as(&format!(
        "{} WHERE r.donation_id = ANY($1) AND r.cancelled_at IS NULL AND m.erased_at IS NULL",
        SELECT.replacen("SELECT ", "SELECT r.donation_id, ", 1)
    ))
    .bind(donations)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.donation_id, r.receipt.into())).collect())
}

/// One receipt with its member (`None` for an erased member's: the paper would carry no name).
pub async fn one(db: &PgPool, id: i64) -> Result<Option<(Option<MemberId>, Receipt)>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct WithMember {
        member_id: Option<MemberId>,
        #[sqlx(flatten)]
        receipt: ReceiptRow,
    }
    let row: Option<WithMember> = sqlx::query_as(&format!(
        "{} WHERE r.id = $1 AND m.erased_at IS NULL",
        SELECT.replacen("SELECT ", "SELECT r.member_id, ", 1)
    ))
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| (r.member_id, r.receipt.into())))
}

/// Where a receipt can be emailed: (payment, none for a donation's; member, address, the login's
/// language, login), for a
/// receipt in force whose member (not erased) has an address: the membership's contact email, else
/// the login's.
pub async fn mail_target(
    db: &PgPool,
    id: i64,
) -> Result<Option<(Option<i64>, MemberId, String, String, Option<crate::domain::ids::AccountId>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.payment_id, m.id, COALESCE(NULLIF(m.email, ''), a.email), COALESCE(a.lang, 'ja'), m.account_id
         FROM receipts r JOIN members m ON m.id = r.member_id LEFT JOIN accounts a ON a.id = m.account_id
         WHERE r.id = $1 AND r.cancelled_at IS NULL AND m.erased_at IS NULL
           AND COALESCE(NULLIF(m.email, ''), a.email) IS NOT NULL",
    )
    .bind(id)
    .fetch_optional(db)
    .await
}

/// The address a member's receipt would be emailed to (see [`mail_target`]).
pub async fn mail_address(db: &PgPool, member: MemberId) -> Result<Option<String>, sqlx::Error> {
    Ok(sqlx::query_scalar(
        "SELECT COALESCE(NULLIF(m.email, ''), a.email) FROM members m LEFT JOIN accounts a ON a.id = m.account_id
         WHERE m.id = $1 AND m.erased_at IS NULL",
    )
    .bind(member)
    .fetch_optional(db)
    .await?
    .flatten())
}

/// The receipts in force for a fiscal year's dues, in number order (the year's print run): those
/// not printed yet, or (`all`) every one.
pub async fn for_dues_year(db: &PgPool, year: i32, all: bool) -> Result<Vec<Receipt>, sqlx::Error> {
    let rows: Vec<ReceiptRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE r.dues_year = $1 AND r.cancelled_at IS NULL AND m.erased_at IS NULL
           AND ($2 OR r.printed_at IS NULL)
         ORDER BY r.fiscal_year, r.number"
    ))
    .bind(year as i16)
    .bind(all)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Records that these receipts were printed, the first time only (a later print is a copy).
pub async fn mark_printed(db: impl sqlx::PgExecutor<'_>, ids: &[i64]) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE receipts SET printed_at = now() WHERE id = ANY($1) AND printed_at IS NULL")
        .bind(ids)
        .execute(db)
        .await?;
    Ok(())
}

/// A fiscal year's dues payments that the year's run covers (not those the import brought), how
/// many of them have a receipt in force, and how many receipts in force are not printed yet.
pub async fn year_counts(db: &PgPool, year: i32) -> Result<(i64, i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT count(*),
             count(*) FILTER (WHERE EXISTS
                 (SELECT 1 FROM receipts r WHERE r.payment_id = p.id AND r.cancelled_at IS NULL)),
             (SELECT count(*) FROM receipts r JOIN members rm ON rm.id = r.member_id
              WHERE r.dues_year = $1 AND r.cancelled_at IS NULL AND r.printed_at IS NULL AND rm.erased_at IS NULL)
         FROM dues_payments p JOIN members m ON m.id = p.member_id
         WHERE p.fiscal_year = $1 AND m.erased_at IS NULL AND p.note <> $2",
    )
    .bind(year as i16)
    .bind(super::imports::IMPORTED_DUES_NOTE)
    .fetch_one(db)
    .await
}

#[cfg(test)]
mod tests;
