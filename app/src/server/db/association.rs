//! The association's contact details (one row).

use crate::domain::association::AssociationContact;
use crate::domain::localized::Localized;
use sqlx::{PgConnection, PgPool};

#[derive(sqlx::FromRow)]
struct ContactRow {
    office_ja: String,
    office_en: String,
    postal_code: String,
    phone: String,
    email: String,
    hours_ja: String,
    hours_en: String,
}

const SELECT: &str =
    "SELECT office_ja, office_en, postal_code, phone, email, hours_ja, hours_en FROM association_contact WHERE id = 1";

pub async fn contact(db: &PgPool) -> Result<AssociationContact, sqlx::Error> {
    Ok(into_contact(sqlx::query_as(SELECT).fetch_optional(db).await?))
}

/// The details as they are before a change, locked until the change commits (two saves at once
/// then record what each of them changed).
pub async fn contact_for_update(tx: &mut PgConnection) -> Result<AssociationContact, sqlx::Error> {
    Ok(into_contact(sqlx::query_as(&format!("{SELECT} FOR UPDATE")).fetch_optional(tx).await?))
}

fn into_contact(row: Option<ContactRow>) -> AssociationContact {
    row.map(|r| AssociationContact {
        office: Localized::new(r.office_ja, r.office_en),
        postal_code: r.postal_code,
        phone: r.phone,
        email: r.email,
        hours: Localized::new(r.hours_ja, r.hours_en),
    })
    .unwrap_or_default()
}

pub async fn save(tx: &mut PgConnection, contact: &AssociationContact) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO association_contact (id, office_ja, office_en, postal_code, phone, email, hours_ja, hours_en)
         VALUES (1, $1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET office_ja = $1, office_en = $2, postal_code = $3, phone = $4, email = $5,
             hours_ja = $6, hours_en = $7, updated_at = now()",
    )
    .bind(&contact.office.ja)
    .bind(&contact.office.en)
    .bind(&contact.postal_code)
    .bind(&contact.phone)
    .bind(&contact.email)
    .bind(&contact.hours.ja)
    .bind(&contact.hours.en)
    .execute(tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests;
