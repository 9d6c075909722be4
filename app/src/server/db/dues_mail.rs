//! Who the dues notice (and its reminder) goes to by email, and who has had it: active members
//! who get email (メール, 両方) and have an address, owe that year's dues and have not paid them.
//! `dues_mail` holds one row per member, year and kind; its key is what keeps anyone from being
//! mailed twice.

use crate::domain::ids::{AccountId, MemberId};
use sqlx::{PgConnection, PgPool};

/// Which mail of the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "text", rename_all = "snake_case")]
pub enum DuesMailKind {
    Notice,
    Reminder,
}

impl DuesMailKind {
    pub fn parse(code: &str) -> Option<DuesMailKind> {
        match code {
            "notice" => Some(DuesMailKind::Notice),
            "reminder" => Some(DuesMailKind::Reminder),
            _ => None,
        }
    }
}

/// One member to mail.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Recipient {
    pub member_id: MemberId,
    pub account_id: Option<AccountId>,
    pub email: String,
    pub full_name: String,
    pub member_number: Option<i32>,
    pub dues_yen: i32,
    /// The login's language (Japanese without a login).
    pub lang: String,
}

const OWING: &str = "m.status = 'active' AND m.erased_at IS NULL AND m.contact_by IN ('email', 'both')
       AND COALESCE(m.email, '') <> ''
       AND COALESCE(dues_for(m.membership_type_id, m.units, $1), 0) > 0
       AND NOT EXISTS (SELECT 1 FROM dues_payments d WHERE d.member_id = m.id AND d.fiscal_year = $1)";

/// The next `limit` members still to mail, locked (skipping any another run holds; the lock does
/// not conflict with a payment or a receipt being recorded for them).
pub async fn next_batch(
    tx: &mut PgConnection,
    year: i32,
    kind: DuesMailKind,
    limit: i64,
) -> Result<Vec<Recipient>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT m.id AS member_id, m.account_id, m.email, m.full_name, m.member_number,
             dues_for(m.membership_type_id, m.units, $1) AS dues_yen, COALESCE(a.lang, 'ja') AS lang
         FROM members m LEFT JOIN accounts a ON a.id = m.account_id
         WHERE {OWING}
           AND NOT EXISTS (SELECT 1 FROM dues_mail s WHERE s.fiscal_year = $1 AND s.kind = $2 AND s.member_id = m.id)
         ORDER BY m.id LIMIT $3 FOR NO KEY UPDATE OF m SKIP LOCKED"
    ))
    .bind(year as i16)
    .bind(kind)
    .bind(limit)
    .fetch_all(tx)
    .await
}

/// Records that `member` has this year's mail of `kind` (queued as `outbox_id`); false if they
/// had it already (nothing to queue then).
pub async fn record(
    tx: &mut PgConnection,
    year: i32,
    kind: DuesMailKind,
    member: MemberId,
    by: AccountId,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO dues_mail (fiscal_year, kind, member_id, queued_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING",
    )
    .bind(year as i16)
    .bind(kind)
    .bind(member)
    .bind(by)
    .execute(tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_outbox(
    tx: &mut PgConnection,
    year: i32,
    kind: DuesMailKind,
    member: MemberId,
    outbox: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE dues_mail SET outbox_id = $4 WHERE fiscal_year = $1 AND kind = $2 AND member_id = $3")
        .bind(year as i16)
        .bind(kind)
        .bind(member)
        .bind(outbox)
        .execute(tx)
        .await?;
    Ok(())
}

/// (mailed already, still to mail) for the year's mail of `kind`.
pub async fn progress(db: &PgPool, year: i32, kind: DuesMailKind) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT (SELECT count(*) FROM dues_mail WHERE fiscal_year = $1 AND kind = $2),
                (SELECT count(*) FROM members m WHERE {OWING}
                   AND NOT EXISTS (SELECT 1 FROM dues_mail s WHERE s.fiscal_year = $1 AND s.kind = $2
                                   AND s.member_id = m.id))"
    ))
    .bind(year as i16)
    .bind(kind)
    .fetch_one(db)
    .await
}

// Tested with the run that uses it: `server::dues_mail::tests`.
