//! The partner-city register.

use crate::domain::city::{CityKind, CityStatus, PartnerCity};
use crate::domain::dates::{DatePrecision, PartialDate};
use crate::domain::localized::Localized;
use crate::domain::photo::Photo;
use crate::domain::slug::Slug;
use sqlx::PgPool;

macro_rules! select_cities {
    ($rest:literal) => {
        concat!(
            "SELECT slug, name_ja, name_en, name_reading, tie.kind, tie.status, tie.concluded_on AS agreed_on,
                    tie.concluded_on_precision AS agreed_on_precision,
                    region_ja, region_en, country_ja, country_en, summary_ja, summary_en,
                    description_ja, description_en, official_url,
                    photo_id, ph.width AS photo_width, ph.height AS photo_height, photo_alt_ja, photo_alt_en
             FROM partner_cities
             -- the city's tie is its sister or friendship agreement (see city_agreements)
             JOIN LATERAL city_tie(partner_cities.id) tie ON true
             LEFT JOIN photos ph ON ph.id = photo_id ",
            $rest
        )
    };
}

#[derive(sqlx::FromRow)]
struct CityRow {
    slug: String,
    name_ja: String,
    name_en: String,
    name_reading: String,
    kind: CityKind,
    status: CityStatus,
    agreed_on: Option<chrono::NaiveDate>,
    agreed_on_precision: DatePrecision,
    region_ja: String,
    region_en: String,
    country_ja: String,
    country_en: String,
    summary_ja: String,
    summary_en: String,
    description_ja: String,
    description_en: String,
    official_url: Option<String>,
    photo_id: Option<i64>,
    photo_width: Option<i32>,
    photo_height: Option<i32>,
    photo_alt_ja: String,
    photo_alt_en: String,
}

impl From<CityRow> for PartnerCity {
    fn from(row: CityRow) -> Self {
        PartnerCity {
            agreed_on: row.agreed_on.map(|date| PartialDate { date, precision: row.agreed_on_precision }),
            slug: row.slug,
            name: Localized::new(row.name_ja, row.name_en),
            name_reading: row.name_reading,
            kind: row.kind,
            status: row.status,
            region: Localized::new(row.region_ja, row.region_en),
            country: Localized::new(row.country_ja, row.country_en),
            summary: Localized::new(row.summary_ja, row.summary_en),
            description: Localized::new(row.description_ja, row.description_en),
            official_url: row.official_url,
            photo: match (row.photo_id, row.photo_width, row.photo_height) {
                (Some(id), Some(width), Some(height)) => {
                    Some(Photo { id, width, height, alt: Localized::new(row.photo_alt_ja, row.photo_alt_en) })
                }
                _ => None,
            },
        }
    }
}

/// All partner cities in the secretariat's order, then by kana reading.
pub async fn list(db: &PgPool) -> Result<Vec<PartnerCity>, sqlx::Error> {
    let rows: Vec<CityRow> =
        sqlx::query_as(select_cities!("ORDER BY sort_order, name_reading, slug")).fetch_all(db).await?;
    Ok(rows.into_iter().map(PartnerCity::from).collect())
}

/// The cities as choices of a filter or a form (slug and name): what a list needs of them.
pub async fn choices(db: &PgPool) -> Result<Vec<crate::domain::membership::CommitteeChoice>, sqlx::Error> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT slug, name_ja, name_en FROM partner_cities ORDER BY sort_order, name_reading, slug")
            .fetch_all(db)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(slug, ja, en)| crate::domain::membership::CommitteeChoice { slug, name: Localized::new(ja, en) })
        .collect())
}

pub async fn by_slug(db: &PgPool, slug: &Slug) -> Result<Option<PartnerCity>, sqlx::Error> {
    let row: Option<CityRow> =
        sqlx::query_as(select_cities!("WHERE slug = $1")).bind(slug.as_str()).fetch_optional(db).await?;
    Ok(row.map(PartnerCity::from))
}

