use crate::domain::city::{CityKind, CityStatus, PartnerCity};
use crate::domain::localized::Localized;
use crate::domain::slug::Slug;
use crate::error::AppError;
use sqlx::PgPool;

macro_rules! select_cities {
    ($rest:literal) => {
        concat!(
            "SELECT slug, name_ja, name_en, name_reading, kind, status, agreed_on, agreed_on_precision,
                    region_ja, region_en, country_ja, country_en, summary_ja, summary_en,
                    description_ja, description_en, official_url
             FROM partner_cities ",
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
    kind: String,
    status: String,
    agreed_on: Option<chrono::NaiveDate>,
    agreed_on_precision: String,
    region_ja: String,
    region_en: String,
    country_ja: String,
    country_en: String,
    summary_ja: String,
    summary_en: String,
    description_ja: String,
    description_en: String,
    official_url: Option<String>,
}

impl TryFrom<CityRow> for PartnerCity {
    type Error = AppError;

    fn try_from(row: CityRow) -> Result<Self, AppError> {
        let (Some(kind), Some(status)) = (CityKind::parse(&row.kind), CityStatus::parse(&row.status)) else {
            tracing::error!(slug = %row.slug, kind = %row.kind, status = %row.status, "unknown city kind or status");
            return Err(AppError::Internal);
        };
        Ok(PartnerCity {
            agreed_on: PartnerCity::agreement(row.agreed_on, &row.agreed_on_precision),
            slug: row.slug,
            name: Localized::new(row.name_ja, row.name_en),
            name_reading: row.name_reading,
            kind,
            status,
            region: Localized::new(row.region_ja, row.region_en),
            country: Localized::new(row.country_ja, row.country_en),
            summary: Localized::new(row.summary_ja, row.summary_en),
            description: Localized::new(row.description_ja, row.description_en),
            official_url: row.official_url,
        })
    }
}

/// All partner cities in the secretariat's order, then by kana reading.
pub async fn list(db: &PgPool) -> Result<Vec<PartnerCity>, AppError> {
    let rows: Vec<CityRow> =
        sqlx::query_as(select_cities!("ORDER BY sort_order, name_reading, slug")).fetch_all(db).await?;
    rows.into_iter().map(PartnerCity::try_from).collect()
}

pub async fn by_slug(db: &PgPool, slug: &Slug) -> Result<PartnerCity, AppError> {
    let row: Option<CityRow> =
        sqlx::query_as(select_cities!("WHERE slug = $1")).bind(slug.as_str()).fetch_optional(db).await?;
    row.ok_or(AppError::NotFound)?.try_into()
}

/// Adds a city; `None` when its slug is taken.
pub async fn insert(tx: &mut sqlx::PgConnection, city: &PartnerCity) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO partner_cities (slug, name_ja, name_en, name_reading, kind, status, agreed_on, agreed_on_precision,
             region_ja, region_en, country_ja, country_en, summary_ja, summary_en, description_ja, description_en,
             official_url, sort_order)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
             (SELECT COALESCE(max(sort_order), 0) + 1 FROM partner_cities))
         ON CONFLICT (slug) DO NOTHING RETURNING id",
    )
    .bind(&city.slug)
    .bind(&city.name.ja)
    .bind(&city.name.en)
    .bind(&city.name_reading)
    .bind(city.kind.as_str())
    .bind(city.status.as_str())
    .bind(city.agreed_on.map(|d| d.date))
    .bind(precision(city))
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

fn precision(city: &PartnerCity) -> &'static str {
    use crate::domain::dates::DatePrecision;
    match city.agreed_on.map(|d| d.precision) {
        Some(DatePrecision::Year) => "year",
        Some(DatePrecision::Month) => "month",
        _ => "day",
    }
}

