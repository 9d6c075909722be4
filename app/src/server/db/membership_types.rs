//! Membership classes (the table keeps its first name, `membership_types`) and their fees per unit
//! by fiscal year.

use crate::domain::localized::Localized;
use crate::domain::membership::{FeeFrom, MembershipType};
use crate::domain::membership_class::{ClassDraft, MemberCategory};
use sqlx::{PgConnection, PgPool};

#[derive(sqlx::FromRow)]
struct TypeRow {
    id: i64,
    code: String,
    name_ja: String,
    name_en: String,
    fee_per_unit_yen: Option<i32>,
    has_household: bool,
    is_organisation: bool,
    offered: bool,
    category: String,
    votes: bool,
}

impl TryFrom<TypeRow> for MembershipType {
    type Error = sqlx::Error;

    fn try_from(r: TypeRow) -> Result<Self, sqlx::Error> {
        let category = MemberCategory::parse(&r.category)
            .ok_or_else(|| sqlx::Error::Decode(format!("membership_types.category {:?}", r.category).into()))?;
        Ok(MembershipType {
            id: r.id,
            code: r.code,
            name: Localized::new(r.name_ja, r.name_en),
            // A class created with a price from a later year costs nothing yet.
            fee_per_unit_yen: r.fee_per_unit_yen.unwrap_or(0),
            has_household: r.has_household,
            is_organisation: r.is_organisation,
            offered: r.offered,
            category,
            votes: r.votes,
        })
    }
}

const TYPE_COLUMNS: &str =
    "id, code, name_ja, name_en, membership_fee(id, fiscal_year_of(japan_today())) AS fee_per_unit_yen,
    has_household, is_organisation, offered, category, votes";

/// Every membership class in the secretariat's order.
pub async fn list(db: &PgPool) -> Result<Vec<MembershipType>, sqlx::Error> {
    let rows: Vec<TypeRow> =
        sqlx::query_as(&format!("SELECT {TYPE_COLUMNS} FROM membership_types ORDER BY sort_order, id"))
            .fetch_all(db)
            .await?;
    rows.into_iter().map(TryInto::try_into).collect()
}

pub async fn by_id(db: &PgPool, id: i64) -> Result<MembershipType, sqlx::Error> {
    let row: TypeRow = sqlx::query_as(&format!("SELECT {TYPE_COLUMNS} FROM membership_types WHERE id = $1"))
        .bind(id)
        .fetch_one(db)
        .await?;
    row.try_into()
}

/// Every price ever set, by class and year.
pub async fn fees(db: &PgPool) -> Result<Vec<FeeFrom>, sqlx::Error> {
    let rows: Vec<(i64, i16, i32)> = sqlx::query_as(
        "SELECT type_id, from_fiscal_year, fee_per_unit_yen FROM membership_fees ORDER BY type_id, from_fiscal_year",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(type_id, year, fee)| FeeFrom { type_id, from_fiscal_year: year.into(), fee_per_unit_yen: fee })
        .collect())
}

/// A query whose `$1` is its own, and `$2`…`$8` a class's columns (see [`bind_class`]).
type ClassQuery<'q> = sqlx::query::QueryScalar<'q, sqlx::Postgres, i64, sqlx::postgres::PgArguments>;

/// Binds the class's names, category, holder flags, vote and offer as `$2`…`$8`.
fn bind_class<'q>(query: ClassQuery<'q>, class: &'q ClassDraft) -> ClassQuery<'q> {
    let (has_household, is_organisation) = class.holder.flags();
    query
        .bind(&class.name.ja)
        .bind(&class.name.en)
        .bind(class.category.code())
        .bind(has_household)
        .bind(is_organisation)
        .bind(class.votes)
        .bind(class.offered)
}

/// Changes a class's names, category, holder, vote and whether it is offered; false for an
/// unknown id.
pub async fn update(tx: &mut PgConnection, id: i64, class: &ClassDraft) -> Result<bool, sqlx::Error> {
    let query = sqlx::query_scalar(
        "UPDATE membership_types SET name_ja = $2, name_en = $3, category = $4, has_household = $5,
             is_organisation = $6, votes = $7, offered = $8, updated_at = now()
         WHERE id = $1 RETURNING id",
    );
    Ok(bind_class(query.bind(id), class).fetch_optional(tx).await?.is_some())
}

/// A new class, last in the order; its id.
pub async fn create(tx: &mut PgConnection, code: &str, class: &ClassDraft) -> Result<i64, sqlx::Error> {
    let query = sqlx::query_scalar(
        "INSERT INTO membership_types (code, name_ja, name_en, category, has_household, is_organisation, votes, offered,
             sort_order)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, (SELECT COALESCE(max(sort_order), 0) + 1 FROM membership_types))
         RETURNING id",
    );
    bind_class(query.bind(code), class).fetch_one(tx).await
}

pub async fn codes(tx: &mut PgConnection) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT code FROM membership_types").fetch_all(tx).await
}

/// Sets a class's fee per unit from `from_year` on (replacing a price set for that same year);
/// false for an unknown class.
pub async fn set_fee(
    tx: &mut PgConnection,
    type_id: i64,
    from_year: i32,
    fee_per_unit_yen: i32,
    by: crate::domain::ids::AccountId,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO membership_fees (type_id, from_fiscal_year, fee_per_unit_yen, set_by)
         SELECT id, $2, $3, $4 FROM membership_types WHERE id = $1
         ON CONFLICT (type_id, from_fiscal_year) DO UPDATE SET fee_per_unit_yen = $3, set_by = $4, set_at = now()",
    )
    .bind(type_id)
    .bind(from_year as i16)
    .bind(fee_per_unit_yen)
    .bind(by)
    .execute(tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[cfg(test)]
mod tests;