pub async fn id_by_slug(db: &PgPool, slug: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM partner_cities WHERE slug = $1").bind(slug).fetch_optional(db).await
}

/// Adds a city (its tie is written by `city_agreements::set_tie`); `None` when its slug is taken.
pub async fn insert(tx: &mut sqlx::PgConnection, city: &PartnerCity) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO partner_cities (slug, name_ja, name_en, name_reading,
             region_ja, region_en, country_ja, country_en, summary_ja, summary_en, description_ja, description_en,
             official_url, sort_order)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
             (SELECT COALESCE(max(sort_order), 0) + 1 FROM partner_cities))
         ON CONFLICT (slug) DO NOTHING RETURNING id",
    )
    .bind(&city.slug)
    .bind(&city.name.ja)
    .bind(&city.name.en)
    .bind(&city.name_reading)
    .bind(&city.region.ja)
    .bind(&city.region.en)
    .bind(&city.country.ja)
    .bind(&city.country.en)
    .bind(&city.summary.ja)
    .bind(&city.summary.en)
    .bind(&city.description.ja)
    .bind(&city.description.en)
    .bind(&city.official_url)
    .fetch_optional(tx)
    .await
}

/// Changes the city now at `original` (its tie: `city_agreements::set_tie`): `None` if there is none, `Some(None)` if the new slug
/// belongs to another city, else its id.
pub async fn update(
    tx: &mut sqlx::PgConnection,
    original: &str,
    city: &PartnerCity,
) -> Result<Option<Option<i64>>, sqlx::Error> {
    let Some(id): Option<i64> = sqlx::query_scalar("SELECT id FROM partner_cities WHERE slug = $1 FOR UPDATE")
        .bind(original)
        .fetch_optional(&mut *tx)
        .await?
    else {
        return Ok(None);
    };
    let taken: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM partner_cities WHERE slug = $1 AND id <> $2)")
        .bind(&city.slug)
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    if taken {
        return Ok(Some(None));
    }
    sqlx::query(
        "UPDATE partner_cities SET slug = $2, name_ja = $3, name_en = $4, name_reading = $5, region_ja = $6,
             region_en = $7, country_ja = $8, country_en = $9, summary_ja = $10, summary_en = $11,
             description_ja = $12, description_en = $13, official_url = $14, updated_at = now()
         WHERE id = $1",
    )
    .bind(id)
    .bind(&city.slug)
    .bind(&city.name.ja)
    .bind(&city.name.en)
    .bind(&city.name_reading)
    .bind(&city.region.ja)
    .bind(&city.region.en)
    .bind(&city.country.ja)
    .bind(&city.country.en)
    .bind(&city.summary.ja)
    .bind(&city.summary.en)
    .bind(&city.description.ja)
    .bind(&city.description.en)
    .bind(&city.official_url)
    .execute(&mut *tx)
    .await?;
    Ok(Some(Some(id)))
}

/// Gives the city `photo_id` with its description; the city's id, or `None` for an unknown city.
pub async fn set_photo(
    tx: &mut sqlx::PgConnection,
    slug: &Slug,
    photo_id: i64,
    alt: &Localized,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE partner_cities SET photo_id = $2, photo_alt_ja = $3, photo_alt_en = $4 WHERE slug = $1 RETURNING id",
    )
    .bind(slug.as_str())
    .bind(photo_id)
    .bind(&alt.ja)
    .bind(&alt.en)
    .fetch_optional(tx)
    .await
}

/// Takes the city's photo off (it is no longer served); the city's id, or `None` for an unknown city.
pub async fn clear_photo(tx: &mut sqlx::PgConnection, slug: &Slug) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE partner_cities SET photo_id = NULL, photo_alt_ja = '', photo_alt_en = '' WHERE slug = $1 RETURNING id",
    )
    .bind(slug.as_str())
    .fetch_optional(tx)
    .await
}

#[cfg(test)]
mod tests;
