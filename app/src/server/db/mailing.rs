//! Who gets paper: active members whose contact preference includes post (郵送, 両方), with the
//! address to write on it. A member who asked for post but has no address yet is listed apart,
//! so that the secretariat can ask for one instead of losing them silently.

use crate::domain::ids::MemberId;
use sqlx::PgPool;

/// One envelope: to whom, where.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PostalAddressee {
    pub member_id: MemberId,
    pub member_number: Option<i32>,
    /// The organisation for a class held by one, else the member.
    pub addressee: String,
    /// The person to write under an organisation's name (empty otherwise).
    pub attention: String,
    pub postal_code: String,
    pub prefecture_code: Option<i16>,
    pub city: String,
    pub street: String,
}

/// One notice letter: the envelope, and what the member owes for the year.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct NoticeLine {
    #[sqlx(flatten)]
    pub to: PostalAddressee,
    pub class_name: String,
    pub units: i16,
    pub dues_yen: i32,
}

/// The members who get post (`unpaid_in`: only those who have not paid that fiscal year's dues
/// and owe some), or who asked for it without an address (`with_address` false).
fn postal_where(with_address: bool) -> String {
    let address = "m.postal_code <> '' AND m.city <> '' AND m.street <> ''";
    format!(
        "m.status = 'active' AND m.erased_at IS NULL AND m.contact_by IN ('post', 'both')
         AND {}({address})
         AND ($1::smallint IS NULL OR (COALESCE(dues_for(m.membership_type_id, m.units, $1), 0) > 0
              AND NOT EXISTS (SELECT 1 FROM dues_payments d WHERE d.member_id = m.id AND d.fiscal_year = $1)))",
        if with_address { "" } else { "NOT " }
    )
}

const ADDRESSEE: &str = "m.id AS member_id, m.member_number, addressee_of(m.id) AS addressee,
        CASE WHEN addressee_of(m.id) = m.full_name THEN '' ELSE m.full_name END AS attention,
        m.postal_code, m.prefecture_code, m.city, m.street";

/// The envelopes of a newsletter's print run (its members who get post, as recorded when its
/// sending ended), in postal-code order.
pub async fn of_newsletter(
    db: &PgPool,
    id: crate::domain::ids::NewsletterId,
) -> Result<Vec<PostalAddressee>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {ADDRESSEE} FROM newsletter_recipients r JOIN members m ON m.id = r.member_id
         WHERE r.newsletter_id = $1 AND r.by_post AND m.erased_at IS NULL
         ORDER BY m.postal_code, m.member_number, m.id"
    ))
    .bind(id)
    .fetch_all(db)
    .await
}

/// The envelopes, in postal-code order (how post offices like a bundle), then member number.
pub async fn addressees(db: &PgPool, unpaid_in: Option<i32>) -> Result<Vec<PostalAddressee>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {ADDRESSEE} FROM members m WHERE {} ORDER BY m.postal_code, m.member_number, m.id",
        postal_where(true)
    ))
    .bind(unpaid_in.and_then(|y| i16::try_from(y).ok()))
    .fetch_all(db)
    .await
}

/// How many envelopes `addressees` gives (the paper page's counts; also the number of notice
/// letters for `unpaid_in`, which go to the same members).
pub async fn count(db: &PgPool, unpaid_in: Option<i32>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(&format!("SELECT count(*) FROM members m WHERE {}", postal_where(true)))
        .bind(unpaid_in.and_then(|y| i16::try_from(y).ok()))
        .fetch_one(db)
        .await
}

/// Members who asked for post but whose address is missing (name and number only).
pub async fn without_address(db: &PgPool, unpaid_in: Option<i32>) -> Result<Vec<PostalAddressee>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {ADDRESSEE} FROM members m WHERE {} ORDER BY m.member_number, m.id",
        postal_where(false)
    ))
    .bind(unpaid_in.and_then(|y| i16::try_from(y).ok()))
    .fetch_all(db)
    .await
}

/// The dues notice letters for `year`: every member who gets post and owes that year's dues.
pub async fn notices(db: &PgPool, year: i32) -> Result<Vec<NoticeLine>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {ADDRESSEE}, t.name_ja AS class_name, m.units,
             dues_for(m.membership_type_id, m.units, $1) AS dues_yen
         FROM members m JOIN membership_types t ON t.id = m.membership_type_id
         WHERE {} ORDER BY m.postal_code, m.member_number, m.id",
        postal_where(true)
    ))
    .bind(i16::try_from(year).ok())
    .fetch_all(db)
    .await
}

#[cfg(test)]
mod tests;
