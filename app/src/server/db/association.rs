//! The association's contact details and its profile (one row each).

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
    name_ja: String,
    name_en: String,
}

const SELECT: &str = "SELECT c.office_ja, c.office_en, c.postal_code, c.phone, c.email, c.hours_ja, c.hours_en,
        p.name_ja, p.name_en
     FROM association_contact c CROSS JOIN association_profile p WHERE c.id = 1 AND p.id = 1";

pub async fn contact(db: &PgPool) -> Result<AssociationContact, sqlx::Error> {
    Ok(into_contact(sqlx::query_as(SELECT).fetch_optional(db).await?))
}

/// The details as they are before a change, locked until the change commits (two saves at once
/// then record what each of them changed).
pub async fn contact_for_update(tx: &mut PgConnection) -> Result<AssociationContact, sqlx::Error> {
    Ok(into_contact(sqlx::query_as(&format!("{SELECT} FOR UPDATE OF c")).fetch_optional(tx).await?))
}

fn into_contact(row: Option<ContactRow>) -> AssociationContact {
    row.map(|r| AssociationContact {
        name: Localized::new(r.name_ja, r.name_en),
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

/// The association's name, rules and notices (one row, seeded by its migration).
pub mod profile {
    use crate::domain::association_profile::AssociationProfile;
    use crate::domain::dues::{DuesCalendar, GraceDate};
    use crate::domain::localized::Localized;
    use sqlx::{PgConnection, PgExecutor};

    #[derive(sqlx::FromRow)]
    struct ProfileRow {
        name_ja: String,
        name_en: String,
        representative_ja: String,
        representative_en: String,
        signature_ja: String,
        signature_en: String,
        privacy_notice_ja: String,
        privacy_notice_en: String,
        privacy_version: String,
        fiscal_year_start_month: i16,
        dues_grace_month: i16,
        dues_grace_day: i16,
        lapse_after_unpaid_years: i16,
        payment_account_ja: String,
        payment_account_en: String,
    }

    const SELECT: &str = "SELECT name_ja, name_en, representative_ja, representative_en, signature_ja, signature_en,
            privacy_notice_ja, privacy_notice_en, privacy_version, fiscal_year_start_month, dues_grace_month,
            dues_grace_day, lapse_after_unpaid_years, payment_account_ja, payment_account_en
         FROM association_profile WHERE id = 1";

    pub async fn load(db: impl PgExecutor<'_>) -> Result<AssociationProfile, sqlx::Error> {
        into_profile(sqlx::query_as(SELECT).fetch_one(db).await?)
    }

    /// The settings as they are before a change, locked until the change commits.
    pub async fn for_update(tx: &mut PgConnection) -> Result<AssociationProfile, sqlx::Error> {
        into_profile(sqlx::query_as(&format!("{SELECT} FOR UPDATE")).fetch_one(tx).await?)
    }

    fn into_profile(r: ProfileRow) -> Result<AssociationProfile, sqlx::Error> {
        let month = |value: i16| u32::try_from(value).unwrap_or(0);
        let grace = GraceDate::new(month(r.dues_grace_month), month(r.dues_grace_day))
            .ok_or_else(|| sqlx::Error::Decode("association_profile: a grace date no year has".into()))?;
        Ok(AssociationProfile {
            name: Localized::new(r.name_ja, r.name_en),
            representative: Localized::new(r.representative_ja, r.representative_en),
            signature: Localized::new(r.signature_ja, r.signature_en),
            privacy_notice: Localized::new(r.privacy_notice_ja, r.privacy_notice_en),
            privacy_version: r.privacy_version,
            calendar: DuesCalendar { start_month: month(r.fiscal_year_start_month), grace },
            lapse_after_unpaid_years: r.lapse_after_unpaid_years.clamp(1, 5) as u8,
            payment_account: Localized::new(r.payment_account_ja, r.payment_account_en),
        })
    }

    pub async fn save(tx: &mut PgConnection, p: &AssociationProfile) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE association_profile SET name_ja = $1, name_en = $2, representative_ja = $3, representative_en = $4,
                 signature_ja = $5, signature_en = $6, privacy_notice_ja = $7, privacy_notice_en = $8,
                 privacy_version = $9, fiscal_year_start_month = $10, dues_grace_month = $11, dues_grace_day = $12,
                 lapse_after_unpaid_years = $13, payment_account_ja = $14, payment_account_en = $15,
                 updated_at = now()
             WHERE id = 1",
        )
        .bind(&p.name.ja)
        .bind(&p.name.en)
        .bind(&p.representative.ja)
        .bind(&p.representative.en)
        .bind(&p.signature.ja)
        .bind(&p.signature.en)
        .bind(&p.privacy_notice.ja)
        .bind(&p.privacy_notice.en)
        .bind(&p.privacy_version)
        .bind(p.calendar.start_month as i16)
        .bind(p.calendar.grace.month as i16)
        .bind(p.calendar.grace.day as i16)
        .bind(i16::from(p.lapse_after_unpaid_years))
        .bind(&p.payment_account.ja)
        .bind(&p.payment_account.en)
        .execute(tx)
        .await?;
        Ok(())
    }
}