/// Changes the city now at `original`: `None` if there is none, `Some(None)` if the new slug
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
        "UPDATE partner_cities SET slug = $2, name_ja = $3, name_en = $4, name_reading = $5, kind = $6, status = $7,
             agreed_on = $8, agreed_on_precision = $9, region_ja = $10, region_en = $11, country_ja = $12,
             country_en = $13, summary_ja = $14, summary_en = $15, description_ja = $16, description_en = $17,
             official_url = $18, updated_at = now()
         WHERE id = $1",
    )
    .bind(id)
    .bind(&city.slug)
    .bind(&city.name.ja)
    .bind(&city.name.en)
    .bind(&city.name_reading)
    .bind(city.kind.as_str())
    .bind(city.status.as_str())
    .bind(city.agreed_on.map(|d| d.date))
    .bind(precision(city))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dates::DatePrecision;
    use crate::server::db::test_support::test_pool;
    use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

    #[sqlx::test(migrations = "../migrations")]
    async fn seeds_the_four_partner_cities_in_order(_: PgPoolOptions, db: PgConnectOptions) {
        let pool = test_pool(db).await;
        let cities = list(&pool).await.unwrap();
        let slugs: Vec<_> = cities.iter().map(|c| c.slug.as_str()).collect();
        assert_eq!(slugs, ["ozora", "soma", "nozawaonsen", "foster-city"]);
    }

    #[sqlx::test(migrations = "../migrations")]
    async fn ozora_is_a_sister_city_since_november_1991(_: PgPoolOptions, db: PgConnectOptions) {
        let pool = test_pool(db).await;
        let ozora = by_slug(&pool, &Slug::parse("ozora").unwrap()).await.unwrap();
        assert_eq!(ozora.name.ja, "大空町");
        assert_eq!(ozora.kind, CityKind::Sister);
        assert_eq!(ozora.status, CityStatus::Concluded);
        let agreed = ozora.agreed_on.unwrap();
        assert_eq!(agreed.precision, DatePrecision::Month);
        assert_eq!(agreed.format(crate::i18n::Lang::Ja), "1991年11月");
        assert_eq!(ozora.region.en, "Hokkaido");
    }

    #[sqlx::test(migrations = "../migrations")]
    async fn foster_city_is_in_preparation_without_a_date(_: PgPoolOptions, db: PgConnectOptions) {
        let pool = test_pool(db).await;
        let foster = by_slug(&pool, &Slug::parse("foster-city").unwrap()).await.unwrap();
        assert_eq!(foster.status, CityStatus::InPreparation);
        assert_eq!(foster.agreed_on, None);
        assert_eq!(foster.country.en, "United States");
    }

    #[sqlx::test(migrations = "../migrations")]
    async fn unknown_slug_is_not_found(_: PgPoolOptions, db: PgConnectOptions) {
        let pool = test_pool(db).await;
        let missing = by_slug(&pool, &Slug::parse("atlantis").unwrap()).await;
        assert_eq!(missing, Err(AppError::NotFound));
    }

    #[sqlx::test(migrations = "../migrations")]
    async fn a_concluded_tie_needs_a_date(_: PgPoolOptions, db: PgConnectOptions) {
        let pool = test_pool(db).await;
        let result = sqlx::query("UPDATE partner_cities SET status = 'concluded' WHERE slug = 'foster-city'")
            .execute(&pool)
            .await;
        assert!(result.is_err(), "the check constraint should refuse a concluded tie without a date");
    }

    #[sqlx::test(migrations = "../migrations")]
    async fn seeding_again_keeps_admin_edits(_: PgPoolOptions, db: PgConnectOptions) {
        let pool = test_pool(db).await;
        sqlx::query("UPDATE partner_cities SET name_en = 'Ozora' WHERE slug = 'ozora'").execute(&pool).await.unwrap();
        sqlx::raw_sql(include_str!("../../../../migrations/20261122000002_seed_reference_data.sql"))
            .execute(&pool)
            .await
            .unwrap();
        let ozora = by_slug(&pool, &Slug::parse("ozora").unwrap()).await.unwrap();
        assert_eq!(ozora.name.en, "Ozora");
        assert_eq!(list(&pool).await.unwrap().len(), 4);
    }
}
