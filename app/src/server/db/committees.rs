use crate::domain::committee::Committee;
use crate::domain::localized::Localized;
use crate::domain::slug::Slug;
use crate::error::AppError;
use sqlx::PgPool;

macro_rules! select_committees {
    ($rest:literal) => {
        concat!(
            "SELECT slug, name_ja, name_en, summary_ja, summary_en, description_ja, description_en
             FROM committees ",
            $rest
        )
    };
}

#[derive(sqlx::FromRow)]
struct CommitteeRow {
    slug: String,
    name_ja: String,
    name_en: String,
    summary_ja: String,
    summary_en: String,
    description_ja: String,
    description_en: String,
}

impl From<CommitteeRow> for Committee {
    fn from(row: CommitteeRow) -> Self {
        Committee {
            slug: row.slug,
            name: Localized::new(row.name_ja, row.name_en),
            summary: Localized::new(row.summary_ja, row.summary_en),
            description: Localized::new(row.description_ja, row.description_en),
        }
    }
}

pub async fn list(db: &PgPool) -> Result<Vec<Committee>, AppError> {
    let rows: Vec<CommitteeRow> = sqlx::query_as(select_committees!("ORDER BY sort_order, slug")).fetch_all(db).await?;
    Ok(rows.into_iter().map(Committee::from).collect())
}

pub async fn by_slug(db: &PgPool, slug: &Slug) -> Result<Committee, AppError> {
    let row: Option<CommitteeRow> =
        sqlx::query_as(select_committees!("WHERE slug = $1")).bind(slug.as_str()).fetch_optional(db).await?;
    Ok(row.ok_or(AppError::NotFound)?.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::db::test_support::test_pool;
    use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

    #[sqlx::test(migrations = "../migrations")]
    async fn seeds_the_three_committees(_: PgPoolOptions, db: PgConnectOptions) {
        let pool = test_pool(db).await;
        let committees = list(&pool).await.unwrap();
        let names: Vec<_> = committees.iter().map(|c| c.name.ja.as_str()).collect();
        assert_eq!(names, ["国内交流委員会", "国際交流委員会", "地域交流委員会"]);
        assert!(committees.iter().all(|c| !c.name.en.is_empty() && !c.description.ja.is_empty()));
    }

    #[sqlx::test(migrations = "../migrations")]
    async fn finds_one_by_slug_or_not_at_all(_: PgPoolOptions, db: PgConnectOptions) {
        let pool = test_pool(db).await;
        let intl = by_slug(&pool, &Slug::parse("international").unwrap()).await.unwrap();
        assert_eq!(intl.name.en, "International Exchange Committee");
        assert_eq!(by_slug(&pool, &Slug::parse("sports").unwrap()).await, Err(AppError::NotFound));
    }
}
