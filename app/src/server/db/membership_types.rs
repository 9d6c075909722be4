//! Membership types and their fees.

use crate::domain::localized::Localized;
use crate::domain::membership::MembershipType;
use sqlx::{PgConnection, PgPool};

#[derive(sqlx::FromRow)]
struct TypeRow {
    id: i64,
    code: String,
    name_ja: String,
    name_en: String,
    annual_fee_yen: i32,
    has_household: bool,
    is_organisation: bool,
    offered: bool,
}

impl From<TypeRow> for MembershipType {
    fn from(r: TypeRow) -> Self {
        MembershipType {
            id: r.id,
            code: r.code,
            name: Localized::new(r.name_ja, r.name_en),
            annual_fee_yen: r.annual_fee_yen,
            has_household: r.has_household,
            is_organisation: r.is_organisation,
            offered: r.offered,
        }
    }
}

const TYPE_COLUMNS: &str = "id, code, name_ja, name_en, annual_fee_yen, has_household, is_organisation, offered";

/// Every membership type in the secretariat's order.
pub async fn list(db: &PgPool) -> Result<Vec<MembershipType>, sqlx::Error> {
    let rows: Vec<TypeRow> =
        sqlx::query_as(&format!("SELECT {TYPE_COLUMNS} FROM membership_types ORDER BY sort_order, id"))
            .fetch_all(db)
            .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

pub async fn by_id(db: &PgPool, id: i64) -> Result<MembershipType, sqlx::Error> {
    let row: TypeRow = sqlx::query_as(&format!("SELECT {TYPE_COLUMNS} FROM membership_types WHERE id = $1"))
        .bind(id)
        .fetch_one(db)
        .await?;
    Ok(row.into())
}

/// Changes a membership type's names, fee and whether it is offered; false for an unknown id.
pub async fn update(
    tx: &mut PgConnection,
    id: i64,
    name_ja: &str,
    name_en: &str,
    annual_fee_yen: i32,
    offered: bool,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE membership_types SET name_ja = $2, name_en = $3, annual_fee_yen = $4, offered = $5, updated_at = now()
         WHERE id = $1",
    )
    .bind(id)
    .bind(name_ja)
    .bind(name_en)
    .bind(annual_fee_yen)
    .bind(offered)
    .execute(tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[cfg(test)]
mod tests;
