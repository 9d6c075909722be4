//! Donations: recorded, listed by the fiscal year of the day received, voided with a reason.

use crate::domain::donation::{Donation, Donor, NewDonation};
use crate::domain::dues::PaymentMethod;
use crate::domain::ids::{AccountId, MemberId};
use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};

/// The member with this number (not erased), for a member's donation.
pub async fn member_by_number(db: &PgPool, number: i32) -> Result<Option<MemberId>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM members WHERE member_number = $1 AND erased_at IS NULL")
        .bind(number)
        .fetch_optional(db)
        .await
}

pub async fn insert(
    tx: &mut PgConnection,
    member: Option<MemberId>,
    d: &NewDonation,
    by: AccountId,
) -> Result<i64, sqlx::Error> {
    let (name, postal_code, address) = match &d.donor {
        Donor::Member(_) => (String::new(), String::new(), String::new()),
        Donor::Outside { name, postal_code, address } => (name.clone(), postal_code.clone(), address.clone()),
    };
    sqlx::query_scalar(
        "INSERT INTO donations (member_id, donor_name, donor_postal_code, donor_address, received_on, amount_yen, method,
             purpose, note, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(member)
    .bind(name)
    .bind(postal_code)
    .bind(address)
    .bind(d.received_on)
    .bind(d.amount_yen)
    .bind(d.method)
    .bind(&d.purpose)
    .bind(&d.note)
    .bind(by)
    .fetch_one(tx)
    .await
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    member_id: Option<MemberId>,
    member_number: Option<i32>,
    donor: String,
    received_on: NaiveDate,
    amount_yen: i32,
    method: PaymentMethod,
    purpose: String,
    note: String,
    voided: Option<String>,
}

/// A fiscal year's donations (by the day received), oldest first, with their receipts in force.
pub async fn of_year(db: &PgPool, year: i32) -> Result<Vec<Donation>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT d.id, d.member_id, m.member_number,
                CASE WHEN d.member_id IS NULL THEN d.donor_name ELSE addressee_of(d.member_id) END AS donor,
                d.received_on, d.amount_yen, d.method, d.purpose, d.note,
                CASE WHEN d.voided_at IS NOT NULL THEN d.void_reason END AS voided
         FROM donations d LEFT JOIN members m ON m.id = d.member_id
         WHERE fiscal_year_of(d.received_on) = $1
         ORDER BY d.received_on, d.id",
    )
    .bind(year)
    .fetch_all(db)
    .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut receipts = super::receipts::of_donations(db, &ids).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let receipt = receipts.remove(&r.id);
        out.push(Donation {
            id: r.id,
            member_id: r.member_id,
            member_number: r.member_number,
            donor: r.donor,
            received_on: r.received_on,
            amount_yen: r.amount_yen,
            method: r.method,
            purpose: r.purpose,
            note: r.note,
            voided: r.voided,
            receipt,
        });
    }
    Ok(out)
}

/// The member a (live) donation is from, if a member's: locked before the donation, as every
/// receipt's issue locks the member first (`None` inside: an outside donor's).
pub async fn member_of(db: &PgPool, id: i64) -> Result<Option<Option<MemberId>>, sqlx::Error> {
    sqlx::query_scalar("SELECT member_id FROM donations WHERE id = $1 AND voided_at IS NULL")
        .bind(id)
        .fetch_optional(db)
        .await
}

/// The fiscal year a donation's day falls in, locked (`None`: no such donation, or voided).
pub async fn lock_live(tx: &mut PgConnection, id: i64) -> Result<Option<i32>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT fiscal_year_of(received_on) FROM donations WHERE id = $1 AND voided_at IS NULL FOR UPDATE",
    )
    .bind(id)
    .fetch_optional(tx)
    .await
}

pub async fn void(tx: &mut PgConnection, id: i64, by: AccountId, reason: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE donations SET voided_at = now(), voided_by = $2, void_reason = $3 WHERE id = $1")
        .bind(id)
        .bind(by)
        .bind(reason)
        .execute(&mut *tx)
        .await?;
    super::receipts::cancel_voided_donation(tx, id).await
}

/// A fiscal year's donations in force: how many, and what they came to.
pub async fn totals(db: &PgPool, year: i32) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT count(*), COALESCE(sum(amount_yen), 0)::bigint FROM donations
         WHERE fiscal_year_of(received_on) = $1 AND voided_at IS NULL",
    )
    .bind(year)
    .fetch_one(db)
    .await
}
